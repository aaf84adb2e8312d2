import type { RequestSpec } from "autocannon";
import { startBareRoute, startDurableRoute } from "../ceilings/http.js";
import { startXmlCeiling } from "../ceilings/xml.js";
import { demo, jsonDocument, vendorXmlTemplate } from "../lib/documents.js";
import { peak, type LoadResult, type PeakRun } from "../lib/load.js";
import { openLoop } from "../lib/open-loop.js";
import { startProduct, type ProductServer } from "../lib/product.js";
import { percent, type Figure } from "../lib/report.js";
import type { RunningServer } from "../lib/server.js";
import { signedBarcode } from "./barcode.js";

/** One kind of POST /v1/bvac: its media type and a body with a given (fresh) document id. */
export interface Workload {
  label: string;
  contentType: string;
  body: (documentId: string) => string;
}

/** The workloads of issue 17: the vendor SMC XML (legacy code), JSON with a legacy code, JSON signed. */
export function workloads(signed: string): { xml: Workload; jsonLegacy: Workload; jsonSigned: Workload } {
  const xml = vendorXmlTemplate();
  return {
    xml: { label: `SMC XML (${xml.name}, ${(xml.bytes / 1024).toFixed(1)} KB, legacy code)`, contentType: "application/xml", body: xml.body },
    jsonLegacy: { label: "JSON, 3 lines, legacy code", contentType: "application/json", body: (id) => jsonDocument(id, demo.legacyBarcode) },
    jsonSigned: { label: "JSON, 3 lines, signed barcode", contentType: "application/json", body: (id) => jsonDocument(id, signed) },
  };
}

/** One POST /v1/bvac per request, each with a new document id (a replay would skip the write). */
export function posts(workload: Workload, apiKey?: string): RequestSpec[] {
  const headers: Record<string, string> = { "content-type": workload.contentType, ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) };
  return [{ method: "POST", path: "/v1/bvac", headers, setupRequest: (request) => ({ ...request, body: workload.body(crypto.randomUUID()) }) }];
}

export function jsonPosts(server: ProductServer, barcode: string): RequestSpec[] {
  return posts({ label: "JSON", contentType: "application/json", body: (id) => jsonDocument(id, barcode) }, server.credentials.pharmacy.apiKey);
}

export function xmlPosts(server: ProductServer): RequestSpec[] {
  return posts(workloads(demo.legacyBarcode).xml, server.credentials.pharmacy.apiKey);
}

/** Documents/s at each concurrency. */
export async function sweep(server: ProductServer, requests: RequestSpec[], concurrencies: number[], durationSeconds: number): Promise<PeakRun[]> {
  return (await peak({ url: server.url, durationSeconds, requests }, concurrencies)).runs;
}

/** Open loop at a fixed rate: latency from each request's scheduled start (lib/open-loop.ts). */
function openLoopAt(server: RunningServer, workload: Workload, apiKey: string | undefined, rate: number, durationSeconds: number): Promise<LoadResult> {
  const headers: Record<string, string> = { "content-type": workload.contentType, ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) };
  return openLoop({
    url: `${server.url}/v1/bvac`,
    ratePerSecond: Math.max(1, Math.round(rate)),
    durationSeconds,
    request: () => ({ method: "POST", headers, body: workload.body(crypto.randomUUID()) }),
  });
}

