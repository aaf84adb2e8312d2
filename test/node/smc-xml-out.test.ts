import { describe, expect, it } from "vitest";
import { writeSmcMessage } from "../../src/bvac/formats/smc-xml-out.js";
import { BvacDocumentSchema, type BvacDocument } from "../../src/bvac/model.js";
import { sampleDocument } from "../support/bvac-documents.js";
import { smcSchema, xsdErrors } from "../support/xsd.js";

const meta = { messageId: "12345678-1234-4234-9234-0123456789ab", createdAt: "2026-11-25T13:45:00.000Z" };
const base = () => sampleDocument({ nihii: "27456740", insurer: "0014", key1: "0159500001", documentId: "6f15f5cf-8104-5478-0ffe-978f311cad5a" });

describe("SMC single message writer", () => {
  it("writes a message with header that validates against the SMC schema", async () => {
    const xml = writeSmcMessage(BvacDocumentSchema.parse(base()), meta);
    expect(await xsdErrors(xml, smcSchema)).toBe("");
    expect(xml).toContain("<smc:messageID>12345678-1234-4234-9234-0123456789ab</smc:messageID>");
    expect(xml).toContain("<id:nihiiPharmacyNumber>27456740</id:nihiiPharmacyNumber>");
    expect(xml).toContain("<model:publicPrice>17.31</model:publicPrice>");
    expect(xml).toContain("<model:totalPaidPrice>20.63</model:totalPaidPrice>");
  });

  it("stays valid with every optional field absent, placeholders where the schema insists", async () => {
    const doc: BvacDocument = {
      ...base(),
      patient: { name: "Doe", firstName: null, birthDate: null },
      prescriber: null,
      internalReference: null,
      lines: [{ productType: 0, productId: null, description: "Divers", prescriptionDate: null, quantity: 1, publicPriceCents: -150, paidPriceCents: -150, homeopathic: false }],
      totals: { publicPriceCents: -150, paidPriceCents: -150, homeopathyCents: 0 },
    };
    const xml = writeSmcMessage(BvacDocumentSchema.parse(doc), meta);
    expect(await xsdErrors(xml, smcSchema)).toBe("");
    expect(xml).toContain("<model:inamiNumber>00000000000</model:inamiNumber>");
    expect(xml).toContain("<model:productTypeId>0</model:productTypeId><model:id>000000000000000</model:id>");
    expect(xml).toContain("<model:publicPrice>-1.50</model:publicPrice>");
    expect(xml).not.toContain("prescriptionDate");
    expect(xml).not.toContain("InternalReference");
  });

  it("escapes markup and drops characters XML 1.0 cannot carry", async () => {
    const doc = { ...base(), patient: { name: `O'Brien <&> "x"\u0001`, firstName: "Zoë", birthDate: null } };
    const xml = writeSmcMessage(BvacDocumentSchema.parse(doc), meta);
    expect(await xsdErrors(xml, smcSchema)).toBe("");
    expect(xml).toContain("<model:name>O&apos;Brien &lt;&amp;&gt; &quot;x&quot;</model:name>");
    expect(xml).toContain("<model:firstName>Zoë</model:firstName>");
  });

  it("leaves out an internal reference longer than the schema's 50 characters rather than cutting it", async () => {
    const xml = writeSmcMessage(BvacDocumentSchema.parse({ ...base(), internalReference: "R".repeat(60) }), meta);
    expect(await xsdErrors(xml, smcSchema)).toBe("");
    expect(xml).not.toContain("InternalReference");
  });

  it("writes a magistral line with its own product id", async () => {
    const doc = { ...base(), lines: [{ productType: 2 as const, productId: "00000000M036577", description: "Magistrale bereiding", prescriptionDate: "2026-11-01", quantity: 1, publicPriceCents: 1250, paidPriceCents: 310, homeopathic: false }], totals: { publicPriceCents: 1250, paidPriceCents: 310, homeopathyCents: 0 } };
    const xml = writeSmcMessage(BvacDocumentSchema.parse(doc), meta);
    expect(await xsdErrors(xml, smcSchema)).toBe("");
    expect(xml).toContain("<model:productTypeId>2</model:productTypeId><model:id>00000000M036577</model:id>");
  });

  it("is checked for real: a non-UUID document id (older samples) fails the SMC schema", async () => {
    const xml = writeSmcMessage(BvacDocumentSchema.parse({ ...base(), documentId: "abcdefghijklmnopqrstuvwx1" }), meta);
    expect(await xsdErrors(xml, smcSchema)).toMatch(/BvacDocumentIdType|pattern/);
  });
});
