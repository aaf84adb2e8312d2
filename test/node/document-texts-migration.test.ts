import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { migrationsDir } from "../../src/adapters/node/deps.js";
import { applyMigrations } from "../../src/adapters/storage/migrate.js";
import { openSqlite } from "../../src/adapters/storage/sqlite.js";

const textsMigration = "0016_document_texts.sql";
let scratch: string | undefined;

afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("migrations/0016: document texts in their own rows", () => {
  it("moves every live document's text and digest, leaves purged tombstones without one, and drops the inline columns", async () => {
    scratch = mkdtempSync(join(tmpdir(), "pharmagate-0016-"));
    for (const file of readdirSync(migrationsDir).filter((name) => name < textsMigration)) copyFileSync(join(migrationsDir, file), join(scratch, file));
    const db = openSqlite(":memory:");
    applyMigrations(db.raw, scratch);
    db.raw.prepare("INSERT INTO pharmacies (nihii, name, created_at) VALUES ('99934051', 'Demo', 'now')").run();
    const insert = db.raw.prepare(
      `INSERT INTO bvac_documents (pharmacy_nihii, document_id, content_hash, insurer, key1, barcode_kind, delivery_date, status, document_json,
         document_sha256, total_public_cents, total_paid_cents, total_homeopathy_cents, received_at, updated_at, purged_at)
       VALUES ('99934051', ?, 'h', '6000', ?, 'legacy', '2026-11-20', ?, ?, ?, 1, 1, 0, 'now', 'now', ?)`,
    );
    insert.run("live", "9912319994", "queued", '{"documentId":"live"}', "digest", null);
    insert.run("old", "9912319994", "delivered", '{"documentId":"old"}', null, null);
    insert.run("purged", "", "delivered", "null", null, "2026-11-01T00:00:00.000Z");

    copyFileSync(join(migrationsDir, textsMigration), join(scratch, textsMigration));
    expect(applyMigrations(db.raw, scratch)).toEqual([textsMigration]);

    const texts = db.raw
      .prepare("SELECT d.document_id, t.document_json, t.document_sha256 FROM bvac_document_texts t JOIN bvac_documents d ON d.pk = t.document_pk ORDER BY d.pk")
      .all();
    expect(texts).toEqual([
      { document_id: "live", document_json: '{"documentId":"live"}', document_sha256: "digest" },
      { document_id: "old", document_json: '{"documentId":"old"}', document_sha256: null },
    ]);
    const columns = (db.raw.prepare("SELECT name FROM pragma_table_info('bvac_documents')").all() as Array<{ name: string }>).map((column) => column.name);
    expect(columns).not.toContain("document_json");
    expect(columns).not.toContain("document_sha256");
    await db.close();
  });
});
