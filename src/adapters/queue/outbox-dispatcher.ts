import type { Database, Logger, QueuePublisher } from "../../core/ports.js";
import { drainOutbox } from "../../core/services/outbox.js";

/**
 * Node's queue: the outbox table itself, drained in-process. `publish` wakes the dispatcher right
 * after a commit; a slow poll picks up whatever a crash left behind.
 */
export function startOutboxDispatcher(db: Database, logger: Logger, pollMs = 1000): QueuePublisher & { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await drainOutbox(db);
        } catch (error) {
          logger.error("outbox.drain_failed", { error: error instanceof Error ? error.message : String(error) });
        }
      } while (again && !stopped);
      running = null;
    })();
    return running;
  };

  const timer = setInterval(() => void run(), pollMs);
  timer.unref();
  void run();

  return {
    kind: "outbox",
    async publish() {
      if (!stopped) setImmediate(() => void run());
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
