import type { OpenAPIHono } from "@hono/zod-openapi";
import type { RequestIdVariables } from "hono/request-id";
import type { Database, Clock, Logger, QueuePublisher } from "./ports.js";
import type { Principal } from "./auth/principal.js";
import type { RateLimiter, RateLimits } from "./middleware/rate-limit.js";
import type { BarcodeTokenVerifier } from "../barcode/token.js";
import type { SigningKeys } from "../barcode/signing-keys.js";
import type { PngRenderer } from "../barcode/render.js";
import type { IdentityKeySets, MemberPrincipal } from "./auth/member-principal.js";

/** Signed member barcodes: keys, verification, lifetimes and the runtime's renderers. */
export interface BarcodeDeps {
  keys: SigningKeys;
  verifier: BarcodeTokenVerifier;
  /** Lifetime of a newly issued barcode token; also how long a retired signing key stays published. */
  ttlSeconds: number;
  /** `GET /v1/me/barcode` hands out the stored token again while it has at least this long left. */
  reuseMinSeconds: number;
  /** PNG output needs zlib: present on Node, absent on Workers (SVG works on both). */
  renderPng?: PngRenderer;
}

export interface GatewayConfig {
  /** The gateway's issuer id, `iss` of the barcode tokens. */
  issuer: string;
  /** SHA-256 (hex) of an operator key accepted besides the stored ones (Workers secret). */
  bootstrapAdminKeyHash?: string;
  maxBodyBytes: number;
  /** Per-principal request limits; absent = `defaultRateLimits`. */
  rateLimits?: RateLimits;
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
  barcodes: BarcodeDeps;
  /** JWKS of the insurers' identity providers, for member sign-in. */
  identity: IdentityKeySets;
}

export type GatewayEnv = {
  Variables: RequestIdVariables & {
    deps: AppDeps;
    principal: Principal;
    rateLimiter: RateLimiter;
    member: MemberPrincipal;
  };
};

export type GatewayApp = OpenAPIHono<GatewayEnv>;
