import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BvacDocumentSchema } from "../../src/bvac/model.js";
import { normaliseDocument } from "../../src/bvac/normalise.js";
import { rawField, type RawDocument, type RawLine } from "../../src/bvac/raw-document.js";
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

  it("accepts a Recip-e RID and any other internal reference; a malformed RID (any text to the SMC schema) is a warning", () => {
    expect(normalise(submission({ internalReference: "BEPABZ2D88CD" })).ok).toBe(true);
    expect(normalise(submission({ internalReference: "POS-4711" })).ok).toBe(true);
    const result = normalise(submission({ internalReference: "BEPABZ2D88C" }));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.document.internalReference).toBe("BEPABZ2D88C");
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: "rid_format", path: "internalReference" }));
  });

  it("keeps a RIZIV whose check digits fail, with a warning; refuses one that is not 11 digits (SMC schema)", () => {
    const warned = normalise(submission({ prescriber: { riziv: "10000107999" } }));
    if (!warned.ok) throw new Error(JSON.stringify(warned.problems));
    expect(warned.document.prescriber?.riziv).toBe("10000107999");
    expect(warned.warnings).toContainEqual(expect.objectContaining({ code: "riziv_check_digits", path: "prescriber.riziv" }));
    const refused = normalise(submission({ prescriber: { riziv: "1000010799" } }));
    expect(refused.ok ? [] : refused.problems.map((problem) => `${problem.path}:${problem.code}`)).toEqual(["prescriber.riziv:invalid_riziv"]);
  });

  it("accepts a fee line (type 1, all-zero id) with a warning naming it; a non-zero CNK still needs its Luhn digit", () => {
    const fee = { productType: 1, productId: "000000000000000", description: "Hono.urgence", quantity: 1, publicPrice: "4.99", paidPrice: "4.99" };
    const result = normalise(submission({ lines: [...submission().lines, fee] }));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.document.lines[2]).toMatchObject({ productType: 1, productId: null, description: "Hono.urgence" });
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: "fee_line", path: "lines.2.productId" }));
  });

  it("stores the reserved product types 3 and 4 (valid in the SMC schema) with a warning", () => {
    const line = { productType: 3, productId: "000000000012345", description: "Reserved", quantity: 1, publicPrice: "1.00", paidPrice: "1.00" };
    const result = normalise(submission({ lines: [line] }));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.document.lines[0]?.productType).toBe(3);
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: "reserved_product_type", path: "lines.0.productType" }));
  });

  it("refuses amounts and totals beyond what the export model holds, naming the field", () => {
    const huge = { productType: 0, description: "X", quantity: 1, publicPrice: "999999999999.99", paidPrice: "1.00" };
    const result = normalise(submission({ lines: [huge, huge] }));
    expect(result.ok ? [] : result.problems.map((problem) => `${problem.path}:${problem.code}`)).toEqual(["totals.publicPrice:amount_out_of_range"]);
    const negative = { ...huge, publicPrice: "-999999999999.99" };
    const low = normalise(submission({ lines: [negative, negative] }));
    expect(low.ok ? [] : low.problems.map((problem) => `${problem.path}:${problem.code}`)).toEqual(["totals.publicPrice:amount_out_of_range"]);
    // One line at the very edge is fine: it fits every export.
    expect(normalise(submission({ lines: [huge] })).ok).toBe(true);
  });

  it("checks the CNK of type-1 lines only; type 2 keeps the pharmacy's own id with letters", () => {
    const lines = [
      { productType: 2, productId: "00000000M036577", description: "Magistral", quantity: 1, publicPrice: "9.00", paidPrice: "4.50" },
      { productType: 1, productId: "000000002837408", description: "Bad check digit", quantity: 1, publicPrice: "1.00", paidPrice: "1.00" },
      { productType: 1, productId: "2837409", description: "Not padded", quantity: 1, publicPrice: "1.00", paidPrice: "1.00" },
      { productType: 1, productId: "000000000000000", description: "Fee line", quantity: 1, publicPrice: "1.00", paidPrice: "1.00" },
    ];
    const result = normalise(submission({ lines }));
    expect(result.ok ? [] : result.problems.map((problem) => `${problem.path}:${problem.code}`)).toEqual([
      "lines.1.productId:invalid_cnk",
      "lines.2.productId:invalid_cnk",
    ]);
  });

  it("accepts a delivery date after tomorrow with a warning (a till's clock), and today's without", () => {
    const today = normalise(submission({ deliveryDate: "2026-11-25" }));
    expect(today.ok && today.warnings.map((warning) => warning.code)).toEqual(["totals_computed"]);
    const future = normalise(submission({ deliveryDate: "2026-11-27" }));
    if (!future.ok) throw new Error(JSON.stringify(future.problems));
    expect(future.warnings).toContainEqual(expect.objectContaining({ path: "deliveryDate", code: "delivery_date_in_future" }));
  });

  it("reads quantities as the SMC schema does: leading zeros dropped, more than 6 digits refused", () => {
    const withQuantity = (quantity: number) => submission({ lines: [{ ...submission().lines[0]!, quantity }] });
    expect(normalise(withQuantity(999_999)).ok).toBe(true);
    const tooMany = normalise(withQuantity(1_000_000));
    expect(tooMany.ok ? [] : tooMany.problems.map((problem) => `${problem.path}:${problem.code}`)).toEqual(["lines.0.quantity:invalid_quantity"]);
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

  it("refuses no lines (invalid_line_count) and more than 200 (too_many_lines, no line read)", () => {
    const line = submission().lines[1];
    const none = normalise(submission({ lines: [] }));
    expect(none.ok ? [] : none.problems.map((problem) => problem.code)).toEqual(["invalid_line_count"]);
    const many = normalise(submission({ lines: Array.from({ length: 201 }, () => ({ ...line, quantity: "p" })) as unknown as BvacSubmission["lines"] }));
    expect(many.ok ? [] : many.problems.map((problem) => problem.code)).toEqual(["too_many_lines"]);
  });

  it("does not compare declared totals with the sum of no lines (SMC with an empty productList too)", () => {
    const result = normalise(submission({ lines: [], totals: { publicPrice: "5.00", paidPrice: "5.00" } }), true);
    expect(result.ok ? [] : result.problems.map((problem) => `${problem.path}:${problem.code}`)).toEqual(["lines:invalid_line_count"]);
  });

  it("accepts only documents the stored model's schema (what exports read) accepts, at and beyond every field's bound", () => {
    // Mostly values at or just under a bound (so that many documents are accepted), sometimes just over it.
    const either = <T,>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>) => fc.oneof({ arbitrary: usual, weight: 12 }, { arbitrary: rare, weight: 1 });
    const textOf = (max: number) => either(fc.constantFrom(1, max).map((length) => "é".repeat(length)), fc.constantFrom(null, " ", "é".repeat(max + 1)));
    const date = either(
      fc.constantFrom("0001-01-01", "0100-02-29", "2000-02-29", "2024-02-29+02:00", "2026-11-20Z", "9999-12-31"),
      fc.constantFrom(null, "0099-06-01", "1900-02-29", "2023-02-29", "2026-13-01", "2026-04-31"),
    );
    const amount = either(
      fc.oneof(
        fc.bigInt({ min: -99_999_999_999_999n, max: 99_999_999_999_999n }).map((cents) => {
          const units = cents < 0n ? -cents : cents;
          return `${cents < 0n ? "-" : ""}${units / 100n}.${String(units % 100n).padStart(2, "0")}`;
        }),
        fc.constantFrom("999999999999.99", "-999999999999.99", "0.00"),
      ),
      fc.constantFrom("1000000000000.00", "1.5"),
    );
    const line = (index: number): fc.Arbitrary<RawLine> =>
      fc
        .record({
          productType: either(fc.constantFrom("0", "2", "3", "4"), fc.constantFrom("1", "5")),
          productId: either(fc.constantFrom("000000000000000", "00000000M036577"), fc.constantFrom(null, "000000001597210", "000000001597211", "0000000M036577", "ABCDEFGHIJKLMNOP")),
          description: textOf(100),
          prescriptionDate: date,
          quantity: either(fc.constantFrom("0", "007", "999999", "0999999"), fc.constantFrom("1000000", "1.5")),
          publicPrice: amount,
          paidPrice: amount,
          homeopathic: fc.constantFrom(null, true, false),
        })
        .map((fields) => {
          const at = (name: string) => `lines.${index}.${name}`;
          return {
            path: `lines.${index}`,
            productType: rawField(fields.productType, at("productType")),
            productId: rawField(fields.productId, at("productId")),
            description: rawField(fields.description, at("description")),
            prescriptionDate: rawField(fields.prescriptionDate, at("prescriptionDate")),
            quantity: rawField(fields.quantity, at("quantity")),
            publicPrice: rawField(fields.publicPrice, at("publicPrice")),
            paidPrice: rawField(fields.paidPrice, at("paidPrice")),
            homeopathic: fields.homeopathic,
          };
        });
    const document: fc.Arbitrary<RawDocument> = fc
      .record({
        documentId: either(fc.constantFrom("d", "x".repeat(64)), fc.constant("x".repeat(65))),
        pharmacyName: textOf(200),
        deliveryDate: date,
        patientName: textOf(200),
        patientFirstName: fc.option(textOf(200)),
        patientBirthDate: date,
        prescriber: fc.option(fc.record({ riziv: either(fc.constantFrom("00000000000", "10000106999", "10000107999"), fc.constantFrom(null, "1000010699")), name: fc.option(textOf(200)), firstName: fc.option(textOf(200)) })),
        internalReference: fc.option(textOf(50)),
        lines: either(fc.integer({ min: 1, max: 3 }), fc.constant(0)).chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => line(index)))),
        // Declared totals rarely add up: mostly computed (JSON), the sums beyond the model included.
        totals: either(fc.constant(null), fc.record({ publicPrice: amount, paidPrice: amount, homeopathy: fc.option(amount) })),
      })
      .map((fields) => ({
        documentId: rawField(fields.documentId, "documentId"),
        pharmacyNihii: rawField("99934051", "pharmacy.nihii"),
        pharmacyName: rawField(fields.pharmacyName, "pharmacy.name"),
        currency: rawField(null, "currency"),
        deliveryDate: rawField(fields.deliveryDate, "deliveryDate"),
        patientName: rawField(fields.patientName, "patient.name"),
        patientFirstName: rawField(fields.patientFirstName, "patient.firstName"),
        patientBirthDate: rawField(fields.patientBirthDate, "patient.birthDate"),
        nationalNumberSent: false,
        prescriber: fields.prescriber && {
          riziv: rawField(fields.prescriber.riziv, "prescriber.riziv"),
          name: rawField(fields.prescriber.name, "prescriber.name"),
          firstName: rawField(fields.prescriber.firstName, "prescriber.firstName"),
        },
        internalReference: rawField(fields.internalReference, "internalReference"),
        linesPath: "lines",
        lines: fields.lines,
        totals: {
          publicPrice: rawField(fields.totals?.publicPrice, "totals.publicPrice"),
          paidPrice: rawField(fields.totals?.paidPrice, "totals.paidPrice"),
          homeopathy: rawField(fields.totals?.homeopathy, "totals.homeopathy"),
        },
      }));
    const storedModel = BvacDocumentSchema.omit({ barcode: true });
    let accepted = 0;
    fc.assert(
      fc.property(document, (raw) => {
        const result = normaliseDocument(raw, { today, totalsRequired: false });
        if (!result.ok) return;
        accepted++;
        expect(storedModel.safeParse(result.document).error?.issues ?? []).toEqual([]);
      }),
      { numRuns: 3000 },
    );
    // The property says nothing unless documents are accepted, the edges among them.
    expect(accepted).toBeGreaterThan(30);
  });
});
