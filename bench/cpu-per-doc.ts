import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { demo } from "./lib/documents.js";
import { load } from "./lib/load.js";
import { startProduct, type ProductServer } from "./lib/product.js";
import { posts, workloads } from "./product/ingest.js";
import { signedBarcode } from "./product/barcode.js";

/**
 * `tsx bench/cpu-per-doc.ts [xml|json|json-signed] [documents] [connections] [checkout…]`: the
 * server's CPU time per accepted document (user + system, from /proc), for the whole process and
 * for its request thread alone, after a warm-up of the same size. Unlike docs/s, CPU per document
 * barely moves when other work shares the machine, so it compares changes on a busy box; several
 * checkouts are measured in turn, A, B, A, B.
 */
const kind = process.argv[2] ?? "json";
const documents = Number(process.argv[3] ?? 3000);
const connections = Number(process.argv[4] ?? 10);
const checkouts = (process.argv.length > 5 ? process.argv.slice(5) : ["."]).map((dir) => resolve(dir));
const rounds = checkouts.length > 1 ? 3 : 1;
const port = Number(process.env.BENCH_PORT ?? 8870);
const ticksPerSecond = 100;

/** user + system clock ticks of a process or one of its threads (/proc/…/stat fields 14 and 15). */
const ticks = (path: string) => {
  const fields = readFileSync(path, "utf8").replace(/^.*\) /s, "").split(" ");
  return Number(fields[11]) + Number(fields[12]);
};
const threadTicks = (pid: number) =>
  new Map(readdirSync(`/proc/${pid}/task`).map((tid) => [tid, ticks(`/proc/${pid}/task/${tid}/stat`)] as const));

async function measure(server: ProductServer, barcode: string): Promise<{ total: number; request: number; ok: number }> {
  const work = workloads(barcode);
  const workload = kind === "json" ? work.jsonLegacy : kind === "json-signed" ? work.jsonSigned : work.xml;
  const requests = posts(workload, server.credentials.pharmacy.apiKey);
  const pid = server.child.pid!;
  await load({ url: server.url, connections, amount: documents, requests });
  const before = threadTicks(pid);
  const run = await load({ url: server.url, connections, amount: documents, requests });
  const after = threadTicks(pid);
  const delta = (tid: string) => (after.get(tid) ?? 0) - (before.get(tid) ?? 0);
  const total = [...after.keys()].reduce((sum, tid) => sum + delta(tid), 0);
  // The request thread is the process's first (tid = pid).
  return { total, request: delta(String(pid)), ok: run.ok };
}

const servers: ProductServer[] = [];
try {
  for (const [index, dir] of checkouts.entries()) servers.push(await startProduct(port + index, {}, [], undefined, dir));
  const barcodes = await Promise.all(servers.map((server) => (kind === "json-signed" ? signedBarcode(server, new Set(["GET /v1/me/barcode"])) : demo.legacyBarcode)));
  const results = checkouts.map(() => [] as Array<{ total: number; request: number }>);
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, server] of servers.entries()) {
      const { total, request, ok } = await measure(server, barcodes[index]!);
      const perDoc = (count: number) => (count / ticksPerSecond / ok) * 1e6;
      results[index]!.push({ total: perDoc(total), request: perDoc(request) });
      console.log(`${checkouts[index]} ${kind}: ${ok} docs, CPU ${perDoc(total).toFixed(0)} µs/doc (request thread ${perDoc(request).toFixed(0)} µs/doc)`);
    }
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  if (rounds > 1)
    for (const [index, dir] of checkouts.entries())
      console.log(`median ${dir}: CPU ${median(results[index]!.map((r) => r.total)).toFixed(0)} µs/doc, request thread ${median(results[index]!.map((r) => r.request)).toFixed(0)} µs/doc`);
} finally {
  await Promise.all(servers.map((server) => server.dispose()));
}
