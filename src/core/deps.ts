import type { BarcodeTokenVerifier } from "../barcode/token.js";
import type { SigningKeys } from "../barcode/signing-keys.js";
import type { MemberSessionPolicy } from "./config.js";
import type { Clock, Database, InsurerDatabases, KeySets, Logger, OpenIdRelyingParty, PngRenderer, QueuePublisher, RateLimiter } from "./ports.js";

/** Signed member barcodes: keys, verification and lifetimes. */
export interface BarcodeDeps {
  keys: SigningKeys;
  verifier: BarcodeTokenVerifier;
  /** Lifetime of a newly issued barcode token; also how long a retired signing key stays published. */
  ttlSeconds: number;
  /** `GET /v1/me/barcode` hands out the stored token again while it has at least this long left. */
  reuseMinSeconds: number;
}

/** The settings the app itself reads (core/config.ts reads them all from the environment). */
export interface GatewayConfig {
  /** The gateway's issuer id, `iss` of the barcode tokens. */
  issuer: string;
  /** SHA-256 (hex) of an operator key accepted besides the stored ones (`ADMIN_API_KEY`). */
  bootstrapAdminKeyHash?: string;
  maxBodyBytes: number;
  /** How long an insurer's export lease lasts unless the request asks otherwise. */
  exportLeaseSeconds: number;
  /** Member pages: idle and absolute session lifetimes. */
  memberSessions: MemberSessionPolicy;
  /** The origin browsers use (sign-in redirect URIs); undefined: the request's own origin. */
  publicUrl?: string | undefined;
  /** Days documents are kept after their last lifecycle change, unless the insurer sets its own. */
  retentionDays: number;
  /**
   * How long an authenticated API key is remembered (0 or absent: looked up on every request).
   * Workers set it: there each look-up is a D1 round trip (core/services/sign-in.ts).
   */
  apiKeyCacheSeconds?: number;
}

/**
 * The address a request comes from, as the runtime knows it (Node: the socket's peer, or the header
 * a trusted reverse proxy sets; Workers: `CF-Connecting-IP`); null when it cannot tell (in-process
 * calls in tests). `runtimeEnv` is what the runtime hands the app's `fetch` besides the request.
 */
export type ClientAddress = (request: Request, runtimeEnv: unknown) => string | null;

/** Everything the app is built from. Both entries build this and call `createApp`. */
export interface AppDeps {
  runtime: "node" | "workers";
  /** The shared database (tenants, keys, pharmacies, the document locator); `databases.shared`. */
  db: Database;
  /** Where each insurer's documents, queue, members and decisions live (ports.ts). */
  databases: InsurerDatabases;
  queue: QueuePublisher;
  clock: Clock;
  logger: Logger;
  config: GatewayConfig;
  barcodes: BarcodeDeps;
  /** JWKS of the insurers' identity providers, for member sign-in. */
  identity: KeySets;
  /** Per-principal request limits: per process on Node, per isolate on Workers. */
  rateLimiter: RateLimiter;
  /** Keys the limit applied before authentication. */
  clientAddress: ClientAddress;
  /** PNG output; null where the runtime has none (Workers: SVG only). */
  renderPng: PngRenderer | null;
  /** Member sign-in in a browser: the OpenID Connect client of the insurers' providers. */
  openId: OpenIdRelyingParty;
  /** The API reference page's script (Redoc's standalone bundle, from node_modules); absent where the runtime has no file system. */
  referenceScript?: () => Promise<string>;
}
