import { describe, expect, it } from "vitest";
import { vendorXmlTemplate } from "../../bench/lib/documents.js";
import { submissionFromXml } from "../../src/core/services/submission-input.js";
import { smcSchema, xsdErrors } from "../support/xsd.js";

/**
 * The SMC message `npm run bench` ingests (bench/fixtures/vendor-smc-13-lines.xml, standing in for
 * a certified vendor's message): it must stay valid against the published XSD and acceptable to the
 * gateway, or the XML figures measure a refusal.
 */
describe("the bench's vendor-shaped SMC message", () => {
  const message = vendorXmlTemplate(undefined);
  const body = message.body("5b0c2f7e-9d41-4c1a-8e3b-2f6a7d9c0e15");

  it("is about 11 KB and validates against the SMC XSD, header included", async () => {
    expect(message.bytes).toBeGreaterThan(10_000);
    expect(message.bytes).toBeLessThan(12_000);
    expect(await xsdErrors(body, smcSchema)).toBe("");
  });

  it("reads as one document of 13 lines with the fee line's warning only, its id replaced per request", () => {
    const submission = submissionFromXml(new TextEncoder().encode(body), "2026-11-30");
    expect(submission.document.documentId).toBe("5b0c2f7e-9d41-4c1a-8e3b-2f6a7d9c0e15");
    expect(submission.document.lines).toHaveLength(13);
    expect(submission.scannedBarcode).toBe("60009912319994");
    expect(submission.warnings.map((warning) => warning.code)).toEqual(["fee_line"]);
  });
});
