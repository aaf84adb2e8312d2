import type { MessageBatch } from "@cloudflare/workers-types";
import type { Database, Logger } from "../../core/ports.js";
import { deliverOutbox, drainOutbox } from "../../core/services/outbox.js";
import type { OutboxMessage } from "./cloudflare-queue.js";

/**
 * Moves announced outbox rows into the export queue (idempotent: a redelivered message moves
 * nothing twice). A message without a usable outbox id is acked and logged rather than retried:
 * retrying cannot fix it, it would hold back the good messages of its batch until the
 * dead-letter queue, and nothing is lost, since the scheduled handler re-announces any outbox
 * row still waiting.
 * The ids of one batch (up to `max_batch_size`, 100) are moved in one D1 batch, chunked within
 * D1's bound-parameter limit (store/outbox.ts). A database failure retries the rest with a delay; past `max_retries` they
 * go to the dead-letter queue (wrangler.toml) and the outbox row stays for the cron.
 */
export async function consumeOutboxMessages(batch: MessageBatch<OutboxMessage>, db: Database, logger: Logger): Promise<void> {
  const valid = batch.messages.filter((message) => Number.isSafeInteger(message.body?.outboxId) && message.body.outboxId > 0);
  const invalid = batch.messages.filter((message) => !valid.includes(message));
  for (const message of invalid) message.ack();
  if (invalid.length > 0) logger.error("queue.malformed_messages", { count: invalid.length, ids: invalid.map((message) => message.id) });
  if (valid.length === 0) return;
  try {
    await deliverOutbox(db, valid.map((message) => message.body.outboxId));
    for (const message of valid) message.ack();
  } catch (error) {
    logger.error("queue.consume_failed", { count: valid.length, error: error instanceof Error ? error.message : String(error) });
    for (const message of valid) message.retry({ delaySeconds: 10 });
  }
}

/** Outbox rows older than this were not announced (a failed `send` after commit, a lost message). */
const strandedAfterMs = 60_000;

/**
 * Batches one cron run may spend: 20 moves of `outboxMoveChunk` rows are 10,000 rows and 40
 * statements, far inside D1's 1,000 queries per invocation; a bigger backlog goes on next minute.
 */
const cronMaxBatches = 20;

/**
 * The cron's sweep of outbox rows whose announcement was lost: it moves them into the export
 * queue itself rather than announcing them again, so a Queues outage cannot hold them back. A
 * failure is logged and the next run (a minute later) takes them again: nothing is lost, and the
 * move is idempotent, so nothing is doubled.
 */
export async function moveStranded(db: Database, logger: Logger, now: Date): Promise<number> {
  try {
    const moved = await drainOutbox(db, { maxBatches: cronMaxBatches, scope: { createdBefore: new Date(now.getTime() - strandedAfterMs).toISOString() } });
    if (moved > 0) logger.info("outbox.stranded_moved", { count: moved });
    return moved;
  } catch (error) {
    logger.error("outbox.cron_failed", { error: error instanceof Error ? error.message : String(error) });
    return 0;
  }
}
