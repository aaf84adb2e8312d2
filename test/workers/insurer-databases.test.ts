import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LeasedBatchSchema } from "../../src/gateway/routes/insurer/export-schemas.js";
import { jsonDocument, seedMember, tenant } from "../contract/bvac-helpers.js";
import { bearer, bodyOf, createInsurer, expectProblem, json, randomInsurerCode } from "../contract/helpers.js";
import { traceHeader } from "../harness/workers-main.js";
import { CloudflareLimitError, limitedEnv, meterOf } from "../harness/workers-limits.js";
import { getHarness } from "#harness";

/**
 * Per-insurer databases (docs/scale.md): insurer codes starting with 7 are in `DB_INSURER_7`
 * (vitest.workers.config.ts), those starting with 9 in the shared `DB`.
 */
describe("per-insurer databases on Workers", () => {
  it("stores an insurer's document in its own database, finds it by id through the locator, and serves leases, acks and decisions from that database alone", async () => {
    const gateway = await getHarness();
    const a = await tenant(gateway, { legacyBarcodes: "accept" }, randomInsurerCode("7"));
    const own = gateway.dbFor(a.insurer.code);
    expect(own).not.toBe(gateway.db);
    const count = async (db: typeof own, sql: string, params: string[]) => (await db.first<{ n: number }>(sql, params))?.n ?? -1;

    const document = jsonDocument(a);
    const submitted = await gateway.fetch("/v1/bvac", json(document, bearer(a.pharmacy.apiKey)));
    expect(submitted.status, await submitted.clone().text()).toBe(201);
    const byId = "SELECT count(*) AS n FROM bvac_documents WHERE pharmacy_nihii = ? AND document_id = ?";
    expect(await count(own, byId, [a.pharmacy.nihii, document.documentId])).toBe(1);
    expect(await count(gateway.db, byId, [a.pharmacy.nihii, document.documentId])).toBe(0);
    expect(await count(gateway.dbFor(randomInsurerCode("8")), byId, [a.pharmacy.nihii, document.documentId])).toBe(0);
    const located = await gateway.db.first<{ insurer: string }>("SELECT insurer FROM document_locator WHERE pharmacy_nihii = ? AND document_id = ?", [
      a.pharmacy.nihii,
      document.documentId,
    ]);
    expect(located).toEqual({ insurer: a.insurer.code });

    // The pharmacy's GET by id and its receipt find it through the locator.
    const got = await gateway.fetch(`/v1/bvac/${document.documentId}`, { headers: bearer(a.pharmacy.apiKey) });
    expect(got.status).toBe(200);
    expect(await bodyOf(got)).toMatchObject({ documentId: document.documentId, status: "queued" });
    expect((await gateway.fetch(`/v1/bvac/${document.documentId}/receipt.svg`, { headers: bearer(a.pharmacy.apiKey) })).status).toBe(200);

    // Lease, ack and decision of A touch A's database only (the key was looked up once before).
    const touched = async (path: string, init: RequestInit) => {
      const trace = crypto.randomUUID();
      const response = await gateway.fetch(path, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers)), [traceHeader]: trace } });
      const text = await response.text();
      expect(response.status, text).toBe(200);
      const calls = meterOf(trace)?.d1CallsByBinding ?? {};
      return { text, bindings: Object.keys(calls) };
    };
    await gateway.fetch("/v1/exports/warm-up/release", { method: "POST", headers: bearer(a.insurer.apiKey) });
    const lease = await touched("/v1/exports", json({ limit: 10 }, { ...bearer(a.insurer.apiKey), Accept: "application/json" }));
    expect(lease.bindings).toEqual(["DB_INSURER_7"]);
    const batch = LeasedBatchSchema.parse(JSON.parse(lease.text));
    expect(batch.documents.map((entry) => entry.documentId)).toEqual([document.documentId]);
    expect((await touched(`/v1/exports/${batch.batchId}/ack`, { method: "POST", headers: bearer(a.insurer.apiKey) })).bindings).toEqual(["DB_INSURER_7"]);
    const decided = await touched(
      `/v1/bvac/${document.documentId}/decision?pharmacy=${a.pharmacy.nihii}`,
      json({ status: "accepted", reimbursedAmount: "1.00" }, bearer(a.insurer.apiKey)),
    );
    expect(decided.bindings).toEqual(["DB_INSURER_7"]);
    expect(await count(own, "SELECT count(*) AS n FROM decisions d JOIN bvac_documents b ON b.pk = d.document_pk WHERE b.document_id = ?", [document.documentId])).toBe(1);
    expect(await count(gateway.db, "SELECT count(*) AS n FROM export_batches WHERE id = ?", [batch.batchId])).toBe(0);
  });

  it("refuses the same document id from the same pharmacy for an insurer in another database (409), both ways", async () => {
    const gateway = await getHarness();
    const a = await tenant(gateway, { legacyBarcodes: "accept" }, randomInsurerCode("7"));
    const b = await createInsurer(gateway, { legacyBarcodes: "accept" }, randomInsurerCode("9"));
    const key1 = "1234567890";
    await seedMember(gateway, b.code, key1);
    const forB = { pharmacy: a.pharmacy, barcode: `${b.code}${key1}` };

    const first = jsonDocument(a);
    expect((await gateway.fetch("/v1/bvac", json(first, bearer(a.pharmacy.apiKey)))).status).toBe(201);
    const reused = { ...jsonDocument(forB), documentId: first.documentId };
    await expectProblem(await gateway.fetch("/v1/bvac", json(reused, bearer(a.pharmacy.apiKey))), 409, "conflict");

    const second = jsonDocument(forB);
    expect((await gateway.fetch("/v1/bvac", json(second, bearer(a.pharmacy.apiKey)))).status).toBe(201);
    await expectProblem(await gateway.fetch("/v1/bvac", json({ ...jsonDocument(a), documentId: second.documentId }, bearer(a.pharmacy.apiKey))), 409, "conflict");
    // Nothing of the refused posts was stored in A's database.
    expect(await gateway.dbFor(a.insurer.code).first("SELECT 1 AS one FROM bvac_documents WHERE document_id = ?", [second.documentId])).toBeNull();
    // The replay of each accepted one is still answered 200.
    expect((await gateway.fetch("/v1/bvac", json(first, bearer(a.pharmacy.apiKey)))).status).toBe(200);
    expect((await gateway.fetch("/v1/bvac", json(second, bearer(a.pharmacy.apiKey)))).status).toBe(200);
  });

  it("leases an aggregator key's insurers one database per lease, and acks each batch where it is", async () => {
    const gateway = await getHarness();
    const a = await tenant(gateway, { legacyBarcodes: "accept" }, randomInsurerCode("7"));
    const b = await tenant(gateway, { legacyBarcodes: "accept" }, randomInsurerCode("9"));
    const issued = await gateway.fetch("/v1/admin/insurer-keys", json({ insurers: [a.insurer.code, b.insurer.code], label: "aggregator" }, bearer(gateway.adminKey)));
    expect(issued.status, await issued.clone().text()).toBe(201);
    const aggregator = bearer((await bodyOf<{ apiKey: string }>(issued)).apiKey);
    const forA = jsonDocument(a);
    const forB = jsonDocument(b);
    expect((await gateway.fetch("/v1/bvac", json(forA, bearer(a.pharmacy.apiKey)))).status).toBe(201);
    expect((await gateway.fetch("/v1/bvac", json(forB, bearer(b.pharmacy.apiKey)))).status).toBe(201);

    const leased: string[][] = [];
    for (;;) {
      const response = await gateway.fetch("/v1/exports", json({ limit: 10 }, { ...aggregator, Accept: "application/json" }));
      if (response.status === 204) break;
      expect(response.status, await response.clone().text()).toBe(200);
      const batch = LeasedBatchSchema.parse(await bodyOf(response));
      leased.push(batch.documents.map((entry) => entry.documentId));
      const acked = await gateway.fetch(`/v1/exports/${batch.batchId}/ack`, { method: "POST", headers: aggregator });
      expect(await bodyOf(acked)).toMatchObject({ delivered: 1 });
    }
    // The shared database first, then DB_INSURER_7: one lease each, nothing lost or doubled.
    expect(leased).toEqual([[forB.documentId], [forA.documentId]]);
  });

  it("puts every database behind the limits layer", async () => {
    const limited = limitedEnv(env) as unknown as Record<string, { prepare(sql: string): { bind(...values: unknown[]): { all(): Promise<unknown> } } }>;
    for (const binding of ["DB", "DB_INSURER_7", "DB_INSURER_8"]) {
      const statement = limited[binding]!.prepare(`SELECT ${Array.from({ length: 101 }, () => "?").join(", ")}`).bind(...Array.from({ length: 101 }, (_, index) => index));
      await expect(statement.all(), binding).rejects.toBeInstanceOf(CloudflareLimitError);
    }
  });
});
