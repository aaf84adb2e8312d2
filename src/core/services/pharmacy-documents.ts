import type { AppDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import { cancelDocument, findDocument, type StoredDocument } from "../store/documents.js";
import { findDocumentInsurer } from "../store/locator.js";
import type { Database } from "../ports.js";
import { publishCommitted } from "./publish-committed.js";

type Deps = Pick<AppDeps, "db" | "databases" | "clock">;

/**
 * A document of the calling pharmacy, and the database it is in; another pharmacy's is not found,
 * exactly like a missing one. The locator and the shared database's copy are read together (one
 * round trip); a document of an insurer with its own database is then read there (a second).
 */
async function locate(deps: Deps, pharmacyNihii: string, documentId: string): Promise<{ stored: StoredDocument; db: Database; insurer: string }> {
  const now = deps.clock.now().toISOString();
  const [insurer, shared] = await Promise.all([findDocumentInsurer(deps.db, pharmacyNihii, documentId), findDocument(deps.db, pharmacyNihii, documentId, now)]);
  const db = insurer === null ? deps.db : deps.databases.databaseFor(insurer);
  const stored = db === deps.db ? shared : await findDocument(db, pharmacyNihii, documentId, now);
  if (!stored) throw new ApiError("not_found", { key: "detail.not_found.document" });
  return { stored, db, insurer: insurer ?? stored.document?.barcode.insurer ?? "" };
}

export async function pharmacyDocument(deps: Deps, pharmacyNihii: string, documentId: string): Promise<StoredDocument> {
  return (await locate(deps, pharmacyNihii, documentId)).stored;
}

export interface Cancellation {
  documentId: string;
  status: StoredDocument["status"];
  cancelledAt: string;
  /** `withdrawn`: never delivered, taken out of the queue; `cancellation_queued`: the insurer will be told. */
  outcome: "withdrawn" | "cancellation_queued";
}

/** Cancels a sale (idempotent): withdrawn before delivery, else a cancellation is queued after it. */
export async function cancelSale(
  deps: Pick<AppDeps, "db" | "databases" | "clock" | "queue" | "logger">,
  pharmacyNihii: string,
  documentId: string,
  requestId: string | undefined,
): Promise<Cancellation> {
  const { stored, db, insurer } = await locate(deps, pharmacyNihii, documentId);
  if (stored.purgedAt) throw new ApiError("conflict", `This sale's content was purged at ${stored.purgedAt} (retention); it can no longer be cancelled.`);
  const after = await cancelDocument(db, stored.pk, deps.clock.now().toISOString());
  if (after.outboxId !== null) await publishCommitted(deps, insurer, [after.outboxId], requestId);
  if (!after.cancelledAt) throw new Error("a cancelled document has no cancelled_at");
  return { documentId, status: after.status, cancelledAt: after.cancelledAt, outcome: after.status === "cancelled" ? "withdrawn" : "cancellation_queued" };
}
