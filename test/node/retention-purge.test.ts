import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeExpired } from "../../src/core/services/purge.js";
import { DocumentStateSchema } from "../../src/gateway/routes/pharmacy/bvac-schemas.js";
import { jsonDocument } from "../contract/bvac-helpers.js";
import { leaseAndAck } from "../contract/export-flow.js";
import { bearer, bodyOf, expectProblem, json } from "../contract/helpers.js";
import { createMemberTenant, type MemberTenant } from "../contract/member-helpers.js";
import { nodeGateway } from "../support/node-gateway.js";
import { manualClock } from "./support/app-harness.js";

// Retention is counted in days: a gateway on a clock the test moves.
const day = 24 * 60 * 60 * 1000;
const time = manualClock(new Date("2026-11-25T10:00:00.000Z"));
let gateway: Awaited<ReturnType<typeof nodeGateway>>;
let tenant: MemberTenant;

beforeAll(async () => {
  gateway = await nodeGateway({ clock: time.clock });
  tenant = await createMemberTenant(gateway.harness);
});
afterAll(async () => {
  await gateway?.close();
});

const submit = (body: Record<string, unknown>) => gateway.harness.fetch("/v1/bvac", json(body, bearer(tenant.pharmacy.apiKey)));

async function submitted(overrides: Record<string, unknown> = {}) {
  const body = jsonDocument({ pharmacy: tenant.pharmacy, barcode: `${tenant.insurer.code}${tenant.holder.key1}` }, overrides);
  const response = await submit(body);
  expect(response.status, await response.clone().text()).toBe(201);
  return body;
}

async function decide(documentId: string, status: "accepted" | "paid") {
  const response = await gateway.harness.fetch(
    `/v1/bvac/${documentId}/decision?pharmacy=${tenant.pharmacy.nihii}`,
    json({ status, reimbursedAmount: "10.00", reason: "Ambulatory plan" }, bearer(tenant.insurer.apiKey)),
  );
  return response;
}

const row = (documentId: string) =>
  gateway.harness.db.first<{ key1: string; document_json: string | null; purged_at: string | null; status: string; lines: number; reason: string | null }>(
    `SELECT d.key1, t.document_json, d.purged_at, d.status, COALESCE(json_array_length(t.document_json, '$.lines'), 0) AS lines,
            (SELECT reason FROM decisions x WHERE x.document_pk = d.pk) AS reason
       FROM bvac_documents d LEFT JOIN bvac_document_texts t ON t.document_pk = d.pk WHERE d.pharmacy_nihii = ? AND d.document_id = ?`,
    [tenant.pharmacy.nihii, documentId],
  );

const purge = () => purgeExpired(gateway.deps);

