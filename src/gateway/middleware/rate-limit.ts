import type { Context } from "hono";
import { ApiError } from "../errors.js";
import type { GatewayEnv } from "../env.js";
import type { Clock } from "../ports.js";

/** Who is limited separately. Each principal (one API key, one member) gets its own bucket. */
export type RateLimitAudience = "pharmacy" | "insurer" | "admin" | "member";

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
};

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until one request is allowed again (0 when allowed). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  take(audience: RateLimitAudience, principalKey: string): RateDecision;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** Past this many buckets, full ones (idle principals) are dropped so memory stays bounded. */
const sweepThreshold = 10_000;

/**
 * In-memory token buckets keyed by audience and principal. Exact within one process (the Node
 * entry). On Workers each isolate has its own memory, so a client spread over isolates gets up to
 * `burst` per isolate: a best-effort brake there, not a guarantee (see docs/proof.md).
 */
export function memoryRateLimiter(limits: RateLimits, clock: Clock): RateLimiter {
  const buckets = new Map<string, Bucket>();

  const refill = (bucket: Bucket, policy: BucketPolicy, nowMs: number) => {
    const elapsedSeconds = Math.max(0, nowMs - bucket.updatedMs) / 1000;
    bucket.tokens = Math.min(policy.burst, bucket.tokens + elapsedSeconds * policy.perSecond);
    bucket.updatedMs = nowMs;
  };

  const sweep = (nowMs: number) => {
    for (const [id, bucket] of buckets) {
      const policy = limits[id.slice(0, id.indexOf(":")) as RateLimitAudience];
      if (!policy) continue;
      refill(bucket, policy, nowMs);
      if (bucket.tokens >= policy.burst) buckets.delete(id);
    }
  };

  return {
    take(audience, principalKey) {
      const policy = limits[audience];
      if (!policy) return { allowed: true, retryAfterSeconds: 0 };
      const nowMs = clock.now().getTime();
      const id = `${audience}:${principalKey}`;
      let bucket = buckets.get(id);
      if (!bucket) {
        if (buckets.size >= sweepThreshold) sweep(nowMs);
        bucket = { tokens: policy.burst, updatedMs: nowMs };
        buckets.set(id, bucket);
      }
      refill(bucket, policy, nowMs);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, retryAfterSeconds: 0 };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / policy.perSecond)) };
    },
  };
}

/**
 * Spends one request of the principal's bucket, or refuses with a 429 problem and `Retry-After`.
 * Auth middlewares call this once the principal is known, so every route behind them is limited
 * without the route having to opt in.
 *
 * @example enforceRateLimit(c, "pharmacy", principal.keyId)
 */
export function enforceRateLimit(c: Context<GatewayEnv>, audience: RateLimitAudience, principalKey: string): void {
  const decision = c.get("rateLimiter").take(audience, principalKey);
  if (decision.allowed) return;
  throw new ApiError(
    "rate_limited",
    `Too many requests for these credentials; retry after ${decision.retryAfterSeconds} s.`,
    [],
    { "Retry-After": String(decision.retryAfterSeconds) },
  );
}

/**
 * Reads `RATE_LIMITS`: `off`, or comma-separated `audience=perSecond/burst` (or `audience=off`)
 * overriding the defaults, e.g. `pharmacy=5/20,member=off`.
 */
export function parseRateLimits(text: string | undefined): RateLimits {
  if (text === undefined || text.trim() === "") return defaultRateLimits;
  if (text.trim() === "off") return { pharmacy: null, insurer: null, admin: null, member: null };
  const limits: RateLimits = { ...defaultRateLimits };
  for (const entry of text.split(",")) {
    const match = entry.trim().match(/^(pharmacy|insurer|admin|member)=(?:off|(\d+(?:\.\d+)?)\/(\d+))$/);
    if (!match) throw new Error(`RATE_LIMITS entry "${entry}" is not audience=perSecond/burst or audience=off`);
    const [, audience, perSecond, burst] = match as [string, RateLimitAudience, string | undefined, string | undefined];
    limits[audience] = perSecond && burst ? { perSecond: Number(perSecond), burst: Number(burst) } : null;
    if (limits[audience] && (limits[audience].perSecond <= 0 || limits[audience].burst < 1)) {
      throw new Error(`RATE_LIMITS entry "${entry}" needs perSecond > 0 and burst >= 1`);
    }
  }
  return limits;
}
