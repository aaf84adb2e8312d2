import { describe, expect, it } from "vitest";
import { normaliseDocument } from "../../src/bvac/normalise.js";
import { rawFromSubmission, type BvacSubmission } from "../../src/bvac/submission-json.js";

const today = "2026-11-25";

function submission(overrides: Partial<BvacSubmission> = {}): BvacSubmission {
  return {
    documentId: "6f15f5cf-8104-5478-0ffe-978f311cad5a",
    pharmacy: { nihii: "99934051", name: "Demo pharmacy" },
    barcode: "60009912319994",
    deliveryDate: "2026-11-20",
    patient: { name: "Jagger", firstName: "Mick" },
    prescriber: { riziv: "10000106999", name: "Richards" },
    lines: [
      { productType: 1, productId: "000000001597210", description: "FASTUM GEL", prescriptionDate: "2026-11-18", quantity: 3, publicPrice: "17.31", paidPrice: "17.31" },
      { productType: 0, productId: "000000000000000", description: "Divers", prescriptionDate: "0001-01-01", quantity: 1, publicPrice: "2.00", paidPrice: "2.00" },
    ],
    ...overrides,
  };
}

const normalise = (body: BvacSubmission, totalsRequired = false) => normaliseDocument(rawFromSubmission(body), { today, totalsRequired });

describe("normaliseDocument", () => {
  it("turns placeholders into null: 0001-01-01, an all-zero product id and an all-zero prescriber", () => {
    const result = normalise(submission({ prescriber: { riziv: "00000000000" } }));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.document.prescriber).toBeNull();
    expect(result.document.lines[1]).toMatchObject({ productId: null, prescriptionDate: null });
    expect(result.document.totals).toEqual({ publicPriceCents: 1931, paidPriceCents: 1931, homeopathyCents: 0 });
    expect(result.warnings.map((warning) => warning.code)).toEqual(["totals_computed"]);
  });

  it("drops the national number: it is not in the document, only a warning says it was sent", () => {
    const result = normalise(submission({ patient: { name: "Jagger", nationalNumber: "85073003328" } }));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(JSON.stringify(result.document)).not.toContain("85073003328");
    expect(result.warnings.map((warning) => warning.code)).toContain("national_number_dropped");
  });

  it("accepts a Recip-e RID and any other internal reference, but refuses a malformed RID", () => {
    expect(normalise(submission({ internalReference: "BEPABZ2D88CD" })).ok).toBe(true);
    expect(normalise(submission({ internalReference: "POS-4711" })).ok).toBe(true);
    const result = normalise(submission({ internalReference: "BEPABZ2D88C" }));
    expect(result.ok ? [] : result.problems.map((problem) => problem.code)).toEqual(["invalid_rid"]);
  });

  it("checks the CNK of type-1 lines only; type 2 keeps the pharmacy's own id with letters", () => {
    const lines = [
      { productType: 2, productId: "00000000M036577", description: "Magistral", quantity: 1, publicPrice: "9.00", paidPrice: "4.50" },
      { productType: 1, productId: "000000002837408", description: "Bad check digit", quantity: 1, publicPrice: "1.00", paidPrice: "1.00" },
      { productType: 1, productId: "2837409", description: "Not padded", quantity: 1, publicPrice: "1.00", paidPrice: "1.00" },
      { productType: 1, productId: "000000000000000", description: "Zero CNK", quantity: 1, publicPrice: "1.00", paidPrice: "1.00" },
    ];
    const result = normalise(submission({ lines }));
    expect(result.ok ? [] : result.problems.map((problem) => `${problem.path}:${problem.code}`)).toEqual([
      "lines.1.productId:invalid_cnk",
      "lines.2.productId:invalid_cnk",
      "lines.3.productId:invalid_cnk",
    ]);
  });

  it("refuses a delivery date after tomorrow and accepts today's", () => {
    expect(normalise(submission({ deliveryDate: "2026-11-25" })).ok).toBe(true);
    const future = normalise(submission({ deliveryDate: "2026-11-27" }));
    expect(future.ok ? [] : future.problems).toEqual([expect.objectContaining({ path: "deliveryDate", code: "invalid_date" })]);
  });

  it("requires totals when the format does (SMC) and bounds a declared homeopathy total by the paid total", () => {
    const missing = normalise(submission(), true);
    expect(missing.ok ? [] : missing.problems.map((problem) => `${problem.path}:${problem.code}`)).toEqual([
      "totals.publicPrice:required",
      "totals.paidPrice:required",
    ]);
    const tooMuch = normalise(submission({ totals: { publicPrice: "19.31", paidPrice: "19.31", homeopathy: "19.32" } }));
    expect(tooMuch.ok ? [] : tooMuch.problems.map((problem) => problem.code)).toEqual(["totals_mismatch"]);
    const returned = normalise(
      submission({
        lines: [{ productType: 0, description: "Return", quantity: 1, publicPrice: "-5.00", paidPrice: "-5.00" }],
        totals: { publicPrice: "-5.00", paidPrice: "-5.00", homeopathy: "-1.00" },
      }),
    );
    expect(returned.ok).toBe(true);
  });

  it("does not report a totals mismatch on a column whose line amount is itself invalid", () => {
    const lines = [{ productType: 0, description: "X", quantity: 1, publicPrice: "1,00", paidPrice: "1.00" }];
    const result = normalise(submission({ lines, totals: { publicPrice: "7.00", paidPrice: "1.00" } }));
    expect(result.ok ? [] : result.problems.map((problem) => `${problem.path}:${problem.code}`)).toEqual(["lines.0.publicPrice:invalid_amount"]);
  });

  it("refuses no lines and more than 200", () => {
    const line = submission().lines[1];
    for (const lines of [[], Array.from({ length: 201 }, () => line)]) {
      const result = normalise(submission({ lines: lines as BvacSubmission["lines"] }));
      expect(result.ok ? [] : result.problems.map((problem) => problem.code)).toEqual(["invalid_line_count"]);
    }
  });

  it("does not compare declared totals with the sum of no lines (SMC with an empty productList too)", () => {
    const result = normalise(submission({ lines: [], totals: { publicPrice: "5.00", paidPrice: "5.00" } }), true);
    expect(result.ok ? [] : result.problems.map((problem) => `${problem.path}:${problem.code}`)).toEqual(["lines:invalid_line_count"]);
  });
});
