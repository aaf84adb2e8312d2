import BetterSqlite3 from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { storedDocument } from "../lib/seed.js";

/**
 * The bare export server of the export ceiling (ceilings/export.ts), as its own process like the
 * product: `EXPORT_CEILING_DOCUMENTS` stored documents (the bench's 3-line document, same text size)
 * in a WAL SQLite file with the product's pragmas, served by bare node:http in pages of 1000 — one
 * prepared keyset SELECT of the stored text per request, written as NDJSON in one chunk. With
 * `lease=1`, also the smallest lease and ack a batch can have: two set-based UPDATEs of a narrow
 * queue table per page, each its own durable commit. No product code.
 */
const total = Number(process.env.EXPORT_CEILING_DOCUMENTS ?? 100_000);
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
  const batch = Number(url.searchParams.get("limit") ?? 1000);
  if (url.searchParams.has("lease")) claim.run(`${url.searchParams.get("lease")}:${after}`, new Date().toISOString(), batch);
  let text = "";
  for (const row of page.all(after, batch) as { pk: number; document_json: string }[]) text += `{"entryId":${row.pk},"document":${row.document_json}}\n`;
  if (url.searchParams.has("lease")) ack.run(new Date().toISOString(), `${url.searchParams.get("lease")}:${after}`);
  response.writeHead(200, { "content-type": "application/x-ndjson" });
  response.end(text);
});
const shutdown = () => {
  server.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
const port = Number(process.env.PORT ?? 8797);
server.listen(port, "127.0.0.1", () => console.log(`export ceiling listening on http://127.0.0.1:${port} `));
