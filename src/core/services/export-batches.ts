import { ackBatch, releaseBatch, type ExportBatch } from "../store/exports.js";
import type { AppDeps } from "../deps.js";
import { byDatabase } from "./insurer-databases.js";
import { ApiError } from "../errors.js";

export type BatchAction = "ack" | "release";

export interface BatchOutcome {
  batchId: string;
  delivered: number;
  parked: number;
  withdrawn: number;
  requeued: number;
}

const done = (batch: ExportBatch, action: BatchAction) => (action === "ack" ? batch.ackedAt : batch.releasedAt) !== null;

function refusal(batch: ExportBatch, action: BatchAction, now: string): ApiError | null {
  if (batch.ackedAt || batch.releasedAt) {
    const state = batch.ackedAt ? "acknowledged" : "released";
    return new ApiError("conflict", `Batch ${batch.id} was already ${state}; it cannot be ${action === "ack" ? "acknowledged" : "released"}.`);
  }
  if (batch.leaseUntil <= now) {
    return new ApiError("lease_expired", `The lease of batch ${batch.id} expired at ${batch.leaseUntil}; its documents may be in another batch. Lease again.`);
  }
  return null;
}

/**
 * Acknowledges or releases a batch the calling key leased. Repeating the same action answers the
 * same outcome (a job retrying after a lost response is safe); the other action on a closed
 * batch, or any action after the lease expired, is a 409: the documents may already be in
 * another job's batch, so this job must not speak for them. Another key's batch is a 404.
 */
export async function closeBatch(
  deps: Pick<AppDeps, "databases" | "clock">,
  caller: { keyId: string; insurers: readonly string[] },
  batchId: string,
  action: BatchAction,
): Promise<BatchOutcome> {
  const now = deps.clock.now().toISOString();
  // One round trip: the close is conditional on the stored state, and answers that state. The
  // batch is in one of the key's databases; each is asked at once (on D1 in parallel), and the
  // close changes nothing where the batch is not.
  const databases = caller.insurers.length === 0 ? [deps.databases.shared] : [...byDatabase(deps, caller.insurers, (code) => code).keys()];
  const results = await Promise.all(databases.map((db) => (action === "ack" ? ackBatch(db, batchId, caller.keyId, now) : releaseBatch(db, batchId, caller.keyId, now))));
  const result = results.find((candidate) => candidate.batch !== null) ?? results[0]!;
  if (!result.batch) throw new ApiError("not_found", `No batch ${batchId} for this key.`);
  if (!result.closed && !done(result.batch, action)) {
    // Closed by the other action, or expired (or a concurrent close of the other kind won the race).
    throw refusal(result.batch, action, now) ?? new ApiError("conflict", "The batch changed meanwhile.");
  }
  return { batchId, ...result.outcome };
}
