import type { Context, MiddlewareHandler } from "hono";
import { ApiError } from "../../core/errors.js";
import type { RateLimitAudience } from "../../core/ports.js";
import type { GatewayEnv } from "../env.js";

/**
 * Spends one request of the principal's bucket, or refuses with a 429 problem and `Retry-After`.
 * Auth middlewares call this once the principal is known, so every route behind them is limited
 * without the route having to opt in.
 *
 * @example await enforceRateLimit(c, "pharmacy", principal.keyId)
 */
export async function enforceRateLimit(c: Context<GatewayEnv>, audience: RateLimitAudience, principalKey: string): Promise<void> {
  const decision = await c.get("deps").rateLimiter.take(audience, principalKey);
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
  return async function clientAddressLimit(c, next) {
    const address = c.get("deps").clientAddress(c.req.raw, c.env);
    if (address !== null) await enforceRateLimit(c, "address", address);
    await next();
  };
}
