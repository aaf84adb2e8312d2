import { hash } from "node:crypto";

/**
 * SHA-256 of a UTF-8 string, hex. node:crypto rather than `crypto.subtle.digest`: on Node the
 * WebCrypto digest goes through the thread pool and a promise for every call (bench/RESULTS.md has
 * the measured cost), and ingestion hashes twice per request (the API key, the document). The
 * one-shot `hash` rather than `createHash`: no `Hash` object built and thrown away per call, which an
 * export pays once per document it checks. workerd provides both under `nodejs_compat`, so both
 * runtimes run this same code.
 */
export function sha256Hex(text: string): string {
  return hash("sha256", text, "hex");
}
