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
  /**
   * A read's rows as arrays of their column values, in the order the SELECT names them: no object
   * per row (on SQLite, building the row objects is a large part of reading an export's page). Optional:
   * where it is absent (D1) callers take `all`'s rows and their `Object.values`, the same arrays.
   */
  values?<Row extends readonly unknown[]>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  first<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | null>;
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
  /** Runs every statement in one transaction; all or nothing. Results are in statement order. */
  batch<Row = unknown>(statements: readonly Statement[]): Promise<Array<{ rows: Row[]; changes: number }>>;
}

/**
 * Where each insurer's data lives. An insurer's documents (with their outbox, export queue and
 * batches, decisions, members, coverage, plans, barcode tokens, access log, erasures) are in the
 * database `databaseFor` names; tenants, keys, pharmacies, identity providers, sign-in and the
 * document locator stay in `shared`. Node has one SQLite file, so every code names `shared`;
 * Workers route by D1 binding (adapters/storage/insurer-databases.ts, docs/scale.md).
 */
export interface InsurerDatabases {
  readonly shared: Database;
  databaseFor(insurer: string): Database;
  /** Every database once, `shared` first: for the jobs that walk them all (cron, purge, status list). */
  all(): readonly Database[];
}

/** Announces outbox entries that are already committed, so their consumer can run soon. */
export interface QueuePublisher {
  readonly kind: "outbox" | "cloudflare-queues";
  /** `insurer` names the database the rows are in (the consumer moves them there). */
  publish(insurer: string, outboxIds: readonly number[]): Promise<void>;
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

/** The gateway's registration at an insurer's OpenID provider (core/store/member-sign-in.ts). */
export interface OpenIdClientRegistration {
  issuer: string;
  clientId: string;
  /** Undefined: a public client (PKCE only). */
  clientSecret?: string | undefined;
  scope: string;
}

/** What one authorization request must be checked against when it comes back. */
export interface AuthorizationSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The outcome of a successful code exchange: the verified ID token's and UserInfo's claims. */
export interface OpenIdSignedIn {
  claims: Record<string, unknown>;
  idToken: string;
}

/**
 * OpenID Connect relying party (authorization code flow with PKCE, discovery, state, nonce). The
 * adapter speaks HTTP to the provider; core only decides what is asked for and what is accepted.
 */
export interface OpenIdRelyingParty {
  /** Fresh random state, nonce and PKCE verifier for one sign-in. */
  newSecrets(): AuthorizationSecrets;
  /** The provider's authorization URL for this sign-in (S256 challenge of the verifier). */
  authorizationUrl(client: OpenIdClientRegistration, redirectUri: string, secrets: AuthorizationSecrets): Promise<URL>;
  /**
   * Exchanges the code of `callbackUrl` (checking state, issuer, nonce, ID token signature and
   * lifetime); claims missing from the ID token are read from UserInfo.
   */
  finish(client: OpenIdClientRegistration, callbackUrl: URL, redirectUri: string, secrets: AuthorizationSecrets, wantedClaim: string): Promise<OpenIdSignedIn>;
  /** RP-initiated logout URL, or null when the provider announces no end_session_endpoint. */
  endSessionUrl(client: OpenIdClientRegistration, idToken: string | null, postLogoutRedirectUri: string): Promise<URL | null>;
}
