import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BarcodeRefusal } from "../../src/core/services/barcode-check.js";
import { errorStatus, type ErrorCode } from "../../src/core/errors.js";
import type { MalformedXmlCode } from "../../src/bvac/formats/xml-tree.js";
import { documentWarningCodes, type DocumentProblemCode, type DocumentWarningCode } from "../../src/bvac/problems.js";
import { isMessageKey, type MessageKey } from "../../src/i18n/index.js";

/**
 * Every code the gateway can put in a problem has its words in every language: checked by the
 * compiler for the codes that are types (a new DocumentProblemCode without `field.<code>` fails
 * `tsc`), and here at run time for the rest, including codes written as literals in src/.
 */

// Compile-time: `true` only when every `<prefix><code>` is a catalogue key.
type AllKeys<Keys extends string> = [Exclude<Keys, MessageKey>] extends [never] ? true : Exclude<Keys, MessageKey>;
const problemKeys: AllKeys<`problem.${ErrorCode}.${"title" | "detail" | "action"}`> = true;
const documentKeys: AllKeys<`field.${DocumentProblemCode}`> = true;
const refusalKeys: AllKeys<`field.${BarcodeRefusal}`> = true;
const xmlKeys: AllKeys<`field.${MalformedXmlCode}`> = true;
const warningKeys: AllKeys<`warning.${DocumentWarningCode}`> = true;

/** zod 4's issue codes, which reach errors[] through fieldProblems. */
const zodCodes = ["invalid_type", "too_big", "too_small", "invalid_format", "not_multiple_of", "unrecognized_keys", "invalid_union", "invalid_key", "invalid_element", "invalid_value", "custom"];

/** Code literals in src/ that are field codes: `code: "…"`, `reason: "…"`, and the report helpers' code argument. */
function codesWrittenInSource(): Map<string, string> {
  const found = new Map<string, string>();
  const patterns = [/\b(?:code|reason): "([a-z][a-z0-9_]+)"/g, /\breport\([^;]*?, "([a-z][a-z0-9_]+)"/g, /\bproblem\(\w+, [^,]+, "([a-z][a-z0-9_]+)"/g, /\brefuse\([^,]+, "([a-z][a-z0-9_]+)"/g];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts") && !full.includes(`${join("src", "i18n")}`)) {
        const text = readFileSync(full, "utf8");
        for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.set(match[1]!, full);
      }
    }
  };
  walk(join(import.meta.dirname, "../../src"));
  return found;
}

/** Literals the patterns catch that are not field codes. */
const notFieldCodes = new Set(["barcode"]);

describe("every code has its catalogue entries", () => {
  it("error codes, document problems, refusals, unreadable XML and warnings (also checked by tsc)", () => {
    expect([problemKeys, documentKeys, refusalKeys, xmlKeys, warningKeys]).toEqual([true, true, true, true, true]);
    const lacking = [
      ...Object.keys(errorStatus).flatMap((code) => ["title", "detail", "action"].map((part) => `problem.${code}.${part}`)),
      ...documentWarningCodes.map((code) => `warning.${code}`),
      ...zodCodes.map((code) => `field.${code}`),
    ].filter((key) => !isMessageKey(key));
    expect(lacking).toEqual([]);
  });

  it("every field code written in src/ has a field.<code> message", () => {
    const found = codesWrittenInSource();
    expect(found.size).toBeGreaterThan(30);
    const lacking = [...found]
      .filter(([code]) => !notFieldCodes.has(code) && !(documentWarningCodes as readonly string[]).includes(code))
      .filter(([code]) => !isMessageKey(`field.${code}`))
      .map(([code, file]) => `${code} (${file})`);
    expect(lacking).toEqual([]);
  });
});
