import { decodeJwt, errors as joseErrors, jwtVerify } from "jose";
import type { AppDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import type { MemberPrincipal, Principal } from "../principal.js";
import { findPrincipalByKeyHash } from "../store/api-keys.js";
import { findIdentityProvidersByIssuer } from "../store/identity-providers.js";
import { findMemberProfile } from "../store/member-profile.js";
import { sha256Hex } from "../../bvac/sha256.js";
import { isSignInLogged, logMemberEvent } from "../store/access-log.js";

/** Who a bearer API key belongs to: an active stored key, or the bootstrap operator key; else null. */
export async function authenticateApiKey(deps: Pick<AppDeps, "db" | "config">, token: string): Promise<Principal | null> {
  const hash = sha256Hex(token);
  const principal = await findPrincipalByKeyHash(deps.db, hash);
  if (principal) return principal;
  if (deps.config.bootstrapAdminKeyHash !== undefined && hash === deps.config.bootstrapAdminKeyHash) return { kind: "admin", keyId: "bootstrap" };
  return null;
}

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
    await recordSignIn(deps, { insurer: provider.insurer, key1 }, token);
    return { insurer: provider.insurer, key1 };
  }
  throw refuse(reason);
}

/**
 * The member's access log gets one `signed_in` entry per access token, however many requests it
 * makes: the token's digest is the entry's key, so a repeat is a read only (and a concurrent
 * first use is ignored by the unique index). A browser session can pass its own session id.
 */
export async function recordSignIn(deps: Pick<AppDeps, "db" | "clock">, member: MemberPrincipal, tokenOrSession: string): Promise<void> {
  const ref = sha256Hex(tokenOrSession).slice(0, 32);
  if (await isSignInLogged(deps.db, member, ref)) return;
  await deps.db.batch([logMemberEvent(member, "signed_in", "member", deps.clock.now().toISOString(), { ref })]);
}

