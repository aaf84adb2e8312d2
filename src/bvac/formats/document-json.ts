import type { BvacDocument, BvacLine } from "../model.js";

/**
 * Reads a stored document text (`bvac_document_texts.document_json`) in the shape ingestion writes
 * it: `JSON.stringify` of the normalised document, every key present, in a fixed order, the
 * `barcode` last (ingestion adds it after normalising) or third (the model's own order). An export
 * reads every document it writes, and `JSON.parse` (key internalisation, a dictionary per object)
 * was the largest single cost of a BvacList XML body; three anchored regular expressions read the
 * same text in one pass each.
 *
 * Returns the same values `JSON.parse` would, or null whenever the text is not in that shape: another
 * key order, an unexpected key, a string with a backslash escape (the regular expressions take
 * strings without any), a number that is not a plain integer. The caller then uses `JSON.parse`.
 * Values are not validated: callers use this only for text known to be ingestion's own.
 */

// A JSON string without escapes (JSON has no raw control characters in a string either).
const text = '"([^"\\\\\\u0000-\\u001f]*)"';
const textOrNull = `(?:null|${text})`;
// A JSON integer as `JSON.stringify` writes one.
const integer = "(-?(?:0|[1-9]\\d*))";
const barcode = `"barcode":\\{"insurer":${text},"key1":${text}\\}`;

const head = new RegExp(
  `\\{"documentId":${text},"pharmacy":\\{"nihii":${text},"name":${text}\\},(?:${barcode},)?"currency":${text},"deliveryDate":${text},` +
    `"patient":\\{"name":${text},"firstName":${textOrNull},"birthDate":${textOrNull}\\},` +
    `"prescriber":(?:null|\\{"riziv":${text},"name":${textOrNull},"firstName":${textOrNull}\\}),"internalReference":${textOrNull},"lines":\\[`,
  "y",
);
const line = new RegExp(
  `\\{"productType":${integer},"productId":${textOrNull},"description":${text},"prescriptionDate":${textOrNull},"quantity":${integer},` +
    `"publicPriceCents":${integer},"paidPriceCents":${integer},"homeopathic":(true|false)\\}([,\\]])`,
  "y",
);
const tail = new RegExp(`,"totals":\\{"publicPriceCents":${integer},"paidPriceCents":${integer},"homeopathyCents":${integer}\\}(?:,${barcode})?\\}$`, "y");

/** A capture of `textOrNull`: absent when the value was `null`. */
const orNull = (value: string | undefined): string | null => (value === undefined ? null : value);

export function readDocumentJson(json: string): BvacDocument | null {
  head.lastIndex = 0;
  const found = head.exec(json);
  if (found === null) return null;
  const lines: BvacLine[] = [];
  let at = head.lastIndex;
  for (;;) {
    line.lastIndex = at;
    const item = line.exec(json);
    if (item === null) return null;
    lines.push({
      productType: Number(item[1]) as BvacLine["productType"],
      productId: orNull(item[2]),
      description: item[3]!,
      prescriptionDate: orNull(item[4]),
      quantity: Number(item[5]),
      publicPriceCents: Number(item[6]),
      paidPriceCents: Number(item[7]),
      homeopathic: item[8] === "true",
    });
    at = line.lastIndex;
    if (item[9] === "]") break;
  }
  tail.lastIndex = at;
  const end = tail.exec(json);
  if (end === null) return null;
  // The barcode is in one place or the other, never both (a repeated key is not ingestion's text).
  if ((found[4] === undefined) === (end[4] === undefined)) return null;
  return {
    documentId: found[1]!,
    pharmacy: { nihii: found[2]!, name: found[3]! },
    barcode: found[4] !== undefined ? { insurer: found[4], key1: found[5]! } : { insurer: end[4]!, key1: end[5]! },
    currency: found[6] as BvacDocument["currency"],
    deliveryDate: found[7]!,
    patient: { name: found[8]!, firstName: orNull(found[9]), birthDate: orNull(found[10]) },
    prescriber: found[11] === undefined ? null : { riziv: found[11], name: orNull(found[12]), firstName: orNull(found[13]) },
    internalReference: orNull(found[14]),
    lines,
    totals: { publicPriceCents: Number(end[1]), paidPriceCents: Number(end[2]), homeopathyCents: Number(end[3]) },
  };
}
