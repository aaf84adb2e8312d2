import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import type { Harness } from "../harness/types.js";
import { jsonDocument, tenant } from "./bvac-helpers.js";
import { bearer, expectProblem, json } from "./helpers.js";

/**
 * A JSON submission is checked in one pass: shape problems (missing field, wrong JSON type) and
 * content problems (formats, check digits, dates, amounts, totals, barcode format) come back in the
 * same 422, each once, with its JSON path and stable code. Every assertion is on the exact set.
 */
let gateway: Harness;
let t: Awaited<ReturnType<typeof tenant>>;
beforeAll(async () => {
  gateway = await getHarness();
  t = await tenant(gateway);
});

const submit = (body: unknown) => gateway.fetch("/v1/bvac", json(body, bearer(t.pharmacy.apiKey)));

/** The `path:code` pairs of a 422, sorted, so that a missing or an extra problem fails the test. */
async function reported(body: unknown): Promise<string[]> {
  const problem = await expectProblem(await submit(body), 422, "validation_failed");
  return (problem.errors ?? []).map(({ path, code }) => `${path}:${code}`).sort();
}

type Body = ReturnType<typeof jsonDocument> & Record<string, unknown>;
type Line = Body["lines"][number] & Record<string, unknown>;

/** A valid document with declared totals, so that totals flaws can be injected too. */
function validBody(): Body {
  return jsonDocument(t, { totals: { publicPrice: "31.30", paidPrice: "20.63" } });
}

