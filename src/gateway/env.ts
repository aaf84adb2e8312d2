import type { OpenAPIHono } from "@hono/zod-openapi";
import type { RequestIdVariables } from "hono/request-id";
import type { Database, Clock, Logger, QueuePublisher } from "./ports.js";
import type { Principal } from "./auth/principal.js";
import type { RateLimiter, RateLimits } from "./middleware/rate-limit.js";

export interface GatewayConfig {
  /** The gateway's issuer id, `iss` of the barcode tokens. */
  issuer: string;
  /** SHA-256 (hex) of an operator key accepted besides the stored ones (Workers secret). */
  bootstrapAdminKeyHash?: string;
  maxBodyBytes: number;
  /** Per-principal request limits; absent = `defaultRateLimits`. */
  rateLimits?: RateLimits;
}

/** Everything the app is built from. Both entries build this and call `createApp`. */
export interface AppDeps {
  runtime: "node" | "workers";
  db: Database;
  queue: QueuePublisher;
  clock: Clock;
  logger: Logger;
  config: GatewayConfig;
}

export type GatewayEnv = {
  Variables: RequestIdVariables & {
    deps: AppDeps;
    principal: Principal;
    rateLimiter: RateLimiter;
  };
};

export type GatewayApp = OpenAPIHono<GatewayEnv>;
