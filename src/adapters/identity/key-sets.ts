import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import type { IdentityKeySets } from "../../gateway/auth/member-principal.js";

/**
 * Identity providers' key sets. A URL listed in `local` resolves to that JWKS without any HTTP (the
 * demo issuer, test providers, or a provider whose keys an operator pins); every other URL must be
 * https and is fetched with jose's `createRemoteJWKSet`, which caches the keys and refetches on
 * an unknown `kid` (with a cooldown, so forged kids cannot hammer the provider).
 */
export function identityKeySets(local: Readonly<Record<string, JSONWebKeySet>> = {}): IdentityKeySets {
  const getters = new Map<string, JWTVerifyGetKey>();
  return {
    keySetFor(jwksUrl) {
      let getter = getters.get(jwksUrl);
      if (!getter) {
        const pinned = local[jwksUrl];
        if (pinned) {
          getter = createLocalJWKSet(pinned);
        } else {
          const url = new URL(jwksUrl);
          if (url.protocol !== "https:") throw new Error("identity provider JWKS must be fetched over https");
          getter = createRemoteJWKSet(url, { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
        }
        getters.set(jwksUrl, getter);
      }
      return getter;
    },
  };
}
