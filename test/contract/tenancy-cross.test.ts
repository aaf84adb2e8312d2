import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import { LeasedBatchSchema } from "../../src/gateway/routes/insurer/export-schemas.js";
import type { Harness } from "../harness/types.js";
import { sampleDocument, storeQueuedDocumentFor } from "../support/bvac-documents.js";
import { bearer, bodyOf, expectProblem, json } from "./helpers.js";
import { createMemberTenant, getBarcode, verifyScan, type MemberTenant } from "./member-helpers.js";

/**
 * Cross-tenant cases: a valid key or token of one tenant aimed at another tenant's object gets a
 * 404 (or the 403 of "not yours" for a member's dependents), leaks nothing of the object, and
 * leaves the object as it was for its owner.
 */

let gateway: Harness;
let x: MemberTenant;
let y: MemberTenant;
beforeAll(async () => {
  gateway = await getHarness();
  x = await createMemberTenant(gateway);
  // Two insurers behind one identity provider are told apart by audience: Y has its own.
  y = await createMemberTenant(gateway, "pharmagate-tests-y");
});

/** Asserts the refusal carries none of the other tenant's identifiers. */
async function expectNoLeak(response: Response, status: number, code: string, secrets: string[]) {
  const text = await response.clone().text();
  await expectProblem(response, status, code);
  for (const secret of secrets) expect(text, `the refusal leaks ${secret}`).not.toContain(secret);
}

async function queuedForX() {
  const doc = sampleDocument({ nihii: x.pharmacy.nihii, insurer: x.insurer.code, key1: x.holder.key1, patientName: `Patient-${crypto.randomUUID()}` });
  await storeQueuedDocumentFor(gateway, doc);
  await gateway.drainQueue();
  return doc;
}

async function leaseAll(insurerKey: string) {
  const response = await gateway.fetch("/v1/exports", json({ limit: 1000 }, { ...bearer(insurerKey), Accept: "application/json" }));
  if (response.status === 204) return null;
  expect(response.status).toBe(200);
  return LeasedBatchSchema.parse(await bodyOf(response));
}

describe("insurer X vs insurer Y", () => {
  it("Y cannot see, ack or release X's batch; X's lease is untouched", async () => {
    const doc = await queuedForX();
    const batch = await leaseAll(x.insurer.apiKey);
    expect(batch?.documents.map((entry) => entry.documentId)).toContain(doc.documentId);
    expect(await leaseAll(y.insurer.apiKey)).toBeNull(); // nothing of X is offered to Y
    for (const action of ["ack", "release"]) {
      const response = await gateway.fetch(`/v1/exports/${batch!.batchId}/${action}`, { method: "POST", headers: bearer(y.insurer.apiKey) });
      await expectNoLeak(response, 404, "not_found", [doc.documentId, doc.patient.name, x.insurer.code, x.pharmacy.nihii]);
    }
    const ack = await gateway.fetch(`/v1/exports/${batch!.batchId}/ack`, { method: "POST", headers: bearer(x.insurer.apiKey) });
    expect(ack.status, await ack.clone().text()).toBe(200);
  });

  it("Y cannot decide on X's delivered document; X still can", async () => {
    const doc = await queuedForX();
    const batch = await leaseAll(x.insurer.apiKey);
    await gateway.fetch(`/v1/exports/${batch!.batchId}/ack`, { method: "POST", headers: bearer(x.insurer.apiKey) });
    const path = `/v1/bvac/${doc.documentId}/decision?pharmacy=${doc.pharmacy.nihii}`;
    const refused = await gateway.fetch(path, json({ status: "accepted" }, bearer(y.insurer.apiKey)));
    await expectNoLeak(refused, 404, "not_found", [doc.patient.name, x.insurer.code]);
    const decided = await gateway.fetch(path, json({ status: "accepted" }, bearer(x.insurer.apiKey)));
    expect(decided.status, await decided.clone().text()).toBe(200);
  });

  it("Y cannot revoke X's member; X's member's barcode keeps verifying", async () => {
    const barcode = await getBarcode(gateway, x.holder.token);
    const response = await gateway.fetch(`/v1/members/${x.insurer.code}/${x.holder.key1}/revoke`, { method: "POST", headers: bearer(y.insurer.apiKey) });
    await expectNoLeak(response, 404, "not_found", ["Ann Holder", barcode.id]);
    expect((await verifyScan(gateway, x.pharmacy.apiKey, barcode.text)).valid).toBe(true);
  });
});

