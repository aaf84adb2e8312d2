import { mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { topSelfTime } from "./lib/cpu-profile.js";
import { demo } from "./lib/documents.js";
import { startProduct } from "./lib/product.js";
import { posts, sweep, workloads } from "./product/ingest.js";
import { signedBarcode } from "./product/barcode.js";

/**
 * `tsx bench/profile-ingest.ts [xml|json|json-signed] [connections] [seconds]`: one ingestion
 * workload (default: the vendor SMC XML, `BENCH_XML` to substitute) under `--cpu-prof` against the
 * checkout under test (`BENCH_PRODUCT_DIR` or this one); the profile lands in bench/profiles/ (open
 * it in Chrome DevTools or speedscope) and its top self-time functions are printed.
 */
const kind = process.argv[2] ?? "xml";
const connections = Number(process.argv[3] ?? 10);
const seconds = Number(process.argv[4] ?? 10);
const directory = fileURLToPath(new URL("./profiles", import.meta.url));
mkdirSync(directory, { recursive: true });
const before = new Set(readdirSync(directory));
const server = await startProduct(Number(process.env.BENCH_PORT ?? 8798), {}, ["--cpu-prof", `--cpu-prof-dir=${directory}`]);
const work = workloads(kind === "json-signed" ? await signedBarcode(server, new Set(["GET /v1/me/barcode"])) : demo.legacyBarcode);
const workload = kind === "json" ? work.jsonLegacy : kind === "json-signed" ? work.jsonSigned : work.xml;
const [run] = await sweep(server, posts(workload, server.credentials.pharmacy.apiKey), [connections], seconds);
console.log(`${workload.label}, ${connections} connections: ${Math.round(run?.okPerSecond ?? 0)} docs/s, p50 ${run?.p50Ms} ms, p99 ${run?.p99Ms} ms, non-2xx ${run?.non2xx}`);
await server.dispose();
const written = readdirSync(directory)
  .filter((name) => name.endsWith(".cpuprofile") && !before.has(name))
  .map((name) => join(directory, name))
  // One profile per thread (tsx's loader runs in a worker); the server's main thread is the largest.
  .sort((a, b) => statSync(b).size - statSync(a).size)[0];
if (written) {
  const { busyShare, top } = topSelfTime(written);
  console.log(`${written}\nbusy ${Math.round(busyShare * 100)} % of the samples; top self time (share of busy):`);
  for (const entry of top) console.log(`  ${(entry.share * 100).toFixed(1).padStart(5)} %  ${entry.name}`);
}
