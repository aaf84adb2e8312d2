import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { migrationsDir } from "../../src/adapters/node/deps.js";
import { applyMigrations } from "../../src/adapters/storage/migrate.js";
import { openSqlite, type SqliteDatabase } from "../../src/adapters/storage/sqlite.js";
import type { Database, Statement } from "../../src/core/ports.js";
import { leaseBatch } from "../../src/core/store/exports.js";

const storageMigration = "0017_export_storage.sql";
let scratch: string | undefined;

afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const schemaOf = (db: SqliteDatabase, table: string) =>
  db.raw.prepare("SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = ? AND type = 'index' ORDER BY name").all(table);
const rowsOf = (db: SqliteDatabase, table: string, key: string) => db.raw.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all();

/** A database migrated up to 0016, holding documents with child rows and an access log whose newest rows were purged. */
function before0017(): SqliteDatabase {
  scratch = mkdtempSync(join(tmpdir(), "pharmagate-0017-"));
  for (const file of readdirSync(migrationsDir).filter((name) => name < storageMigration)) copyFileSync(join(migrationsDir, file), join(scratch, file));
  const db = openSqlite(":memory:");
  applyMigrations(db.raw, scratch);
  const run = (sql: string, ...params: unknown[]) => db.raw.prepare(sql).run(...params);
  run("INSERT INTO insurers (code, name, created_at) VALUES ('6000', 'Insurer', 'now')");
  run("INSERT INTO pharmacies (nihii, name, created_at) VALUES ('99934051', 'Demo', 'now')");
  const insert = db.raw.prepare(
    `INSERT INTO bvac_documents (pharmacy_nihii, document_id, content_hash, insurer, key1, barcode_kind, delivery_date, status,
       total_public_cents, total_paid_cents, total_homeopathy_cents, received_at, updated_at, delivered_at, ingest_id, purged_at)
     VALUES ('99934051', ?, 'h', '6000', '9912319994', 'legacy', '2026-11-20', ?, 1, 1, 0, 'now', ?, ?, 'ingest', ?)`,
  );
  const queued = Number(insert.run("queued", "queued", "2026-11-20T00:00:00.000Z", null, null).lastInsertRowid);
  const delivered = Number(insert.run("delivered", "delivered", "2026-11-21T00:00:00.000Z", "2026-11-21T00:00:00.000Z", null).lastInsertRowid);
  insert.run("purged", "accepted", "2026-11-22T00:00:00.000Z", "2026-11-21T00:00:00.000Z", "2026-11-23T00:00:00.000Z");
  run("INSERT INTO bvac_document_texts (document_pk, document_json, document_sha256) VALUES (?, '{}', 'digest')", queued);
  run("INSERT INTO outbox (topic, document_pk, created_at) VALUES ('document.queued', ?, 'now')", queued);
  run("INSERT INTO export_queue (outbox_id, insurer, document_pk, kind, enqueued_at, delivered_at) VALUES (-1, '6000', ?, 'document', 'now', 'now')", delivered);
  run("INSERT INTO decisions (document_pk, status, decided_at) VALUES (?, 'accepted', 'now')", delivered);
  const log = db.raw.prepare("INSERT INTO member_access_log (insurer, key1, at, event, actor, ref) VALUES ('6000', '9912319994', ?, ?, ?, ?)");
  log.run("2026-11-20T00:00:00.000Z", "document_submitted", "pharmacy", null);
  log.run("2026-11-21T00:00:00.000Z", "signed_in", "member", "token");
  log.run("2026-11-22T00:00:00.000Z", "document_delivered", "insurer", null);
  // The purge deleted the newest entry: its id must not be handed out again.
  run("DELETE FROM member_access_log WHERE id = 3");
  return db;
}

