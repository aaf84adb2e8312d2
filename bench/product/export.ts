import BetterSqlite3 from "better-sqlite3";
import { generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import { seedQueuedDocuments } from "../lib/seed.js";
import { startProduct, type ProductServer } from "../lib/product.js";
import type { Figure } from "../lib/report.js";
import type { ExportCeiling } from "../ceilings/export.js";
import { occurrences } from "../lib/occurrences.js";

type Format = "ndjson" | "xml" | "xml-sealed";
const accept: Record<Format, string> = { ndjson: "application/x-ndjson", xml: "application/xml", "xml-sealed": "application/xml" };
const label: Record<Format, string> = { ndjson: "NDJSON", xml: "BvacList XML", "xml-sealed": "BvacList XML sealed (RSA-2048 + AES-256)" };

/** The demo insurer seals (or stops sealing) its BvacList exports with an RSA-2048 key, as real insurers do. */
function setSealKey(filename: string, sealed: boolean): void {
  const pem = sealed ? generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString() : null;
  const db = new BetterSqlite3(filename);
  try {
    db.prepare("UPDATE insurers SET seal_public_key = ? WHERE code = '6000'").run(pem);
  } finally {
    db.close();
  }
}
/** The largest batch a lease may take (POST /v1/exports `limit` ≤ 1000). */
const batchSize = 1000;

interface Drain {
  documents: number;
  seconds: number;
  /** Time spent waiting for lease answers (claim + first bytes), reading bodies, and acking. */
  leaseSeconds: number;
  streamSeconds: number;
  ackSeconds: number;
  /** Peak RSS of the server (kB) after each tenth of the run. */
  rssSteps: number[];
}

/** Leases, reads to the end and acks batch after batch until the queue is empty. */
async function drain(server: ProductServer, format: Format, total: number): Promise<Drain> {
  const auth = { authorization: `Bearer ${server.credentials.insurer.apiKey}` };
  let documents = 0;
  const rssSteps: number[] = [];
  const spent = { lease: 0, stream: 0, ack: 0 };
  const started = performance.now();
  for (;;) {
    let mark = performance.now();
    const response = await fetch(`${server.url}/v1/exports`, {
      method: "POST",
      headers: { ...auth, accept: accept[format], "content-type": "application/json" },
      body: JSON.stringify({ limit: batchSize }),
    });
    if (response.status === 204) break;
    if (response.status !== 200) throw new Error(`lease answered ${response.status}: ${await response.text()}`);
    spent.lease += performance.now() - mark;
    mark = performance.now();
    const body = Buffer.from(await response.arrayBuffer());
    spent.stream += performance.now() - mark;
    const count = occurrences(body, format === "ndjson" ? "\n" : "<Bvac>");
    mark = performance.now();
    const batchId = response.headers.get("x-batch-id");
    const ack = await fetch(`${server.url}/v1/exports/${batchId}/ack`, { method: "POST", headers: auth });
    if (ack.status !== 200) throw new Error(`ack answered ${ack.status}: ${await ack.text()}`);
    spent.ack += performance.now() - mark;
    documents += count;
    if (documents % Math.max(batchSize, total / 10) < batchSize) rssSteps.push(server.peakRssKb());
  }
  return {
    documents,
    seconds: (performance.now() - started) / 1000,
    leaseSeconds: spent.lease / 1000,
    streamSeconds: spent.stream / 1000,
    ackSeconds: spent.ack / 1000,
    rssSteps,
  };
}

/** Issue 17's targets: NDJSON against the bare export ceiling of the same run, BvacList XML absolute. */
export const exportTargets = { ndjsonShareOfCeiling: 0.6, xmlDocsPerSecond: 15_000 } as const;

/**
 * Export: 100 000 queued documents leased and streamed in batches of 1000, as NDJSON, as BvacList
 * XML (the demo insurer has no seal key: base64 only) and as BvacList XML sealed with an RSA-2048
 * key (what a real insurer gets), with documents/s and the server's peak RSS along the way
 * (flat = streaming).
 * Given the export ceiling measured in the same run (ceilings/export.ts `exportCeiling`), the
 * NDJSON row carries its ratio to `leaseStreamAckPerSecond` and the ≥ 60 % target.
 */
export async function exportSection(port: number, quick: boolean, notes: string[], ceiling?: ExportCeiling): Promise<Figure[]> {
  const total = quick ? 10_000 : 100_000;
  const figures: Figure[] = [];
  let server = await startProduct(port);
  try {
    const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    if (!("/v1/exports" in spec.paths)) {
      notes.push("Export not measured: this build has no POST /v1/exports.");
      return figures;
    }
    for (const format of ["ndjson", "xml", "xml-sealed"] as const) {
      await server.stop();
      seedQueuedDocuments(join(server.dataDir, "pharmagate.sqlite"), total);
      setSealKey(join(server.dataDir, "pharmagate.sqlite"), format === "xml-sealed");
      server = await server.restart();
      const baseline = server.peakRssKb();
      const run = await drain(server, format, total);
      const rate = run.documents / run.seconds;
      const peakMb = Math.max(...run.rssSteps) / 1024;
      const firstStepMb = (run.rssSteps[0] ?? 0) / 1024;
      figures.push({
        section: "export",
        name: `${label[format]}: lease + stream + ack ${total.toLocaleString("en-US")} docs`,
        value: rate,
        unit: "docs/s",
        note: `${run.documents} docs in ${run.seconds.toFixed(1)} s (lease ${run.leaseSeconds.toFixed(1)} s, body ${run.streamSeconds.toFixed(1)} s, ack ${run.ackSeconds.toFixed(1)} s); server RSS ${Math.round(baseline / 1024)} MB idle, ${firstStepMb.toFixed(0)} MB after the first tenth, ${peakMb.toFixed(0)} MB peak`,
        ...(format === "ndjson" && ceiling
          ? {
              ratio: `${Math.round((100 * rate) / ceiling.leaseStreamAckPerSecond)} % of the export ceiling`,
              target: { text: "≥ 60 % of the export ceiling", met: rate >= exportTargets.ndjsonShareOfCeiling * ceiling.leaseStreamAckPerSecond },
            }
          : {}),
        ...(format === "xml" ? { target: { text: "≥ 15 000 docs/s", met: rate >= exportTargets.xmlDocsPerSecond } } : {}),
      });
      figures.push({
        section: "export",
        name: `${label[format]}: streaming only (body bytes, no lease/ack)`,
        value: run.documents / run.streamSeconds,
        unit: "docs/s",
      });
      figures.push({
        section: "export",
        name: `${label[format]}: peak RSS growth, first tenth → end`,
        value: peakMb - firstStepMb,
        unit: "MB",
        note: `RSS per tenth (MB): ${run.rssSteps.map((kb) => Math.round(kb / 1024)).join(", ")}`,
      });
      if (run.documents !== total) notes.push(`Export ${format}: drained ${run.documents} of ${total} seeded documents.`);
    }
  } finally {
    await server.dispose();
  }
  return figures;
}
