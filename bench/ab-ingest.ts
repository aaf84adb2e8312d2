import { resolve } from "node:path";
import { demo } from "./lib/documents.js";
import { load as loadAverage } from "./lib/report.js";
import { load } from "./lib/load.js";
import { startProduct, type ProductServer } from "./lib/product.js";
import { posts, workloads } from "./product/ingest.js";
import { signedBarcode } from "./product/barcode.js";

/**
 * `tsx bench/ab-ingest.ts BEFORE_DIR AFTER_DIR [xml|json|json-signed] [rounds] [seconds] [connections]`:
 * two checkouts' gateways side by side (both started, only one loaded at a time), the same
 * ingestion workload sent to A, B, A, B … for `rounds` rounds; prints every run and the medians.
 * On a shared machine the load moves from one minute to the next, so only interleaved runs compare.
 */
const [beforeDir, afterDir] = [process.argv[2], process.argv[3]].map((dir) => resolve(dir ?? "."));
const kind = process.argv[4] ?? "xml";
const rounds = Number(process.argv[5] ?? 6);
const seconds = Number(process.argv[6] ?? 5);
const connections = Number(process.argv[7] ?? 10);
const port = Number(process.env.BENCH_PORT ?? 8860);

const servers: ProductServer[] = [];
try {
  servers.push(await startProduct(port, {}, [], undefined, beforeDir!));
  servers.push(await startProduct(port + 1, {}, [], undefined, afterDir!));
  const requests = await Promise.all(
    servers.map(async (server) => {
      const work = workloads(kind === "json-signed" ? await signedBarcode(server, new Set(["GET /v1/me/barcode"])) : demo.legacyBarcode);
      return posts(kind === "json" ? work.jsonLegacy : kind === "json-signed" ? work.jsonSigned : work.xml, server.credentials.pharmacy.apiKey);
    }),
  );
  const rates: number[][] = [[], []];
  console.log(`${kind}, ${connections} connections, ${seconds} s per run; ${loadAverage()}`);
  for (let round = 0; round < rounds; round++) {
    for (const side of [0, 1]) {
      const run = await load({ url: servers[side]!.url, connections, durationSeconds: seconds, requests: requests[side]! });
      rates[side]!.push(run.okPerSecond);
      console.log(`round ${round + 1} ${side === 0 ? "before" : "after "}: ${Math.round(run.okPerSecond)} docs/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, non-2xx ${run.non2xx}`);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const [before, after] = rates.map(median) as [number, number];
  console.log(`median: before ${Math.round(before)} docs/s, after ${Math.round(after)} docs/s (×${(after / before).toFixed(2)}); ${loadAverage()}`);
} finally {
  for (const server of servers) await server.dispose();
}
