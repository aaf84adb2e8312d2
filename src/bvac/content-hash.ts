import type { BvacDocument } from "./model.js";
import { sha256Hex } from "./sha256.js";

/** An object's own keys in code-unit order, each with its JSON-quoted `"key":` prefix. */
interface Shape {
  own: readonly string[];
  sorted: readonly string[];
  prefixes: readonly string[];
}

/**
 * Shapes by the first of their own keys (then compared key by key: no text is built to look one
 * up): a document has a handful of them (the document, its lines, totals, …) met again on every
 * submission, so each is sorted and quoted once. Bounded: past `maxShapes` an object's keys are
 * sorted each time, as they always were.
 */
const shapes = new Map<string | undefined, Shape[]>();
const maxShapes = 64;
let shapeCount = 0;

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

function shapeOf(record: object): Shape {
  const own = Object.keys(record);
  const known = shapes.get(own[0]);
  if (known) for (const shape of known) if (sameKeys(shape.own, own)) return shape;
  const sorted = [...own].sort();
  const shape = { own, sorted, prefixes: sorted.map((key) => `${JSON.stringify(key)}:`) };
  if (shapeCount < maxShapes) {
    shapeCount++;
    if (known) known.push(shape);
    else shapes.set(own[0], [shape]);
  }
  return shape;
}

/**
 * JSON with object keys sorted at every level, so equal documents give equal text. The text is
 * the stored replay key, so it never changes: keys in code-unit order, `undefined` members left
 * out, `undefined` array items written as nothing (as `Array.prototype.join` did). One string
 * built in a loop: this runs on every submission. Numbers, booleans and null are written as
 * `JSON.stringify` writes them without calling it for each one (a document has a few hundred).
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "object":
      break;
    default:
      return JSON.stringify(value);
  }
  if (value === null) return "null";
  if (Array.isArray(value)) {
    let text = "[";
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ",";
      text += (canonicalJson(value[index]) as string | undefined) ?? "";
    }
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  const { sorted, prefixes } = shapeOf(record);
  let text = "{";
  for (let index = 0; index < sorted.length; index++) {
    const entry = record[sorted[index]!];
    if (entry === undefined) continue;
    if (text.length > 1) text += ",";
    text += prefixes[index]! + canonicalJson(entry);
  }
  return `${text}}`;
}

/**
 * SHA-256 (hex) of the canonical normalised document: the replay test. Hashing the normalised
 * form, not the bytes received, makes an XML message and its JSON equivalent, or the same message
 * with other whitespace or prefixes, the same content.
 */
export async function contentHash(document: BvacDocument): Promise<string> {
  return sha256Hex(canonicalJson(document));
}