describe("POST /v1/bvac (JSON): shape and content problems in one answer", () => {
  it("names every problem of the issue's example, shape and content alike", async () => {
    const body = {
      documentId: "d2",
      pharmacy: { nihii: t.pharmacy.nihii },
      barcode: "x",
      deliveryDate: "2026-13-20",
      lines: [{ productType: 1, productId: "00000000159721x", quantity: "p", publicPrice: "1,00", paidPrice: "1" }],
    };
    expect(await reported(body)).toEqual(
      [
        "pharmacy.name:required",
        "patient:required",
        "lines.0.description:required",
        "lines.0.quantity:invalid_type",
        "barcode:invalid_barcode",
        "deliveryDate:invalid_date",
        "lines.0.productId:invalid_cnk",
        "lines.0.publicPrice:invalid_amount",
        "lines.0.paidPrice:invalid_amount",
      ].sort(),
    );
  });

  it("reports a wrong-typed block once, not again for each field under it", async () => {
    const body = {
      ...validBody(),
      pharmacy: "Demo pharmacy",
      patient: { name: ["Jagger"], firstName: "Mick" },
      prescriber: { riziv: 10000106999 },
      lines: [7, { productType: 1, productId: "000000002837409", description: "AMLOR", quantity: 1.5, publicPrice: "13.99", paidPrice: "3,32" }],
      totals: { publicPrice: 31.3, paidPrice: "20.63" },
    };
    expect(await reported(body)).toEqual(
      [
        "pharmacy:invalid_type",
        "patient.name:invalid_type",
        "prescriber.riziv:invalid_type",
        "lines.0:invalid_type",
        "lines.1.quantity:invalid_quantity",
        "lines.1.paidPrice:invalid_amount",
        "totals.publicPrice:invalid_type",
      ].sort(),
    );
  });

  it("reports a body that is not an object, or has no lines, at the place that is wrong", async () => {
    expect(await reported([])).toEqual(["(body):invalid_type"]);
    const { lines: _lines, ...withoutLines } = validBody();
    expect(await reported({ ...withoutLines, deliveryDate: "yesterday" })).toEqual(["deliveryDate:invalid_date", "lines:required"]);
    expect(await reported({ ...validBody(), lines: [] })).toEqual(["lines:invalid_line_count"]);
  });

  it("refuses a barcode that is neither a signed token nor 14 digits with 422 invalid_barcode, even when all else is valid", async () => {
    for (const barcode of ["", " \r\n", "hello", "6000991231999", "]Q1 60009912319a94"]) {
      expect(await reported({ ...validBody(), barcode }), JSON.stringify(barcode)).toEqual(["barcode:invalid_barcode"]);
    }
    expect(await reported({ ...validBody(), barcode: 60009912319994 })).toEqual(["barcode:invalid_type"]);
  });

  it("uses the same shape codes on the API's other JSON routes (here the admin's new pharmacy)", async () => {
    const response = await gateway.fetch("/v1/admin/pharmacies", json({ nihii: 99934051 }, bearer(gateway.adminKey)));
    const problem = await expectProblem(response, 422, "validation_failed");
    expect((problem.errors ?? []).map(({ path, code }) => `${path}:${code}`).sort()).toEqual(["name:required", "nihii:invalid_type"]);
  });

  it("still accepts the valid document the flaws below are injected into", async () => {
    expect((await submit(validBody())).status).toBe(201);
  });

  /**
   * Independent flaws, each on its own field, with the one problem it must cause. For any non-empty
   * subset, the 422 names exactly the injected problems: none lost because another round failed
   * first, none reported twice.
   */
  const flaws: Array<{ problem: string; inject: (body: Body) => void }> = [
    { problem: "documentId:required", inject: (body) => Reflect.deleteProperty(body, "documentId") },
    { problem: "pharmacy.name:invalid_type", inject: (body) => (body.pharmacy = { ...body.pharmacy, name: 42 as unknown as string }) },
    { problem: "pharmacy.nihii:invalid_nihii", inject: (body) => (body.pharmacy = { ...body.pharmacy, nihii: "12345678" }) },
    { problem: "barcode:invalid_barcode", inject: (body) => (body.barcode = "not a barcode") },
    { problem: "currency:invalid_currency", inject: (body) => (body.currency = "USD") },
    { problem: "deliveryDate:invalid_date", inject: (body) => (body.deliveryDate = "2026-02-30") },
    { problem: "patient.firstName:invalid_type", inject: (body) => (body.patient = { ...body.patient, firstName: 7 as unknown as string }) },
    { problem: "prescriber.riziv:invalid_riziv", inject: (body) => (body.prescriber = { ...body.prescriber, riziv: "1000010699" }) },
    { problem: "internalReference:invalid_text", inject: (body) => (body.internalReference = "R".repeat(51)) },
    { problem: "lines.0.productId:invalid_cnk", inject: (body) => line(body, 0, { productId: "00000000159721x" }) },
    { problem: "lines.0.quantity:invalid_type", inject: (body) => line(body, 0, { quantity: "p" }) },
    { problem: "lines.0.description:required", inject: (body) => line(body, 0, { description: undefined }) },
    { problem: "lines.0.prescriptionDate:invalid_date", inject: (body) => line(body, 0, { prescriptionDate: "18/11/2026" }) },
    { problem: "lines.1.productType:invalid_product_type", inject: (body) => line(body, 1, { productType: 5 }) },
    { problem: "lines.1.quantity:invalid_quantity", inject: (body) => line(body, 1, { quantity: 1.5 }) },
    { problem: "lines.1.publicPrice:invalid_amount", inject: (body) => line(body, 1, { publicPrice: "13,99" }) },
    { problem: "totals.publicPrice:invalid_type", inject: (body) => (body.totals = { ...totalsOf(body), publicPrice: 31.3 }) },
    { problem: "totals.paidPrice:totals_mismatch", inject: (body) => (body.totals = { ...totalsOf(body), paidPrice: "20.64" }) },
    { problem: "totals.homeopathy:invalid_amount", inject: (body) => (body.totals = { ...totalsOf(body), homeopathy: "abc" }) },
  ];

  function line(body: Body, index: number, changes: Record<string, unknown>) {
    const lines: Line[] = body.lines.map((each) => ({ ...each }));
    const target = lines[index];
    if (!target) throw new Error(`no line ${index}`);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) delete target[key];
      else target[key] = value;
    }
    body.lines = lines;
  }

  const totalsOf = (body: Body) => (typeof body.totals === "object" && body.totals !== null ? body.totals : {});

  it("names exactly the injected flaws, for any subset of them", async () => {
    await fc.assert(
      fc.asyncProperty(fc.subarray(flaws, { minLength: 1 }), async (chosen) => {
        const body = validBody();
        for (const flaw of chosen) flaw.inject(body);
        expect(await reported(body)).toEqual(chosen.map((flaw) => flaw.problem).sort());
      }),
      { numRuns: 40 },
    );
  });
});
