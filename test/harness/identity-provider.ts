import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWK } from "jose";
import { mintMemberToken, publicKeySet } from "../../src/adapters/identity/dev-issuer.js";

/** A stand-in for an insurer's OIDC provider; its JWKS is pinned in the gateway (no network). */
export const testIdp = {
  issuer: "https://idp.test",
  audience: "pharmagate-tests",
  jwksUrl: "https://idp.test/.well-known/jwks.json",
  key1Claim: "key1",
  kid: "test-idp-1",
} as const;

export interface TestIdentityProvider {
  jwksUrl: string;
  jwks: JSONWebKeySet;
  privateJwk: JWK;
}

export async function testIdentityProvider(): Promise<TestIdentityProvider> {
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const privateJwk = await exportJWK(privateKey);
  return { jwksUrl: testIdp.jwksUrl, jwks: publicKeySet(privateJwk, testIdp.kid), privateJwk };
}

export interface MemberTokenOptions {
  key1: string;
  /** A list names several audiences (a token meant for more than one relying party). */
  audience?: string | string[];
  /** JOSE header `typ`; default `at+jwt`. */
  typ?: string;
  issuer?: string;
  expiresIn?: number;
  now?: Date;
  /** Sign with another key than the provider's (a forgery). */
  privateJwk?: JWK;
}

/** An access token as the test provider would issue it for `key1`. */
export function signTestMemberToken(privateJwk: JWK, options: MemberTokenOptions): Promise<string> {
  return mintMemberToken(options.privateJwk ?? privateJwk, testIdp.kid, {
    issuer: options.issuer ?? testIdp.issuer,
    audience: options.audience ?? testIdp.audience,
    subject: `user-${options.key1}`,
    claims: { [testIdp.key1Claim]: options.key1 },
    expiresIn: options.expiresIn ?? 600,
    ...(options.typ ? { typ: options.typ } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}
