import type { MessageBatch, Queue } from "@cloudflare/workers-types";
import type { Database, Logger } from "../../core/ports.js";
import { deliverOutbox, strandedOutboxIds } from "../../core/services/outbox.js";
import { cloudflareQueuePublisher, type OutboxMessage } from "./cloudflare-queue.js";

/**
 * Moves announced outbox rows into the export queue (idempotent: a redelivered message moves
 * nothing twice). A message without a usable outbox id is acked and logged rather than retried:
 * retrying cannot fix it, it would hold back the good messages of its batch until the
 * dead-letter queue, and nothing is lost, since the scheduled handler re-announces any outbox
 * row still waiting. A database failure retries the rest with a delay; past `max_retries` they
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

/** Outbox rows older than this were not announced (a failed `send` after commit) and are re-sent. */
const strandedAfterMs = 60_000;

/** The cron's re-send of outbox rows whose announcement was lost. */
export async function resendStranded(db: Database, queue: Queue<OutboxMessage>, now: Date): Promise<void> {
  const stranded = await strandedOutboxIds(db, 1000, new Date(now.getTime() - strandedAfterMs).toISOString());
  await cloudflareQueuePublisher(queue).publish(stranded);
}
