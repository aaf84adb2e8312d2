import { base64url, CompactSign, exportSPKI, generateKeyPair, importJWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSigningKey, KeyRing, type StoredSigningKey } from "../../src/barcode/key-ring.js";
import { assertIssuerFits, BarcodeTokenVerifier, maxIssuerLength, maxSignedTextLength, newJti, signBarcodeText, type BarcodeClaims, type VerifyContext } from "../../src/barcode/token.js";

const issuer = "https://pharmagate.example";
const day = 86_400;
const t0 = new Date("2026-11-25T12:00:00Z");
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

let stored: StoredSigningKey;
let ring: KeyRing;

beforeAll(async () => {
  stored = await generateSigningKey(t0);
  ring = await KeyRing.load([stored], 30 * day);
});

const claimsAt = (at: Date, overrides: Partial<BarcodeClaims> = {}): BarcodeClaims => ({
  sub: "60009912319994",
  jti: newJti(),
  iat: seconds(at),
  exp: seconds(at) + 7 * day,
  iss: issuer,
  ...overrides,
});

const context = (overrides: Partial<VerifyContext> = {}): VerifyContext => ({
  ring,
  issuer,
  now: t0,
  isRevoked: async () => false,
  ...overrides,
});

async function signed(claims = claimsAt(t0), keyRing = ring): Promise<string> {
  const signer = keyRing.signer();
  if (!signer) throw new Error("empty ring");
  return (await signBarcodeText(signer, claims)).slice(4);
}

/** A compact JWS with any header, payload and signature, as a forger would build it. */
function handMade(header: object, payload: object, signature: string): string {
  const part = (value: object) => base64url.encode(JSON.stringify(value));
  return `${part(header)}.${part(payload)}.${signature}`;
}

const verify = (jws: string, overrides: Partial<VerifyContext> = {}) => new BarcodeTokenVerifier().verify(jws, context(overrides));

