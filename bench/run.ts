import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cryptoCeiling } from "./ceilings/crypto.js";
import { storageCeiling } from "./ceilings/storage.js";
import { exportCeiling, exportCeilingFigures, type ExportCeiling } from "./ceilings/export.js";
import { beforeAfterHeader, load, markdown, percent, printFigure, updateResults, type Figure } from "./lib/report.js";
import { productRoot, repoRoot } from "./lib/server.js";
import { ingestSection } from "./product/ingest.js";
import { exportSection } from "./product/export.js";
import { renderSection } from "./product/render.js";
import { hostileSection } from "./hostile.js";

/**
 * `npm run bench`: the machine's ceilings first, then the product against them, in one run, and
 * the figures written to bench/RESULTS.md. Ports 8794–8800 (BENCH_PORT moves the first one);
 * BENCH_ONLY=ingest, BENCH_PRODUCT_DIR, BENCH_LABEL and BENCH_XML: bench/README.md.
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

/** `BENCH_LABEL`, else the measured checkout's folder and commit (`+changes` when it has uncommitted ones). */
function productLabel(): string {
  if (process.env.BENCH_LABEL) return process.env.BENCH_LABEL;
  const git = (...args: string[]) => execFileSync("git", ["-C", productRoot, ...args], { encoding: "utf8" }).trim();
  try {
    const dirty = git("status", "--porcelain", "--untracked-files=no") !== "";
    return `${productRoot.split("/").filter(Boolean).at(-1)} @ ${git("rev-parse", "--short", "HEAD")}${dirty ? "+changes" : ""}`;
  } catch {
    return productRoot;
  }
}

// --- Ceilings -----------------------------------------------------------------------------
const only = process.env.BENCH_ONLY; // "ingest": the ingestion section alone (before/after rows)
const ceilings: Record<string, number> = {};
if (only !== "ingest") {
  console.log("Ceilings");
  const cryptoRate = (await cryptoCeiling(seconds(3) * 1000)).verifiesPerSecond;
  add({ section: "ceiling", name: "crypto: Ed25519 jwtVerify (jose), one core", value: cryptoRate, unit: "verifies/s" });
  const storageRate = (await storageCeiling(seconds(3) * 1000)).commitsPerSecond;
  add({ section: "ceiling", name: "storage: durable 1-doc commits (WAL, sync=FULL)", value: storageRate, unit: "commits/s" });
  Object.assign(ceilings, { crypto: cryptoRate, storage: storageRate });
}
let exportCeilingResult: ExportCeiling | undefined;
if (only !== "ingest") {
  exportCeilingResult = await exportCeiling(basePort + 5, quick);
  for (const figure of exportCeilingFigures(exportCeilingResult)) add(figure);
}

// --- Ingestion ----------------------------------------------------------------------------
console.log(`\nIngestion (bare route, XML ceiling, real server${productRoot === repoRoot ? "" : ` from ${productRoot}`}; demo tenant, rate limits off)`);
const ingest = await ingestSection(
  {
    ports: { bare: basePort, ceiling: basePort + 4, durable: basePort + 6, product: basePort + 1 },
    peakSeconds: seconds(5),
    latencySeconds: seconds(8),
    concurrencies: quick ? [10] : [10, 50],
  },
  notes,
);
for (const figure of ingest.figures) add(figure);
if (ceilings.crypto !== undefined && ceilings.storage !== undefined) {
  const signed = ingest.summary.jsonSigned;
  notes.push(`JSON signed peak against the machine's other ceilings: ${percent(signed, ceilings.crypto)} of crypto (Ed25519 verifies/s), ${percent(signed, ceilings.storage)} of storage (durable 1-doc commits/s).`);
}
const summary = ingest.summary;
const cell = (value: number, of: number) => `${Math.round(value).toLocaleString("en-US")} (${percent(value, of)})`;
const p99Cell = (key: keyof typeof summary.p99) => `${summary.p99[key].product} / ${summary.p99[key].bare}`;
const beforeAfterRow = `| ${startedAt.toISOString().slice(0, 16).replace("T", " ")} | ${productLabel()} | ${loadAtStart.split(" ")[2]} → ${load().split(" ")[2]} | ${Math.round(summary.bareJson).toLocaleString("en-US")} | ${Math.round(summary.xmlCeiling).toLocaleString("en-US")} | ${cell(summary.xml, summary.xmlCeiling)} | ${cell(summary.jsonLegacy, summary.bareJson)} | ${cell(summary.jsonSigned, summary.bareJson)} | ${p99Cell("xml")}; ${p99Cell("jsonLegacy")}; ${p99Cell("jsonSigned")} |`;

