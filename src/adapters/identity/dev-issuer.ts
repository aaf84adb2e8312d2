import { importJWK, SignJWT, type JSONWebKeySet, type JWK } from "jose";

/**
 * The demo's built-in OpenID issuer. It stands in for an insurer's identity provider so that
 * `demo-credentials.json` can hold a working member access token. Its JWKS is resolved locally
 * (the `urn:` URL never goes over the network) and it exists only when demo mode is on.
 */
export const devIssuer = {
  issuer: "urn:pharmagate:dev-oidc",
  audience: "pharmagate-demo",
  jwksUrl: "urn:pharmagate:dev-oidc:jwks",
  key1Claim: "key1",
} as const;

/** The public half of an Ed25519 private JWK, as a one-key JWK Set. */
export function publicKeySet(privateJwk: JWK, kid: string): JSONWebKeySet {
  return { keys: [{ kty: "OKP", crv: "Ed25519", x: privateJwk.x, kid, alg: "EdDSA", use: "sig" }] };
}

export interface MemberTokenRequest {
  issuer: string;
  audience: string | string[];
  /** The JOSE header `typ`; an access token's is `at+jwt` (RFC 9068), the default. */
  typ?: string;
  /** Claim name → value; the key1 claim goes here. */
  claims: Record<string, unknown>;
  subject: string;
  /** Seconds from now. */
  expiresIn: number;
  now?: Date;
}

/** Mints an access token the way an insurer's OIDC provider would (EdDSA, short `kid`). */
export async function mintMemberToken(privateJwk: JWK, kid: string, request: MemberTokenRequest): Promise<string> {
  const key = await importJWK(privateJwk, "EdDSA");
  const iat = Math.floor((request.now ?? new Date()).getTime() / 1000);
  return new SignJWT(request.claims)
    .setProtectedHeader({ alg: "EdDSA", kid, typ: request.typ ?? "at+jwt" })
    .setIssuer(request.issuer)
    .setAudience(request.audience)
    .setSubject(request.subject)
    .setIssuedAt(iat)
    .setExpirationTime(iat + request.expiresIn)
    .sign(key);
}
