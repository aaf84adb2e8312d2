import { describe, expect, it } from "vitest";
import { writeSmcMessage } from "../../src/bvac/formats/smc-xml-out.js";
import { BvacDocumentSchema } from "../../src/bvac/model.js";
import { sampleDocument } from "../support/bvac-documents.js";
import { bvacListSchema, smcSchema, xsdErrors } from "../support/xsd.js";

// The XSD checks elsewhere expect "": this shows the validator can also say no.
const message = () =>
  writeSmcMessage(BvacDocumentSchema.parse(sampleDocument({ nihii: "27456740", insurer: "0014", key1: "0159500001", documentId: "6f15f5cf-8104-5478-8ffe-978f311cad5a" })), {
    messageId: "12345678-1234-4234-9234-0123456789ab",
    createdAt: "2026-11-25T13:45:00.000Z",
  });

describe("XSD validator (libxml2 in WebAssembly)", () => {
  it("accepts the writer's message and refuses the same message with a quantity that is not a number", async () => {
    const xml = message();
    expect(await xsdErrors(xml, smcSchema)).toBe("");
    const broken = xml.replace(/<model:quantity>\d+<\/model:quantity>/, "<model:quantity>p</model:quantity>");
    expect(broken).not.toBe(xml);
    expect(await xsdErrors(broken, smcSchema)).toMatch(/quantity.*Schemas validity error|Schemas validity error.*quantity/s);
  });

  it("refuses a document that is not well-formed, and a BvacList without entries", async () => {
    expect(await xsdErrors(message().replace("</smc:header>", ""), smcSchema)).toMatch(/parser error/);
    expect(await xsdErrors('<BvacList xmlns="https://gfddpp.services.be/"></BvacList>', bvacListSchema)).toMatch(/Missing child element/);
  });
});
