import { createHash } from "node:crypto";

/**
 * SHA-256 of a UTF-8 string, hex. node:crypto rather than `crypto.subtle.digest`: on Node the
 * WebCrypto digest goes through the thread pool and a promise, ~50 µs per call against ~5 µs
 * here, and ingestion hashes twice per request (the API key, the document). workerd provides
 * `createHash` under `nodejs_compat`, so both runtimes run this same code.
 */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
