import type { BvacDocument } from "./model.js";
import { sha256Hex } from "./sha256.js";

/** JSON with object keys sorted at every level, so equal documents give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 (hex) of the canonical normalised document: the replay test. Hashing the normalised
 * form, not the bytes received, makes an XML message and its JSON equivalent, or the same message
 * with other whitespace or prefixes, the same content.
 */
export async function contentHash(document: BvacDocument): Promise<string> {
  return sha256Hex(canonicalJson(document));
}
