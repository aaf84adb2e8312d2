import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/core/ports.js";
import { insurerDatabases } from "../../src/adapters/storage/insurer-databases.js";
import { purgeExpired, type PurgeDeps } from "../../src/core/services/purge.js";
import { insertDocumentStatements } from "../../src/core/store/documents.js";
import { silentLogger } from "../../src/adapters/console-logger.js";
import { randomInsurerCode, randomNihii } from "../contract/helpers.js";
import { sampleDocument, storeTenantRows } from "../support/bvac-documents.js";
import { nodeGateway } from "../support/node-gateway.js";

/**
 * The purge within D1's limits, checked on SQLite by counting what it sends: at most 100 bound
 * parameters per statement and no more statements per run than its budget; and a run that dies
 * half-way leaves every document either whole or fully purged, the next run finishing the work.
 */

let gateway: Awaited<ReturnType<typeof nodeGateway>>;
beforeAll(async () => {
  gateway = await nodeGateway();
});
afterAll(async () => {
  await gateway?.close();
});

const documents = 130;
const old = new Date(Date.now() - 401 * 24 * 60 * 60 * 1000).toISOString();

async function seed(): Promise<string> {
  const { db } = gateway.deps;
  const insurer = randomInsurerCode();
  const nihii = randomNihii();
  await storeTenantRows(db, { insurer, nihii, name: "Limits" });
  for (let i = 0; i < documents; i++) {
    const document = sampleDocument({ nihii, insurer, key1: "9912319994" });
    await db.batch(
      insertDocumentStatements(document, { ingestId: `i-${i}`, contentHash: `h-${i}`, barcodeKind: "legacy", barcodeJti: null, warnings: [], receivedAt: old }),
    );
  }
  // Delivered and decided 401 days ago: nothing left in the outbox.
  await db.batch([
    { sql: "DELETE FROM outbox WHERE document_pk IN (SELECT pk FROM bvac_documents WHERE insurer = ?)", params: [insurer] },
    { sql: "UPDATE bvac_documents SET status = 'paid', updated_at = ?, delivered_at = ? WHERE insurer = ?", params: [old, old, insurer] },
  ]);
  return insurer;
}

/** The database as D1 would count it: statements per run and parameters per statement. */
function counting(db: Database, failOnBatch?: number) {
  const seen = { statements: 0, maxParams: 0, batches: 0 };
  const note = (params: readonly unknown[] | undefined) => {
    seen.statements++;
    seen.maxParams = Math.max(seen.maxParams, params?.length ?? 0);
  };
  const wrapped: Database = {
    kind: db.kind,
    all: (sql, params) => (note(params), db.all(sql, params)),
    first: (sql, params) => (note(params), db.first(sql, params)),
    run: (sql, params) => (note(params), db.run(sql, params)),
    batch: (statements) => {
      seen.batches++;
      if (seen.batches === failOnBatch) return Promise.reject(new Error("worker killed"));
      for (const statement of statements) note(statement.params);
      return db.batch(statements);
    },
  };
  return { wrapped, seen };
}

const purgeDeps = (db: Database): PurgeDeps => ({ db, databases: insurerDatabases(db), clock: { now: () => new Date() }, logger: silentLogger, config: { retentionDays: 400 } });

const states = (insurer: string) =>
  gateway.deps.db.all<{ key1: string; purged: number; lines: number; json: string | null }>(
    `SELECT d.key1, d.purged_at IS NOT NULL AS purged, COALESCE(json_array_length(t.document_json, '$.lines'), 0) AS lines,
            t.document_json AS json FROM bvac_documents d LEFT JOIN bvac_document_texts t ON t.document_pk = d.pk WHERE d.insurer = ?`,
    [insurer],
  );

describe("purge within D1's limits", () => {
  it("spends at most its statement budget per run, binds at most 100 parameters, and survives a run killed half-way", async () => {
    const insurer = await seed();

    // A run killed at its third batch: what committed stays, nothing is half-done.
    const killed = counting(gateway.deps.db, 3);
    await expect(purgeExpired(purgeDeps(killed.wrapped))).rejects.toThrow("worker killed");
    const afterKill = await states(insurer);
    for (const state of afterKill) {
      if (state.purged) expect(state).toMatchObject({ key1: "", lines: 0, json: null });
      else expect(state).toMatchObject({ key1: "9912319994", lines: 2 });
    }
    expect(afterKill.filter((state) => state.purged).length).toBeGreaterThan(0);
    expect(afterKill.filter((state) => !state.purged).length).toBeGreaterThan(0);

    // Small budgets: several runs, each within its budget, until complete.
    let runs = 0;
    for (;;) {
      const { wrapped, seen } = counting(gateway.deps.db);
      const report = await purgeExpired(purgeDeps(wrapped), { statementBudget: 7 });
      runs++;
      expect(seen.statements).toBeLessThanOrEqual(7);
      expect(report.statements).toBe(seen.statements);
      expect(seen.maxParams).toBeLessThanOrEqual(100);
      if (report.complete) break;
      expect(runs).toBeLessThan(50);
    }
    expect(runs).toBeGreaterThan(1);
    const final = await states(insurer);
    expect(final).toHaveLength(documents);
    expect(final.every((state) => state.purged && state.key1 === "" && state.lines === 0)).toBe(true);
  });
});
