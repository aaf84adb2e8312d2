import { readSettings } from "../../core/config.js";
import type { Clock } from "../../core/ports.js";
import { purgeExpired, type PurgeReport } from "../../core/services/purge.js";
import { systemClock } from "../system-clock.js";
import { workerDatabases, workerLogger, type WorkerBindings } from "./deps.js";

/**
 * The purge on Workers, from the Cron Trigger: one budgeted run per invocation (the run stops
 * within D1's per-invocation statement limit; the next trigger goes on where it stopped). A failure
 * is logged, not thrown: it must not fail the trigger's other work.
 */
export async function scheduledPurge(env: WorkerBindings & Record<string, unknown>, clock: Clock = systemClock): Promise<PurgeReport | null> {
  const settings = readSettings(env, "workers");
  const logger = workerLogger(settings);
  try {
    const databases = workerDatabases(env);
    return await purgeExpired({ db: databases.shared, databases, clock, logger, config: { retentionDays: settings.retentionDays } });
  } catch (error) {
    // The next trigger (a minute later) runs it again; every batch it committed stays done.
    logger.error("purge.failed", { error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}