describe("pharmacy A vs pharmacy B", () => {
  it("B cannot read, cancel or print A's document, even knowing its id; A still can", async () => {
    const documentId = crypto.randomUUID();
    const submitted = await gateway.fetch(
      "/v1/bvac",
      json(
        {
          documentId,
          pharmacy: { nihii: x.pharmacy.nihii, name: "Pharmacy A" },
          barcode: (await getBarcode(gateway, x.holder.token)).text,
          deliveryDate: new Date().toISOString().slice(0, 10),
          patient: { name: `Patient-${documentId.slice(0, 8)}` },
          lines: [{ productType: 1, productId: "000000001597210", description: "FASTUM GEL", quantity: 1, publicPrice: "5.77", paidPrice: "5.77" }],
        },
        bearer(x.pharmacy.apiKey),
      ),
    );
    expect(submitted.status, await submitted.clone().text()).toBe(201);
    const secrets = [`Patient-${documentId.slice(0, 8)}`, x.pharmacy.nihii, x.holder.key1, "5.77"];
    const asB = bearer(y.pharmacy.apiKey);
    await expectNoLeak(await gateway.fetch(`/v1/bvac/${documentId}`, { headers: asB }), 404, "not_found", secrets);
    await expectNoLeak(await gateway.fetch(`/v1/bvac/${documentId}/receipt.svg`, { headers: asB }), 404, "not_found", secrets);
    await expectNoLeak(await gateway.fetch(`/v1/bvac/${documentId}/cancel`, { method: "POST", headers: asB }), 404, "not_found", secrets);
    // B submitting a document in A's name is refused as well.
    const impersonation = await gateway.fetch(
      "/v1/bvac",
      json({ documentId, pharmacy: { nihii: x.pharmacy.nihii, name: "A" }, barcode: "60009912319994", deliveryDate: "2026-11-20", patient: { name: "X" }, lines: [{ productType: 0, description: "x", quantity: 1, publicPrice: "1.00", paidPrice: "1.00" }] }, asB),
    );
    await expectNoLeak(impersonation, 403, "forbidden", secrets);
    const own = await gateway.fetch(`/v1/bvac/${documentId}`, { headers: bearer(x.pharmacy.apiKey) });
    expect(own.status).toBe(200);
    expect(await bodyOf(own)).toMatchObject({ documentId, status: "queued" });
  });
});

describe("member vs member", () => {
  it("a member cannot act for another member of the same insurer who is not their dependent", async () => {
    for (const path of ["/v1/me/barcode", "/v1/me/barcode.svg", "/v1/me/card"]) {
      const response = await gateway.fetch(`${path}?member=${x.holder.key1}`, { headers: bearer(x.stranger.token) });
      await expectNoLeak(response, 403, "forbidden", ["Ann Holder"]);
    }
  });

  it("a member cannot reach a member of another insurer", async () => {
    expect((await getBarcode(gateway, y.holder.token)).text).toMatch(/^AP1:/); // Y's member is real and signed in
    const response = await gateway.fetch(`/v1/me/barcode?member=${y.holder.key1}`, { headers: bearer(x.holder.token) });
    await expectNoLeak(response, 403, "forbidden", ["Ann Holder", y.insurer.code]);
  });

  it("a dependent cannot act for their policyholder (the link goes one way)", async () => {
    const response = await gateway.fetch(`/v1/me/barcode?member=${x.holder.key1}`, { headers: bearer(x.dependent.token) });
    await expectNoLeak(response, 403, "forbidden", ["Ann Holder"]);
  });
});
