import { expect } from "vitest";
import { StoredPlanSchema } from "../../src/gateway/routes/insurer/plan-put.js";
import type { Harness } from "../harness/types.js";
import { bearer, bodyOf } from "./helpers.js";
import { createMemberTenant, type MemberTenant } from "./member-helpers.js";

/** Tenants under coverage plans, and sales to submit for them (docs/estimate.md). */

export { axaPlan, dutchPlan, familyPlan } from "../support/plan-bodies.js";

export const putJson = (gateway: Harness, path: string, body: unknown, key: string) =>
  gateway.fetch(path, { method: "PUT", headers: { "Content-Type": "application/json", ...bearer(key) }, body: JSON.stringify(body) });

export async function putPlan(gateway: Harness, tenant: MemberTenant, planId: string, plan: object) {
  const response = await putJson(gateway, `/v1/insurers/${tenant.insurer.code}/plans/${planId}`, plan, tenant.insurer.apiKey);
  const body = await bodyOf(response);
  expect(response.status, JSON.stringify(body)).toBe(200);
  return StoredPlanSchema.parse(body);
}

/** Roster lines through the insurer's own route, coverage periods naming plans. */
export async function roster(
  gateway: Harness,
  tenant: MemberTenant,
  members: Array<{ key1: string; guardianKey1?: string; coverage: Array<{ from: string; to?: string | null; plan?: string }> }>,
) {
  const text = members.map((member) => JSON.stringify({ insurer: tenant.insurer.code, name: `Member ${member.key1}`, ...member })).join("\n");
  const response = await gateway.fetch("/v1/members", {
    method: "PUT",
    headers: { "Content-Type": "application/x-ndjson", ...bearer(tenant.insurer.apiKey) },
    body: text,
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/** A member tenant of its own (each insurer needs its own audience at the shared test provider). */
export const newTenant = (gateway: Harness) => createMemberTenant(gateway, `pharmagate-estimates-${crypto.randomUUID()}`);

/** A tenant whose holder and dependent are under `planId` since 2010. */
export async function tenantWithPlan(gateway: Harness, planId: string, plan: object) {
  const tenant = await newTenant(gateway);
  await putPlan(gateway, tenant, planId, plan);
  const since2010 = [{ from: "2010-01-01", plan: planId }];
  await roster(gateway, tenant, [
    { key1: tenant.holder.key1, coverage: since2010 },
    { key1: tenant.dependent.key1, guardianKey1: tenant.holder.key1, coverage: since2010 },
  ]);
  return tenant;
}

type Line = { paid: string; prescribed?: boolean };

/** A JSON sale for one of the tenant's members, every line prescribed unless said otherwise. */
export function sale(tenant: MemberTenant, key1: string, deliveryDate: string, lines: Line[], documentId = crypto.randomUUID()) {
  return {
    documentId,
    pharmacy: { nihii: tenant.pharmacy.nihii, name: "Test pharmacy" },
    barcode: `${tenant.insurer.code}${key1}`,
    deliveryDate,
    patient: { name: "Jagger", firstName: "Mick" },
    prescriber: { riziv: "10000106999", name: "Richards" },
    lines: lines.map((line) => ({
      productType: 1,
      productId: "000000001597210",
      description: "FASTUM GEL DISPENSER 120 G",
      prescriptionDate: line.prescribed === false ? null : deliveryDate,
      quantity: 1,
      publicPrice: line.paid,
      paidPrice: line.paid,
    })),
  };
}
