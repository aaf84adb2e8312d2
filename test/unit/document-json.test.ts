import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readDocumentJson } from "../../src/bvac/formats/document-json.js";
import type { BvacDocument } from "../../src/bvac/model.js";
import { normaliseDocument } from "../../src/bvac/normalise.js";
import { rawFromSubmission, type BvacSubmission } from "../../src/bvac/submission-json.js";
import { jsonDocument } from "../support/bvac-documents.js";

// Any text, including quotes, backslashes, controls, lone surrogates and markup.
const anyText = fc.string({ unit: "binary", minLength: 1, maxLength: 12 });
// Text JSON writes without an escape: markup, Latin-1, other planes, but no quote, backslash or control.
const plainText = fc.string({ unit: fc.constantFrom("a", "Z", "0", " ", "-", "é", "€", "😀", "<", "&", "'", ">", "\u007f"), minLength: 1, maxLength: 12 });
const cents = fc.integer({ min: -99_999_999_999_999, max: 99_999_999_999_999 });
const documentOf = (text: fc.Arbitrary<string>): fc.Arbitrary<BvacDocument> => {
  const line = fc.record({
    productType: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const, 4 as const),
    productId: fc.option(text, { nil: null }),
    description: text,
    prescriptionDate: fc.option(text, { nil: null }),
    quantity: fc.nat(),
    publicPriceCents: cents,
    paidPriceCents: cents,
    homeopathic: fc.boolean(),
  });
  return fc.record({
    documentId: text,
    pharmacy: fc.record({ nihii: text, name: text }),
    barcode: fc.record({ insurer: text, key1: text }),
    currency: fc.constant("EUR" as const),
    deliveryDate: text,
    patient: fc.record({ name: text, firstName: fc.option(text, { nil: null }), birthDate: fc.option(text, { nil: null }) }),
    prescriber: fc.option(fc.record({ riziv: text, name: fc.option(text, { nil: null }), firstName: fc.option(text, { nil: null }) }), { nil: null }),
    internalReference: fc.option(text, { nil: null }),
    lines: fc.array(line, { minLength: 1, maxLength: 4 }),
    totals: fc.record({ publicPriceCents: cents, paidPriceCents: cents, homeopathyCents: cents }),
  });
};

/** The document as ingestion stores it: the barcode added after normalising, so last. */
const barcodeLast = ({ barcode, ...rest }: BvacDocument) => ({ ...rest, barcode });

describe("readDocumentJson", () => {
  it("reads what JSON.parse reads, in ingestion's key order and the model's", () => {
    fc.assert(
      fc.property(documentOf(plainText), fc.boolean(), (document, ingestionOrder) => {
        const json = JSON.stringify(ingestionOrder ? barcodeLast(document) : document);
        expect(readDocumentJson(json)).toStrictEqual(JSON.parse(json));
      }),
      { numRuns: 300 },
    );
  });

  it("reads any text either as JSON.parse does or not at all (null: the caller parses it)", () => {
    fc.assert(
      fc.property(documentOf(anyText), fc.boolean(), (document, ingestionOrder) => {
        const json = JSON.stringify(ingestionOrder ? barcodeLast(document) : document);
        const read = readDocumentJson(json);
        if (read !== null) expect(read).toStrictEqual(JSON.parse(json));
        else expect(json).toContain("\\");
      }),
      { numRuns: 300 },
    );
  });

  it("reads a document as ingestion stores it (normalised, then the barcode added)", () => {
    const submission = jsonDocument({ pharmacy: { nihii: "99934051" }, barcode: "60009912319994" }, { internalReference: "R&D <1>" }) as BvacSubmission;
    const result = normaliseDocument(rawFromSubmission(submission), { today: "2026-11-25", totalsRequired: false });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const json = JSON.stringify({ ...result.document, barcode: { insurer: "6000", key1: "9912319994" } });
    expect(readDocumentJson(json)).toStrictEqual(JSON.parse(json));
  });

  it("answers null for a text in any other shape, so the caller parses it", () => {
    const document = JSON.parse(
      '{"documentId":"d","pharmacy":{"nihii":"1","name":"n"},"barcode":{"insurer":"6000","key1":"k"},"currency":"EUR","deliveryDate":"2026-11-20",' +
        '"patient":{"name":"p","firstName":null,"birthDate":null},"prescriber":null,"internalReference":null,' +
        '"lines":[{"productType":1,"productId":null,"description":"x","prescriptionDate":null,"quantity":1,"publicPriceCents":5,"paidPriceCents":5,"homeopathic":false}],' +
        '"totals":{"publicPriceCents":5,"paidPriceCents":5,"homeopathyCents":0}}',
    ) as BvacDocument;
    const json = JSON.stringify(document);
    expect(readDocumentJson(json)).toStrictEqual(document);
    const variants = [
      json.replace('"currency":"EUR",', "").replace('"totals"', '"currency":"EUR","totals"'),
      json.replace('"documentId":"d",', '"documentId":"d","extra":1,'),
      json.slice(0, -1) + ',"barcode":{"insurer":"6000","key1":"k"}}',
      json.replace('"quantity":1', '"quantity":1.5'),
      json.replace('"quantity":1', '"quantity":1e3'),
      json.replace('"quantity":1', '"quantity":01'),
      json.replace('"name":"n"', '"name":"a\\"b"'),
      json.replace('"lines":[', '"lines":[ '),
      json + " ",
      JSON.stringify({ ...document, lines: [] }),
    ];
    for (const variant of variants) expect(readDocumentJson(variant), variant).toBeNull();
  });
});
