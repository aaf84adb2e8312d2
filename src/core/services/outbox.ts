import type { Database } from "../ports.js";
import { moveOldestOutbox, moveOutboxToExportQueue, type OutboxScope } from "../store/outbox.js";

/**
 * The outbox's way into the export queue, for the runtime's queue adapters: Node's in-process
 * dispatcher, Workers' queue consumer and cron.
 */

/** Moves announced outbox rows into the export queue (idempotent); returns how many moved. */
export const deliverOutbox = (db: Database, outboxIds: readonly number[]): Promise<number> => moveOutboxToExportQueue(db, outboxIds);

/** Rows one move takes: one batch of two statements, whatever the count (no id is bound). */
export const outboxMoveChunk = 500;

/**
 * Moves everything pending in `scope`, oldest first, one batch of `chunk` rows at a time, at most
 * `maxBatches` batches (a Worker invocation has a budget of queries; the next run goes on).
 * Returns how many rows left the outbox.
 */
export async function drainOutbox(db: Database, options: { chunk?: number; maxBatches?: number; scope?: OutboxScope } = {}): Promise<number> {
  const chunk = options.chunk ?? outboxMoveChunk;
  let total = 0;
  for (let batches = 0; batches < (options.maxBatches ?? Number.POSITIVE_INFINITY); batches += 1) {
    const moved = await moveOldestOutbox(db, chunk, options.scope);
    total += moved;
    if (moved < chunk) break;
  }
  return total;
}
