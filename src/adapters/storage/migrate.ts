import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type BetterSqlite3 from "better-sqlite3";

/**
 * Applies `migrations/NNNN_name.sql` in order and records each in `d1_migrations`, the table
 * `wrangler d1 migrations apply` keeps, so both runtimes agree on what has run. Re-running is a
 * no-op. Node only: on Workers, wrangler applies the same files.
 */
export function applyMigrations(db: BetterSqlite3.Database, directory: string): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS d1_migrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE,
    applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
  )`);
  const applied = new Set(
    (db.prepare("SELECT name FROM d1_migrations").all() as Array<{ name: string }>).map((row) => row.name),
  );
  const pending = readdirSync(directory)
    .filter((file) => /^\d{4}_.+\.sql$/.test(file) && !applied.has(file))
    .sort();
  const record = db.prepare("INSERT INTO d1_migrations (name) VALUES (?)");
  for (const file of pending) {
    db.transaction(() => {
      db.exec(readFileSync(join(directory, file), "utf8"));
      record.run(file);
    }).immediate();
  }
  return pending;
}
