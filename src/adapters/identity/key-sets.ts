import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import type { KeySets } from "../../core/ports.js";

/**
 * Identity providers' key sets. A URL listed in `local` resolves to that JWKS without any HTTP (the
 * demo issuer, test providers, or a provider whose keys an operator pins); every other URL must be
 * https and is fetched with jose's `createRemoteJWKSet`, which caches the keys and refetches on
 * an unknown `kid` (with a cooldown, so forged kids cannot hammer the provider).
 */
export function identityKeySets(local: Readonly<Record<string, JSONWebKeySet>> = {}): KeySets {
  const getters = new Map<string, JWTVerifyGetKey>();
  return {
    keySetFor(jwksUrl) {
      let getter = getters.get(jwksUrl);
      if (!getter) {
        const pinned = local[jwksUrl];
        if (pinned) {
          getter = createLocalJWKSet(pinned);
        } else {
          const url = URL.canParse(jwksUrl) ? new URL(jwksUrl) : null;
          getter =
            url?.protocol === "https:"
              ? createRemoteJWKSet(url, { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 })
              : // Not pinned and not https (e.g. the demo issuer once demo mode is off): no key is trusted.
                async () => {
                  throw new joseErrors.JWKSNoMatchingKey();
                };
        }
        getters.set(jwksUrl, getter);
      }
      return getter;
    },
  };
}

const PinnedJwksSchema = z.record(z.url(), z.object({ keys: z.array(z.looseObject({ kty: z.string() })).min(1) }));

/** Parses `IDENTITY_JWKS` (`{"<jwks url>": {"keys": [...]}}`), naming the first thing wrong with it. */
export function parsePinnedJwks(json: string | undefined): Record<string, JSONWebKeySet> {
  if (json === undefined || json.trim() === "") return {};
  const parsed = PinnedJwksSchema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`IDENTITY_JWKS: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  return parsed.data as Record<string, JSONWebKeySet>;
}
