import { beforeAll, describe, expect, it } from "vitest";
import { fixtures, forTenant, jsonDocument, registerExampleInsurers, tenant, xmlBody } from "../contract/bvac-helpers.js";
import { bearer, json, randomInsurerCode } from "../contract/helpers.js";
import { createMemberTenant, getBarcode } from "../contract/member-helpers.js";
import { familyPlan, putPlan, roster as putRoster, sale } from "../contract/estimate-helpers.js";
import { traceHeader } from "../harness/workers-main.js";
import { meterOf } from "../harness/workers-limits.js";
import { getHarness } from "#harness";

/**
 * On D1 every call is a network round trip. The limits layer meters each request the Worker
 * serves; these are the budgets: a pharmacy operation reads in one batch and writes in one, an
 * insurer lease takes at most three. Measured on a second request with each key (the first one
 * looks the key up; the isolate then remembers it for `apiKeyCacheSeconds`).
 *
 * Measured twice: with the tenants' insurer in the shared database, and in a database of its own
 * (`DB_INSURER_7`), where a request reads both databases in parallel: a round trip is a D1 call
 * on the request's critical path (test/harness/workers-limits.ts), so two parallel calls are one.
 */
describe("D1 round trips per request on Workers", () => {
  beforeAll(async () => {
    // The SMC example's insurers, registered once for both runs.
    await registerExampleInsurers(await getHarness());
  });

  it.each([
    ["the shared database", "9"],
    ["its own database", "7"],
  ])("stays within two for every pharmacy operation and three for every insurer lease, insurer in %s", async (_where, prefix) => {
    const gateway = await getHarness();
    const measured: Record<string, number> = {};
    const metered = async (name: string, path: string, init: RequestInit = {}, status?: number) => {
      const trace = crypto.randomUUID();
      const response = await gateway.fetch(path, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers)), [traceHeader]: trace } });
      const text = await response.text();
      if (status !== undefined) expect(response.status, `${name}: ${text}`).toBe(status);
      measured[name] = meterOf(trace)?.d1RoundTrips ?? -1;
      return text;
    };

    const t = await tenant(gateway, { legacyBarcodes: "accept" }, randomInsurerCode(prefix));
    const members = await createMemberTenant(gateway, `round-trips-${prefix}`, randomInsurerCode(prefix));
    expect(gateway.dbFor(t.insurer.code) === gateway.db).toBe(prefix === "9");
    const { text: signed } = await getBarcode(gateway, members.holder.token);
    const pharmacyKey = bearer(t.pharmacy.apiKey);
    await gateway.fetch("/v1/bvac/warm-up", { headers: pharmacyKey });
    await gateway.fetch("/v1/bvac/warm-up", { headers: bearer(members.pharmacy.apiKey) });

    await metered("verify legacy", "/v1/barcodes/verify", json({ barcode: t.barcode }, pharmacyKey), 200);
    await metered("verify signed", "/v1/barcodes/verify", json({ barcode: signed }, bearer(members.pharmacy.apiKey)), 200);
    const document = jsonDocument(t);
    await metered("submit JSON legacy", "/v1/bvac", json(document, pharmacyKey), 201);
    await metered("submit JSON replay", "/v1/bvac", json(document, pharmacyKey), 200);
    const xml = forTenant(fixtures["6000-01-prescribed.xml"] ?? "", { nihii: t.pharmacy.nihii, documentId: crypto.randomUUID() });
    await metered("submit XML legacy", "/v1/bvac", xmlBody(xml, t.pharmacy.apiKey), 201);
    await metered("submit JSON signed", "/v1/bvac", json(jsonDocument({ pharmacy: members.pharmacy, barcode: signed }), bearer(members.pharmacy.apiKey)), 201);
    // A member under a reimbursement plan: the plan, its version and the running totals are read
    // with the first batch, so the estimate costs no round trip of its own.
    const planned = await createMemberTenant(gateway, `round-trips-plan-${prefix}`, randomInsurerCode(prefix));
    await putPlan(gateway, planned, "P1", familyPlan);
    await putRoster(gateway, planned, [{ key1: planned.holder.key1, coverage: [{ from: "2010-01-01", plan: "P1" }] }]);
    const plannedKey = bearer(planned.pharmacy.apiKey);
    await gateway.fetch("/v1/bvac/warm-up", { headers: plannedKey });
    for (const round of ["first", "second"]) {
      const receipt = await metered(`submit JSON with a plan (${round})`, "/v1/bvac", json(sale(planned, planned.holder.key1, "2026-11-02", [{ paid: "12.00" }]), plannedKey), 201);
      expect((JSON.parse(receipt) as { estimate: unknown }).estimate, receipt).not.toBeNull();
    }
    await metered("get document", `/v1/bvac/${document.documentId}`, { headers: pharmacyKey }, 200);
    await metered("receipt svg", `/v1/bvac/${document.documentId}/receipt.svg`, { headers: pharmacyKey }, 200);
    const cancelled = jsonDocument(t);
    await gateway.fetch("/v1/bvac", json(cancelled, pharmacyKey));
    await metered("cancel", `/v1/bvac/${cancelled.documentId}/cancel`, { method: "POST", headers: pharmacyKey }, 200);

    const insurerKey = bearer(t.insurer.apiKey);
    await gateway.fetch("/v1/exports", json({ limit: 1 }, { ...insurerKey, Accept: "application/json" })).then((r) => r.text());
    for (const [format, accept] of [["json", "application/json"], ["ndjson", "application/x-ndjson"], ["csv", "text/csv"], ["xml", "application/xml"]] as const) {
      await gateway.fetch("/v1/bvac", json(jsonDocument(t), pharmacyKey));
      await metered(`lease ${format}`, "/v1/exports", json({ limit: 100 }, { ...insurerKey, Accept: accept }), 200);
    }
    const batchId = (text: string) => (JSON.parse(text) as { batchId: string }).batchId;
    await gateway.fetch("/v1/bvac", json(jsonDocument(t), pharmacyKey));
    const leased = await metered("lease json again", "/v1/exports", json({ limit: 100 }, { ...insurerKey, Accept: "application/json" }), 200);
    await metered("release", `/v1/exports/${batchId(leased)}/release`, { method: "POST", headers: insurerKey }, 200);
    const again = await gateway.fetch("/v1/exports", json({ limit: 1000 }, { ...insurerKey, Accept: "application/json" })).then((r) => r.text());
    await metered("ack", `/v1/exports/${batchId(again)}/ack`, { method: "POST", headers: insurerKey }, 200);
    const delivered = (JSON.parse(again) as { documents: Array<{ documentId: string }> }).documents[0]?.documentId;
    await metered("decision", `/v1/bvac/${delivered}/decision?pharmacy=${t.pharmacy.nihii}`, json({ status: "accepted", reimbursedAmount: "1.00" }, insurerKey), 200);
    const roster = [{ insurer: t.insurer.code, key1: "4000000001", name: "A", coverage: [{ from: "2020-01-01" }] }].map((line) => JSON.stringify(line)).join("\n");
    await metered("roster", "/v1/members", { method: "PUT", body: roster, headers: { ...insurerKey, "Content-Type": "application/x-ndjson" } }, 200);
    console.log(prefix, JSON.stringify(measured));
    for (const [name, trips] of Object.entries(measured)) {
      expect(trips, name).toBeGreaterThan(0);
      // Pharmacy operations: two. Insurer requests: a lease three, the others two.
      expect(trips, name).toBeLessThanOrEqual(name.startsWith("lease") ? 3 : 2);
    }
  });
});
