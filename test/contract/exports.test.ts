import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import { BatchOutcomeSchema, ExportedEntrySchema, LeasedBatchSchema } from "../../src/gateway/routes/insurer/export-schemas.js";
import type { Harness } from "../harness/types.js";
import { sampleDocument, storeQueuedDocumentFor } from "../support/bvac-documents.js";
import { bearer, bodyOf, createInsurer, createPharmacy, expectProblem, json } from "./helpers.js";

let gateway: Harness;
beforeAll(async () => {
  gateway = await getHarness();
});

const lease = (key: string, body: object = {}, accept = "application/json") =>
  gateway.fetch("/v1/exports", json(body, { ...bearer(key), Accept: accept }));

async function leaseJson(key: string, body: object = {}) {
  const response = await lease(key, body);
  if (response.status === 204) return null;
  const batch = LeasedBatchSchema.parse(await bodyOf(response));
  expect(response.status).toBe(200);
  expect(response.headers.get("x-batch-id")).toBe(batch.batchId);
  expect(response.headers.get("x-lease-expires-at")).toBe(batch.leaseExpiresAt);
  return batch;
}

const close = (key: string, batchId: string, action: "ack" | "release") =>
  gateway.fetch(`/v1/exports/${batchId}/${action}`, { method: "POST", headers: bearer(key) });

/** Two insurers, one pharmacy, `count` queued documents for each insurer. */
async function arrange(count: number) {
  const pharmacy = await createPharmacy(gateway);
  const a = await createInsurer(gateway);
  const b = await createInsurer(gateway);
  const docs = { a: [] as string[], b: [] as string[] };
  for (let i = 0; i < count; i++) {
    for (const [name, insurer] of [["a", a], ["b", b]] as const) {
      const doc = sampleDocument({ nihii: pharmacy.nihii, insurer: insurer.code, key1: "9912319994" });
      await storeQueuedDocumentFor(gateway, doc);
      docs[name].push(doc.documentId);
    }
  }
  await gateway.drainQueue();
  return { pharmacy, a, b, docs };
}

