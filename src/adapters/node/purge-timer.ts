import { purgeExpired, type PurgeDeps } from "../../core/services/purge.js";

/**
 * Node's purge schedule: a run every `intervalSeconds`, and at once again while a run stops on its
 * statement budget (only D1 needs the budget; here it just keeps one run's transactions short
 * beside live traffic). One run at a time; `stop` waits for the one in flight.
 */
export function startPurgeTimer(deps: PurgeDeps, intervalSeconds: number): { stop(): Promise<void> } {
  if (intervalSeconds <= 0) return { stop: async () => {} };
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      try {
        while (!stopped && !(await purgeExpired(deps)).complete) await new Promise((resolve) => setImmediate(resolve));
      } catch (error) {
        deps.logger.error("purge.failed", { error: error instanceof Error ? error.message : String(error) });
      } finally {
        running = null;
      }
    })();
  };
  const timer = setInterval(tick, intervalSeconds * 1000);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
