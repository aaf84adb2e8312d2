import { describe, expect, it } from "vitest";
import { migrationsDir } from "../../src/adapters/node/deps.js";
import { startOutboxDispatcher } from "../../src/adapters/queue/outbox-dispatcher.js";
import { applyMigrations } from "../../src/adapters/storage/migrate.js";
import { insertOutbox, moveOutboxToExportQueue } from "../../src/core/store/outbox.js";
import { openSqlite } from "../../src/adapters/storage/sqlite.js";
import { silentLogger } from "../../src/adapters/console-logger.js";

async function databaseWithOneDocument() {
  const db = openSqlite(":memory:");
  applyMigrations(db.raw, migrationsDir);
  const now = new Date().toISOString();
  const [, , outbox] = await db.batch<{ id: number }>([
    { sql: "INSERT INTO pharmacies (nihii, name, created_at) VALUES ('31410182', 'P', ?)", params: [now] },
    {
      sql: `INSERT INTO bvac_documents (pharmacy_nihii, document_id, content_hash, insurer, key1, barcode_kind, delivery_date,
              status, total_public_cents, total_paid_cents, total_homeopathy_cents, received_at, updated_at)
            VALUES ('31410182', 'doc-1', 'h', '6000', '9912319994', 'legacy', '2026-11-25', 'queued', 100, 50, 0, ?, ?)`,
      params: [now, now],
    },
    insertOutbox("document.queued", { sql: "SELECT pk FROM bvac_documents WHERE document_id = ?", params: ["doc-1"] }, now),
  ]);
  return { db, outboxId: outbox!.rows[0]!.id };
}

const exportRows = (db: ReturnType<typeof openSqlite>) =>
  db.all<{ outbox_id: number; insurer: string; kind: string }>("SELECT outbox_id, insurer, kind FROM export_queue");

describe("outbox", () => {
  it("moves a committed outbox row into the export queue exactly once, however often it is delivered", async () => {
    const { db, outboxId } = await databaseWithOneDocument();
    expect(await moveOutboxToExportQueue(db, [outboxId])).toBe(1);
    expect(await moveOutboxToExportQueue(db, [outboxId])).toBe(0);
    expect(await exportRows(db)).toEqual([{ outbox_id: outboxId, insurer: "6000", kind: "document" }]);
    expect(await db.all("SELECT id FROM outbox")).toEqual([]);
  });

  it("is drained by the in-process dispatcher, including rows left from before a restart", async () => {
    const { db } = await databaseWithOneDocument();
    const dispatcher = startOutboxDispatcher(db, silentLogger, 20);
    await expect.poll(() => exportRows(db), { timeout: 2000 }).toHaveLength(1);
    await dispatcher.stop();
  });

  it("moves the rows of a burst of commits in one transaction, not one per commit", async () => {
    const { db } = await databaseWithOneDocument();
    const dispatcher = startOutboxDispatcher(db, silentLogger, 60_000, 20);
    // Let the start-up drain finish, then count the moves a burst of publishes causes.
    await expect.poll(() => exportRows(db), { timeout: 2000 }).toHaveLength(1);
    const batch = db.batch.bind(db);
    const moves: number[] = [];
    db.batch = (statements) => {
      if (statements.some((statement) => statement.sql.includes("INSERT OR IGNORE INTO export_queue"))) moves.push(statements.length);
      return batch(statements);
    };
    for (let index = 0; index < 10; index += 1) await dispatcher.publish("6000", [index]);
    expect(moves).toEqual([]);
    await expect.poll(() => moves.length, { timeout: 2000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(moves).toHaveLength(1);
    await dispatcher.stop();
  });
});
