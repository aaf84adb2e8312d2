import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cryptoCeiling } from "./ceilings/crypto.js";
import { httpCeiling } from "./ceilings/http.js";
import { storageCeiling } from "./ceilings/storage.js";
import { demo, jsonDocument } from "./lib/documents.js";
import { load, markdown, percent, printFigure, type Figure } from "./lib/report.js";
import { startProduct, type ProductServer } from "./lib/product.js";
import { atRate, jsonPosts, sweep, xmlPosts } from "./product/ingest.js";
import { openLoop } from "./lib/open-loop.js";
import { exportSection } from "./product/export.js";
import { renderSection } from "./product/render.js";
import { hostileSection } from "./hostile.js";
import { signedBarcode } from "./product/barcode.js";

/**
 * `npm run bench`: the machine's ceilings first, then the product against them, in one run, and
 * the figures written to bench/RESULTS.md. Ports 8794–8799 (BENCH_PORT moves the first one).
 * BENCH_QUICK=1 shortens every run (a smoke test of the harness, not figures to publish).
 */
const startedAt = new Date();
const loadAtStart = load();
console.log(`${loadAtStart}${Number(loadAtStart.split(" ")[2]) > 0.5 ? " — other work is running; figures will be low and noisy" : ""}`);
const quick = process.env.BENCH_QUICK === "1";
const seconds = (full: number) => (quick ? Math.max(1, Math.round(full / 4)) : full);
const basePort = Number(process.env.BENCH_PORT ?? 8794);
const figures: Figure[] = [];
const notes: string[] = [];
const add = (figure: Figure) => {
  figures.push(figure);
  printFigure(figure);
};

async function routes(server: ProductServer): Promise<Set<string>> {
  const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  return new Set(Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)));
}

// --- Ceilings -----------------------------------------------------------------------------
console.log("Ceilings");
const http = await httpCeiling(basePort, jsonDocument(crypto.randomUUID(), demo.legacyBarcode), 64, seconds(6));
add({ section: "ceiling", name: "HTTP: minimal Hono POST route, 64 connections", value: http.okPerSecond, unit: "req/s", note: `p50 ${http.p50Ms} ms, p99 ${http.p99Ms} ms` });
const cryptoRate = (await cryptoCeiling(seconds(3) * 1000)).verifiesPerSecond;
add({ section: "ceiling", name: "crypto: Ed25519 jwtVerify (jose), one core", value: cryptoRate, unit: "verifies/s" });
const storageRate = (await storageCeiling(seconds(3) * 1000)).commitsPerSecond;
add({ section: "ceiling", name: "storage: durable 1-doc commits (WAL, sync=FULL)", value: storageRate, unit: "commits/s" });
const ceilings = { HTTP: http.okPerSecond, crypto: cryptoRate, storage: storageRate };
const [lowestName, lowest] = Object.entries(ceilings).sort((a, b) => a[1] - b[1])[0]!;
const vsCeilings = (value: number) =>
  Object.entries(ceilings)
    .map(([name, ceiling]) => `${percent(value, ceiling)} of ${name}`)
    .join(", ");

