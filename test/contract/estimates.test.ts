import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import { EstimateSchema, ReceiptSchema, DocumentStateSchema } from "../../src/gateway/routes/pharmacy/bvac-schemas.js";
import { EstimateAnswerSchema } from "../../src/gateway/routes/pharmacy/estimate-sale.js";
import { MeSchema } from "../../src/gateway/routes/member/me.js";
import { MemberDocumentSchema } from "../../src/gateway/routes/member/documents.js";
import type { Harness } from "../harness/types.js";
import { fixtures, forTenant, xmlBody } from "./bvac-helpers.js";
import { leaseAndAck } from "./export-flow.js";
import { bearer, bodyOf, createInsurer, expectProblem, json } from "./helpers.js";
import { randomKey1, type MemberTenant } from "./member-helpers.js";
import { axaPlan, dutchPlan, familyPlan, newTenant, putJson, putPlan as putPlanOn, roster as rosterOn, sale, tenantWithPlan as tenantWithPlanOn } from "./estimate-helpers.js";

/**
 * The reimbursement estimate over HTTP (docs/estimate.md), on both runtimes. Expected figures are
 * worked out by hand in the comments; test/unit/plan-engine.test.ts has the engine's own examples.
 */

let gateway: Harness;
beforeAll(async () => {
  gateway = await getHarness();
});

const put = (path: string, body: unknown, key: string) => putJson(gateway, path, body, key);
const putPlan = (tenant: MemberTenant, planId: string, plan: object) => putPlanOn(gateway, tenant, planId, plan);
const roster = (tenant: MemberTenant, members: Parameters<typeof rosterOn>[2]) => rosterOn(gateway, tenant, members);
const tenantWithPlan = (planId: string, plan: object) => tenantWithPlanOn(gateway, planId, plan);

async function submit(tenant: MemberTenant, body: ReturnType<typeof sale>, expected = 201) {
  const response = await gateway.fetch("/v1/bvac", json(body, bearer(tenant.pharmacy.apiKey)));
  const answer = await bodyOf(response);
  expect(response.status, JSON.stringify(answer)).toBe(expected);
  return ReceiptSchema.parse(answer);
}

async function whatIf(tenant: MemberTenant, init: RequestInit) {
  const response = await gateway.fetch("/v1/estimates", init);
  const answer = await bodyOf(response);
  expect(response.status, JSON.stringify(answer)).toBe(200);
  return EstimateAnswerSchema.parse(answer).estimate;
}

const cancel = (tenant: MemberTenant, documentId: string) =>
  gateway.fetch(`/v1/bvac/${documentId}/cancel`, { method: "POST", headers: bearer(tenant.pharmacy.apiKey) });

describe("plans", () => {
  it("stores a plan version for the key's own insurer code only, refusing bad rules with every problem", async () => {
    const tenant = await newTenant(gateway);
    const stored = await putPlan(tenant, "axa-317", axaPlan);
    expect(stored).toMatchObject({ insurer: tenant.insurer.code, planId: "axa-317", validTo: null, deductible: { amount: "25.00", per: "member" } });
    const other = await createInsurer(gateway);
    await expectProblem(await put(`/v1/insurers/${other.code}/plans/axa-317`, axaPlan, tenant.insurer.apiKey), 404, "not_found");
    const bad = await expectProblem(
      await put(`/v1/insurers/${tenant.insurer.code}/plans/axa-317`, { ...axaPlan, coinsurancePercent: 140, deductible: { amount: "25", per: "member" }, planYearStart: "02-29" }, tenant.insurer.apiKey),
      422,
      "validation_failed",
    );
    expect(bad.errors?.map((error) => error.path).sort()).toEqual(["coinsurancePercent", "deductible.amount", "planYearStart"]);
  });

  it("a member without a plan gets no estimate, never an error", async () => {
    const tenant = await newTenant(gateway);
    const receipt = await submit(tenant, sale(tenant, tenant.holder.key1, "2026-11-20", [{ paid: "17.31" }]));
    expect(receipt.estimate).toBeNull();
    // A period naming a plan that was never stored is the same: no estimate.
    await roster(tenant, [{ key1: tenant.holder.key1, coverage: [{ from: "2010-01-01", plan: "not-yet" }] }]);
    expect((await submit(tenant, sale(tenant, tenant.holder.key1, "2026-11-20", [{ paid: "17.31" }]))).estimate).toBeNull();
  });
});

