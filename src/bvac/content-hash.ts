import type { BvacDocument } from "./model.js";
import { sha256Hex } from "./sha256.js";

/**
 * JSON with object keys sorted at every level, so equal documents give equal text. The text is
 * the stored replay key, so it never changes: keys in code-unit order, `undefined` members left
 * out, `undefined` array items written as nothing (as `Array.prototype.join` did). One string
 * built in a loop: this runs on every submission.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let text = "[";
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ",";
      text += (canonicalJson(value[index]) as string | undefined) ?? "";
    }
    return `${text}]`;
  }
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    let text = "{";
    for (const key of Object.keys(record).sort()) {
      const entry = record[key];
      if (entry === undefined) continue;
      if (text.length > 1) text += ",";
      text += `${JSON.stringify(key)}:${canonicalJson(entry)}`;
    }
    return `${text}}`;
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
