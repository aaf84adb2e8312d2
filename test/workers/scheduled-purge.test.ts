import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { workerDatabases } from "../../src/adapters/workers/deps.js";
import type { Database } from "../../src/core/ports.js";
import worker from "../../src/worker.js";
import { randomInsurerCode, randomNihii } from "../contract/helpers.js";
import { sampleDocument, storeQueuedDocument, storeTenantRows } from "../support/bvac-documents.js";

const databases = workerDatabases(env);
const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();

/** A stored document, moved to `status` at `updatedAt` with nothing left in the outbox (as after delivery). */
async function documentAt(db: Database, insurer: string, nihii: string, status: string, updatedAt: string): Promise<number> {
  const pk = await storeQueuedDocument(db, sampleDocument({ nihii, insurer, key1: "9912319994" }));
  await db.batch([
    { sql: "DELETE FROM outbox WHERE document_pk = ?", params: [pk] },
    { sql: "UPDATE bvac_documents SET status = ?, updated_at = ?, delivered_at = ? WHERE pk = ?", params: [status, updatedAt, updatedAt, pk] },
  ]);
  return pk;
}

const stateOf = (db: Database, pk: number) =>
  db.first<{ key1: string; purged_at: string | null; emptied: number }>(
    "SELECT key1, purged_at, NOT EXISTS (SELECT 1 FROM bvac_document_texts t WHERE t.document_pk = pk) AS emptied FROM bvac_documents WHERE pk = ?",
    [pk],
  );

describe("Workers Cron Trigger purge", () => {
  it.each([
    ["the shared database", "9"],
    ["its own database", "7"],
  ])("purges documents decided 401 days ago from the scheduled handler, keeping undecided and recent ones, insurer in %s", async (_where, prefix) => {
    const insurer = randomInsurerCode(prefix);
    const nihii = randomNihii();
    const db = databases.databaseFor(insurer);
    expect(db === databases.shared).toBe(prefix === "9");
    // The insurer's retention is read from the shared database; its documents are in its own.
    await storeTenantRows(databases.shared, { insurer, nihii, name: "Cron test" });
    if (db !== databases.shared) await storeTenantRows(db, { insurer, nihii, name: "Cron test" });
    const old = await documentAt(db, insurer, nihii, "paid", daysAgo(401));
    const recent = await documentAt(db, insurer, nihii, "paid", daysAgo(399));
    // Queued for 500 days: never delivered nor decided, so never purged.
    const undecided = await storeQueuedDocument(db, sampleDocument({ nihii, insurer, key1: "9912319994" }), daysAgo(500));

    const controller = createScheduledController({ scheduledTime: new Date(), cron: "* * * * *" });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, env);
    await waitOnExecutionContext(ctx);

    expect(await stateOf(db, old)).toMatchObject({ key1: "", emptied: 1 });
    expect((await stateOf(db, old))?.purged_at).toBeTruthy();
    expect(await stateOf(db, recent)).toMatchObject({ key1: "9912319994", purged_at: null, emptied: 0 });
    expect(await stateOf(db, undecided)).toMatchObject({ key1: "9912319994", purged_at: null, emptied: 0 });
  });
});
