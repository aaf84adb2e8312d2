import type { Context, MiddlewareHandler } from "hono";
import { authenticateApiKey } from "../../core/services/sign-in.js";
import { ApiError } from "../../core/errors.js";
import type { GatewayEnv } from "../env.js";
import { enforceRateLimit } from "../middleware/rate-limit.js";
import type { ApiKeyKind, Principal } from "../../core/principal.js";

const challenge = { "WWW-Authenticate": 'Bearer realm="pharmagate"' };

export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

/**
 * Answers to a credential hold one tenant's data: no shared cache may keep them, and a browser
 * not past the session. A route that set its own `Cache-Control` keeps it.
 */
export function markPrivate(c: Context<GatewayEnv>): void {
  if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
}

/**
 * Accepts only an active API key of the given audience. No key or an unknown key is a 401; a valid
 * key of another audience is a 403. Each key then spends one request of its rate-limit bucket
 * (429 with `Retry-After` when empty); its answers are `Cache-Control: no-store`. The principal is available as `c.get("principal")`.
 *
 * @example app.openapi(createRoute({ ..., middleware: [requireApiKey("pharmacy")] }), handler)
 */
export function requireApiKey(kind: ApiKeyKind): MiddlewareHandler<GatewayEnv> {
  return async function apiKeyAuth(c, next) {
    const token = bearerToken(c.req.header("authorization"));
    if (!token) throw new ApiError("unauthenticated", { key: "detail.unauthenticated.api_key_missing" }, [], challenge);
    const principal = await authenticateApiKey(c.get("deps"), token);
    if (!principal) throw new ApiError("unauthenticated", { key: "detail.unauthenticated.api_key_unknown" }, [], challenge);
    if (principal.kind !== kind) throw new ApiError("forbidden", { key: "detail.forbidden.wrong_key", params: { kind } });
    await enforceRateLimit(c, principal.kind, principal.keyId);
    c.set("principal", principal);
    await next();
    markPrivate(c);
  };
}

/** The principal set by `requireApiKey(kind)`, narrowed to that audience. */
export function principalOf<K extends ApiKeyKind>(
  c: { get(key: "principal"): Principal },
  kind: K,
): Extract<Principal, { kind: K }> {
  const principal = c.get("principal");
  if (principal.kind !== kind) throw new ApiError("forbidden", { key: "detail.forbidden.wrong_key", params: { kind } });
  return principal as Extract<Principal, { kind: K }>;
}
