import type { AppDeps } from "../deps.js";

/**
 * Announces committed outbox rows to the queue. A failure is logged, never thrown: the rows are
 * durable already, and the dispatcher (Node) or the cron re-send (Workers) delivers them later.
 */
export async function publishCommitted(deps: Pick<AppDeps, "queue" | "logger">, insurer: string, outboxIds: number[], requestId: string | undefined): Promise<void> {
  try {
    await deps.queue.publish(insurer, outboxIds);
  } catch (error) {
    deps.logger.error("outbox.publish_failed", { requestId, outboxIds, error: error instanceof Error ? error.name : "unknown" });
  }
}
