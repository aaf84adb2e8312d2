/**
 * The ports the app is built from. Both runtimes implement them; services see only these
 * interfaces, never better-sqlite3, D1, Cloudflare Queues, a PNG encoder or an HTTP client.
 */
import type { JWTVerifyGetKey } from "jose";
import type { RenderRequest } from "../barcode/render.js";

export type SqlValue = string | number | bigint | null | Uint8Array;

export interface Statement {
  sql: string;
  params: readonly SqlValue[];
}

export interface RunResult {
  changes: number;
}

/**
 * A SQLite-dialect database. There is deliberately no interactive transaction: D1 has none, so
 * every write that must commit together is one `batch` (atomic on both adapters).
 */
export interface Database {
  readonly kind: "sqlite" | "d1";
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  first<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | null>;
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
  /** Runs every statement in one transaction; all or nothing. Results are in statement order. */
  batch<Row = unknown>(statements: readonly Statement[]): Promise<Array<{ rows: Row[]; changes: number }>>;
}

/** Announces outbox entries that are already committed, so their consumer can run soon. */
export interface QueuePublisher {
  readonly kind: "outbox" | "cloudflare-queues";
  publish(outboxIds: readonly number[]): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/** Callers pass ids and counts only: never bodies, never health data. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** Who is limited separately. Each principal (one API key, one member, one client address before auth) gets its own bucket. */
export type RateLimitAudience = "pharmacy" | "insurer" | "admin" | "member" | "address";

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until one request is allowed again (0 when allowed). */
  retryAfterSeconds: number;
}

/**
 * Spends one request of the principal's budget. May answer at once (in-memory buckets) or after a
 * call to the platform (Cloudflare's Rate Limiting binding): callers always `await` it.
 */
export interface RateLimiter {
  take(audience: RateLimitAudience, principalKey: string): RateDecision | Promise<RateDecision>;
}

/**
 * Resolves an identity provider's `jwks_url` to a key getter for jose. Real providers are fetched
 * (and cached); the demo issuer and test providers resolve locally.
 */
export interface KeySets {
  keySetFor(jwksUrl: string): JWTVerifyGetKey;
}

/** Renders PNG bytes; the Node runtime has one (PNG needs zlib's deflate), Workers have none. */
export type PngRenderer = (request: RenderRequest) => Promise<Uint8Array<ArrayBuffer>>;
