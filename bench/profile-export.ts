import { join } from "node:path";
import { seedQueuedDocuments } from "./lib/seed.js";
import { startProduct } from "./lib/product.js";

/**
 * `tsx bench/profile-export.ts [ndjson|xml] [count]`: one export drain under `--cpu-prof`; the
 * profile lands in bench/profiles/ (open it in Chrome DevTools or speedscope).
 */
const format = process.argv[2] === "xml" ? "xml" : "ndjson";
const count = Number(process.argv[3] ?? 20_000);
const first = await startProduct(8798);
await first.stop();
seedQueuedDocuments(join(first.dataDir, "pharmagate.sqlite"), count);
const server = await startProduct(8798, {}, ["--cpu-prof", "--cpu-prof-dir=bench/profiles"], first.dataDir);
const auth = { authorization: `Bearer ${server.credentials.insurer.apiKey}` };
const started = performance.now();
let documents = 0;
for (;;) {
  const response = await fetch(`${server.url}/v1/exports`, {
    method: "POST",
    headers: { ...auth, accept: format === "xml" ? "application/xml" : "application/x-ndjson", "content-type": "application/json" },
    body: JSON.stringify({ limit: 1000 }),
  });
  if (response.status !== 200) break;
  const body = await response.text();
  documents += format === "xml" ? body.split("<Bvac>").length - 1 : body.split("\n").length - 1;
  await fetch(`${server.url}/v1/exports/${response.headers.get("x-batch-id")}/ack`, { method: "POST", headers: auth });
}
console.log(`${documents} docs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
await server.dispose();
