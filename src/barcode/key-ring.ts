import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";

/** A signing key as kept by a key store: the private JWK (Ed25519, with `d`) and when it was made. */
export interface StoredSigningKey {
  kid: string;
  /** UTC ISO-8601. The newest key signs; each older key counts as retired when its successor was made. */
  createdAt: string;
  privateJwk: JWK;
}

/** A public key as published in `/.well-known/jwks.json` (RFC 7517). */
export interface PublicJwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  alg: "EdDSA";
  use: "sig";
}

interface RingKey {
  kid: string;
  createdAt: string;
  /** When the next key took over; null for the current key. */
  retiredAt: string | null;
  publicJwk: PublicJwk;
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}

export interface Signer {
  kid: string;
  privateKey: CryptoKey;
}

/** The Ed25519 private JWK's shape, checked before import so a broken store fails loudly. */
function assertEd25519Private(key: StoredSigningKey): asserts key is StoredSigningKey & { privateJwk: { x: string; d: string } } {
  const { kty, crv, x, d } = key.privateJwk;
  if (kty !== "OKP" || crv !== "Ed25519" || typeof x !== "string" || typeof d !== "string") {
    throw new Error(`signing key ${key.kid} is not an Ed25519 private JWK`);
  }
}

/**
 * The gateway's barcode signing keys. The newest key signs; older keys only verify, and stay
 * published until no token they signed can still be live: retiredAt + the longest token lifetime.
 * Rotation therefore never invalidates a token before its own expiry.
 */
export class KeyRing {
  private constructor(
    private readonly keys: readonly RingKey[],
    /** The longest lifetime a barcode token can have; how long a retired key keeps verifying. */
    readonly maxTokenTtlSeconds: number,
  ) {}

  static async load(stored: readonly StoredSigningKey[], maxTokenTtlSeconds: number): Promise<KeyRing> {
    const ordered = [...stored].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const keys = await Promise.all(
      ordered.map(async (key, index): Promise<RingKey> => {
        assertEd25519Private(key);
        const publicJwk: PublicJwk = { kty: "OKP", crv: "Ed25519", x: key.privateJwk.x, kid: key.kid, alg: "EdDSA", use: "sig" };
        return {
          kid: key.kid,
          createdAt: key.createdAt,
          retiredAt: ordered[index + 1]?.createdAt ?? null,
          publicJwk,
          publicKey: (await importJWK({ kty: "OKP", crv: "Ed25519", x: key.privateJwk.x }, "EdDSA")) as CryptoKey,
          privateKey: (await importJWK({ ...key.privateJwk, kid: key.kid }, "EdDSA")) as CryptoKey,
        };
      }),
    );
    return new KeyRing(keys, maxTokenTtlSeconds);
  }

  /** The key new tokens are signed with; null when the ring is empty (nothing configured). */
  signer(): Signer | null {
    const current = this.keys.at(-1);
    return current ? { kid: current.kid, privateKey: current.privateKey } : null;
  }

  #isLive(key: RingKey, now: Date): boolean {
    if (key.retiredAt === null) return true;
    return Date.parse(key.retiredAt) + this.maxTokenTtlSeconds * 1000 > now.getTime();
  }

  /** The public key for `kid` while a token signed by it may still be live; undefined otherwise. */
  verificationKey(kid: string, now: Date): CryptoKey | undefined {
    const key = this.keys.find((candidate) => candidate.kid === kid);
    return key && this.#isLive(key, now) ? key.publicKey : undefined;
  }

  /** The JWK Set to publish: the current key and every retired key still needed, newest first. */
  jwks(now: Date): { keys: PublicJwk[] } {
    return { keys: this.keys.filter((key) => this.#isLive(key, now)).map((key) => key.publicJwk).reverse() };
  }

  /** Listing for operators: no key material. */
  describe(now: Date): Array<{ kid: string; createdAt: string; retiredAt: string | null; published: boolean }> {
    return this.keys.map((key) => ({ kid: key.kid, createdAt: key.createdAt, retiredAt: key.retiredAt, published: this.#isLive(key, now) }));
  }
}

/**
 * A fresh Ed25519 key. Its `kid` is the start of its RFC 7638 thumbprint: stable, unique per key
 * in practice (48 bits), and short so the scanned text stays under 300 characters.
 */
export async function generateSigningKey(now: Date): Promise<StoredSigningKey> {
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = (await calculateJwkThumbprint({ kty: "OKP", crv: "Ed25519", x: privateJwk.x ?? "" })).slice(0, 8);
  return { kid, createdAt: now.toISOString(), privateJwk: { kty: privateJwk.kty, crv: privateJwk.crv, x: privateJwk.x, d: privateJwk.d } as JWK };
}
