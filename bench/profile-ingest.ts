import { startProduct } from "./lib/product.js";
import { jsonPosts, sweep } from "./product/ingest.js";
import { signedBarcode } from "./product/barcode.js";

/**
 * `tsx bench/profile-ingest.ts [connections] [seconds]`: JSON ingestion under `--cpu-prof`; the
 * profile lands in bench/profiles/ (open it in Chrome DevTools or speedscope).
 */
const connections = Number(process.argv[2] ?? 32);
const seconds = Number(process.argv[3] ?? 5);
const server = await startProduct(8798, {}, ["--cpu-prof", "--cpu-prof-dir=bench/profiles"]);
const barcode = await signedBarcode(server, new Set(["GET /v1/me/barcode"]));
const [run] = await sweep(server, jsonPosts(server, barcode), [connections], seconds);
console.log(run);
await server.dispose();
