import { decodeJwt, errors as joseErrors, jwtVerify } from "jose";
import type { AppDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import type { MemberPrincipal, Principal } from "../principal.js";
import { findPrincipalByKeyHash } from "../store/api-keys.js";
import { findIdentityProvidersByIssuer } from "../store/identity-providers.js";
import { findMemberProfile } from "../store/member-profile.js";
import { sha256Hex } from "../../bvac/sha256.js";
import { isSignInLogged, logMemberEvent } from "../store/access-log.js";
import { LruCache } from "../../barcode/lru.js";

/** Keys remembered per app (keyed by its config), at most this many. */
const cachedKeys = 1000;
const principalCaches = new WeakMap<object, LruCache<string, { principal: Principal; untilMs: number }>>();

/**
 * Forgets a revoked key at once in this process or isolate. Other Workers isolates that saw it
 * recently accept it until their `apiKeyCacheSeconds` run out (README, Workers).
 */
export function forgetApiKey(deps: Pick<AppDeps, "config">, keyId: string): void {
  const cache = principalCaches.get(deps.config);
  if (!cache) return;
  for (const [hash, entry] of cache.entries()) if (entry.principal.keyId === keyId) cache.delete(hash);
}

/**
 * Who a bearer API key belongs to: an active stored key, or the bootstrap operator key; else null.
 * With `apiKeyCacheSeconds`, a key found is remembered that long, so a request on Workers spends
 * no D1 round trip on authentication; an unknown key is never remembered.
 */
export async function authenticateApiKey(deps: Pick<AppDeps, "db" | "config" | "clock">, token: string): Promise<Principal | null> {
  const hash = sha256Hex(token);
  const ttlMs = (deps.config.apiKeyCacheSeconds ?? 0) * 1000;
  let cache = principalCaches.get(deps.config);
  if (ttlMs > 0 && !cache) principalCaches.set(deps.config, (cache = new LruCache(cachedKeys)));
  const nowMs = deps.clock.now().getTime();
  const cached = cache?.get(hash);
  if (cached && cached.untilMs > nowMs) return cached.principal;
  const principal = await findPrincipalByKeyHash(deps.db, hash);
  if (principal) {
    cache?.set(hash, { principal, untilMs: nowMs + ttlMs });
    return principal;
  }
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
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return error.claim === "typ" ? "The token is not an access token (header typ must be at+jwt)." : `The access token's ${error.claim} claim is not accepted here.`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) {
    return "The access token's signature does not verify against its issuer's keys.";
  }
  return "The access token is not valid.";
}

/**
 * Access tokens are short-lived (RFC 9068 profiles: minutes); a day bounds the damage of a leaked
 * one whose provider issues far-off expiries, and lets the demo's tokens last a working day.
 */
export const memberTokenMaxAgeSeconds = 24 * 60 * 60;

/**
 * Signs a member in with an access token from their insurer's identity provider: the providers are
 * found by the token's `iss`, the token verified with jose against each one's JWKS and audience
 * (RFC 9068: header `typ` `at+jwt`, `iat` at most a day old), and key1 read from the configured
 * claim. A token that verifies for more than one provider (an `aud` list naming two insurers'
 * audiences) is refused: which insurer's member it is would be a guess. The member must be on the
 * roster.
 */
export async function authenticateMember(deps: Pick<AppDeps, "db" | "databases" | "identity" | "clock">, token: string): Promise<MemberPrincipal> {
  let issuer: string | undefined;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    throw refuse("Send `Authorization: Bearer <access token>` from your insurer's sign-in.");
  }
  const providers = issuer ? await findIdentityProvidersByIssuer(deps.db, issuer) : [];
  if (providers.length === 0) throw refuse("The access token's issuer is not a configured identity provider.");
  let reason = "The access token is not valid.";
  const verified: Array<{ provider: (typeof providers)[number]; payload: Record<string, unknown> }> = [];
  for (const provider of providers) {
    try {
      const { payload } = await jwtVerify(token, deps.identity.keySetFor(provider.jwksUrl), {
        issuer: provider.issuer,
        audience: provider.audience,
        algorithms: providerAlgorithms,
        typ: "at+jwt",
        requiredClaims: ["exp", "iat"],
        maxTokenAge: memberTokenMaxAgeSeconds,
        clockTolerance: 30,
        currentDate: deps.clock.now(),
      });
      verified.push({ provider, payload });
    } catch (error) {
      // The provider's keys could not be had (network, timeout): not the member's fault.
      if (error instanceof joseErrors.JWKSTimeout || !(error instanceof joseErrors.JOSEError)) {
        throw new ApiError("unavailable", "The identity provider's keys cannot be fetched right now.", [], {}, { cause: error });
      }
      reason = reasonOf(error);
    }
  }
  const [match, ...others] = verified;
  if (!match) throw refuse(reason);
  if (others.length > 0) throw refuse("The access token is valid for more than one insurer (its audience names several); ask your insurer's sign-in for a token meant for one.");
  const { provider, payload } = match;
  const key1 = payload[provider.key1Claim];
  if (typeof key1 !== "string" || !/^\d{10}$/.test(key1)) throw refuse(`The access token has no 10-digit \`${provider.key1Claim}\` claim.`);
  if (!(await findMemberProfile(deps.databases.databaseFor(provider.insurer), provider.insurer, key1))) {
    throw new ApiError("forbidden", "You are not on this insurer's member roster.");
  }
  await recordSignIn(deps, { insurer: provider.insurer, key1 }, token);
  return { insurer: provider.insurer, key1 };
}

/**
 * The member's access log gets one `signed_in` entry per access token, however many requests it
 * makes: the token's digest is the entry's key, so a repeat is a read only (and a concurrent
 * first use is ignored by the unique index). A browser session can pass its own session id.
 */
export async function recordSignIn(deps: Pick<AppDeps, "databases" | "clock">, member: MemberPrincipal, tokenOrSession: string): Promise<void> {
  const ref = sha256Hex(tokenOrSession).slice(0, 32);
  const db = deps.databases.databaseFor(member.insurer);
  if (await isSignInLogged(db, member, ref)) return;
  await db.batch([logMemberEvent(member, "signed_in", "member", deps.clock.now().toISOString(), { ref })]);
}
