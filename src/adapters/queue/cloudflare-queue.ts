import type { Queue } from "@cloudflare/workers-types";
import type { QueuePublisher } from "../../core/ports.js";

export interface OutboxMessage {
  outboxId: number;
  /** The insurer whose database holds the row; absent in messages sent before per-insurer databases (then: DB). */
  insurer?: string;
}

/**
 * Messages per `sendBatch`: Queues takes at most 100 messages and 256 KB per call
 * (https://developers.cloudflare.com/queues/platform/limits/); an outbox id message is a few bytes.
 */
const sendBatchMessages = 100;

/** Workers' queue: committed outbox ids sent to a Cloudflare Queue, consumed by `worker.queue()`. */
export function cloudflareQueuePublisher(queue: Queue<OutboxMessage>): QueuePublisher {
  return {
    kind: "cloudflare-queues",
    async publish(insurer, outboxIds) {
      for (let start = 0; start < outboxIds.length; start += sendBatchMessages) {
        await queue.sendBatch(outboxIds.slice(start, start + sendBatchMessages).map((outboxId) => ({ body: { outboxId, insurer } })));
      }
    },
  };
}
