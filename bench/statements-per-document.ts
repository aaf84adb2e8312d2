import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../src/adapters/console-logger.js";
import { applyDemoMode, type DemoCredentials } from "../src/adapters/node/demo-seed.js";
import { openNodeDeps } from "../src/adapters/node/deps.js";
import { openSqlite } from "../src/adapters/storage/sqlite.js";
import { insurerDatabases } from "../src/adapters/storage/insurer-databases.js";
import type { Database, SqlValue } from "../src/core/ports.js";
import { createApp } from "../src/gateway/app.js";
import { demo, jsonDocument } from "./lib/documents.js";

/**
 * `tsx bench/statements-per-document.ts`: the SQL one JSON submission runs on Node (legacy code,
 * then the demo member's signed barcode), each the third of its kind so caches are warm: every
 * call to the Database port in order, and for each read what it costs this thread (mean of 2 000
 * runs of the same statement with the same parameters on a connection to the same file).
 */
const dataDir = mkdtempSync(join(tmpdir(), "pharmagate-statements-"));
const filename = join(dataDir, "pharmagate.sqlite");
const { deps, close } = await openNodeDeps({ filename, issuer: "http://localhost:8787", logger: silentLogger, dataDir, demo: true });
await applyDemoMode(deps, { dataDir, demo: true }, "http://127.0.0.1:1");
const credentials = JSON.parse(readFileSync(join(dataDir, "demo-credentials.json"), "utf8")) as DemoCredentials;
const calls: Array<{ kind: string; sql: string; params: readonly SqlValue[] }> = [];
const db: Database = deps.db;
const traced: Database = {
  kind: db.kind,
  all: (sql, params = []) => (calls.push({ kind: "all", sql, params }), db.all(sql, params)),
  first: (sql, params = []) => (calls.push({ kind: "first", sql, params }), db.first(sql, params)),
  run: (sql, params = []) => (calls.push({ kind: "run", sql, params }), db.run(sql, params)),
  batch: (statements) => (calls.push({ kind: `batch of ${statements.length}`, sql: statements.map((s) => s.sql.replace(/\s+/g, " ").slice(0, 30)).join(" | "), params: [] }), db.batch(statements)),
};
// Every insurer's reads and writes too: on Node they all go to the one database.
const app = createApp({ ...deps, db: traced, databases: insurerDatabases(traced) });
const member = credentials.members.find((entry) => entry.role === "policyholder")!;
const signed = ((await (await app.request("/v1/me/barcode", { headers: { authorization: `Bearer ${member.accessToken}` } })).json()) as { text: string }).text;
const reader = openSqlite(filename);
const cost = (sql: string, params: readonly SqlValue[]) => {
  const statement = reader.raw.prepare(sql);
  if (!statement.readonly) return "write";
  const started = performance.now();
  for (let i = 0; i < 2000; i++) statement.all(...(params as unknown[]));
  return `${(((performance.now() - started) / 2000) * 1000).toFixed(1)} µs`;
};
for (const [name, barcode] of [["JSON legacy", demo.legacyBarcode], ["JSON signed", signed]] as const) {
  for (let i = 0; i < 3; i++) {
    calls.length = 0;
    const response = await app.request("/v1/bvac", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${credentials.pharmacy.apiKey}` },
      body: jsonDocument(crypto.randomUUID(), barcode),
    });
    if (response.status !== 201) throw new Error(`${name}: ${response.status} ${await response.text()}`);
  }
  console.log(`${name}: ${calls.length} calls to the Database port`);
  for (const call of calls) {
    const sql = call.sql.replace(/\s+/g, " ");
    console.log(`  ${call.kind.padEnd(10)} ${call.kind === "first" || call.kind === "all" ? cost(call.sql, call.params).padStart(9) : "".padStart(9)}  ${sql.slice(0, 100)}`);
  }
}
await reader.close();
await close();
rmSync(dataDir, { recursive: true, force: true });
