import type { AppDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import { cancelDocument, findDocument, type StoredDocument } from "../store/documents.js";
import { publishCommitted } from "./publish-committed.js";

type Deps = Pick<AppDeps, "db" | "clock">;

/** A document of the calling pharmacy; another pharmacy's is not found, exactly like a missing one. */
export async function pharmacyDocument(deps: Deps, pharmacyNihii: string, documentId: string): Promise<StoredDocument> {
  const stored = await findDocument(deps.db, pharmacyNihii, documentId, deps.clock.now().toISOString());
  if (!stored) throw new ApiError("not_found", { key: "detail.not_found.document" });
  return stored;
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
  deps: Pick<AppDeps, "db" | "clock" | "queue" | "logger">,
  pharmacyNihii: string,
  documentId: string,
  requestId: string | undefined,
): Promise<Cancellation> {
  const stored = await pharmacyDocument(deps, pharmacyNihii, documentId);
  if (stored.purgedAt) throw new ApiError("conflict", `This sale's content was purged at ${stored.purgedAt} (retention); it can no longer be cancelled.`);
  const after = await cancelDocument(deps.db, stored.pk, deps.clock.now().toISOString());
  if (after.outboxId !== null) await publishCommitted(deps, [after.outboxId], requestId);
  if (!after.cancelledAt) throw new Error("a cancelled document has no cancelled_at");
  return { documentId, status: after.status, cancelledAt: after.cancelledAt, outcome: after.status === "cancelled" ? "withdrawn" : "cancellation_queued" };
}
