import type { BucketPolicy, RateLimits } from "../core/config.js";
import type { Clock, RateDecision, RateLimitAudience, RateLimiter } from "../core/ports.js";

/** The in-memory limiter decides at once, without I/O. */
export interface MemoryRateLimiter extends RateLimiter {
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
export function memoryRateLimiter(limits: RateLimits, clock: Clock): MemoryRateLimiter {
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