describe("insurer exports: leases", () => {
  it("gives two concurrent jobs disjoint batches of their own insurer only, oldest first", async () => {
    const { a, docs } = await arrange(4);
    const [first, second] = await Promise.all([leaseJson(a.apiKey, { limit: 2 }), leaseJson(a.apiKey, { limit: 2 })]);
    const ids = [...(first?.documents ?? []), ...(second?.documents ?? [])].map((entry) => entry.documentId);
    expect(new Set(ids).size).toBe(4);
    expect([...ids].sort()).toEqual([...docs.a].sort());
    expect(first?.batchId).not.toBe(second?.batchId);
    for (const batch of [first, second]) for (const entry of batch?.documents ?? []) expect(entry.insurer).toBe(a.code);
    // Within a batch, oldest first.
    for (const batch of [first, second]) {
      const order = (batch?.documents ?? []).map((entry) => docs.a.indexOf(entry.documentId));
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
    // Everything of A is leased now: a third job gets nothing.
    expect((await lease(a.apiKey)).status).toBe(204);
  });

  it("acks a batch (documents delivered), answers a repeated ack the same, and refuses release after ack", async () => {
    const { a, docs } = await arrange(2);
    const batch = await leaseJson(a.apiKey, { limit: 10 });
    expect(batch?.count).toBe(2);
    const acked = await close(a.apiKey, batch!.batchId, "ack");
    expect(acked.status).toBe(200);
    expect(BatchOutcomeSchema.parse(await bodyOf(acked))).toEqual({ batchId: batch!.batchId, delivered: 2, parked: 0, withdrawn: 0, requeued: 0 });
    const again = await close(a.apiKey, batch!.batchId, "ack");
    expect(BatchOutcomeSchema.parse(await bodyOf(again))).toEqual({ batchId: batch!.batchId, delivered: 2, parked: 0, withdrawn: 0, requeued: 0 });
    await expectProblem(await close(a.apiKey, batch!.batchId, "release"), 409, "conflict");
    const statuses = await gateway.dbFor(a.code).all<{ status: string; delivered_at: string | null }>(
      `SELECT status, delivered_at FROM bvac_documents WHERE document_id IN (${docs.a.map(() => "?").join(",")})`,
      docs.a,
    );
    expect(statuses.map((row) => row.status)).toEqual(["delivered", "delivered"]);
    expect(statuses.every((row) => row.delivered_at !== null)).toBe(true);
    expect((await lease(a.apiKey)).status).toBe(204);
  });

  it("hides a batch from other insurers' keys (404) and checks the key", async () => {
    const { a, b } = await arrange(1);
    const batch = await leaseJson(a.apiKey);
    await expectProblem(await close(b.apiKey, batch!.batchId, "ack"), 404, "not_found");
    await expectProblem(await close(b.apiKey, batch!.batchId, "release"), 404, "not_found");
    await expectProblem(await close(a.apiKey, "b_unknown", "ack"), 404, "not_found");
    await expectProblem(await gateway.fetch("/v1/exports", json({})), 401, "unauthenticated");
    await expectProblem(await gateway.fetch("/v1/exports", json({}, bearer(gateway.adminKey))), 403, "forbidden");
  });

  it("lets an unacked lease expire: the ack is refused and the documents are leased again", async () => {
    const { pharmacy, a, docs } = await arrange(2);
    const batch = await leaseJson(a.apiKey, { limit: 10, leaseSeconds: 1 });
    expect(batch?.count).toBe(2);
    // The pharmacy sees its document leased while the lease lives, and queued again once it expired.
    const shown = async () => ((await bodyOf(await gateway.fetch(`/v1/bvac/${docs.a[0]!}`, { headers: bearer(pharmacy.apiKey) }))) as { status: string }).status;
    expect(await shown()).toBe("leased");
    expect((await lease(a.apiKey)).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await shown()).toBe("queued");
    await expectProblem(await close(a.apiKey, batch!.batchId, "ack"), 409, "lease_expired");
    const again = await leaseJson(a.apiKey, { limit: 10 });
    expect(again?.documents.map((entry) => entry.documentId).sort()).toEqual([...docs.a].sort());
    expect(again?.batchId).not.toBe(batch?.batchId);
    // The old batch id cannot speak for the new lease.
    await expectProblem(await close(a.apiKey, batch!.batchId, "release"), 409, "lease_expired");
    expect((await bodyOf(await close(a.apiKey, again!.batchId, "ack"))).delivered).toBe(2);
  });

  it("parks a document leased 5 times without an ack, lists it for the operator and can requeue it", async () => {
    const { a, docs } = await arrange(1);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const batch = await leaseJson(a.apiKey);
      expect(batch?.documents.map((entry) => entry.documentId), `attempt ${attempt}`).toEqual(docs.a);
      const outcome = BatchOutcomeSchema.parse(await bodyOf(await close(a.apiKey, batch!.batchId, "release")));
      expect(outcome).toMatchObject(attempt < 5 ? { requeued: 1, parked: 0 } : { requeued: 0, parked: 1 });
    }
    expect((await lease(a.apiKey)).status).toBe(204);
    const listed = await bodyOf<{ parked: Array<{ entryId: number; documentId: string; attempts: number }> }>(
      await gateway.fetch(`/v1/admin/parked?insurer=${a.code}`, { headers: bearer(gateway.adminKey) }),
    );
    expect(listed.parked).toHaveLength(1);
    expect(listed.parked[0]).toMatchObject({ documentId: docs.a[0], attempts: 5 });
    await expectProblem(await gateway.fetch(`/v1/admin/parked`, { headers: bearer(a.apiKey) }), 403, "forbidden");
    const requeue = (id: number) => gateway.fetch(`/v1/admin/parked/${id}/requeue?insurer=${a.code}`, { method: "POST", headers: bearer(gateway.adminKey) });
    expect((await requeue(listed.parked[0]!.entryId)).status).toBe(200);
    await expectProblem(await requeue(listed.parked[0]!.entryId), 404, "not_found");
    expect((await leaseJson(a.apiKey))?.documents.map((entry) => entry.documentId)).toEqual(docs.a);
  });

  it("reports documents cancelled by the pharmacy while leased as withdrawn, not delivered", async () => {
    const { a, docs, pharmacy } = await arrange(2);
    const batch = await leaseJson(a.apiKey, { limit: 10 });
    expect(batch?.count).toBe(2);
    const cancelled = await gateway.fetch(`/v1/bvac/${docs.a[0]}/cancel`, { method: "POST", headers: bearer(pharmacy.apiKey) });
    expect(await bodyOf(cancelled)).toMatchObject({ outcome: "withdrawn", status: "cancelled" });
    const outcome = BatchOutcomeSchema.parse(await bodyOf(await close(a.apiKey, batch!.batchId, "ack")));
    expect(outcome).toEqual({ batchId: batch!.batchId, delivered: 1, parked: 0, withdrawn: 1, requeued: 0 });
    const statuses = await gateway.dbFor(a.code).all<{ document_id: string; status: string }>(
      "SELECT document_id, status FROM bvac_documents WHERE document_id IN (?, ?) ORDER BY document_id",
      [docs.a[0]!, docs.a[1]!],
    );
    expect(Object.fromEntries(statuses.map((row) => [row.document_id, row.status]))).toEqual({ [docs.a[0]!]: "cancelled", [docs.a[1]!]: "delivered" });
  });

  it("exports a cancellation of a delivered document in the same stream, marked as such", async () => {
    const { a, docs, pharmacy } = await arrange(1);
    const batch = await leaseJson(a.apiKey);
    await close(a.apiKey, batch!.batchId, "ack");
    const cancelled = await gateway.fetch(`/v1/bvac/${docs.a[0]}/cancel`, { method: "POST", headers: bearer(pharmacy.apiKey) });
    expect(await bodyOf(cancelled)).toMatchObject({ outcome: "cancellation_queued", status: "delivered" });
    const next = await leaseJson(a.apiKey);
    expect(next?.documents).toHaveLength(1);
    expect(next?.documents[0]).toMatchObject({ kind: "cancellation", documentId: docs.a[0] });
    expect(next?.documents[0]?.cancelledAt).toBeTruthy();
    expect((await bodyOf(await close(a.apiKey, next!.batchId, "ack"))).delivered).toBe(1);
    // A document cancelled before delivery is withdrawn: it never reaches the insurer.
    const { a: a2, docs: docs2, pharmacy: pharmacy2 } = await arrange(2);
    await gateway.fetch(`/v1/bvac/${docs2.a[0]}/cancel`, { method: "POST", headers: bearer(pharmacy2.apiKey) });
    expect((await leaseJson(a2.apiKey, { limit: 10 }))?.documents.map((entry) => entry.documentId)).toEqual([docs2.a[1]]);
  });
});