// --- Export and rendering -------------------------------------------------------------------
if (only !== "ingest") {
  console.log("\nExport");
  for (const figure of await exportSection(basePort + 2, quick, notes, exportCeilingResult)) add(figure);
  console.log("\nRendering");
  for (const figure of await renderSection(notes)) add(figure);

  // --- Hostile bodies -----------------------------------------------------------------------
  console.log("\nHostile bodies (real server, one at a time, /healthz polled meanwhile)");
  for (const figure of await hostileSection(basePort + 3, quick, notes)) add(figure);
}

// Before/after figures of fixes measured outside this run (the "before" code no longer exists).
const fixedNotes = [
  "Fix (measured separately): SHA-256 through node:crypto instead of crypto.subtle.digest: 54 µs → 5 µs per call on Node; ingestion hashes twice per request, which was ~17 % of its CPU in the --cpu-prof profile.",
  "Fix (measured separately): index on leased export entries (migrations/0005): the expired-lease sweep at the start of each lease went from 23 + 11 ms to 0.1 + 0.1 ms at 100 000 queued documents (it walked every pending entry).",
  "Export before/after (perf-export branch, `tsx bench/export-only.ts`, 100 000 documents in leases of 1000, same machine, back to back at load average 5.7–5.8 on 2 cores): NDJSON lease + stream + ack 6,987 → 12,257 docs/s (lease 4.6 → 2.8 s, body 6.6 → 2.4 s, ack 3.0 → 2.9 s; streaming only 15,047 → 41,759 docs/s); BvacList XML 3,755 → 6,098 docs/s. At load 3.6 the same code did NDJSON 19,512 docs/s (streaming only 67,961). Fixes: JSON/NDJSON copy the stored document text when its SHA-256 (migrations/0006, written at ingestion) matches instead of JSON.parse + zod + JSON.stringify (~20 µs a document); pages of 250 rows for those formats; a lease no longer rewrites 1000 wide document rows to `leased` (derived from the live lease where a status is shown). Ceiling (`tsx bench/export-ceiling.ts`, bare node:http + better-sqlite3, no product code): keyset SELECT of the stored text + NDJSON write 43,000–53,000 docs/s, with one minimal set-based claim and ack UPDATE per 1000 about 29,000–31,000 docs/s at load 5–7: the ≥ 100 000 docs/s target is above what this shared 2-core machine does even without the product. What is left in the product: the ack rewrites each document row to `delivered` (~25 ms per 1000; the document text is inline in the row), and XML is CPU-bound in writing and sealing each SMC message.",
  "Workers round trips (issue 12; `tsx bench/workerd-round-trips.ts URL` against `npm run dev:worker -- --port N`: local workerd and local D1, SMC XML with 2 lines and a legacy barcode, a fresh document id per request, 10 pharmacy keys, 10 s per figure; before = main at 931a9fb, after = this change, both served side by side and measured interleaved, at load average 13–17 on 2 shared cores, so every figure moves a lot): 1 connection 9 / 13 / 14 → 6 / 21 / 42 docs/s (p50 77 / 68 / 52 → 123 / 42 / 18 ms); 10 connections 10 / 18 / 20 → 9 / 35 / 35 docs/s (p50 842 / 506 / 403 → 1,058 / 281 / 232 ms); /healthz at 1 connection 28–76 req/s, p50 8–13 ms, in both. D1 round trips per request (test/workers/round-trips.test.ts, warm isolate): SMC XML ingestion 5 → 2 (one batch of reads, one of writes), signed JSON 5 → 2, replay 4 → 1, cancel 4 → 2, ack/release 4 → 1, JSON lease of one page 4–6 (key, pending outbox ids, then when some wait a move and a re-check, lease, page) → 2; the before counts are read from the code at 931a9fb, the key look-up included. Local D1 runs inside the same workerd process, so a local round trip costs far less than production's network hop: locally the gain is mostly fewer awaits and less CPU; in production each round trip saved is a network hop saved. The issue's own earlier figures on an idle machine (35 docs/s at 1 connection, p50 26 ms; 58/s at 10, p50 172 ms; /healthz 129/s) are not comparable with these loaded runs.",
];
const elapsed = (Date.now() - startedAt.getTime()) / 1000;
for (const note of notes) console.log(`note: ${note}`);
console.log(`\nbench finished in ${Math.round(elapsed)} s`);
console.log(`\nbefore/after row:\n${beforeAfterHeader.join("\n")}\n${beforeAfterRow}`);
if (!quick) {
  const results = fileURLToPath(new URL("./RESULTS.md", import.meta.url));
  const latest = only === "ingest" ? null : markdown(figures, startedAt, elapsed, [...notes, ...fixedNotes], loadAtStart);
  writeFileSync(results, updateResults(existsSync(results) ? readFileSync(results, "utf8") : "", latest, beforeAfterRow));
  console.log(only === "ingest" ? "before/after row appended to bench/RESULTS.md" : "written to bench/RESULTS.md");
}
