import type { MiddlewareHandler } from "hono";
import { decodeJwt, errors as joseErrors, jwtVerify } from "jose";
import { findIdentityProvidersByIssuer } from "../../adapters/storage/repos/identity-providers.js";
import { findMemberProfile } from "../../adapters/storage/repos/member-profile.js";
import { ApiError } from "../errors.js";
import type { AppDeps, GatewayEnv } from "../env.js";
import { enforceRateLimit } from "../middleware/rate-limit.js";
import { bearerToken } from "./api-key.js";
import type { MemberPrincipal } from "./member-principal.js";

const challenge = (error: string) => ({ "WWW-Authenticate": `Bearer realm="pharmagate", error="${error}"` });
const refuse = (detail: string) => new ApiError("unauthenticated", detail, [], challenge("invalid_token"));

/** Asymmetric algorithms only: an HMAC or `none` token can never sign a member in. */
const providerAlgorithms = ["RS256", "PS256", "ES256", "EdDSA"];

/** Why jose refused the token, in words safe to show the caller. */
function reasonOf(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return "The access token has expired.";
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `The access token's ${error.claim} claim is not accepted here.`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) {
    return "The access token's signature does not verify against its issuer's keys.";
  }
  return "The access token is not valid.";
}

/**
 * Signs a member in with an access token from their insurer's identity provider: the provider is
 * chosen by the token's `iss` (and told apart by audience), the token verified with jose against
 * that provider's JWKS, and key1 read from the configured claim. The member must be on the roster.
 */
export async function authenticateMember(deps: Pick<AppDeps, "db" | "identity" | "clock">, token: string): Promise<MemberPrincipal> {
  let issuer: string | undefined;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    throw refuse("Send `Authorization: Bearer <access token>` from your insurer's sign-in.");
  }
  const providers = issuer ? await findIdentityProvidersByIssuer(deps.db, issuer) : [];
  if (providers.length === 0) throw refuse("The access token's issuer is not a configured identity provider.");
  let reason = "The access token is not valid.";
  for (const provider of providers) {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, deps.identity.keySetFor(provider.jwksUrl), {
        issuer: provider.issuer,
        audience: provider.audience,
        algorithms: providerAlgorithms,
        requiredClaims: ["exp"],
        clockTolerance: 30,
        currentDate: deps.clock.now(),
      }));
    } catch (error) {
      // The provider's keys could not be had (network, timeout): not the member's fault.
      if (error instanceof joseErrors.JWKSTimeout || !(error instanceof joseErrors.JOSEError)) {
        throw new ApiError("unavailable", "The identity provider's keys cannot be fetched right now.", [], {}, { cause: error });
      }
      reason = reasonOf(error);
      continue;
    }
    const key1 = payload[provider.key1Claim];
    if (typeof key1 !== "string" || !/^\d{10}$/.test(key1)) throw refuse(`The access token has no 10-digit \`${provider.key1Claim}\` claim.`);
    if (!(await findMemberProfile(deps.db, provider.insurer, key1))) {
      throw new ApiError("forbidden", "You are not on this insurer's member roster.");
    }
    return { insurer: provider.insurer, key1 };
  }
  throw refuse(reason);
}

/**
 * Member routes: `Authorization: Bearer <OIDC access token>`. The member is `c.get("member")`;
 * each member spends one request of their rate-limit bucket (429 with `Retry-After` when empty).
 *
 * @example app.openapi(createRoute({ ..., middleware: [requireMember()], security: [{ memberToken: [] }] }), handler)
 */
export function requireMember(): MiddlewareHandler<GatewayEnv> {
  return async function memberAuth(c, next) {
    const token = bearerToken(c.req.header("authorization"));
    if (!token) throw new ApiError("unauthenticated", "Send `Authorization: Bearer <access token>` from your insurer's sign-in.", [], { "WWW-Authenticate": 'Bearer realm="pharmagate"' });
    const member = await authenticateMember(c.get("deps"), token);
    // Per member, not per token: signing in again must not reset the bucket.
    enforceRateLimit(c, "member", `${member.insurer}:${member.key1}`);
    c.set("member", member);
    await next();
  };
}
