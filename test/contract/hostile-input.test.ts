import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import { ReceiptSchema } from "../../src/gateway/routes/pharmacy/bvac-schemas.js";
import type { Harness } from "../harness/types.js";
import { hostileBodies, maxAnswerBytes } from "../support/hostile-bodies.js";
import { fixtures, forTenant, jsonDocument, newDocumentId, tenant, xmlBody } from "./bvac-helpers.js";
import { bearer, bodyOf, expectProblem, json } from "./helpers.js";

let gateway: Harness;
beforeAll(async () => {
  gateway = await getHarness();
});

const example = fixtures["6000-01-prescribed.xml"] ?? "";

/** An example message for a tenant: its pharmacy, a fresh id, and the tenant's member as barCode. */
const smcFor = (t: Awaited<ReturnType<typeof tenant>>, documentId = newDocumentId()) =>
  forTenant(example, { nihii: t.pharmacy.nihii, documentId })
    .replace(/<model:insurer>[^<]*/, `<model:insurer>${t.insurer.code}`)
    .replace(/<model:key1>[^<]*/, `<model:key1>${t.key1}`);

describe("hostile bodies under the body limit: the right code, a small answer", () => {
  it("answers every worst body with its code, naming the problem, in a bounded answer", async () => {
    const t = await tenant(gateway);
    const bodies = hostileBodies({ nihii: t.pharmacy.nihii, insurer: t.insurer.code, key1: t.key1, smcExample: example }, newDocumentId);
    for (const hostile of bodies) {
      expect(new TextEncoder().encode(hostile.body).length, hostile.name).toBeLessThanOrEqual(1_048_576);
      const [path, key, method] =
        hostile.route === "bvac"
          ? ["/v1/bvac", t.pharmacy.apiKey, "POST"]
          : hostile.route === "roster"
            ? ["/v1/members", t.insurer.apiKey, "PUT"]
            : [`/v1/bvac/${newDocumentId()}/decision?pharmacy=${t.pharmacy.nihii}`, t.insurer.apiKey, "POST"];
      const response = await gateway.fetch(path, { method, headers: { "Content-Type": hostile.contentType, ...bearer(key) }, body: hostile.body });
      const text = await response.text();
      expect(response.status, `${hostile.name}: ${text.slice(0, 500)}`).toBe(hostile.status);
      expect(text.length, hostile.name).toBeLessThanOrEqual(maxAnswerBytes);
      if (!hostile.code) continue;
      const problem = JSON.parse(text) as { code: string; errors?: Array<{ code: string }>; errorCount?: number };
      expect(problem.code, hostile.name).toBe(hostile.code);
      expect(problem.errors?.length ?? 0, hostile.name).toBeLessThanOrEqual(100);
      if (hostile.errorCode) expect(problem.errors?.map((error) => error.code), `${hostile.name}: ${text.slice(0, 300)}`).toContain(hostile.errorCode);
    }
  });

  it("shows the first 100 problems and the total count", async () => {
    const t = await tenant(gateway);
    const bad = { productType: 9, description: "", quantity: 1.5, publicPrice: "1,00", paidPrice: "abc" };
    const body = jsonDocument(t, { lines: Array.from({ length: 200 }, () => bad) });
    const problem = await expectProblem(await gateway.fetch("/v1/bvac", json(body, bearer(t.pharmacy.apiKey))), 422, "validation_failed");
    expect(problem.errors).toHaveLength(100);
    expect((problem as { errorCount?: number }).errorCount).toBeGreaterThan(100);
    expect(problem.errors?.[0]?.path).toMatch(/^lines\.0\./);
  });

  it("refuses 201 lines as too_many_lines before reading any of them, in JSON and in XML", async () => {
    const t = await tenant(gateway);
    const body = jsonDocument(t, { lines: Array.from({ length: 201 }, () => ({ quantity: "p" })) });
    const problem = await expectProblem(await gateway.fetch("/v1/bvac", json(body, bearer(t.pharmacy.apiKey))), 422, "validation_failed");
    expect(problem.errors).toEqual([expect.objectContaining({ path: "lines", code: "too_many_lines" })]);
    const xml = smcFor(t);
    const start = xml.indexOf("<model:product>");
    const end = xml.indexOf("</model:product>") + "</model:product>".length;
    const many = xml.slice(0, start) + xml.slice(start, end).repeat(201) + xml.slice(end);
    const fromXml = await expectProblem(await gateway.fetch("/v1/bvac", xmlBody(many, t.pharmacy.apiKey)), 422, "validation_failed");
    expect(fromXml.errors).toEqual([expect.objectContaining({ code: "too_many_lines", path: expect.stringMatching(/\/productList$/) })]);
  });
});

