/**
 * Bytes per stored document and per line on SQLite (the Node runtime's storage): the same fill as
 * the workerd footprint test (test/workers/storage-footprint.test.ts, which reads D1's own
 * `size_after`), here on a fresh better-sqlite3 file with every migration, measured as
 * `page_count × page_size` after a WAL checkpoint. Prints two JSON lines (docs/scale.md uses
 * them): a single database (document, its locator row, queue entry), and an insurer's own
 * database (no locator: that row is in the shared database).
 *
 *   tsx bench/storage-bytes.ts [documents per fill, default 1000]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqlite } from "../src/adapters/storage/sqlite.js";
import { applyMigrations } from "../src/adapters/storage/migrate.js";
import { measureFootprint } from "../test/support/storage-footprint.js";
import { repoRoot } from "./lib/server.js";

const count = Number(process.argv[2] ?? 1000);
const dir = mkdtempSync(join(tmpdir(), "pharmagate-bytes-"));
try {
  for (const locate of [true, false]) {
    const db = openSqlite(join(dir, `bytes-${locate}.db`));
    applyMigrations(db.raw, join(repoRoot, "migrations"));
    const tenant = { nihii: "12345602", insurer: "7001", key1: "1234567890" };
    const now = new Date().toISOString();
    await db.batch([
      { sql: "INSERT INTO insurers (code, name, created_at) VALUES (?, ?, ?)", params: [tenant.insurer, "Footprint", now] },
      { sql: "INSERT INTO pharmacies (nihii, name, created_at) VALUES (?, ?, ?)", params: [tenant.nihii, "Footprint", now] },
    ]);
    const sizeOf = async () => {
      db.raw.pragma("wal_checkpoint(TRUNCATE)");
      return Number(db.raw.pragma("page_count", { simple: true })) * Number(db.raw.pragma("page_size", { simple: true }));
    };
    const database = locate ? "single" : "insurer's own";
    console.log(JSON.stringify({ runtime: "sqlite", database, documentsPerFill: count, ...(await measureFootprint(db, tenant, sizeOf, count, locate)) }));
    db.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
