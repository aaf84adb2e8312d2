import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { D1Database } from "@cloudflare/workers-types";
import { afterEach, describe, expect, it } from "vitest";
import { LeasedBatchSchema } from "../../src/gateway/routes/insurer/export-schemas.js";
import { jsonDocument, tenant } from "../contract/bvac-helpers.js";
import { bearer, bodyOf, json, randomInsurerCode } from "../contract/helpers.js";
import worker from "../harness/workers-main.js";
import { queueOutage } from "../harness/workers-limits.js";
import { getHarness } from "#harness";

const backlog = 5_000;

afterEach(() => {
  queueOutage.on = false;
});

async function runCron(workerEnv = env) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }), workerEnv, ctx);
  await waitOnExecutionContext(ctx);
}

describe("an outbox backlog on Workers (Cloudflare Queues failing, then back)", () => {
  it("drains 5,000 waiting rows, keeps leases working meanwhile, and loses or doubles nothing", async () => {
    const gateway = await getHarness();
    // The insurer has its own database (DB_INSURER_7): queue messages, the consumer and the cron must find it.
    const t = await tenant(gateway, {}, randomInsurerCode("7"));
    const db = gateway.dbFor(t.insurer.code);
    expect(db).not.toBe(gateway.db);
    const submit = async () => {
      const document = jsonDocument(t);
      const response = await gateway.fetch("/v1/bvac", json(document, bearer(t.pharmacy.apiKey)));
      expect(response.status, await response.clone().text()).toBe(201);
      return document.documentId;
    };
    const lease = async (limit: number) => {
      const response = await gateway.fetch("/v1/exports", json({ limit }, { ...bearer(t.insurer.apiKey), Accept: "application/json" }));
      if (response.status === 204) return [];
      expect(response.status, await response.clone().text()).toBe(200);
      const batch = LeasedBatchSchema.parse(await bodyOf(response));
      const ack = await gateway.fetch(`/v1/exports/${batch.batchId}/ack`, { method: "POST", headers: bearer(t.insurer.apiKey) });
      expect(ack.status, await ack.clone().text()).toBe(200);
      return batch.documents.map((document) => document.documentId);
    };

    // Queues is down: every announcement fails after commit. Submissions still answer 201.
    queueOutage.on = true;
    const template = await submit();
    const duringOutage = [await submit(), await submit()];
    // The rest of the backlog, arranged in two statements (5,000 submissions over HTTP would take
    // minutes): copies of the first document, each with its own id and pending outbox row, old
    // enough for the cron to count them as stranded.
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    await db.run(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO bvac_documents (pharmacy_nihii, document_id, content_hash, insurer, key1, barcode_kind, barcode_jti, delivery_date, status,
              total_public_cents, total_paid_cents, total_homeopathy_cents, warnings_json, received_at, updated_at, ingest_id)
       SELECT t.pharmacy_nihii, 'backlog-' || n.i, t.content_hash, t.insurer, t.key1, t.barcode_kind, t.barcode_jti, t.delivery_date, 'queued',
              t.total_public_cents, t.total_paid_cents, t.total_homeopathy_cents, t.warnings_json, ?, ?, 'backlog-' || n.i
         FROM n, bvac_documents t WHERE t.pharmacy_nihii = ? AND t.document_id = ?`,
      [backlog - 3, old, old, t.pharmacy.nihii, template],
    );
    await db.run(
      `INSERT INTO bvac_document_texts (document_pk, document_json, document_sha256)
       SELECT d.pk, x.document_json, x.document_sha256 FROM bvac_documents d, bvac_documents t JOIN bvac_document_texts x ON x.document_pk = t.pk
        WHERE d.pharmacy_nihii = ? AND d.document_id LIKE 'backlog-%' AND t.pharmacy_nihii = ? AND t.document_id = ?`,
      [t.pharmacy.nihii, t.pharmacy.nihii, template],
    );
    await db.run(
      `INSERT INTO outbox (topic, document_pk, created_at)
       SELECT 'document.queued', pk, received_at FROM bvac_documents WHERE pharmacy_nihii = ? AND document_id LIKE 'backlog-%' ORDER BY pk`,
      [t.pharmacy.nihii],
    );
    const pending = async () => (await db.first<{ n: number }>("SELECT COUNT(*) AS n FROM outbox"))?.n ?? -1;
    expect(await pending()).toBe(backlog);

    // Leases work meanwhile: each one moves the insurer's oldest waiting rows in its own batch.
    const delivered: string[] = [];
    delivered.push(...(await lease(100)));
    expect(delivered).toHaveLength(100);
    expect(await pending()).toBeLessThan(backlog);

    // A cron run whose database fails logs and returns; the next run takes the rows again.
    const failing = { prepare: () => { throw new Error("D1 unavailable"); }, batch: () => Promise.reject(new Error("D1 unavailable")) } as unknown as D1Database;
    await expect(runCron({ ...env, DB: failing, DB_INSURER_7: failing, DB_INSURER_8: failing })).resolves.toBeUndefined();

    // Queues is back: a new document is announced and consumed; the cron moves what stayed behind.
    queueOutage.on = false;
    const afterOutage = await submit();
    await runCron();
    for (let tries = 0; tries < 50 && (await pending()) > 0; tries += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await pending()).toBe(0);

    const entries = await db.first<{ entries: number; outboxIds: number; documents: number }>(
      `SELECT COUNT(*) AS entries, COUNT(DISTINCT q.outbox_id) AS outboxIds, COUNT(DISTINCT q.document_pk) AS documents
         FROM export_queue q JOIN bvac_documents d ON d.pk = q.document_pk WHERE d.pharmacy_nihii = ?`,
      [t.pharmacy.nihii],
    );
    expect(entries).toEqual({ entries: backlog + 1, outboxIds: backlog + 1, documents: backlog + 1 });

    for (let batch = await lease(1000); batch.length > 0; batch = await lease(1000)) delivered.push(...batch);
    expect(delivered).toHaveLength(backlog + 1);
    expect(new Set(delivered).size).toBe(backlog + 1);
    expect(delivered).toEqual(expect.arrayContaining([template, ...duringOutage, afterOutage, "backlog-1", `backlog-${backlog - 3}`]));
  }, 120_000);
});
