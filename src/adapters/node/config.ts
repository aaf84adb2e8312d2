import { resolve } from "node:path";
import { parseRateLimits, type RateLimits } from "../../gateway/middleware/rate-limit.js";
import { exportLeaseSetting } from "../../gateway/services/exports.js";

export interface NodeConfig {
  port: number;
  host: string;
  dataDir: string;
  demo: boolean;
  issuer: string;
  adminKey: string | undefined;
  /** `RATE_LIMITS`: `off` or `pharmacy=50/200,member=2/30,…` (see rate-limit.ts). */
  rateLimits: RateLimits;
  /** `SQLITE_GROUP_COMMIT=0` commits each batch alone (one fsync each); on by default. */
  groupCommit: boolean;
  /** Default lease of an insurer export batch (`EXPORT_LEASE_SECONDS`, default 300). */
  exportLeaseSeconds: number | undefined;
}

/** Reads the Node entry's settings from the environment; every one has a working default. */
export function readNodeConfig(env: NodeJS.ProcessEnv = process.env): NodeConfig {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a TCP port, got ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? "127.0.0.1",
    dataDir: resolve(env.DATA_DIR ?? ".data"),
    demo: env.DEMO !== "0",
    issuer: env.GATEWAY_ISSUER ?? `http://localhost:${port}`,
    adminKey: env.ADMIN_API_KEY || undefined,
    rateLimits: parseRateLimits(env.RATE_LIMITS),
    groupCommit: env.SQLITE_GROUP_COMMIT !== "0",
    exportLeaseSeconds: exportLeaseSetting(env.EXPORT_LEASE_SECONDS),
  };
}
