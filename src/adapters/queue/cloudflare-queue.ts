import type { Queue } from "@cloudflare/workers-types";
import type { QueuePublisher } from "../../core/ports.js";

export interface OutboxMessage {
  outboxId: number;
}

/** Workers' queue: committed outbox ids sent to a Cloudflare Queue, consumed by `worker.queue()`. */
export function cloudflareQueuePublisher(queue: Queue<OutboxMessage>): QueuePublisher {
  return {
    kind: "cloudflare-queues",
    async publish(outboxIds) {
      if (outboxIds.length === 0) return;
      await queue.sendBatch(outboxIds.map((outboxId) => ({ body: { outboxId } })));
    },
  };
}