describe("migrations/0017: CHECK constraints as comparisons, partial indexes for the lease", () => {
  it("keeps every row, index, foreign key and the access log's id high-water mark", async () => {
    const db = before0017();
    const documents = rowsOf(db, "bvac_documents", "pk");
    const log = rowsOf(db, "member_access_log", "id");
    const indexes = [schemaOf(db, "bvac_documents"), schemaOf(db, "member_access_log")];
    // Rows that point to a document: dropping the old parent table must not delete them.
    const children = [rowsOf(db, "bvac_document_texts", "document_pk"), rowsOf(db, "outbox", "id"), rowsOf(db, "export_queue", "id"), rowsOf(db, "decisions", "document_pk")];
    expect(children.every((rows) => rows.length > 0)).toBe(true);

    copyFileSync(join(migrationsDir, storageMigration), join(scratch!, storageMigration));
    expect(applyMigrations(db.raw, scratch!)).toEqual([storageMigration]);

    expect(rowsOf(db, "bvac_documents", "pk")).toEqual(documents);
    expect(rowsOf(db, "member_access_log", "id")).toEqual(log);
    expect([rowsOf(db, "bvac_document_texts", "document_pk"), rowsOf(db, "outbox", "id"), rowsOf(db, "export_queue", "id"), rowsOf(db, "decisions", "document_pk")]).toEqual(children);
    expect([schemaOf(db, "bvac_documents"), schemaOf(db, "member_access_log")]).toEqual(indexes);
    expect(db.raw.prepare("SELECT name FROM sqlite_schema WHERE name LIKE '%0017%'").all()).toEqual([]);
    expect(db.raw.pragma("foreign_key_check")).toEqual([]);
    expect(db.raw.pragma("integrity_check")).toEqual([{ integrity_check: "ok" }]);
    const next = db.raw.prepare("INSERT INTO member_access_log (insurer, key1, at, event, actor) VALUES ('6000', '9912319994', 'now', 'document_decided', 'insurer')").run();
    expect(Number(next.lastInsertRowid)).toBe(4);
    await db.close();
  });

  it("still refuses what the IN lists refused, and enforces foreign keys again", async () => {
    const db = before0017();
    copyFileSync(join(migrationsDir, storageMigration), join(scratch!, storageMigration));
    applyMigrations(db.raw, scratch!);
    const run = (sql: string) => () => db.raw.prepare(sql).run();
    expect(run("UPDATE bvac_documents SET status = 'lost' WHERE document_id = 'queued'")).toThrow(/CHECK constraint failed/);
    expect(run("INSERT INTO member_access_log (insurer, key1, at, event, actor) VALUES ('6000', 'k', 'now', 'document_read', 'insurer')")).toThrow(/CHECK constraint failed/);
    expect(run("INSERT INTO member_access_log (insurer, key1, at, event, actor) VALUES ('6000', 'k', 'now', 'signed_in', 'robot')")).toThrow(/CHECK constraint failed/);
    for (const status of ["queued", "leased", "delivered", "accepted", "rejected", "paid", "cancelled"]) {
      db.raw.prepare("UPDATE bvac_documents SET status = ? WHERE document_id = 'queued'").run(status);
    }
    expect(run("INSERT INTO export_queue (outbox_id, insurer, document_pk, kind, enqueued_at) VALUES (-2, '6000', 999, 'document', 'now')")).toThrow(/FOREIGN KEY constraint failed/);
    expect(run("DELETE FROM bvac_documents WHERE document_id = 'delivered'")).toThrow(/FOREIGN KEY constraint failed/);
    await db.close();
  });

  it("lets a lease's expired-lease sweep and digest check search their partial indexes, not every entry or text", async () => {
    const db = openSqlite(":memory:");
    applyMigrations(db.raw, migrationsDir);
    const sent: Statement[] = [];
    const recording: Database = { ...db, batch: (statements) => (sent.push(...statements), db.batch(statements)) };
    await leaseBatch(recording, {
      batchId: "b", keyId: "k", insurers: ["6000", "7000"], kinds: ["document"], limit: 1000, format: "ndjson",
      now: "2026-11-30T06:00:00.000Z", leaseUntil: "2026-11-30T06:10:00.000Z", outboxMove: 1000,
    });
    const plan = (match: string) => {
      const statement = sent.find((candidate) => candidate.sql.includes(match))!;
      return (db.raw.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...statement.params) as Array<{ detail: string }>).map((row) => row.detail).join("; ");
    };
    // maxLeaseAttempts and the index's `attempts >= 5` must agree, or every lease walks the whole queue again.
    expect(plan("SET parked_at")).toMatch(/SEARCH export_queue USING INDEX export_queue_leased \(insurer=\? AND lease_until>\? AND lease_until<\?\)/);
    expect(plan("bvac_document_texts u")).toMatch(/SEARCH u USING INDEX bvac_document_texts_undigested/);
    await db.close();
  });
});