/** Answers one request before the load, so a refused body fails the bench instead of scoring 0. */
async function expectCreated(server: RunningServer, workload: Workload, apiKey?: string): Promise<void> {
  const response = await fetch(`${server.url}/v1/bvac`, {
    method: "POST",
    headers: { "content-type": workload.contentType, ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: workload.body(crypto.randomUUID()),
  });
  if (response.status !== 201) throw new Error(`${server.url} answered ${response.status} to ${workload.label}: ${(await response.text()).slice(0, 2000)}`);
}

/** The headline ratios of one run, one row of RESULTS.md's before/after table. */
export interface IngestSummary {
  bareJson: number;
  bareXml: number;
  /** The bare route with one durable commit per request (servers/durable-route.ts). */
  durableJson: number;
  xmlCeiling: number;
  xml: number;
  jsonLegacy: number;
  jsonSigned: number;
  /** p99 at 70 % of each product peak, product and bare route at the same offered rate. */
  p99: Record<"xml" | "jsonLegacy" | "jsonSigned", { product: number; bare: number; durable: number; rate: number }>;
}

export interface IngestOptions {
  ports: { bare: number; ceiling: number; durable: number; product: number };
  /** Seconds per peak run and per latency run. */
  peakSeconds: number;
  latencySeconds: number;
  concurrencies: number[];
}

const runNote = (runs: PeakRun[]) => runs.map((run) => `${run.connections} conn. ${Math.round(run.okPerSecond).toLocaleString("en-US")}/s (p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms${run.non2xx ? `, non-2xx ${run.non2xx}` : ""})`).join("; ");

/**
 * Issue 17's ingestion section, one load generator for all: the bare route, the XML ceiling and the
 * product each at their peak (best of `concurrencies`), then each product workload open loop at 70 %
 * of its own peak beside the bare route at the same offered rate with the same body.
 */
export async function ingestSection(options: IngestOptions, notes: string[]): Promise<{ figures: Figure[]; summary: IngestSummary }> {
  const figures: Figure[] = [];
  const servers: RunningServer[] = [];
  try {
    const bare = await startBareRoute(options.ports.bare);
    servers.push(bare);
    const ceiling = await startXmlCeiling(options.ports.ceiling);
    servers.push(ceiling);
    const durable = await startDurableRoute(options.ports.durable);
    servers.push(durable);
    const product = await startProduct(options.ports.product);
    servers.push({ ...product, stop: () => product.dispose() });
    const apiKey = product.credentials.pharmacy.apiKey;
    const signed = await signedBarcode(product, new Set(["GET /v1/me/barcode"]));
    const work = workloads(signed);
    for (const workload of Object.values(work)) await expectCreated(product, workload, apiKey);
    await expectCreated(ceiling, work.xml);
    await expectCreated(durable, work.jsonLegacy);

    const measure = async (server: RunningServer, workload: Workload, key?: string) =>
      peak({ url: server.url, durationSeconds: options.peakSeconds, requests: posts(workload, key) }, options.concurrencies);
    const bareJson = await measure(bare, work.jsonLegacy);
    figures.push({ section: "ingest", name: "bare route: Hono POST, reads a JSON body, 201", value: bareJson.best.okPerSecond, unit: "req/s", note: runNote(bareJson.runs) });
    const bareXml = await measure(bare, work.xml);
    figures.push({ section: "ingest", name: "bare route, same SMC XML body (read, not parsed)", value: bareXml.best.okPerSecond, unit: "req/s", note: runNote(bareXml.runs) });
    const durableJson = await measure(durable, work.jsonLegacy);
    figures.push({
      section: "ingest",
      name: "durable route: bare route + the body committed through the product's SQLite adapter (writer thread, group commit, WAL, sync=FULL)",
      value: durableJson.best.okPerSecond,
      unit: "req/s",
      ratio: `${percent(durableJson.best.okPerSecond, bareJson.best.okPerSecond)} of the bare route`,
      note: runNote(durableJson.runs),
    });
    const xmlCeiling = await measure(ceiling, work.xml);
    figures.push({ section: "ingest", name: "XML ceiling: bare route + the product's SMC reader", value: xmlCeiling.best.okPerSecond, unit: "req/s", ratio: `${percent(xmlCeiling.best.okPerSecond, bareXml.best.okPerSecond)} of the bare route`, note: runNote(xmlCeiling.runs) });

    /** A product peak against its target: at least `share` of `ceiling` (`ceilingName`). */
    const against = (workload: Workload, run: Awaited<ReturnType<typeof measure>>, ceiling: number, ceilingName: string, share: number, more = ""): Figure => ({
      section: "ingest",
      name: `product: ${workload.label}`,
      value: run.best.okPerSecond,
      unit: "docs/s",
      ratio: `${percent(run.best.okPerSecond, ceiling)} of ${ceilingName}${more}`,
      target: { text: `≥ ${Math.round(share * 100)} % of ${ceilingName}`, met: run.best.okPerSecond >= ceiling * share },
      note: runNote(run.runs),
    });
    const xml = await measure(product, work.xml, apiKey);
    figures.push(against(work.xml, xml, xmlCeiling.best.okPerSecond, "the XML ceiling", 0.5, `, ${percent(xml.best.okPerSecond, bareXml.best.okPerSecond)} of the bare route`));
    const jsonLegacy = await measure(product, work.jsonLegacy, apiKey);
    figures.push(against(work.jsonLegacy, jsonLegacy, bareJson.best.okPerSecond, "the bare route", 0.35));
    const jsonSigned = await measure(product, work.jsonSigned, apiKey);
    if (signed === demo.legacyBarcode) notes.push("JSON 'signed' used the legacy code: this build cannot issue a signed barcode.");
    figures.push(against(work.jsonSigned, jsonSigned, bareJson.best.okPerSecond, "the bare route", 0.25));

    const p99 = {} as IngestSummary["p99"];
    const peaks = { xml: xml.best, jsonLegacy: jsonLegacy.best, jsonSigned: jsonSigned.best };
    for (const key of ["xml", "jsonLegacy", "jsonSigned"] as const) {
      const rate = peaks[key].okPerSecond * 0.7;
      const mine = await openLoopAt(product, work[key], apiKey, rate, options.latencySeconds);
      const theirs = await openLoopAt(bare, work[key], undefined, rate, options.latencySeconds);
      // What durability alone costs at this rate: a JSON body committed as the product commits it.
      const stored = await openLoopAt(durable, work.jsonLegacy, undefined, rate, options.latencySeconds);
      p99[key] = { product: mine.p99Ms, bare: theirs.p99Ms, durable: stored.p99Ms, rate: Math.round(rate) };
      const ratio = mine.p99Ms / Math.max(theirs.p99Ms, 0.1);
      figures.push({
        section: "ingest",
        name: `p99, ${work[key].label}, open loop at 70 % of its peak`,
        value: mine.p99Ms,
        unit: "ms",
        ratio: `${ratio.toFixed(2)}× the bare route's p99 (${theirs.p99Ms} ms) at ${Math.round(rate)}/s`,
        target: { text: "≤ 2× the bare route's p99 at that rate", met: ratio <= 2 },
        note: `p50 ${mine.p50Ms} ms (bare ${theirs.p50Ms} ms), ${Math.round(mine.okPerSecond)} docs/s served, errors ${mine.errors}, non-2xx ${mine.non2xx}; the durable route at the same rate: p99 ${stored.p99Ms} ms (${(stored.p99Ms / Math.max(theirs.p99Ms, 0.1)).toFixed(2)}× the bare route's), p50 ${stored.p50Ms} ms`,
      });
    }
    return {
      figures,
      summary: {
        bareJson: bareJson.best.okPerSecond,
        bareXml: bareXml.best.okPerSecond,
        durableJson: durableJson.best.okPerSecond,
        xmlCeiling: xmlCeiling.best.okPerSecond,
        xml: xml.best.okPerSecond,
        jsonLegacy: jsonLegacy.best.okPerSecond,
        jsonSigned: jsonSigned.best.okPerSecond,
        p99,
      },
    };
  } finally {
    for (const server of servers.reverse()) await server.stop();
  }
}