describe("certified software's messages and the export model at the door", () => {
  it("accepts a fee line (type 1, all-zero id) with a warning naming it, in XML and in JSON", async () => {
    const t = await tenant(gateway);
    const xml = smcFor(t);
    const fee =
      "<model:product><model:identification><model:productTypeId>1</model:productTypeId><model:id>000000000000000</model:id></model:identification>" +
      "<model:description><model:fullDescription>Hono.urgence</model:fullDescription></model:description><model:quantity>1</model:quantity>" +
      "<model:amounts><model:publicPrice>0.00</model:publicPrice><model:paidPrice>0.00</model:paidPrice></model:amounts></model:product>";
    const withFee = xml.replace("</model:productList>", `${fee}</model:productList>`);
    const response = await gateway.fetch("/v1/bvac", xmlBody(withFee, t.pharmacy.apiKey));
    const receipt = ReceiptSchema.parse(await bodyOf(response));
    expect(response.status, JSON.stringify(receipt)).toBe(201);
    expect(receipt.warnings).toContainEqual(expect.objectContaining({ code: "fee_line", path: expect.stringMatching(/product\[\d+\]\/identification\/id$/) }));

    const feeLine = { productType: 1, productId: "000000000000000", description: "Hono.urgence", quantity: 1, publicPrice: "4.99", paidPrice: "4.99" };
    const fromJson = await gateway.fetch("/v1/bvac", json(jsonDocument(t, { lines: [feeLine] }), bearer(t.pharmacy.apiKey)));
    expect(fromJson.status).toBe(201);
    expect(ReceiptSchema.parse(await bodyOf(fromJson)).warnings).toContainEqual(expect.objectContaining({ code: "fee_line", path: "lines.0.productId" }));
  });

  it("refuses a document whose amounts no export could carry (422 naming the field), and stores nothing", async () => {
    const t = await tenant(gateway);
    const huge = { productType: 0, description: "X", quantity: 1, publicPrice: "999999999999.99", paidPrice: "999999999999.99" };
    const body = jsonDocument(t, { lines: [huge, huge] });
    Reflect.deleteProperty(body, "totals");
    const problem = await expectProblem(await gateway.fetch("/v1/bvac", json(body, bearer(t.pharmacy.apiKey))), 422, "validation_failed");
    expect((problem.errors ?? []).map((error) => `${error.path}:${error.code}`).sort()).toEqual([
      "totals.paidPrice:amount_out_of_range",
      "totals.publicPrice:amount_out_of_range",
    ]);
    expect((await gateway.fetch(`/v1/bvac/${body.documentId}`, { headers: bearer(t.pharmacy.apiKey) })).status).toBe(404);
    // A line amount past 12 digits is already no SMC amount.
    const longer = jsonDocument(t, { lines: [{ ...huge, publicPrice: "9999999999999.99" }] });
    const refused = await expectProblem(await gateway.fetch("/v1/bvac", json(longer, bearer(t.pharmacy.apiKey))), 422, "validation_failed");
    expect(refused.errors).toContainEqual(expect.objectContaining({ path: "lines.0.publicPrice", code: "invalid_amount" }));
  });
});
