import BetterSqlite3 from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "./lib/report.js";
import { storedDocument } from "./lib/seed.js";

/**
 * `tsx bench/export-ceiling.ts`: what this machine can do for an export without the product, to
 * set the ≥ 100 000 docs/s NDJSON target against. 100 000 stored documents (the bench's 3-line
 * document, same text size) in a WAL SQLite file with the product's pragmas, served by bare
 * node:http in pages of 1000 — one prepared keyset SELECT of the stored text per request, written
 * as NDJSON in one chunk — and read by fetch like the export bench. Then the same with the
 * smallest lease and ack a batch can have: two set-based UPDATEs of a narrow queue table per
 * 1000 documents, each its own durable commit. BENCH_PORT sets the port (default 8797).
 */
const total = 100_000;
const batch = 1000;
const dir = mkdtempSync(join(tmpdir(), "pharmagate-ceiling-"));
const db = new BetterSqlite3(join(dir, "ceiling.sqlite"));
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.exec(`CREATE TABLE docs (pk INTEGER PRIMARY KEY, document_json TEXT NOT NULL);
         CREATE TABLE queue (id INTEGER PRIMARY KEY, document_pk INTEGER NOT NULL, batch_id TEXT, lease_until TEXT, delivered_at TEXT);
         CREATE INDEX queue_by_batch ON queue (batch_id) WHERE batch_id IS NOT NULL;`);
const insertDoc = db.prepare("INSERT INTO docs (document_json) VALUES (?)");
const insertEntry = db.prepare("INSERT INTO queue (document_pk) VALUES (?)");
db.transaction(() => {
  for (let i = 0; i < total; i++) insertEntry.run(insertDoc.run(JSON.stringify(storedDocument(crypto.randomUUID()))).lastInsertRowid);
})();
const page = db.prepare("SELECT pk, document_json FROM docs WHERE pk > ? ORDER BY pk LIMIT ?");
const claim = db.prepare(
  "UPDATE queue SET batch_id = ?, lease_until = ? WHERE id IN (SELECT id FROM queue WHERE delivered_at IS NULL AND batch_id IS NULL ORDER BY id LIMIT ?)",
);
const ack = db.prepare("UPDATE queue SET delivered_at = ? WHERE batch_id = ?");

const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://x");
  const after = Number(url.searchParams.get("after") ?? 0);
  if (url.searchParams.has("lease")) claim.run(String(after), new Date().toISOString(), batch);
  let text = "";
  for (const row of page.all(after, batch) as { pk: number; document_json: string }[]) text += `{"entryId":${row.pk},"document":${row.document_json}}\n`;
  if (url.searchParams.has("lease")) ack.run(new Date().toISOString(), String(after));
  response.writeHead(200, { "content-type": "application/x-ndjson" });
  response.end(text);
});
const port = Number(process.env.BENCH_PORT ?? 8797);
await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));

async function drain(lease: boolean): Promise<number> {
  const started = performance.now();
  let documents = 0;
  for (let after = 0; after < total; after += batch) {
    const body = await (await fetch(`http://127.0.0.1:${port}/?after=${after}${lease ? "&lease=1" : ""}`)).text();
    documents += body.split("\n").length - 1;
  }
  if (documents !== total) throw new Error(`read ${documents} of ${total}`);
  return total / ((performance.now() - started) / 1000);
}

console.log(load());
await drain(false); // warm-up
console.log(`ceiling: SELECT document_json + write, pages of ${batch}: ${Math.round(await drain(false)).toLocaleString("en-US")} docs/s`);
console.log(`ceiling: + set-based claim and ack UPDATEs, one commit each: ${Math.round(await drain(true)).toLocaleString("en-US")} docs/s`);
server.close();
db.close();
rmSync(dir, { recursive: true, force: true });