describe("barcode token", () => {
  it("signs AP1: + a compact JWS with header {alg, kid} and exactly sub, jti, iat, exp, iss", async () => {
    const claims = claimsAt(t0);
    const text = await signBarcodeText(ring.signer()!, claims);
    expect(text.startsWith("AP1:")).toBe(true);
    expect(text.length).toBeLessThanOrEqual(maxSignedTextLength);
    const [header, payload] = text.slice(4).split(".");
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(header!)))).toEqual({ alg: "EdDSA", kid: stored.kid });
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(payload!)))).toEqual(claims);
    expect(await verify(text.slice(4))).toEqual({ ok: true, kid: stored.kid, claims });
  });

  it("stays under 300 characters with the longest allowed issuer and exp far ahead, and refuses to sign past the limit", async () => {
    const longest = "https://" + "p".repeat(maxIssuerLength - 8);
    assertIssuerFits(longest);
    expect(() => assertIssuerFits(`${longest}x`)).toThrow(RangeError);
    const text = await signBarcodeText(ring.signer()!, claimsAt(t0, { iss: longest, exp: 9_999_999_999 }));
    expect(text.length).toBeLessThan(300);
    await expect(signBarcodeText(ring.signer()!, claimsAt(t0, { iss: `https://${"x".repeat(120)}.example` }))).rejects.toThrow(RangeError);
  });

  it("gives the same text for the same claims (Ed25519 is deterministic) and a fresh jti each time", async () => {
    const claims = claimsAt(t0);
    expect(await signed(claims)).toBe(await signed(claims));
    const jtis = new Set(Array.from({ length: 100 }, () => newJti()));
    expect(jtis.size).toBe(100);
  });

  describe("reason codes", () => {
    it("invalid_format: not a compact JWS, a payload of another shape, another issuer", async () => {
      expect(await verify("not-a-token")).toEqual({ ok: false, reason: "invalid_format" });
      expect(await verify("a.b")).toEqual({ ok: false, reason: "invalid_format" });
      expect(await verify(`${"a".repeat(200)}.${"b".repeat(200)}.c`)).toEqual({ ok: false, reason: "invalid_format" });
      expect(await verify("!!!.???.***")).toEqual({ ok: false, reason: "invalid_format" });
      const signer = ring.signer()!;
      const extraClaim = await new CompactSign(new TextEncoder().encode(JSON.stringify({ ...claimsAt(t0), name: "Jane" })))
        .setProtectedHeader({ alg: "EdDSA", kid: signer.kid })
        .sign(signer.privateKey);
      expect(await verify(extraClaim)).toEqual({ ok: false, reason: "invalid_format" });
      expect(await verify(await signed(claimsAt(t0, { iss: "https://someone.else" })))).toEqual({ ok: false, reason: "invalid_format" });
    });

    it("bad_signature: a tampered payload", async () => {
      const [header, , signature] = (await signed()).split(".");
      const tampered = handMade(JSON.parse(new TextDecoder().decode(base64url.decode(header!))), claimsAt(t0, { sub: "60009912319984" }), signature!);
      expect(await verify(tampered)).toEqual({ ok: false, reason: "bad_signature" });
    });

    it("bad_signature: a known kid with another key's signature", async () => {
      const other = await KeyRing.load([{ ...(await generateSigningKey(t0)), kid: stored.kid }], 30 * day);
      expect(await verify(await signed(claimsAt(t0), other))).toEqual({ ok: false, reason: "bad_signature" });
    });

    it("unknown_kid: a valid signature from a key not in the ring, or no kid at all", async () => {
      const stranger = await KeyRing.load([await generateSigningKey(t0)], 30 * day);
      expect(await verify(await signed(claimsAt(t0), stranger))).toEqual({ ok: false, reason: "unknown_kid" });
      const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
      const noKid = await new CompactSign(new TextEncoder().encode(JSON.stringify(claimsAt(t0)))).setProtectedHeader({ alg: "EdDSA" }).sign(privateKey);
      expect(await verify(noKid)).toEqual({ ok: false, reason: "unknown_kid" });
    });

    it("expired at exp, valid one second before", async () => {
      const claims = claimsAt(t0);
      const jws = await signed(claims);
      expect((await verify(jws, { now: new Date((claims.exp - 1) * 1000) })).ok).toBe(true);
      expect(await verify(jws, { now: new Date(claims.exp * 1000) })).toEqual({ ok: false, reason: "expired", claims });
    });

    it("not_yet_valid when iat is ahead of the clock by more than the skew", async () => {
      const claims = claimsAt(new Date(t0.getTime() + 5 * 60_000));
      expect(await verify(await signed(claims))).toEqual({ ok: false, reason: "not_yet_valid", claims });
      const slightlyAhead = claimsAt(new Date(t0.getTime() + 30_000));
      expect((await verify(await signed(slightlyAhead))).ok).toBe(true);
    });

    it("revoked, checked on every scan even when the signature is cached", async () => {
      const claims = claimsAt(t0);
      const jws = await signed(claims);
      const revoked = new Set<string>();
      const verifier = new BarcodeTokenVerifier();
      const ctx = context({ isRevoked: async (c) => revoked.has(c.jti) });
      expect((await verifier.verify(jws, ctx)).ok).toBe(true);
      revoked.add(claims.jti);
      expect(await verifier.verify(jws, ctx)).toEqual({ ok: false, reason: "revoked", claims });
    });
  });

  describe("cached verifications", () => {
    // One verifier across calls, as in the app: the first call verifies and caches the signature.
    it("expiry is judged by the caller's clock on a cached token", async () => {
      const claims = claimsAt(t0);
      const jws = await signed(claims);
      const verifier = new BarcodeTokenVerifier();
      expect((await verifier.verify(jws, context())).ok).toBe(true);
      expect(await verifier.verify(jws, context({ now: new Date(claims.exp * 1000) }))).toEqual({ ok: false, reason: "expired", claims });
      expect((await verifier.verify(jws, context({ now: new Date((claims.exp - 1) * 1000) }))).ok).toBe(true);
    });

    it("a signing key dropped from the ring, or past its window, refuses its cached tokens at once", async () => {
      const jws = await signed(claimsAt(t0, { exp: seconds(t0) + 60 * day }));
      const verifier = new BarcodeTokenVerifier();
      expect((await verifier.verify(jws, context())).ok).toBe(true);
      const withoutIt = await KeyRing.load([await generateSigningKey(t0)], 30 * day);
      expect(await verifier.verify(jws, context({ ring: withoutIt }))).toEqual({ ok: false, reason: "unknown_kid" });
      // Retired by a newer key, then past retiredAt + the longest token lifetime.
      const rotated = await KeyRing.load([await generateSigningKey(new Date(t0.getTime() + 1000)), stored], 30 * day);
      const pastWindow = new Date(t0.getTime() + 1000 + 30 * day * 1000);
      expect(await verifier.verify(jws, context({ ring: rotated, now: pastWindow }))).toEqual({ ok: false, reason: "unknown_kid" });
      expect((await verifier.verify(jws, context())).ok).toBe(true);
    });

    it("only the same whole text hits: a cached token's header and payload with another signature is refused", async () => {
      const claims = claimsAt(t0);
      const jws = await signed(claims);
      const verifier = new BarcodeTokenVerifier();
      expect((await verifier.verify(jws, context())).ok).toBe(true);
      const [header, payload] = jws.split(".");
      const otherSignature = (await signed(claimsAt(t0))).split(".")[2]!;
      expect(await verifier.verify(`${header}.${payload}.${otherSignature}`, context())).toEqual({ ok: false, reason: "bad_signature" });
      expect(await verifier.verify(jws, context({ isRevoked: async (c) => c.jti === claims.jti }))).toEqual({ ok: false, reason: "revoked", claims });
    });
  });

  describe("forged tokens", () => {
    it('refuses alg "none", with or without a signature part', async () => {
      const payload = claimsAt(t0);
      expect((await verify(`${handMade({ alg: "none", kid: stored.kid }, payload, "")}`)).ok).toBe(false);
      const [, , signature] = (await signed(payload)).split(".");
      expect(await verify(handMade({ alg: "none", kid: stored.kid }, payload, signature!))).toEqual({ ok: false, reason: "bad_signature" });
    });

    it("refuses HS256 keyed with our public key (PEM, raw bytes or JWK text)", async () => {
      const publicKey = await importJWK({ kty: "OKP", crv: "Ed25519", x: stored.privateJwk.x }, "EdDSA", { extractable: true });
      const secrets = [
        new TextEncoder().encode(await exportSPKI(publicKey as CryptoKey)),
        base64url.decode(stored.privateJwk.x!),
        new TextEncoder().encode(JSON.stringify(ring.jwks(t0).keys[0])),
      ];
      for (const secret of secrets) {
        const forged = await new CompactSign(new TextEncoder().encode(JSON.stringify(claimsAt(t0))))
          .setProtectedHeader({ alg: "HS256", kid: stored.kid })
          .sign(secret);
        expect(await verify(forged)).toEqual({ ok: false, reason: "bad_signature" });
      }
    });

    it("refuses any other algorithm, even correctly signed (ES256)", async () => {
      const { privateKey } = await generateKeyPair("ES256");
      const es = await new CompactSign(new TextEncoder().encode(JSON.stringify(claimsAt(t0))))
        .setProtectedHeader({ alg: "ES256", kid: stored.kid })
        .sign(privateKey);
      expect(await verify(es)).toEqual({ ok: false, reason: "bad_signature" });
    });

    it("refuses a header that brings its own key (jwk/jku)", async () => {
      const signer = ring.signer()!;
      const embedded = await new CompactSign(new TextEncoder().encode(JSON.stringify(claimsAt(t0))))
        .setProtectedHeader({ alg: "EdDSA", kid: signer.kid, jku: "https://evil.example/jwks" })
        .sign(signer.privateKey);
      expect(await verify(embedded)).toEqual({ ok: false, reason: "invalid_format" });
    });
  });

  describe("key ring rotation", () => {
    it("signs with the newest key; a retired key verifies and is published until retiredAt + max TTL", async () => {
      const older = await generateSigningKey(t0);
      const rotatedAt = new Date(t0.getTime() + day * 1000);
      const newer = await generateSigningKey(rotatedAt);
      const rotated = await KeyRing.load([newer, older], 30 * day);
      expect(rotated.signer()?.kid).toBe(newer.kid);
      const oldToken = await signed(claimsAt(t0, { exp: seconds(t0) + 30 * day }), await KeyRing.load([older], 30 * day));
      const justBefore = new Date(rotatedAt.getTime() + 30 * day * 1000 - 1000);
      expect(rotated.jwks(justBefore).keys.map((key) => key.kid)).toEqual([newer.kid, older.kid]);
      expect((await verify(oldToken, { ring: rotated, now: new Date(t0.getTime() + 2 * day * 1000) })).ok).toBe(true);
      const after = new Date(rotatedAt.getTime() + 30 * day * 1000);
      expect(rotated.jwks(after).keys.map((key) => key.kid)).toEqual([newer.kid]);
      expect(rotated.verificationKey(older.kid, after)).toBeUndefined();
      expect(rotated.jwks(t0).keys[0]).toEqual({ kty: "OKP", crv: "Ed25519", x: newer.privateJwk.x, kid: newer.kid, alg: "EdDSA", use: "sig" });
      expect(JSON.stringify(rotated.jwks(t0))).not.toContain('"d"');
    });
  });
});