describe("insurer exports: formats", () => {
  it("streams NDJSON, one entry a line, with the lease in the headers", async () => {
    const { a, docs } = await arrange(3);
    const response = await lease(a.apiKey, { limit: 10 }, "application/x-ndjson");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(response.headers.get("x-batch-id")).toMatch(/^b_/);
    expect(response.headers.get("x-batch-count")).toBe("3");
    const lines = (await response.text()).split("\n").filter(Boolean);
    expect(lines.map((line) => ExportedEntrySchema.parse(JSON.parse(line)).documentId).sort()).toEqual([...docs.a].sort());
    // Each line is exactly `JSON.stringify` of the entry, its keys in `ExportedEntry`'s order.
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(entry)).toEqual(["entryId", "kind", "insurer", "pharmacyNihii", "documentId", "receivedAt", "cancelledAt", "document"]);
      expect(line).toBe(JSON.stringify(entry));
    }
  });

  it("writes CSV with one row per line item and neutralised formulas", async () => {
    const { a } = await arrange(2);
    const response = await lease(a.apiKey, { limit: 10 }, "text/csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    const rows = (await response.text()).trimEnd().split("\r\n");
    expect(rows[0]).toMatch(/^entry_id,kind,insurer,key1,/);
    expect(rows).toHaveLength(1 + 2 * 2);
    expect(rows[1]).toContain("'=FASTUM GEL");
    expect(rows[2]).toContain('"AMLOR  5 MG CAPS  98 X 5 MG, ""boîte"""');
    expect(rows[1]).toContain(",17.31,17.31,0,31.30,20.63,0.00,");
  });

  it("writes an AssurPharma BvacList in XML, base64 only without a registered key", async () => {
    const { a, docs } = await arrange(1);
    const response = await lease(a.apiKey, {}, "application/xml");
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(xml).toContain('<ns2:BvacList xmlns:ns2="https://gfddpp.services.be/">');
    expect(xml).toContain(`<CBFA>${a.code}</CBFA>`);
    expect(xml).toContain(`<BvacDocumentId>${docs.a[0]}</BvacDocumentId>`);
    expect(xml).toContain("<EncryptedSymmetricKey></EncryptedSymmetricKey>");
    const sealed = /<SingleMessageSealed>([^<]+)<\/SingleMessageSealed>/.exec(xml)?.[1] ?? "";
    const message = new TextDecoder().decode(Uint8Array.from(atob(sealed), (char) => char.charCodeAt(0)));
    expect(message).toContain("<model:name>The Rolling Stones &amp; Co &lt;Leuven&gt;</model:name>");
    expect(message).toContain("<smc:header>");
  });

  /** The document ids a body holds, read the way each format's reader would. */
  async function idsIn(response: Response, format: string): Promise<string[]> {
    const text = await response.text();
    if (format === "application/json") return LeasedBatchSchema.parse(JSON.parse(text)).documents.map((entry) => entry.documentId);
    if (format === "application/x-ndjson") return text.split("\n").filter(Boolean).map((line) => ExportedEntrySchema.parse(JSON.parse(line)).documentId);
    if (format === "text/csv") return [...new Set(text.trimEnd().split("\r\n").slice(1).map((row) => row.split(",")[6] ?? ""))];
    return [...text.matchAll(/<BvacDocumentId>([^<]+)<\/BvacDocumentId>/g)].map((match) => match[1] ?? "");
  }

  const allFormats = ["application/json", "application/x-ndjson", "text/csv", "application/xml"] as const;

  it("delivers the rest of a lease when one stored row cannot be written, in every format, and parks that row alone", async () => {
    for (const format of allFormats) {
      const { a, docs } = await arrange(3);
      // A row stored before ingestion checked the export model (no digest, migrations/0007): two
      // lines of 999999999999.99 whose total no export can carry.
      const bad = docs.a[1]!;
      const stored = await gateway.dbFor(a.code).first<{ document_json: string }>("SELECT t.document_json FROM bvac_documents d JOIN bvac_document_texts t ON t.document_pk = d.pk WHERE d.document_id = ?", [bad]);
      const document = JSON.parse(stored!.document_json) as { totals: { publicPriceCents: number } };
      document.totals.publicPriceCents = 199_999_999_999_998;
      await gateway.dbFor(a.code).run("UPDATE bvac_document_texts SET document_json = ?, document_sha256 = NULL WHERE document_pk IN (SELECT pk FROM bvac_documents WHERE document_id = ?)", [JSON.stringify(document), bad]);

      const response = await lease(a.apiKey, { limit: 10 }, format);
      expect(response.status, format).toBe(200);
      expect(response.headers.get("x-batch-count"), format).toBe("2");
      const batchId = response.headers.get("x-batch-id")!;
      expect((await idsIn(response, format)).sort(), format).toEqual([docs.a[0]!, docs.a[2]!].sort());
      const acked = BatchOutcomeSchema.parse(await bodyOf(await close(a.apiKey, batchId, "ack")));
      expect(acked, format).toMatchObject({ delivered: 2, parked: 1, requeued: 0 });

      const parked = (await bodyOf(await gateway.fetch(`/v1/admin/parked?insurer=${a.code}`, { headers: bearer(gateway.adminKey) }))) as {
        parked: Array<{ documentId: string; attempts: number; reason: string | null }>;
      };
      expect(parked.parked, format).toEqual([expect.objectContaining({ documentId: bad, attempts: 1, reason: expect.stringContaining("totals.publicPriceCents too_big") })]);
      expect(parked.parked[0]?.reason).not.toContain("Jagger");
      expect((await lease(a.apiKey, {}, format)).status, format).toBe(204);
    }
  });

  it("skips a row whose stored text was changed since ingestion while streaming, without cutting the body", async () => {
    const { a, docs } = await arrange(3);
    await gateway.dbFor(a.code).run("UPDATE bvac_document_texts SET document_json = '{\"broken\":true}' WHERE document_pk IN (SELECT pk FROM bvac_documents WHERE document_id = ?)", [docs.a[1]!]);
    const response = await lease(a.apiKey, { limit: 10 }, "application/x-ndjson");
    expect(response.status).toBe(200);
    const batchId = response.headers.get("x-batch-id")!;
    expect((await idsIn(response, "application/x-ndjson")).sort()).toEqual([docs.a[0]!, docs.a[2]!].sort());
    const acked = BatchOutcomeSchema.parse(await bodyOf(await close(a.apiKey, batchId, "ack")));
    expect(acked).toMatchObject({ delivered: 2, parked: 1, requeued: 0 });
  });

  it("writes negative, zero and large amounts as numbers in every format", async () => {
    const pharmacy = await createPharmacy(gateway);
    const a = await createInsurer(gateway);
    const doc = sampleDocument({ nihii: pharmacy.nihii, insurer: a.code, key1: "9912319994" });
    const base = doc.lines[0]!;
    doc.lines = [
      { ...base, description: "-Return", publicPriceCents: -540, paidPriceCents: -540 },
      { ...base, description: "Free", publicPriceCents: 0, paidPriceCents: 0 },
      { ...base, description: "Large", publicPriceCents: 99_999_999_999_999, paidPriceCents: 99_999_999_999_999 },
    ];
    doc.totals = { publicPriceCents: 99_999_999_999_459, paidPriceCents: 99_999_999_999_459, homeopathyCents: 0 };
    for (const format of allFormats) {
      await storeQueuedDocumentFor(gateway, { ...doc, documentId: crypto.randomUUID() });
      await gateway.drainQueue();
      const response = await lease(a.apiKey, { limit: 10 }, format);
      const text = await response.text();
      await close(a.apiKey, response.headers.get("x-batch-id")!, "ack");
      if (format === "text/csv") {
        const rows = text.trimEnd().split("\r\n").slice(1);
        expect(rows[0]).toContain(",'-Return,");
        expect(rows[0]).toContain(",-5.40,-5.40,0,999999999994.59,999999999994.59,0.00,");
        expect(rows[1]).toContain(",0.00,0.00,0,");
        expect(rows[2]).toContain(",999999999999.99,999999999999.99,0,");
        expect(text).not.toContain("'-5.40");
      } else if (format === "application/xml") {
        const sealed = /<SingleMessageSealed>([^<]+)<\/SingleMessageSealed>/.exec(text)?.[1] ?? "";
        const message = new TextDecoder().decode(Uint8Array.from(atob(sealed), (char) => char.charCodeAt(0)));
        for (const amount of ["-5.40", "0.00", "999999999999.99"]) expect(message).toContain(`<model:publicPrice>${amount}</model:publicPrice>`);
        expect(message).toContain("<model:totalPublicPrice>999999999994.59</model:totalPublicPrice>");
      } else {
        const first = format === "application/json" ? LeasedBatchSchema.parse(JSON.parse(text)).documents[0] : ExportedEntrySchema.parse(JSON.parse(text.split("\n")[0]!));
        expect(first?.document.lines.map((line) => line.publicPriceCents)).toEqual([-540, 0, 99_999_999_999_999]);
      }
    }
  });

  it("refuses an unsupported Accept with 406 before leasing anything", async () => {
    const { a } = await arrange(1);
    await expectProblem(await lease(a.apiKey, {}, "image/png"), 406, "not_acceptable");
    expect((await leaseJson(a.apiKey))?.count).toBe(1);
  });

  it("validates the lease request", async () => {
    const { a } = await arrange(1);
    const problem = await expectProblem(await lease(a.apiKey, { limit: 0, leaseSeconds: 99999 }), 422, "validation_failed");
    expect(problem.errors?.map((error) => error.path).sort()).toEqual(["leaseSeconds", "limit"]);
    const form = { method: "POST", headers: { ...bearer(a.apiKey), "Content-Type": "text/plain" }, body: "limit=1" };
    await expectProblem(await gateway.fetch("/v1/exports", form), 415, "unsupported_media_type");
    // No body at all: the defaults (limit 100, the configured lease of 5 minutes).
    const bare = await gateway.fetch("/v1/exports", { method: "POST", headers: bearer(a.apiKey) });
    const batch = LeasedBatchSchema.parse(await bodyOf(bare));
    expect(batch.count).toBe(1);
    const minutes = (Date.parse(batch.leaseExpiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(4.5);
    expect(minutes).toBeLessThanOrEqual(5);
  });
});
