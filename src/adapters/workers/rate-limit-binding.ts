import type { RateLimit } from "@cloudflare/workers-types";
import type { RateLimitAudience, RateLimiter } from "../../core/ports.js";

/**
 * The binding name an audience's limit is read from: `[[ratelimits]] name = "RATE_LIMIT_PHARMACY"`
 * in wrangler.toml, and so on for every audience (an audience added later gets its name for free).
 */
export const rateLimitBindingName = (audience: RateLimitAudience): string => `RATE_LIMIT_${audience.toUpperCase()}`;

/**
 * The binding says only yes or no, not when the next request will pass. Its period is 10 or 60
 * seconds (Cloudflare accepts no other), so answering the longer one never sends a client back
 * too early.
 */
const retryAfterSeconds = 60;

/**
 * Workers' rate limiter: Cloudflare's Rate Limiting binding for every audience that has one
 * (counted by Cloudflare per location, shared by all isolates there:
 * https://developers.cloudflare.com/workers/runtime-apis/bindings/rate-limit/), the in-memory
 * limiter (one isolate's buckets, a brake) for the others. Same decision shape, same 429.
 * A binding that fails lets the request through and leaves it to the fallback's buckets: a limiter
 * outage should not become an outage of the gateway.
 */
export function cloudflareRateLimiter(bindings: Readonly<Record<string, unknown>>, fallback: RateLimiter): RateLimiter {
  const bindingOf = (audience: RateLimitAudience): RateLimit | null => {
    const candidate = bindings[rateLimitBindingName(audience)] as Partial<RateLimit> | undefined;
    return typeof candidate?.limit === "function" ? (candidate as RateLimit) : null;
  };
  return {
    async take(audience, principalKey) {
      const binding = bindingOf(audience);
      if (!binding) return fallback.take(audience, principalKey);
      try {
        const { success } = await binding.limit({ key: principalKey });
        return success ? { allowed: true, retryAfterSeconds: 0 } : { allowed: false, retryAfterSeconds };
      } catch {
        return fallback.take(audience, principalKey);
      }
    },
  };
}
