/**
 * Local workerd figures for ingestion over D1 (issue 12): the Worker under `wrangler dev`
 * (`npm run dev:worker -- --port N`, started by hand so the same script measures any checkout),
 * AssurPharma SMC XML documents with a legacy barcode, a fresh id per request, at 1 and 10
 * connections, and /healthz (one D1 query) as the floor. Usage:
 *
 *   tsx bench/workerd-round-trips.ts http://127.0.0.1:8791 [admin key]
 *
 * Prints one JSON line; the figures go to RESULTS.md by hand (they depend on the checkout measured).
 */
import { readFileSync } from "node:fs";
import { load } from "./lib/load.js";

const base = process.argv[2] ?? "http://127.0.0.1:8791";
const adminKey = process.argv[3] ?? "ak_local-dev-worker";
const seconds = Number(process.env.BENCH_SECONDS ?? 10);

async function post(path: string, key: string, body: unknown, method = "POST", contentType = "application/json"): Promise<Record<string, string>> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, string>;
}

const code = String(7000 + Math.floor(Math.random() * 2000));
const insurer = await post("/v1/admin/insurers", adminKey, { code, name: `Bench ${code}`, legacyBarcodes: "accept" });
const key1 = "1234567890";
await post("/v1/members", insurer.apiKey ?? "", JSON.stringify({ insurer: code, key1, name: "Bench Member", coverage: [{ from: "2000-01-01" }] }), "PUT", "application/x-ndjson");
// Several pharmacies: a rate limit is per key, and the measurement is of the gateway, not the limit.
const pharmacies = await Promise.all(
  Array.from({ length: 10 }, async () => {
    // Valid check digits (97 - base mod 97), as pharmacy NIHIIs have.
    const base = String(100000 + Math.floor(Math.random() * 899999));
    const nihii = base + String(97 - Number(BigInt(base) % 97n)).padStart(2, "0");
    return { nihii, apiKey: (await post("/v1/admin/pharmacies", adminKey, { nihii, name: "Bench pharmacy" })).apiKey ?? "" };
  }),
);

const template = readFileSync(new URL("./fixtures/6000-01-prescribed.xml", import.meta.url), "utf8")
  .replaceAll(">6000<", `>${code}<`)
  .replace(/<model:key1>\d+<\/model:key1>/, `<model:key1>${key1}</model:key1>`);
let sequence = 0;
const ingest = [
  {
    method: "POST",
    path: "/v1/bvac",
    setupRequest(request: { headers?: Record<string, string>; body?: string }) {
      sequence += 1;
      const pharmacy = pharmacies[sequence % pharmacies.length]!;
      request.headers = { "Content-Type": "application/xml", Authorization: `Bearer ${pharmacy.apiKey}` };
      request.body = template.replaceAll(">27456740<", `>${pharmacy.nihii}<`).replaceAll(">abcdefghijklmnopqrstuvwx1<", `>bench-${Date.now()}-${sequence}<`);
      return request;
    },
  },
];

const figures: Record<string, unknown> = {};
for (const connections of [1, 10]) {
  const result = await load({ url: base, connections, durationSeconds: seconds, requests: ingest });
  figures[`xml legacy, ${connections} conn`] = { docsPerSecond: Math.round(result.okPerSecond), p50Ms: result.p50Ms, p99Ms: result.p99Ms, statuses: result.statuses };
}
const health = await load({ url: base, connections: 1, durationSeconds: Math.min(seconds, 5), requests: [{ method: "GET", path: "/healthz" }] });
figures["healthz, 1 conn"] = { perSecond: Math.round(health.okPerSecond), p50Ms: health.p50Ms };
console.log(JSON.stringify(figures));
