import type { Context, MiddlewareHandler } from "hono";
import { ApiError } from "../../core/errors.js";
import type { RateDecision, RateLimitAudience } from "../../core/ports.js";
import type { GatewayEnv } from "../env.js";

/**
 * Spends one request of the principal's bucket, or refuses with a 429 problem and `Retry-After`.
 * Auth middlewares call this once the principal is known, so every route behind them is limited
 * without the route having to opt in. A limiter that decides at once (the in-memory buckets)
 * refuses by throwing here and returns nothing to wait for; one that asks the platform (Workers'
 * binding) returns the promise of its decision. Either way the caller awaits the result.
 *
 * @example await enforceRateLimit(c, "pharmacy", principal.keyId)
 */
export function enforceRateLimit(c: Context<GatewayEnv>, audience: RateLimitAudience, principalKey: string): Promise<void> | undefined {
  const decision = c.get("deps").rateLimiter.take(audience, principalKey);
  if ("then" in decision) return decision.then((decided) => refuseWhenLimited(audience, decided));
  refuseWhenLimited(audience, decision);
  return undefined;
}

function refuseWhenLimited(audience: RateLimitAudience, decision: RateDecision): void {
  if (decision.allowed) return;
  throw new ApiError(
    "rate_limited",
    { key: audience === "address" ? "detail.rate_limited.address" : "detail.rate_limited.retry", params: { seconds: decision.retryAfterSeconds } },
    [],
    { "Retry-After": String(decision.retryAfterSeconds) },
  );
}

/**
 * Spends one request of the client address's bucket before anything else looks at the request:
 * a flood of forged tokens or keys is refused with a 429 without a database lookup each. A
 * request whose address the runtime cannot tell (an in-process call) is not limited here.
 *
 * @example app.use(limitByClientAddress())
 */
export function limitByClientAddress(): MiddlewareHandler<GatewayEnv> {
  return function clientAddressLimit(c, next) {
    const address = c.get("deps").clientAddress(c.req.raw, c.env);
    const deciding = address === null ? undefined : enforceRateLimit(c, "address", address);
    return deciding ? deciding.then(next) : next();
  };
}
