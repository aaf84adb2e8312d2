import type { Database, Logger, QueuePublisher } from "../../core/ports.js";
import { drainOutbox } from "../../core/services/outbox.js";

/**
 * Node's queue: the outbox table itself, drained in-process. `publish` wakes the dispatcher
 * `gatherMs` after a commit, so the commits of that moment move in one transaction (one fsync)
 * instead of one move each; a slow poll picks up whatever a crash left behind. Nothing waits on
 * the move: a lease moves what is still pending itself (store/exports.ts).
 */
export function startOutboxDispatcher(db: Database, logger: Logger, pollMs = 1000, gatherMs = 50): QueuePublisher & { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let gathering: NodeJS.Timeout | null = null;

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
      if (stopped || gathering) return;
      gathering = setTimeout(() => {
        gathering = null;
        void run();
      }, gatherMs);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (gathering) clearTimeout(gathering);
      await running;
    },
  };
}
