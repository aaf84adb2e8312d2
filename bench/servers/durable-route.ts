import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The durable route: the bare route (servers/minimal-hono.ts) that also commits the body it read,
 * as one row, through the SQLite adapter of the checkout under test (`SQLITE_ADAPTER`) configured
 * as the product configures it (WAL, synchronous=FULL, the writer thread, group commit), and answers
 * 201 only once the commit is on disk. No auth, validation or normalisation: what any server that
 * promises "201 = stored" pays on this disk, whatever else it does.
 */
type Sqlite = {
  openSqlite(filename: string, options: { writerThread: boolean; groupCommit: boolean }): {
    raw: { exec(sql: string): void };
    batch(statements: Array<{ sql: string; params: unknown[] }>): Promise<unknown>;
    close(): Promise<void>;
  };
};
const adapterPath = process.env.SQLITE_ADAPTER;
if (!adapterPath) throw new Error("SQLITE_ADAPTER (path of the product's src/adapters/storage/sqlite.ts) is required");
const { openSqlite } = (await import(pathToFileURL(adapterPath).href)) as Sqlite;

const dir = mkdtempSync(join(tmpdir(), "pharmagate-durable-route-"));
const db = openSqlite(join(dir, "durable.sqlite"), { writerThread: true, groupCommit: true });
db.raw.exec("CREATE TABLE document (id TEXT PRIMARY KEY, body TEXT NOT NULL)");

const app = new Hono();
app.post("/v1/bvac", async (c) => {
  const text = await c.req.text();
  const documentId = (JSON.parse(text) as { documentId?: unknown }).documentId;
  const id = typeof documentId === "string" ? documentId : crypto.randomUUID();
  await db.batch([{ sql: "INSERT INTO document (id, body) VALUES (?, ?)", params: [id, text] }]);
  return c.json({ documentId: id, status: "queued" }, 201);
});

const port = Number(process.env.PORT ?? 8794);
const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, (info) => console.log(`durable route listening on http://127.0.0.1:${info.port}`));
const stop = () => server.close(() => void db.close().finally(() => (rmSync(dir, { recursive: true, force: true }), process.exit(0))));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
