import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import { BatchOutcomeSchema, LeasedBatchSchema } from "../../src/gateway/routes/insurer/export-schemas.js";
import { MemberDocumentSchema } from "../../src/gateway/routes/member/documents.js";
import { testIdp } from "../harness/identity-provider.js";
import type { Harness } from "../harness/types.js";
import { jsonDocument } from "./bvac-helpers.js";
import { bearer, bodyOf, createInsurer, createPharmacy, expectProblem, json } from "./helpers.js";
import { randomKey1 } from "./member-helpers.js";

/**
 * Issue 5's acceptance path over HTTP only, on both runtimes: roster sync, ingestion of documents
 * for two insurers, two concurrent export jobs, ack, lease expiry and re-lease, parking after 5
 * unacknowledged leases, a decision, and the member's follow-up. (XSD validation and unsealing
 * run on Node only: test/node/bvac-list-sealed.test.ts.)
 */

let gateway: Harness;
beforeAll(async () => {
  gateway = await getHarness();
});

const ndjson = (lines: object[]) => lines.map((line) => JSON.stringify(line)).join("\n");

async function syncRoster(insurerKey: string, lines: object[]) {
  const response = await gateway.fetch("/v1/members", {
    method: "PUT",
    headers: { ...bearer(insurerKey), "Content-Type": "application/x-ndjson" },
    body: ndjson(lines),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

async function ingest(pharmacy: { nihii: string; apiKey: string }, insurer: string, key1: string): Promise<string> {
  const body = jsonDocument({ pharmacy, barcode: `${insurer}${key1}` });
  const response = await gateway.fetch("/v1/bvac", json(body, bearer(pharmacy.apiKey)));
  expect(response.status, await response.clone().text()).toBe(201);
  return body.documentId;
}

async function lease(insurerKey: string, body: object = {}) {
  const response = await gateway.fetch("/v1/exports", json(body, { ...bearer(insurerKey), Accept: "application/json" }));
  if (response.status === 204) return null;
  expect(response.status, await response.clone().text()).toBe(200);
  return LeasedBatchSchema.parse(await bodyOf(response));
}

const close = async (insurerKey: string, batchId: string, action: "ack" | "release") =>
  gateway.fetch(`/v1/exports/${batchId}/${action}`, { method: "POST", headers: bearer(insurerKey) });

describe("issue 5 acceptance: from the pharmacy's sale to the member's follow-up", () => {
  it("runs the whole insurer side", async () => {
    const pharmacy = await createPharmacy(gateway, undefined, "Apotheek De Linde");
    const [a, b] = [await createInsurer(gateway), await createInsurer(gateway)];
    const idp = await gateway.fetch(`/v1/admin/insurers/${a.code}/identity-provider`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", ...bearer(gateway.adminKey) },
      body: JSON.stringify({ issuer: testIdp.issuer, audience: testIdp.audience, jwksUrl: testIdp.jwksUrl, key1Claim: testIdp.key1Claim }),
    });
    expect(idp.status).toBe(200);

    // Roster through the insurer API: a policyholder with a dependent at A, one member at B.
    const [holder, child, other] = [randomKey1(), randomKey1(), randomKey1()];
    const covered = [{ from: "2020-01-01", to: null }];
    await syncRoster(a.apiKey, [
      { insurer: a.code, key1: child, name: "Noor Peeters", coverage: covered, guardianKey1: holder },
      { insurer: a.code, key1: holder, name: "An Peeters", birthDate: "1984-05-06", coverage: covered },
    ]);
    await syncRoster(b.apiKey, [{ insurer: b.code, key1: other, name: "Bram Claes", coverage: covered }]);
    await expectProblem(
      await gateway.fetch("/v1/members", { method: "PUT", headers: { ...bearer(b.apiKey), "Content-Type": "application/x-ndjson" }, body: ndjson([{ insurer: a.code, key1: other, name: "X", coverage: covered }]) }),
      422,
      "validation_failed",
    );

    // Sales scanned with legacy barcodes, for both insurers.
    const ofA = [await ingest(pharmacy, a.code, holder), await ingest(pharmacy, a.code, child), await ingest(pharmacy, a.code, holder), await ingest(pharmacy, a.code, child)];
    const ofB = [await ingest(pharmacy, b.code, other), await ingest(pharmacy, b.code, other)];

    // Two of A's jobs lease at once (one with a short lease), B's job alongside.
    const [job1, job2, jobB] = await Promise.all([
      lease(a.apiKey, { limit: 2 }),
      lease(a.apiKey, { limit: 2, leaseSeconds: 1 }),
      lease(b.apiKey, { limit: 10 }),
    ]);
    const idsOf = (batch: typeof job1) => (batch?.documents ?? []).map((entry) => entry.documentId);
    expect(idsOf(job1)).toHaveLength(2);
    expect(idsOf(job2)).toHaveLength(2);
    expect(idsOf(job1).filter((id) => idsOf(job2).includes(id))).toEqual([]);
    expect([...idsOf(job1), ...idsOf(job2)].sort()).toEqual([...ofA].sort());
    expect(idsOf(jobB).sort()).toEqual([...ofB].sort());
    for (const entry of [...job1!.documents, ...job2!.documents]) expect(entry.insurer).toBe(a.code);

    // Job 1 acknowledges; job 2 lets its lease run out.
    expect(BatchOutcomeSchema.parse(await bodyOf(await close(a.apiKey, job1!.batchId, "ack")))).toMatchObject({ delivered: 2 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expectProblem(await close(a.apiKey, job2!.batchId, "ack"), 409, "lease_expired");
    const again = await lease(a.apiKey, { limit: 10 });
    expect(idsOf(again).sort()).toEqual([...idsOf(job2)].sort());
    expect(BatchOutcomeSchema.parse(await bodyOf(await close(a.apiKey, again!.batchId, "ack")))).toMatchObject({ delivered: 2 });

    // B's job never acknowledges: after 5 leases its documents are parked for the operator.
    await close(b.apiKey, jobB!.batchId, "release");
    for (let attempt = 2; attempt <= 5; attempt++) {
      const batch = await lease(b.apiKey, { limit: 10 });
      expect(idsOf(batch).sort(), `lease ${attempt}`).toEqual([...ofB].sort());
      await close(b.apiKey, batch!.batchId, "release");
    }
    expect(await lease(b.apiKey)).toBeNull();
    const parked = await bodyOf<{ parked: Array<{ documentId: string; attempts: number; pharmacyNihii: string }> }>(
      await gateway.fetch(`/v1/admin/parked?insurer=${b.code}`, { headers: bearer(gateway.adminKey) }),
    );
    expect(parked.parked.map((entry) => entry.documentId).sort()).toEqual([...ofB].sort());
    expect(parked.parked.every((entry) => entry.attempts === 5 && entry.pharmacyNihii === pharmacy.nihii)).toBe(true);

    // A decides on the holder's first attest; the holder follows it, with the child's attests.
    const decision = await gateway.fetch(
      `/v1/bvac/${ofA[0]}/decision?pharmacy=${pharmacy.nihii}`,
      json({ status: "paid", reimbursedAmount: "12.38", reason: "Ambulatory plan, 60 %" }, bearer(a.apiKey)),
    );
    expect(decision.status, await decision.clone().text()).toBe(200);
    await expectProblem(
      await gateway.fetch(`/v1/bvac/${ofA[0]}/decision?pharmacy=${pharmacy.nihii}`, json({ status: "accepted" }, bearer(b.apiKey))),
      404,
      "not_found",
    );

    const token = await gateway.memberToken({ key1: holder });
    const response = await gateway.fetch("/v1/me/documents", { headers: bearer(token) });
    const body = await bodyOf<{ documents: unknown[] }>(response);
    expect(response.status, JSON.stringify(body)).toBe(200);
    const documents = body.documents.map((document) => MemberDocumentSchema.parse(document));
    expect(documents.map((document) => document.documentId).sort()).toEqual([...ofA].sort());
    expect(documents.find((document) => document.documentId === ofA[0])).toMatchObject({
      pharmacy: { nihii: pharmacy.nihii, name: "Apotheek De Linde" },
      member: { key1: holder, name: "An Peeters" },
      deliveryDate: "2026-11-20",
      status: "paid",
      totals: { publicPrice: "31.30", paidPrice: "20.63", homeopathy: "0.00" },
      reimbursedAmount: "12.38",
      decisionReason: "Ambulatory plan, 60 %",
    });
    expect(documents.filter((document) => document.member.key1 === child).every((document) => document.status === "delivered")).toBe(true);
  });
});