describe("retention purge (movable clock)", () => {
  const docs: Record<"decided" | "deliveredOnly" | "deliveredLater" | "decidedLater" | "stillQueued", Record<string, unknown>> = {} as never;

  it("purges documents decided 401 days ago and keeps undecided and recent ones", async () => {
    docs.decided = await submitted();
    docs.deliveredOnly = await submitted();
    await leaseAndAck(gateway.harness, tenant.insurer.apiKey);
    expect((await decide(String(docs.decided.documentId), "paid")).status).toBe(200);
    docs.deliveredLater = await submitted();

    time.advance(300 * day);
    docs.decidedLater = await submitted({ deliveryDate: time.clock.now().toISOString().slice(0, 10) });
    await leaseAndAck(gateway.harness, tenant.insurer.apiKey); // delivers deliveredLater and decidedLater
    expect((await decide(String(docs.decidedLater.documentId), "accepted")).status).toBe(200);
    // Never delivered, never decided: kept whatever its age.
    docs.stillQueued = await submitted({ deliveryDate: time.clock.now().toISOString().slice(0, 10) });

    time.advance(101 * day); // 401 days after the first decision and delivery
    const first = await purge();
    expect(first.complete).toBe(true);

    for (const purged of [docs.decided, docs.deliveredOnly]) {
      expect(await row(String(purged.documentId))).toMatchObject({ key1: "", document_json: null, lines: 0 });
      expect((await row(String(purged.documentId)))?.purged_at).toBe(time.clock.now().toISOString());
    }
    // The decision's status stays in the tombstone, its reason goes.
    expect(await row(String(docs.decided.documentId))).toMatchObject({ status: "paid", reason: null });
    // Delivered 401 days ago without a decision is past retention too; delivered or decided 101 days ago is not.
    expect(await row(String(docs.deliveredLater.documentId))).toMatchObject({ key1: tenant.holder.key1, purged_at: null, lines: 2 });
    expect(await row(String(docs.decidedLater.documentId))).toMatchObject({ purged_at: null, lines: 2 });
    expect(await row(String(docs.stillQueued.documentId))).toMatchObject({ status: "queued", purged_at: null, lines: 2 });
    expect(first.documents).toBe(2);

    // Idempotent: a second run finds nothing more.
    expect((await purge()).documents).toBe(0);

    // Years later the queued, undecided document is still kept; the others have gone.
    time.advance(1000 * day);
    expect((await purge()).documents).toBe(2);
    expect(await row(String(docs.stillQueued.documentId))).toMatchObject({ status: "queued", purged_at: null, lines: 2 });
  });

  it("answers a late replay of a purged document 200 from the tombstone, and changed content 409", async () => {
    const replay = await submit(docs.decided);
    const receipt = await bodyOf<{ documentId: string; status: string; totals: { paidPrice: string } }>(replay);
    expect(replay.status, JSON.stringify(receipt)).toBe(200);
    expect(receipt).toMatchObject({ documentId: docs.decided.documentId, status: "paid", totals: { paidPrice: "20.63" } });

    const changed = { ...docs.decided, patient: { name: "Someone", firstName: "Else" } };
    await expectProblem(await submit(changed), 409, "conflict");

    const state = await gateway.harness.fetch(`/v1/bvac/${String(docs.decided.documentId)}`, { headers: bearer(tenant.pharmacy.apiKey) });
    const body = DocumentStateSchema.parse(await bodyOf(state));
    expect(body).toMatchObject({ status: "paid", document: null });
    expect(body.purgedAt).toBeTruthy();
  });

  it("refuses a decision or a cancellation on a purged document", async () => {
    await expectProblem(await decide(String(docs.deliveredOnly.documentId), "paid"), 409, "conflict");
    const cancel = await gateway.harness.fetch(`/v1/bvac/${String(docs.deliveredOnly.documentId)}/cancel`, { method: "POST", headers: bearer(tenant.pharmacy.apiKey) });
    await expectProblem(cancel, 409, "conflict");
    const outbox = await gateway.harness.db.first<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE topic = 'document.cancelled'");
    expect(outbox?.n).toBe(0);
  });

  it("applies an insurer's own retention, set through the admin API", async () => {
    // `decidedLater` was decided 1101 days ago by now: set a shorter retention on a fresh document instead.
    const fresh = await submitted({ deliveryDate: time.clock.now().toISOString().slice(0, 10) });
    await leaseAndAck(gateway.harness, tenant.insurer.apiKey);
    expect((await decide(String(fresh.documentId), "paid")).status).toBe(200);
    time.advance(31 * day);
    await purge();
    expect(await row(String(fresh.documentId))).toMatchObject({ purged_at: null });

    const set = await gateway.harness.fetch(`/v1/admin/insurers/${tenant.insurer.code}/retention`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", ...bearer(gateway.harness.adminKey) },
      body: JSON.stringify({ days: 30 }),
    });
    expect(await bodyOf(set)).toEqual({ insurer: tenant.insurer.code, days: 30, effectiveDays: 30, defaultDays: 400 });
    await purge();
    expect(await row(String(fresh.documentId))).toMatchObject({ key1: "", purged_at: time.clock.now().toISOString() });

    const reset = await gateway.harness.fetch(`/v1/admin/insurers/${tenant.insurer.code}/retention`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", ...bearer(gateway.harness.adminKey) },
      body: JSON.stringify({ days: null }),
    });
    expect(await bodyOf(reset)).toMatchObject({ days: null, effectiveDays: 400 });
    await expectProblem(
      await gateway.harness.fetch("/v1/admin/insurers/0001/retention", { headers: bearer(gateway.harness.adminKey) }),
      404,
      "not_found",
    );
  });

  it("purges access-log entries and barcode records past retention, keeping those about a kept document", async () => {
    const key = [tenant.insurer.code, tenant.holder.key1];
    const token = await gateway.harness.memberToken({ key1: tenant.holder.key1 });
    expect((await gateway.harness.fetch("/v1/me/barcode", { headers: bearer(token) })).status).toBe(200);
    const queued = await submitted({ deliveryDate: time.clock.now().toISOString().slice(0, 10) });
    await gateway.harness.fetch(`/v1/admin/insurers/${tenant.insurer.code}/retention`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", ...bearer(gateway.harness.adminKey) },
      body: JSON.stringify({ days: 1 }),
    });
    time.advance(40 * day); // past the barcode's 30-day lifetime and the 1-day retention
    const report = await purge();
    expect(report.barcodeRecords).toBeGreaterThan(0);
    expect(await gateway.harness.db.first("SELECT 1 AS one FROM barcode_tokens WHERE insurer = ? AND key1 = ?", key)).toBeNull();
    const entries = await gateway.harness.db.all<{ event: string; document_id: string | null }>(
      "SELECT event, document_id FROM member_access_log WHERE insurer = ? AND key1 = ? ORDER BY id",
      key,
    );
    // Only what the log says about the document still kept (queued, never delivered) is left.
    expect(entries).toEqual([{ event: "document_submitted", document_id: queued.documentId }]);
    expect(await row(String(docs.decided.documentId))).toMatchObject({ key1: "" });
  });
});
