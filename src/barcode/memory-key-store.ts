import type { StoredSigningKey } from "./key-ring.js";
import type { KeyStore } from "./signing-keys.js";

/** Keys held in memory: tests, and the Workers secret (read-only: pass no `writable`). */
export function memoryKeyStore(initial: readonly StoredSigningKey[] = [], options: { writable: boolean } = { writable: true }): KeyStore {
  const keys = [...initial];
  const store: KeyStore = { load: async () => [...keys] };
  if (options.writable) {
    store.add = async (key) => {
      keys.push(key);
    };
  }
  return store;
}

/**
 * Parses the Workers `SIGNING_KEYS` secret: a JSON array of `{kid, createdAt, privateJwk}`, as
 * printed by `npm run cli -- keys secret`. The newest entry signs; older ones only verify.
 */
export function parseSigningKeysSecret(secret: string | undefined): StoredSigningKey[] {
  if (secret === undefined || secret.trim() === "") return [];
  const parsed: unknown = JSON.parse(secret);
  if (!Array.isArray(parsed)) throw new Error("SIGNING_KEYS must be a JSON array of {kid, createdAt, privateJwk}");
  return parsed.map((entry: unknown, index) => {
    const candidate = entry as Partial<StoredSigningKey> | null;
    if (
      typeof candidate?.kid !== "string" ||
      typeof candidate.createdAt !== "string" ||
      Number.isNaN(Date.parse(candidate.createdAt)) ||
      typeof candidate.privateJwk !== "object" ||
      candidate.privateJwk === null
    ) {
      throw new Error(`SIGNING_KEYS[${index}] must be {kid, createdAt, privateJwk}`);
    }
    return { kid: candidate.kid, createdAt: candidate.createdAt, privateJwk: candidate.privateJwk };
  });
}
