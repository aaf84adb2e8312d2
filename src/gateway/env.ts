import type { OpenAPIHono } from "@hono/zod-openapi";
import type { RequestIdVariables } from "hono/request-id";
import type { Database, Clock, Logger, QueuePublisher } from "./ports.js";
import type { Principal } from "./auth/principal.js";

export interface GatewayConfig {
  /** The gateway's issuer id, `iss` of the barcode tokens. */
  issuer: string;
  /** SHA-256 (hex) of an operator key accepted besides the stored ones (Workers secret). */
  bootstrapAdminKeyHash?: string;
  maxBodyBytes: number;
  /** How long an insurer's export lease lasts unless the request asks otherwise (default 300 s). */
  exportLeaseSeconds?: number;
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
  };
};

export type GatewayApp = OpenAPIHono<GatewayEnv>;
