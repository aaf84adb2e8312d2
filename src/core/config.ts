import { z } from "zod";
import type { RateLimitAudience } from "./ports.js";

/**
 * Every setting of the gateway: ONE schema, read from the environment by the Node entry
 * (`process.env`) and the Workers entry (`env` vars and secrets) alike. Each setting is documented
 * once, in the README's settings table; a runtime ignores the ones marked for the other.
 */

/** A token bucket: `burst` requests at once, refilled at `perSecond`. `null` = no limit. */
export interface BucketPolicy {
  perSecond: number;
  burst: number;
}

export type RateLimits = Record<RateLimitAudience, BucketPolicy | null>;

/**
 * Generous defaults: a busy pharmacy (several tills behind one key) rarely exceeds a few requests
 * per second; the limit exists so one runaway POS loop cannot take the gateway from the others.
 * Insurers stream large exports with few requests; members fetch a barcode now and then. Operator
 * keys are few and trusted (scripts onboarding many tenants), so theirs is a high ceiling only.
 */
export const defaultRateLimits: RateLimits = {
  pharmacy: { perSecond: 50, burst: 200 },
  insurer: { perSecond: 20, burst: 100 },
  admin: { perSecond: 100, burst: 1000 },
  member: { perSecond: 2, burst: 30 },
  // Every request, before its credentials are looked at: a forged token or key must not cost a
  // database lookup at line rate. Per client address, so a chain's pharmacies behind one NAT
  // share it: high enough for them, far below what would load the database.
  address: { perSecond: 100, burst: 1000 },
};

/**
 * Reads `RATE_LIMITS`: `off`, or comma-separated `audience=perSecond/burst` (or `audience=off`)
 * overriding the defaults, e.g. `pharmacy=5/20,member=off`.
 */
export function parseRateLimits(text: string | undefined): RateLimits {
  if (text === undefined || text.trim() === "") return defaultRateLimits;
  if (text.trim() === "off") return { pharmacy: null, insurer: null, admin: null, member: null, address: null };
  const limits: RateLimits = { ...defaultRateLimits };
  for (const entry of text.split(",")) {
    const match = entry.trim().match(/^(pharmacy|insurer|admin|member|address)=(?:off|(\d+(?:\.\d+)?)\/(\d+))$/);
    if (!match) throw new Error(`RATE_LIMITS entry "${entry}" is not audience=perSecond/burst or audience=off`);
    const [, audience, perSecond, burst] = match as [string, RateLimitAudience, string | undefined, string | undefined];
    limits[audience] = perSecond && burst ? { perSecond: Number(perSecond), burst: Number(burst) } : null;
    if (limits[audience] && (limits[audience].perSecond <= 0 || limits[audience].burst < 1)) {
      throw new Error(`RATE_LIMITS entry "${entry}" needs perSecond > 0 and burst >= 1`);
    }
  }
  return limits;
}

const day = 24 * 60 * 60;

/** A whole number written in the environment, within bounds; unset or empty = the default. */
const integer = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (raw) => (raw === undefined || raw === "" ? fallback : Number(raw)),
    z.number().int(`a whole number from ${min} to ${max}`).min(min, `${min} to ${max}`).max(max, `${min} to ${max}`),
  );

// Only a flag without a default is optional: zod 4 skips the preprocess of an optional key that is
// absent, so an optional flag with a default would come out undefined.
const flag = <Fallback extends boolean | undefined>(fallback: Fallback) => {
  const onOff = z.union([z.boolean(), z.enum(["0", "1"]).transform((text) => text === "1")]);
  return z.preprocess(
    (raw) => (raw === undefined || raw === "" ? fallback : raw),
    fallback === undefined ? onOff.optional() : onOff,
  ) as unknown as z.ZodType<Fallback extends boolean ? boolean : boolean | undefined>;
};

/** The operator key is a bearer secret a script may guess at: as long as the keys the gateway issues (256 bits, base64url). */
export const minimumAdminKeyLength = 32;

/** Whether `host` only accepts connections from this machine. */
export const isLoopbackHost = (host: string): boolean => /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i.test(host);

const optionalText = z.preprocess((raw) => (raw === "" ? undefined : raw), z.string().optional());

export const SettingsSchema = z.object({
  PORT: integer(0, 65535, 8787),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default(".data"),
  // Unset: on while the Node gateway listens on loopback only (a laptop), off otherwise and on Workers.
  DEMO: flag(undefined),
  GATEWAY_ISSUER: optionalText,
  ADMIN_API_KEY: z.preprocess(
    (raw) => (raw === "" ? undefined : raw),
    z.string().min(minimumAdminKeyLength, `at least ${minimumAdminKeyLength} characters (e.g. \`openssl rand -base64 32\`)`).optional(),
  ),
  RATE_LIMITS: optionalText,
  CLIENT_ADDRESS_HEADER: z.preprocess((raw) => (raw === "" ? undefined : raw), z.string().regex(/^[A-Za-z0-9-]{1,100}$/, "a header name").optional()),
  SQLITE_GROUP_COMMIT: flag(true),
  SQLITE_WRITER_THREAD: flag(true),
  EXPORT_LEASE_SECONDS: integer(1, 3600, 300),
  BARCODE_TTL_SECONDS: integer(60, 366 * day, 30 * day),
  MAX_BODY_BYTES: integer(1024, 100 * 1024 * 1024, 1024 * 1024),
  LOG_LEVEL: z.enum(["info", "silent"]).default("info"),
  IDENTITY_JWKS: optionalText,
  SIGNING_KEYS: optionalText,
  PUBLIC_URL: z.preprocess((raw) => (raw === "" ? undefined : raw), z.url({ protocol: /^https?$/ }).optional()),
  MEMBER_SESSION_IDLE_SECONDS: integer(60, day, 30 * 60),
  MEMBER_SESSION_MAX_SECONDS: integer(300, 30 * day, 12 * 60 * 60),
  RETENTION_DAYS: integer(1, 3650, 400),
  PURGE_INTERVAL_SECONDS: integer(0, 7 * day, 3600),
});

