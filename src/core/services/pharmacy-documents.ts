import type { AppDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import { cancelDocument, findDocument, type StoredDocument } from "../store/documents.js";
import { findDocumentInsurer } from "../store/locator.js";
import type { Database } from "../ports.js";
import { publishCommitted } from "./publish-committed.js";

type Deps = Pick<AppDeps, "db" | "databases" | "clock">;

/**
 * Where a pharmacy's document is: the locator and the shared database's copy are read together
 * (one round trip); `stored` is that copy, or undefined when the document is in an insurer's own
 * database (not read yet).
 */
async function locate(deps: Deps, pharmacyNihii: string, documentId: string): Promise<{ db: Database; insurer: string | null; stored: StoredDocument | null | undefined }> {
  const now = deps.clock.now().toISOString();
  const [insurer, shared] = await Promise.all([findDocumentInsurer(deps.db, pharmacyNihii, documentId), findDocument(deps.db, pharmacyNihii, documentId, now)]);
  const db = insurer === null ? deps.db : deps.databases.databaseFor(insurer);
  return { db, insurer, stored: db === deps.db ? shared : undefined };
}

const notFound = () => new ApiError("not_found", { key: "detail.not_found.document" });
const purged = (at: string) => new ApiError("conflict", `This sale's content was purged at ${at} (retention); it can no longer be cancelled.`);

/**
 * A document of the calling pharmacy; another pharmacy's is not found, exactly like a missing one.
 * One round trip, or two for an insurer with its own database (locator, then the document).
 */
export async function pharmacyDocument(deps: Deps, pharmacyNihii: string, documentId: string): Promise<StoredDocument> {
  const { db, stored } = await locate(deps, pharmacyNihii, documentId);
  const found = stored === undefined ? await findDocument(db, pharmacyNihii, documentId, deps.clock.now().toISOString()) : stored;
  if (!found) throw notFound();
  return found;
}

export interface Cancellation {
  documentId: string;
  status: StoredDocument["status"];
  cancelledAt: string;
  /** `withdrawn`: never delivered, taken out of the queue; `cancellation_queued`: the insurer will be told. */
  outcome: "withdrawn" | "cancellation_queued";
}

/**
 * Cancels a sale (idempotent): withdrawn before delivery, else a cancellation is queued after it.
 * Two round trips: where the document is, then the cancel batch (which, in an insurer's own
 * database, finds the document by its id itself and leaves a purged one alone).
 */
export async function cancelSale(
  deps: Pick<AppDeps, "db" | "databases" | "clock" | "queue" | "logger">,
  pharmacyNihii: string,
  documentId: string,
  requestId: string | undefined,
): Promise<Cancellation> {
  const { db, insurer, stored } = await locate(deps, pharmacyNihii, documentId);
  if (stored === null) throw notFound();
  if (stored?.purgedAt) throw purged(stored.purgedAt);
  const after = await cancelDocument(db, stored ? stored.pk : { pharmacyNihii, documentId }, deps.clock.now().toISOString());
  if (!after) throw notFound();
  if (after.purgedAt) throw purged(after.purgedAt);
  if (after.outboxId !== null) await publishCommitted(deps, insurer ?? stored?.document?.barcode.insurer ?? "", [after.outboxId], requestId);
  if (!after.cancelledAt) throw new Error("a cancelled document has no cancelled_at");
  return { documentId, status: after.status, cancelledAt: after.cancelledAt, outcome: after.status === "cancelled" ? "withdrawn" : "cancellation_queued" };
}
