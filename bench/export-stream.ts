/**
 * Export throughput and memory: leases N queued documents in one batch per format, in process
 * (Node, in-memory SQLite), reading the streamed body chunk by chunk as an import job would.
 * Reports documents per second, then (second pass, with periodic GC) the live heap growth while streaming, for two batch sizes, to check
 * that memory stays flat in the batch size (the body is written page by page).
 *
 *   node --expose-gc --import tsx bench/export-stream.ts
 */
import { openNodeDeps } from "../src/adapters/node/deps.js";
import { createApp } from "../src/gateway/app.js";
import { onboardInsurer, onboardPharmacy } from "../src/core/services/onboarding.js";
import { sampleDocument, storeQueuedDocument } from "../test/support/bvac-documents.js";
import { silentLogger } from "../src/adapters/console-logger.js";

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const { deps, close } = await openNodeDeps({ filename: ":memory:", issuer: "https://bench.invalid", logger: silentLogger });
const app = createApp(deps);
await onboardPharmacy(deps, { nihii: "27456740", name: "Bench pharmacy" });

async function run(format: string, accept: string, count: number, measureMemory: boolean) {
  const code = String(7000 + Math.floor(Math.random() * 2999));
  const { apiKey } = await onboardInsurer(deps, { code, name: "Bench", legacyBarcodes: "accept", mod97: false, sealPublicKey: null });
  for (let i = 0; i < count; i++) await storeQueuedDocument(deps.db, sampleDocument({ nihii: "27456740", insurer: code, key1: "9912319994" }));
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const started = performance.now();
  const response = await app.request("/v1/exports", {
    method: "POST",
    headers: { Authorization: `Bearer ${apiKey}`, Accept: accept, "Content-Type": "application/json" },
    body: JSON.stringify({ limit: count }),
  });
  let bytes = 0;
  let chunks = 0;
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    // Collect now and then so the figure is live memory, not garbage awaiting collection.
    if (measureMemory && ++chunks % 5 === 0) gc();
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }
  const ms = performance.now() - started;
  const figure = measureMemory
    ? `live heap +${((heapPeak - heapBefore) / 1024 / 1024).toFixed(1)} MiB`
    : `${ms.toFixed(0).padStart(6)} ms  ${(count / (ms / 1000)).toFixed(0).padStart(6)} docs/s`;
  console.log(`${format.padEnd(6)} ${String(count).padStart(5)} docs  ${(bytes / 1024).toFixed(0).padStart(6)} KiB body  ${figure}`);
}

const formats = [
  ["json", "application/json"],
  ["ndjson", "application/x-ndjson"],
  ["csv", "text/csv"],
  ["xml", "application/xml"],
] as const;
// Warm-up, then throughput (no forced GC), then live memory (GC every 5 chunks).
for (const [format, accept] of formats) await run(format, accept, 200, false);
for (const measureMemory of [false, true]) {
  for (const count of [100, 1000]) for (const [format, accept] of formats) await run(format, accept, count, measureMemory);
}
await close();
