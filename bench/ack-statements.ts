import { rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database, Statement } from "../src/core/ports.js";
import { openSqlite } from "../src/adapters/storage/sqlite.js";
import { applyMigrations } from "../src/adapters/storage/migrate.js";
import { ackBatch, leaseBatch } from "../src/core/store/exports.js";
import { seedQueuedDocuments } from "./lib/seed.js";
import { demo } from "./lib/documents.js";
import { load } from "./lib/report.js";

/**
 * `tsx bench/ack-statements.ts [count] [skip-document-update]`: where the storage time of an
 * export cycle's lease and ack goes, statement by statement, without HTTP or the body. Seeds
 * `count` (default 100 000) queued documents into a fresh SQLite file opened as the product opens
 * it (WAL, synchronous FULL), then leases 1000 and acks them until the queue is empty, with the
 * store's own SQL (store/exports.ts) run one statement at a time inside each batch's transaction
 * so each can be timed; "commit" is the COMMIT (fsync, and any WAL checkpoint it triggers).
 * `skip-document-update` leaves out the ack's UPDATE of the document rows: the upper bound of
 * what deriving `delivered` from the export queue could save (the access log is still written).
 */
const count = Number(process.argv[2] ?? 100_000);
const skipDocumentUpdate = process.argv[3] === "skip-document-update";
const directory = mkdtempSync(join(tmpdir(), "pharmagate-ack-"));
const filename = join(directory, "ack.sqlite");
const created = "2026-11-30T00:00:00.000Z";
const setup = openSqlite(filename);
applyMigrations(setup.raw, "migrations");
setup.raw.prepare("INSERT INTO insurers (code, name, created_at) VALUES ('6000', 'Bench', ?)").run(created);
setup.raw.prepare("INSERT INTO pharmacies (nihii, name, created_at) VALUES (?, 'Bench', ?)").run(demo.nihii, created);
setup.raw.prepare("INSERT INTO api_keys (id, kind, prefix, hash, created_at) VALUES ('bench', 'insurer', 'pg_bench', 'bench', ?)").run(created);
setup.raw.prepare("INSERT INTO api_key_insurers (key_id, insurer) VALUES ('bench', '6000')").run();
await setup.close();
seedQueuedDocuments(filename, count);

const sqlite = openSqlite(filename, { groupCommit: false });
const times = new Map<string, number>();
const add = (label: string, ms: number) => times.set(label, (times.get(label) ?? 0) + ms);
const label = (sql: string) => sql.replace(/\s+/g, " ").trim().slice(0, 48);
let phase = "lease";
// The port's `batch`, one statement at a time in one transaction, each timed.
const timed: Database = {
  kind: "sqlite",
  all: (sql, params) => sqlite.all(sql, params),
  first: (sql, params) => sqlite.first(sql, params),
  run: (sql, params) => sqlite.run(sql, params),
  async batch<Row>(statements: readonly Statement[]) {
    const raw = sqlite.raw;
    const results: Array<{ rows: Row[]; changes: number }> = [];
    raw.exec("BEGIN IMMEDIATE");
    for (const statement of statements) {
      if (skipDocumentUpdate && statement.sql.includes("UPDATE bvac_documents SET status = 'delivered'")) {
        results.push({ rows: [], changes: 0 });
        continue;
      }
      const started = performance.now();
      const prepared = raw.prepare(statement.sql);
      const params = statement.params.map((value) => (typeof value === "boolean" ? Number(value) : value));
      results.push(prepared.reader ? { rows: prepared.all(...params) as Row[], changes: 0 } : { rows: [], changes: prepared.run(...params).changes });
      add(`${phase}: ${label(statement.sql)}`, performance.now() - started);
    }
    const committing = performance.now();
    raw.exec("COMMIT");
    add(`${phase}: commit`, performance.now() - committing);
    return results;
  },
};

console.log(load());
let clock = Date.parse("2026-11-30T06:00:00.000Z");
let delivered = 0;
const started = performance.now();
for (let n = 0; ; n++) {
  const now = new Date((clock += 1000)).toISOString();
  phase = "lease";
  const lease = await leaseBatch(timed, {
    batchId: `bench-${n}`, keyId: "bench", insurers: ["6000"], kinds: ["document"], limit: 1000, format: "ndjson",
    now, leaseUntil: new Date(clock + 600_000).toISOString(), outboxMove: 1000,
  });
  if (lease.claimed === 0) break;
  phase = "ack";
  const closed = await ackBatch(timed, `bench-${n}`, "bench", now);
  delivered += closed.outcome.delivered;
}
const total = performance.now() - started;
console.log(`${delivered} of ${count} documents leased and acked in ${(total / 1000).toFixed(2)} s${skipDocumentUpdate ? " (without the document UPDATE)" : ""}`);
for (const [name, ms] of [...times].sort((a, b) => b[1] - a[1])) console.log(`${(ms / 1000).toFixed(2).padStart(7)} s  ${name}`);
await sqlite.close();
rmSync(directory, { recursive: true, force: true });
