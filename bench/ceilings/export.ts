import type { Figure } from "../lib/report.js";
import { startServer } from "../lib/server.js";
import { occurrences } from "../lib/occurrences.js";

export interface ExportCeiling {
  documents: number;
  /** Keyset SELECT of the stored text, written as NDJSON, read to the end: docs/s. */
  streamPerSecond: number;
  /** The same with one set-based claim UPDATE and one ack UPDATE (each a durable commit) per page: docs/s. */
  leaseStreamAckPerSecond: number;
}

/**
 * What an export could do on this machine without the product, measured like the product's export
 * (server in its own process, pages of 1000 read to the end by fetch from this process): the
 * bare ceiling the NDJSON lease + stream + ack figure is compared with. `leaseStreamAckPerSecond`
 * is the one to divide by: it pays a claim and an ack per page as the product does. 100 000
 * documents, 10 000 when `quick`.
 */
export async function exportCeiling(port: number, quick: boolean): Promise<ExportCeiling> {
  const documents = quick ? 10_000 : 100_000;
  const batch = 1000;
  const server = await startServer("bench/ceilings/export-server.ts", { PORT: String(port), EXPORT_CEILING_DOCUMENTS: String(documents) });
  try {
    // Each run leases under its own tag, so the second run finds the queue as the first did.
    const drain = async (lease: string | null): Promise<number> => {
      const started = performance.now();
      let read = 0;
      for (let after = 0; after < documents; after += batch) {
        const query = `after=${after}&limit=${batch}${lease ? `&lease=${lease}` : ""}`;
        read += occurrences(Buffer.from(await (await fetch(`${server.url}/?${query}`)).arrayBuffer()), "\n");
      }
      if (read !== documents) throw new Error(`export ceiling read ${read} of ${documents}`);
      return documents / ((performance.now() - started) / 1000);
    };
    await drain(null); // warm-up: JIT, page cache
    const streamPerSecond = await drain(null);
    const leaseStreamAckPerSecond = await drain("run");
    return { documents, streamPerSecond, leaseStreamAckPerSecond };
  } finally {
    await server.stop();
  }
}

/** The ceiling's rows for RESULTS.md. */
export function exportCeilingFigures(ceiling: ExportCeiling): Figure[] {
  const count = ceiling.documents.toLocaleString("en-US");
  return [
    { section: "ceiling", name: `export: bare node:http + SQLite, keyset SELECT + NDJSON write, ${count} docs`, value: ceiling.streamPerSecond, unit: "docs/s" },
    {
      section: "ceiling",
      name: `export: the same + set-based claim and ack UPDATE per 1000, ${count} docs`,
      value: ceiling.leaseStreamAckPerSecond,
      unit: "docs/s",
      note: "the export ceiling the NDJSON product figure is compared with",
    },
  ];
}
