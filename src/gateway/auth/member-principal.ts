import type { JWTVerifyGetKey } from "jose";

/** A signed-in member: the insurer whose identity provider vouched for them, and their key1. */
export interface MemberPrincipal {
  insurer: string;
  key1: string;
}

/**
 * Resolves an identity provider's `jwks_url` to a key getter for jose. Real providers are fetched
 * (and cached) with `createRemoteJWKSet`; the demo issuer and test providers resolve locally.
 */
export interface IdentityKeySets {
  keySetFor(jwksUrl: string): JWTVerifyGetKey;
}
