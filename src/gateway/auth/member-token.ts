import type { MiddlewareHandler } from "hono";
import { ApiError } from "../../core/errors.js";
import type { GatewayEnv } from "../env.js";
import { enforceRateLimit } from "../middleware/rate-limit.js";
import { bearerToken, markPrivate } from "./api-key.js";
import { authenticateMember } from "../../core/services/sign-in.js";

/**
 * Member routes: `Authorization: Bearer <OIDC access token>`. The member is `c.get("member")`;
 * each member spends one request of their rate-limit bucket (429 with `Retry-After` when empty);
 * answers are `Cache-Control: no-store` unless the route says otherwise.
 *
 * @example app.openapi(createRoute({ ..., middleware: [requireMember()], security: [{ memberToken: [] }] }), handler)
 */
export function requireMember(): MiddlewareHandler<GatewayEnv> {
  return async function memberAuth(c, next) {
    const token = bearerToken(c.req.header("authorization"));
    if (!token) throw new ApiError("unauthenticated", { key: "detail.unauthenticated.member_token_missing" }, [], { "WWW-Authenticate": 'Bearer realm="pharmagate"' });
    const member = await authenticateMember(c.get("deps"), token);
    // Per member, not per token: signing in again must not reset the bucket.
    await enforceRateLimit(c, "member", `${member.insurer}:${member.key1}`);
    c.set("member", member);
    await next();
    markPrivate(c);
  };
}
