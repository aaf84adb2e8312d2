import type { Context } from "hono";
import { ApiError } from "../../core/errors.js";
import type { RateLimitAudience } from "../../core/ports.js";
import type { GatewayEnv } from "../env.js";

/**
 * Spends one request of the principal's bucket, or refuses with a 429 problem and `Retry-After`.
 * Auth middlewares call this once the principal is known, so every route behind them is limited
 * without the route having to opt in.
 *
 * @example enforceRateLimit(c, "pharmacy", principal.keyId)
 */
export function enforceRateLimit(c: Context<GatewayEnv>, audience: RateLimitAudience, principalKey: string): void {
  const decision = c.get("deps").rateLimiter.take(audience, principalKey);
  if (decision.allowed) return;
  throw new ApiError(
    "rate_limited",
    { key: "detail.rate_limited.retry", params: { seconds: decision.retryAfterSeconds } },
    [],
    { "Retry-After": String(decision.retryAfterSeconds) },
  );
}