// --- Ingestion ----------------------------------------------------------------------------
console.log("\nIngestion (real server, child process, demo tenant, rate limits off)");
let server = await startProduct(basePort + 1);
try {
  const available = await routes(server);
  if (!available.has("POST /v1/bvac")) {
    notes.push("Ingestion not measured: this build has no POST /v1/bvac.");
  } else {
    const barcode = await signedBarcode(server, available);
    if (barcode === demo.legacyBarcode) notes.push("Ingestion used the legacy 14-digit barcode: this build cannot issue a signed one.");
    const requests = jsonPosts(server, barcode);
    const runs = await sweep(server, requests, quick ? [1, 32] : [1, 8, 32, 128], seconds(5));
    for (const run of runs) {
      add({ section: "ingest", name: `JSON, 3 lines, ${run.connections} connection(s)`, value: run.okPerSecond, unit: "docs/s", note: `p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, non-2xx ${run.non2xx}` });
    }
    const peak = runs.reduce((best, run) => (run.okPerSecond > best.okPerSecond ? run : best));
    add({
      section: "ingest",
      name: `JSON peak (${peak.connections} connections)`,
      value: peak.okPerSecond,
      unit: "docs/s",
      ratio: vsCeilings(peak.okPerSecond),
      target: { text: `≥ 50 % of lowest ceiling (${lowestName})`, met: peak.okPerSecond >= lowest * 0.5 },
    });
    const steady = await atRate(server, requests, peak.okPerSecond * 0.7, seconds(10));
    add({ section: "ingest", name: "JSON at 70 % of peak (autocannon -R): p99", value: steady.p99Ms, unit: "ms", note: `p50 ${steady.p50Ms} ms, ${Math.round(steady.okPerSecond)} docs/s served, non-2xx ${steady.non2xx}`, target: { text: "p99 ≤ 25 ms", met: steady.p99Ms <= 25 } });
    // The same latency question with an open-loop client (fixed schedule, latency from the
    // scheduled start), at 70 % and at 25 % of the peak: autocannon's fixed-rate mode releases
    // requests in per-connection ticks, i.e. bursts.
    for (const share of [0.7, 0.25]) {
      const request = () => ({
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${server.credentials.pharmacy.apiKey}` },
        body: jsonDocument(crypto.randomUUID(), barcode),
      });
      const open = await openLoop({ url: `${server.url}/v1/bvac`, ratePerSecond: Math.max(1, Math.round(peak.okPerSecond * share)), durationSeconds: seconds(8), request });
      add({ section: "ingest", name: `JSON, open loop at ${Math.round(share * 100)} % of peak: p99`, value: open.p99Ms, unit: "ms", note: `p50 ${open.p50Ms} ms, ${Math.round(open.okPerSecond)} docs/s, errors ${open.errors}, non-2xx ${open.non2xx}`, target: { text: "p99 ≤ 25 ms", met: open.p99Ms <= 25 } });
    }
    const xml = await sweep(server, xmlPosts(server), [peak.connections], seconds(5));
    for (const run of xml) {
      add({ section: "ingest", name: `SMC XML, 2 lines, ${run.connections} connections`, value: run.okPerSecond, unit: "docs/s", ratio: vsCeilings(run.okPerSecond), note: `p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, non-2xx ${run.non2xx}` });
    }
    // Before/after of the group commit (src/adapters/storage/sqlite.ts): same load, one fsync per batch.
    await server.dispose();
    server = await startProduct(basePort + 1, { SQLITE_GROUP_COMMIT: "0" });
    const [before] = await sweep(server, jsonPosts(server, await signedBarcode(server, available)), [peak.connections], seconds(5));
    if (before) {
      add({ section: "ingest", name: `JSON, group commit OFF (before), ${before.connections} conn.`, value: before.okPerSecond, unit: "docs/s", ratio: vsCeilings(before.okPerSecond), note: `p50 ${before.p50Ms} ms, p99 ${before.p99Ms} ms` });
    }
  }
} finally {
  await server.dispose();
}

// --- Export and rendering -------------------------------------------------------------------
console.log("\nExport");
for (const figure of await exportSection(basePort + 2, quick, notes)) add(figure);
console.log("\nRendering");
for (const figure of await renderSection(notes)) add(figure);

// --- Hostile bodies -------------------------------------------------------------------------
console.log("\nHostile bodies (real server, one at a time, /healthz polled meanwhile)");
for (const figure of await hostileSection(basePort + 3, quick, notes)) add(figure);

// Before/after figures of fixes measured outside this run (the "before" code no longer exists).
const fixedNotes = [
  "Fix (measured separately): SHA-256 through node:crypto instead of crypto.subtle.digest: 54 µs → 5 µs per call on Node; ingestion hashes twice per request, which was ~17 % of its CPU in the --cpu-prof profile.",
  "Fix (measured separately): index on leased export entries (migrations/0005): the expired-lease sweep at the start of each lease went from 23 + 11 ms to 0.1 + 0.1 ms at 100 000 queued documents (it walked every pending entry).",
  "Group commit (src/adapters/storage/sqlite.ts) is measured in this run: compare the JSON peak with the \"group commit OFF (before)\" row.",  "Export before/after (perf-export branch, `tsx bench/export-only.ts`, 100 000 documents in leases of 1000, same machine, back to back at load average 5.7–5.8 on 2 cores): NDJSON lease + stream + ack 6,987 → 12,257 docs/s (lease 4.6 → 2.8 s, body 6.6 → 2.4 s, ack 3.0 → 2.9 s; streaming only 15,047 → 41,759 docs/s); BvacList XML 3,755 → 6,098 docs/s. At load 3.6 the same code did NDJSON 19,512 docs/s (streaming only 67,961). Fixes: JSON/NDJSON copy the stored document text when its SHA-256 (migrations/0006, written at ingestion) matches instead of JSON.parse + zod + JSON.stringify (~20 µs a document); pages of 250 rows for those formats; a lease no longer rewrites 1000 wide document rows to `leased` (derived from the live lease where a status is shown). Ceiling (`tsx bench/export-ceiling.ts`, bare node:http + better-sqlite3, no product code): keyset SELECT of the stored text + NDJSON write 43,000–53,000 docs/s, with one minimal set-based claim and ack UPDATE per 1000 about 29,000–31,000 docs/s at load 5–7: the ≥ 100 000 docs/s target is above what this shared 2-core machine does even without the product. What is left in the product: the ack rewrites each document row to `delivered` (~25 ms per 1000; the document text is inline in the row), and XML is CPU-bound in writing and sealing each SMC message.",
  "Workers round trips (issue 12; `tsx bench/workerd-round-trips.ts URL` against `npm run dev:worker -- --port N`: local workerd and local D1, SMC XML with 2 lines and a legacy barcode, a fresh document id per request, 10 pharmacy keys, 10 s per figure; before = main at 931a9fb, after = this change, both served side by side and measured interleaved, at load average 13–17 on 2 shared cores, so every figure moves a lot): 1 connection 9 / 13 / 14 → 6 / 21 / 42 docs/s (p50 77 / 68 / 52 → 123 / 42 / 18 ms); 10 connections 10 / 18 / 20 → 9 / 35 / 35 docs/s (p50 842 / 506 / 403 → 1,058 / 281 / 232 ms); /healthz at 1 connection 28–76 req/s, p50 8–13 ms, in both. D1 round trips per request (test/workers/round-trips.test.ts, warm isolate): SMC XML ingestion 5 → 2 (one batch of reads, one of writes), signed JSON 5 → 2, replay 4 → 1, cancel 4 → 2, ack/release 4 → 1, JSON lease of one page 4–6 (key, pending outbox ids, then when some wait a move and a re-check, lease, page) → 2; the before counts are read from the code at 931a9fb, the key look-up included. Local D1 runs inside the same workerd process, so a local round trip costs far less than production's network hop: locally the gain is mostly fewer awaits and less CPU; in production each round trip saved is a network hop saved. The issue's own earlier figures on an idle machine (35 docs/s at 1 connection, p50 26 ms; 58/s at 10, p50 172 ms; /healthz 129/s) are not comparable with these loaded runs.",
];
const elapsed = (Date.now() - startedAt.getTime()) / 1000;
for (const note of notes) console.log(`note: ${note}`);
console.log(`\nbench finished in ${Math.round(elapsed)} s`);
if (!quick) {
  writeFileSync(fileURLToPath(new URL("./RESULTS.md", import.meta.url)), markdown(figures, startedAt, elapsed, [...notes, ...fixedNotes], loadAtStart));
  console.log("written to bench/RESULTS.md");
}