export type Runtime = "node" | "workers";

/** The settings as the code uses them. */
export interface Settings {
  port: number;
  host: string;
  /** As written; the Node entry resolves it against the working directory. */
  dataDir: string;
  demo: boolean;
  issuer: string;
  adminKey: string | undefined;
  rateLimits: RateLimits;
  /** Node behind a reverse proxy: the header it writes the client's address in. */
  clientAddressHeader: string | undefined;
  groupCommit: boolean;
  writerThread: boolean;
  exportLeaseSeconds: number;
  barcodeTtlSeconds: number;
  maxBodyBytes: number;
  logLevel: "info" | "silent";
  /** Identity providers' JWKS pinned by URL, as JSON (parsed by the key-set adapter). */
  identityJwks: string | undefined;
  /** Workers: the barcode signing keys secret, as JSON. */
  signingKeys: string | undefined;
  /** The gateway's origin as browsers reach it (member sign-in redirect URIs); unset: each request's own origin. */
  publicUrl: string | undefined;
  memberSessions: MemberSessionPolicy;
  /** Days a document is kept after its decision (or delivery, or cancellation); insurers may override it. */
  retentionDays: number;
  /** Node: seconds between purge runs; 0 = never (Workers purge from the Cron Trigger). */
  purgeIntervalSeconds: number;
}

/** A member's browser session ends after `idleSeconds` without a request, and `maxSeconds` after sign-in in any case. */
export interface MemberSessionPolicy {
  idleSeconds: number;
  maxSeconds: number;
}

/**
 * Reads and checks every setting at once; a bad one stops the start-up with a message naming
 * each bad setting (never its value: secrets live here too).
 */
export function readSettings(env: Readonly<Record<string, unknown>>, runtime: Runtime): Settings {
  const parsed = SettingsSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Bad settings: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  }
  const raw = parsed.data;
  const demo = raw.DEMO ?? (runtime === "node" && isLoopbackHost(raw.HOST));
  if (demo && runtime === "node" && !isLoopbackHost(raw.HOST)) {
    throw new Error(
      `Bad settings: DEMO=1 with HOST=${raw.HOST}. Demo mode creates an operator key, pharmacy and insurer keys and trusts a development sign-in, all written to demo-credentials.json: it only runs on loopback (HOST=127.0.0.1). Unset DEMO (or DEMO=0) to listen on ${raw.HOST}.`,
    );
  }
  return {
    port: raw.PORT,
    host: raw.HOST,
    dataDir: raw.DATA_DIR,
    demo,
    issuer: raw.GATEWAY_ISSUER ?? (runtime === "node" ? `http://localhost:${raw.PORT}` : "https://pharmagate.invalid"),
    adminKey: raw.ADMIN_API_KEY,
    rateLimits: parseRateLimits(raw.RATE_LIMITS),
    clientAddressHeader: raw.CLIENT_ADDRESS_HEADER,
    groupCommit: raw.SQLITE_GROUP_COMMIT,
    writerThread: raw.SQLITE_WRITER_THREAD,
    exportLeaseSeconds: raw.EXPORT_LEASE_SECONDS,
    barcodeTtlSeconds: raw.BARCODE_TTL_SECONDS,
    maxBodyBytes: raw.MAX_BODY_BYTES,
    logLevel: raw.LOG_LEVEL,
    identityJwks: raw.IDENTITY_JWKS,
    signingKeys: raw.SIGNING_KEYS,
    publicUrl: raw.PUBLIC_URL?.replace(/\/+$/, ""),
    memberSessions: { idleSeconds: raw.MEMBER_SESSION_IDLE_SECONDS, maxSeconds: raw.MEMBER_SESSION_MAX_SECONDS },
    retentionDays: raw.RETENTION_DAYS,
    purgeIntervalSeconds: raw.PURGE_INTERVAL_SECONDS,
  };
}

/** The defaults of every setting, for tests and tools that build deps without an environment. */
export const defaultSettings = (runtime: Runtime): Settings => readSettings({}, runtime);

/**
 * `GET /v1/me/barcode` hands the stored token out again while it has at least this long left (so
 * a phone and a printed card show the same code): a week, or half the lifetime if that is shorter.
 */
export const barcodeReuseMinSeconds = (ttlSeconds: number): number => Math.min(7 * day, Math.floor(ttlSeconds / 2));
