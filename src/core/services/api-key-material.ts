import { apiKeyPrefix, type ApiKeyKind } from "../principal.js";
import { sha256Hex } from "../../bvac/sha256.js";

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A random secret of `bytes` bytes, base64url (API keys, session ids, CSRF tokens). */
export const randomSecret = (bytes: number): string => base64url(crypto.getRandomValues(new Uint8Array(bytes)));

export interface NewApiKey {
  id: string;
  /** Shown once to the operator, never stored. */
  plaintext: string;
  /** The visible start of the key, kept for listings. */
  prefix: string;
  hash: string;
}

/** A new random key (256 bits) with its audience prefix, e.g. `pk_…`. */
export async function newApiKey(kind: ApiKeyKind): Promise<NewApiKey> {
  const plaintext = apiKeyPrefix[kind] + randomSecret(32);
  return {
    id: `key_${randomSecret(12)}`,
    plaintext,
    prefix: plaintext.slice(0, 8),
    hash: sha256Hex(plaintext),
  };
}
