import type { Database } from "../ports.js";
import { moveOutboxToExportQueue, pendingOutboxIds } from "../store/outbox.js";

/**
 * The outbox's way into the export queue, for the runtime's queue adapters: Node's in-process
 * dispatcher, Workers' queue consumer and cron re-send.
 */

/** Moves announced outbox rows into the export queue (idempotent); returns how many moved. */
export const deliverOutbox = (db: Database, outboxIds: readonly number[]): Promise<number> => moveOutboxToExportQueue(db, outboxIds);

/** Ids of outbox rows created before `createdBefore` and still waiting: their announcement was lost. */
export const strandedOutboxIds = (db: Database, limit: number, createdBefore: string): Promise<number[]> => pendingOutboxIds(db, limit, createdBefore);

/** Moves everything pending, in chunks; the Node dispatcher's loop and the step before an export lease. */
export async function drainOutbox(db: Database, chunk = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = await pendingOutboxIds(db, chunk);
    if (ids.length === 0) return total;
    total += await moveOutboxToExportQueue(db, ids);
  }
}
