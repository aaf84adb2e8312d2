import { CompactSign, compactVerify, decodeProtectedHeader } from "jose";
import { z } from "zod";
import type { KeyRing, Signer } from "./key-ring.js";
import { LruCache } from "./lru.js";
import { sha256Hex } from "../bvac/sha256.js";

/** What a scanner reads from a signed barcode: this prefix, then a compact JWS. */
export const signedTextPrefix = "AP1:";

/** Keeps a QR or DataMatrix small enough for a phone screen (DESIGN.md, Barcode token). */
export const maxSignedTextLength = 299;

/**
 * The longest `iss` that keeps the text within `maxSignedTextLength` with an 8-character kid and a
 * 16-character jti (4 + 43 + 1 + payload + 1 + 86 characters). Both entries check it at startup.
 */
export const maxIssuerLength = 31;

export function assertIssuerFits(issuer: string): void {
  if (issuer.length === 0 || issuer.length > maxIssuerLength) {
    throw new RangeError(`the gateway issuer id must be 1-${maxIssuerLength} characters (it is in every barcode), got ${issuer.length}`);
  }
}

/** The whole payload: the 14-digit id, a revocation id, the lifetime and who issued it. Nothing else. */
export const BarcodeClaimsSchema = z.strictObject({
  sub: z.string().regex(/^\d{14}$/),
  jti: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  iat: z.number().int().nonnegative(),
  exp: z.number().int().positive(),
  iss: z.string().min(1),
});
export type BarcodeClaims = z.infer<typeof BarcodeClaimsSchema>;

export type TokenRefusal = "invalid_format" | "bad_signature" | "unknown_kid" | "expired" | "not_yet_valid" | "revoked";

/** A refusal carries the claims when the signature held (expired, not yet valid, revoked), so callers can say whose token it was. */
export type TokenVerification =
  | { ok: true; kid: string; claims: BarcodeClaims }
  | { ok: false; reason: TokenRefusal; claims?: BarcodeClaims };

/** A random revocation id (96 bits, base64url): unrelated to the signature, so it can be stored and listed. */
export function newJti(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

const encoder = new TextEncoder();

/**
 * Signs the claims into the scanned text. Ed25519 signatures are deterministic, so the same claims
 * and key always give the same text: a stored token can be handed out again without storing it.
 */
export async function signBarcodeText(signer: Signer, claims: BarcodeClaims): Promise<string> {
  const checked = BarcodeClaimsSchema.parse(claims);
  // Fixed member order keeps the text byte-identical for identical claims.
  const payload = { sub: checked.sub, jti: checked.jti, iat: checked.iat, exp: checked.exp, iss: checked.iss };
  const jws = await new CompactSign(encoder.encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: "EdDSA", kid: signer.kid })
    .sign(signer.privateKey);
  const text = signedTextPrefix + jws;
  if (text.length > maxSignedTextLength) {
    throw new RangeError(`signed barcode text is ${text.length} characters; keep the issuer id short (limit ${maxSignedTextLength})`);
  }
  return text;
}

export interface VerifyContext {
  ring: KeyRing;
  /** The gateway's own issuer id; a token naming another issuer is not ours. */
  issuer: string;
  now: Date;
  /** Looked up on every scan (never cached), so a revocation takes effect at once. */
  isRevoked(claims: BarcodeClaims): Promise<boolean>;
}

/** Tolerated clock difference between the gateway that signed and the one that verifies. */
const clockSkewSeconds = 60;

const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const allowedHeader = new Set(["alg", "kid"]);

/**
 * Verifies scanned barcode tokens. The signature check (the costly part) is cached by the SHA-256
 * of the whole token text (header, payload and signature: any other text misses) for repeated
 * scans; the cache holds digests, never a member's scannable token. Key liveness (a key dropped
 * from the ring or past its window), expiry against the caller's clock and revocation are checked
 * on every call, hit or miss.
 */
export class BarcodeTokenVerifier {
  readonly #verified: LruCache<string, { kid: string; claims: BarcodeClaims }>;

  constructor(cacheSize = 2048) {
    this.#verified = new LruCache(cacheSize);
  }

  /** `jws` is the compact JWS, i.e. the scanned text without its `AP1:` prefix. */
  async verify(jws: string, context: VerifyContext): Promise<TokenVerification> {
    if (jws.length + signedTextPrefix.length > maxSignedTextLength || !compactJws.test(jws)) return { ok: false, reason: "invalid_format" };
    const digest = sha256Hex(jws);
    let signed = this.#verified.get(digest);
    if (signed) {
      if (!context.ring.verificationKey(signed.kid, context.now)) return { ok: false, reason: "unknown_kid" };
    } else {
      const outcome = await verifySignature(jws, context);
      if (!outcome.ok) return outcome;
      signed = { kid: outcome.kid, claims: outcome.claims };
      this.#verified.set(digest, signed);
    }
    const { claims } = signed;
    const nowSeconds = Math.floor(context.now.getTime() / 1000);
    if (claims.iat > nowSeconds + clockSkewSeconds) return { ok: false, reason: "not_yet_valid", claims };
    if (claims.exp <= nowSeconds) return { ok: false, reason: "expired", claims };
    if (await context.isRevoked(claims)) return { ok: false, reason: "revoked", claims };
    return { ok: true, kid: signed.kid, claims };
  }
}

/**
 * Header, key and signature, then the payload's shape. Only `{alg: "EdDSA", kid}` is accepted:
 * `alg: none`, HMAC keyed with our public key and every other algorithm are refused before any
 * key is used, and jose is told to accept EdDSA only as a second lock.
 */
async function verifySignature(jws: string, context: VerifyContext): Promise<TokenVerification> {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return { ok: false, reason: "invalid_format" };
  }
  if (header.alg !== "EdDSA") return { ok: false, reason: "bad_signature" };
  if (Object.keys(header).some((name) => !allowedHeader.has(name))) return { ok: false, reason: "invalid_format" };
  if (typeof header.kid !== "string") return { ok: false, reason: "unknown_kid" };
  const key = context.ring.verificationKey(header.kid, context.now);
  if (!key) return { ok: false, reason: "unknown_kid" };
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, key, { algorithms: ["EdDSA"] }));
  } catch {
    return { ok: false, reason: "bad_signature" };
  }
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { ok: false, reason: "invalid_format" };
  }
  const parsed = BarcodeClaimsSchema.safeParse(claims);
  if (!parsed.success || parsed.data.iss !== context.issuer) return { ok: false, reason: "invalid_format" };
  return { ok: true, kid: header.kid, claims: parsed.data };
}
