import type { MessageBatch } from "@cloudflare/workers-types";
import type { Database, InsurerDatabases, Logger } from "../../core/ports.js";
import { deliverOutbox, drainOutbox } from "../../core/services/outbox.js";
import type { OutboxMessage } from "./cloudflare-queue.js";

/**
 * Moves announced outbox rows into the export queue (idempotent: a redelivered message moves
 * nothing twice). A message without a usable outbox id is acked and logged rather than retried:
 * retrying cannot fix it, it would hold back the good messages of its batch until the
 * dead-letter queue, and nothing is lost, since the scheduled handler re-announces any outbox
 * row still waiting.
 * The ids of one batch (up to `max_batch_size`, 100) are moved in one D1 batch per database (a
 * message names its insurer, hence its database; one without is from before per-insurer databases
 * and its row is in the shared one), chunked within D1's bound-parameter limit (store/outbox.ts).
 * A database failure retries that database's messages with a delay; past `max_retries` they go to
 * the dead-letter queue (wrangler.toml) and the outbox row stays for the cron.
 */
export async function consumeOutboxMessages(batch: MessageBatch<OutboxMessage>, databases: InsurerDatabases, logger: Logger): Promise<void> {
  const valid = batch.messages.filter((message) => Number.isSafeInteger(message.body?.outboxId) && message.body.outboxId > 0);
  const invalid = batch.messages.filter((message) => !valid.includes(message));
  for (const message of invalid) message.ack();
  if (invalid.length > 0) logger.error("queue.malformed_messages", { count: invalid.length, ids: invalid.map((message) => message.id) });
  const byDatabase = new Map<Database, typeof valid>();
  for (const message of valid) {
    const insurer = message.body.insurer;
    const db = typeof insurer === "string" ? databases.databaseFor(insurer) : databases.shared;
    byDatabase.set(db, [...(byDatabase.get(db) ?? []), message]);
  }
  await Promise.all(
    [...byDatabase].map(async ([db, messages]) => {
      try {
        await deliverOutbox(db, messages.map((message) => message.body.outboxId));
        for (const message of messages) message.ack();
      } catch (error) {
        logger.error("queue.consume_failed", { count: messages.length, error: error instanceof Error ? error.message : String(error) });
        for (const message of messages) message.retry({ delaySeconds: 10 });
      }
    }),
  );
}

/** Outbox rows older than this were not announced (a failed `send` after commit, a lost message). */
const strandedAfterMs = 60_000;

/**
 * Batches one cron run may spend per database: 20 moves of `outboxMoveChunk` rows are 10,000 rows
 * and 40 statements, so even 20 databases stay inside D1's 1,000 queries per invocation; a bigger
 * backlog goes on next minute.
 */
const cronMaxBatches = 20;

/**
 * The cron's sweep of outbox rows whose announcement was lost: it moves them into the export
 * queue itself rather than announcing them again, so a Queues outage cannot hold them back. A
 * failure is logged and the next run (a minute later) takes them again: nothing is lost, and the
 * move is idempotent, so nothing is doubled. Every database is swept in parallel, so a failing one
 * holds back no other.
 */
export async function moveStranded(databases: InsurerDatabases, logger: Logger, now: Date): Promise<number> {
  const moved = await Promise.all(
    databases.all().map(async (db) => {
      try {
        return await drainOutbox(db, { maxBatches: cronMaxBatches, scope: { createdBefore: new Date(now.getTime() - strandedAfterMs).toISOString() } });
      } catch (error) {
        logger.error("outbox.cron_failed", { error: error instanceof Error ? error.message : String(error) });
        return 0;
      }
    }),
  );
  const total = moved.reduce((sum, count) => sum + count, 0);
  if (total > 0) logger.info("outbox.stranded_moved", { count: total });
  return total;
}
