import { fileURLToPath } from "node:url";
import { sha256Hex } from "../../gateway/auth/api-key-material.js";
import type { AppDeps } from "../../gateway/env.js";
import type { RateLimits } from "../../gateway/middleware/rate-limit.js";
import { systemClock, type Clock, type Logger } from "../../gateway/ports.js";
import { startOutboxDispatcher } from "../queue/outbox-dispatcher.js";
import { applyMigrations } from "../storage/migrate.js";
import { openSqlite } from "../storage/sqlite.js";

export const migrationsDir = fileURLToPath(new URL("../../../migrations", import.meta.url));

export interface NodeDepsOptions {
  /** SQLite file, or `:memory:` for tests. */
  filename: string;
  issuer: string;
  logger: Logger;
  clock?: Clock;
  adminKey?: string | undefined;
  dispatcherPollMs?: number;
  rateLimits?: RateLimits;
  groupCommit?: boolean;
}

/** Opens the database (migrated), starts the outbox dispatcher and returns the app's ports. */
export async function openNodeDeps(options: NodeDepsOptions): Promise<{ deps: AppDeps; close(): Promise<void> }> {
  const db = openSqlite(options.filename, { groupCommit: options.groupCommit ?? true });
  applyMigrations(db.raw, migrationsDir);
  const queue = startOutboxDispatcher(db, options.logger, options.dispatcherPollMs);
  const deps: AppDeps = {
    runtime: "node",
    db,
    queue,
    clock: options.clock ?? systemClock,
    logger: options.logger,
    config: {
      issuer: options.issuer,
      maxBodyBytes: 1024 * 1024,
      ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
      ...(options.adminKey ? { bootstrapAdminKeyHash: await sha256Hex(options.adminKey) } : {}),
    },
  };
  return {
    deps,
    async close() {
      await queue.stop();
      db.close();
    },
  };
}