describe("worked examples over HTTP", () => {
  it("AXA-style plan: the 201 carries the estimate, a replay and GET answer the same, /v1/estimates stores nothing", async () => {
    const tenant = await tenantWithPlan("axa-317", axaPlan);
    const body = sale(tenant, tenant.holder.key1, "2026-11-20", [{ paid: "17.31" }, { paid: "3.32", prescribed: false }, { paid: "20.63" }]);

    // The what-if first: the same figures as the sale will get, and nothing stored.
    const before = await whatIf(tenant, json(body, bearer(tenant.pharmacy.apiKey)));
    expect(await whatIf(tenant, json(body, bearer(tenant.pharmacy.apiKey)))).toEqual(before);
    await expectProblem(await gateway.fetch(`/v1/bvac/${body.documentId}`, { headers: bearer(tenant.pharmacy.apiKey) }), 404, "not_found");

    const receipt = await submit(tenant, body);
    // 17.31 to the 25.00 deductible; 3.32 not prescribed; 20.63: 7.69 deducted, 60 % of 12.94 = 7.764 → 7.76.
    expect(receipt.estimate).toEqual({
      plan: "axa-317",
      planYear: { from: "2026-07-01", to: "2027-06-30" },
      reimbursable: "7.76",
      deductibleApplied: "25.00",
      deductibleLeft: "0.00",
      capLeft: "162.24",
      lines: [
        { line: 1, eligible: "17.31", deductible: "17.31", coinsurance: "0.00", capped: "0.00", reimbursable: "0.00" },
        { line: 2, eligible: "0.00", deductible: "0.00", coinsurance: "0.00", capped: "0.00", reimbursable: "0.00" },
        { line: 3, eligible: "20.63", deductible: "7.69", coinsurance: "5.18", capped: "0.00", reimbursable: "7.76" },
      ],
    });
    expect(before).toEqual(receipt.estimate);
    expect((await submit(tenant, body, 200)).estimate).toEqual(receipt.estimate);
    const state = DocumentStateSchema.parse(await bodyOf(await gateway.fetch(`/v1/bvac/${body.documentId}`, { headers: bearer(tenant.pharmacy.apiKey) })));
    expect(state.estimate).toEqual(receipt.estimate);

    // The next what-if sees the stored document's share: no deductible left, 162.24 of the cap.
    const next = await whatIf(tenant, json(sale(tenant, tenant.holder.key1, "2026-11-21", [{ paid: "10.00" }]), bearer(tenant.pharmacy.apiKey)));
    expect(next).toMatchObject({ reimbursable: "6.00", deductibleApplied: "0.00", capLeft: "156.24" });
  });

  it("answers a what-if for an SMC XML body like the sale's own", async () => {
    const tenant = await tenantWithPlan("axa-317", axaPlan);
    const xml = forTenant(fixtures["0014-01-prescribed.xml"]!, { nihii: tenant.pharmacy.nihii, documentId: crypto.randomUUID() })
      .replace("<model:insurer>0014<", `<model:insurer>${tenant.insurer.code}<`)
      .replace("<model:key1>0159500001<", `<model:key1>${tenant.holder.key1}<`);
    const estimate = await whatIf(tenant, xmlBody(xml, tenant.pharmacy.apiKey));
    // Delivered 2013-10-30: plan year 2013-07-01 … 2014-06-30; 17.31 + 3.32 prescribed, all to the deductible.
    expect(estimate).toMatchObject({ planYear: { from: "2013-07-01", to: "2014-06-30" }, reimbursable: "0.00", deductibleApplied: "20.63", deductibleLeft: "4.37", capLeft: "170.00" });
    // The barcode is checked as for a sale: a member the insurer does not know is refused.
    const stranger = xml.replace(`<model:key1>${tenant.holder.key1}<`, `<model:key1>${randomKey1()}<`);
    await expectProblem(await gateway.fetch("/v1/estimates", xmlBody(stranger, tenant.pharmacy.apiKey)), 403, "barcode_refused");
  });

  it("Dutch model: a member covered from 15 March 2024 has a pro-rata deductible of 307.00", async () => {
    const tenant = await newTenant(gateway);
    await putPlan(tenant, "nl-basic", dutchPlan);
    await roster(tenant, [{ key1: tenant.holder.key1, coverage: [{ from: "2024-03-15", plan: "nl-basic" }] }]);
    // 385.00 / 366 = 1.05 a day × 292 days = 306.60 → 307.00; 250.00 + 57.00 deducted, 23.00 reimbursed.
    const receipt = await submit(tenant, sale(tenant, tenant.holder.key1, "2024-04-02", [{ paid: "250.00", prescribed: false }, { paid: "80.00", prescribed: false }]));
    expect(receipt.estimate).toMatchObject({ planYear: { from: "2024-01-01", to: "2024-12-31" }, reimbursable: "23.00", deductibleApplied: "307.00", deductibleLeft: "0.00", capLeft: null });
  });

  it("a family deductible is taken once when two members' documents arrive in parallel", async () => {
    const tenant = await tenantWithPlan("family", familyPlan);
    const receipts = await Promise.all([
      submit(tenant, sale(tenant, tenant.holder.key1, "2026-11-20", [{ paid: "80.00" }])),
      submit(tenant, sale(tenant, tenant.dependent.key1, "2026-11-20", [{ paid: "80.00" }])),
    ]);
    // Whichever is stored first takes 80.00 of the 100.00; the other 20.00, and 80 % of its 60.00 = 48.00.
    const estimates = receipts.map((receipt) => EstimateSchema.parse(receipt.estimate));
    expect(estimates.map((estimate) => estimate.deductibleApplied).sort()).toEqual(["20.00", "80.00"]);
    expect(estimates.map((estimate) => estimate.reimbursable).sort()).toEqual(["0.00", "48.00"]);
    expect(estimates.find((estimate) => estimate.deductibleApplied === "20.00")?.deductibleLeft).toBe("0.00");
  });

  it("a cancellation after the cap was reached gives the cancelled document's share back", async () => {
    const tenant = await tenantWithPlan("axa-317", axaPlan);
    const key1 = tenant.holder.key1;
    // A: 300.00; 25.00 deducted; 60 % of 275.00 = 165.00; 5.00 of the cap left.
    const a = sale(tenant, key1, "2026-11-02", [{ paid: "300.00" }]);
    expect((await submit(tenant, a)).estimate).toMatchObject({ reimbursable: "165.00", deductibleApplied: "25.00", capLeft: "5.00" });
    // B: 20.00 → 12.00, cut to the 5.00 left.
    const b = await submit(tenant, sale(tenant, key1, "2026-11-03", [{ paid: "20.00" }]));
    expect(b.estimate).toMatchObject({ reimbursable: "5.00", capLeft: "0.00" });
    expect(b.estimate?.lines[0]).toMatchObject({ coinsurance: "8.00", capped: "7.00", reimbursable: "5.00" });
    // C: the cap is reached.
    expect((await submit(tenant, sale(tenant, key1, "2026-11-04", [{ paid: "10.00" }]))).estimate).toMatchObject({ reimbursable: "0.00", capLeft: "0.00" });
    // A is cancelled: its 25.00 deductible and 165.00 go back; B's 5.00 stays counted.
    expect((await cancel(tenant, a.documentId)).status).toBe(200);
    // D: 50.00; 25.00 deducted again; 60 % of 25.00 = 15.00; cap left 170.00 − 5.00 − 15.00 = 150.00.
    expect((await submit(tenant, sale(tenant, key1, "2026-11-05", [{ paid: "50.00" }]))).estimate).toMatchObject({
      reimbursable: "15.00",
      deductibleApplied: "25.00",
      capLeft: "150.00",
    });
    // Cancelling twice gives nothing back twice.
    expect((await cancel(tenant, a.documentId)).status).toBe(200);
    expect(await whatIf(tenant, json(sale(tenant, key1, "2026-11-06", [{ paid: "10.00" }]), bearer(tenant.pharmacy.apiKey)))).toMatchObject({ capLeft: "144.00" });
  });

  it("a decision with a reimbursed amount replaces the estimate and re-bases the totals; the member sees both", async () => {
    const tenant = await tenantWithPlan("axa-317", axaPlan);
    const key1 = tenant.holder.key1;
    // 45.00: 25.00 deducted, 60 % of 20.00 = 12.00; cap left 158.00.
    const first = sale(tenant, key1, "2026-11-02", [{ paid: "45.00" }]);
    expect((await submit(tenant, first)).estimate).toMatchObject({ reimbursable: "12.00", capLeft: "158.00" });
    await leaseAndAck(gateway, tenant.insurer.apiKey);
    const decided = await gateway.fetch(`/v1/bvac/${first.documentId}/decision?pharmacy=${tenant.pharmacy.nihii}`, json({ status: "paid", reimbursedAmount: "10.00" }, bearer(tenant.insurer.apiKey)));
    expect(decided.status, await decided.clone().text()).toBe(200);
    // Re-based on the 10.00 paid: 10.00: 60 % = 6.00; cap left 170.00 − 10.00 − 6.00 = 154.00 (152.00 on the estimate).
    expect((await submit(tenant, sale(tenant, key1, "2026-11-03", [{ paid: "10.00" }]))).estimate).toMatchObject({ reimbursable: "6.00", capLeft: "154.00" });

    const token = tenant.holder.token;
    const listed = await gateway.fetch("/v1/me/documents", { headers: bearer(token) });
    const documents = await bodyOf<{ documents: unknown[] }>(listed);
    expect(listed.status, JSON.stringify(documents)).toBe(200);
    const shown = documents.documents.map((document) => MemberDocumentSchema.parse(document));
    expect(shown.find((document) => document.documentId === first.documentId)).toMatchObject({
      estimate: { plan: "axa-317", planYear: { from: "2026-07-01", to: "2027-06-30" }, reimbursable: "12.00", deductibleApplied: "25.00" },
      reimbursedAmount: "10.00",
    });

    const me = MeSchema.parse(await bodyOf(await gateway.fetch("/v1/me", { headers: bearer(token) })));
    const mine = me.plans.find((standing) => standing.key1 === key1 && standing.planYear.from === "2026-07-01");
    expect(mine).toEqual({
      key1,
      plan: "axa-317",
      planYear: { from: "2026-07-01", to: "2027-06-30" },
      deductible: { amount: "25.00", per: "member", used: "25.00", left: "0.00" },
      cap: { amount: "170.00", per: "member", used: "16.00", left: "154.00" },
    });
  });

  it("a rejection gives the document's share back", async () => {
    const tenant = await tenantWithPlan("axa-317", axaPlan);
    const first = sale(tenant, tenant.holder.key1, "2026-11-02", [{ paid: "45.00" }]);
    await submit(tenant, first);
    await leaseAndAck(gateway, tenant.insurer.apiKey);
    const decided = await gateway.fetch(`/v1/bvac/${first.documentId}/decision?pharmacy=${tenant.pharmacy.nihii}`, json({ status: "rejected", reason: "not covered" }, bearer(tenant.insurer.apiKey)));
    expect(decided.status).toBe(200);
    expect(await whatIf(tenant, json(sale(tenant, tenant.holder.key1, "2026-11-03", [{ paid: "45.00" }]), bearer(tenant.pharmacy.apiKey)))).toMatchObject({
      reimbursable: "12.00",
      deductibleApplied: "25.00",
      capLeft: "158.00",
    });
  });
});
