import type { BvacDocument } from "../../src/bvac/model.js";
import type { Database } from "../../src/core/ports.js";
import { insertDocumentStatements } from "../../src/core/store/documents.js";
import { moveOldestOutbox } from "../../src/core/store/outbox.js";
import { sampleDocument } from "./bvac-documents.js";

/** The sample document (fixture 0014-01) with its two lines repeated up to `lines`. */
export function documentWithLines(options: { nihii: string; insurer: string; key1: string }, lines: number): BvacDocument {
  const sample = sampleDocument(options);
  const all = Array.from({ length: lines }, (_, index) => ({ ...sample.lines[index % sample.lines.length]! }));
  const sum = (pick: (line: BvacDocument["lines"][number]) => number) => all.reduce((total, line) => total + pick(line), 0);
  return { ...sample, lines: all, totals: { publicPriceCents: sum((l) => l.publicPriceCents), paidPriceCents: sum((l) => l.paidPriceCents), homeopathyCents: 0 } };
}

/**
 * Stores `count` documents of `lines` lines the way ingestion does (one batch each: document with
 * its lines in its text, outbox row, and its locator row when `locate`: a single database, or an
 * insurer kept in the shared one), then moves them into the export queue as the consumer would:
 * what a queued document costs in storage, indexes included. The pharmacy and insurer must exist.
 */
export async function storeDocuments(db: Database, tenant: { nihii: string; insurer: string; key1: string }, count: number, lines: number, locate = true): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    const document = documentWithLines(tenant, lines);
    await db.batch(
      insertDocumentStatements(document, {
        ingestId: crypto.randomUUID(),
        contentHash: crypto.randomUUID().replaceAll("-", "").repeat(2),
        barcodeKind: "legacy",
        barcodeJti: null,
        warnings: [],
        receivedAt: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString(),
      }, undefined, { locate }),
    );
  }
  while ((await moveOldestOutbox(db, 500)) > 0);
}

/** Bytes per document and per line from two fills of `count` documents (2 and 20 lines). */
export async function measureFootprint(
  db: Database,
  tenant: { nihii: string; insurer: string; key1: string },
  sizeOf: () => Promise<number>,
  count = 1000,
  locate = true,
): Promise<{ bytesPerDocument2Lines: number; bytesPerDocument20Lines: number; bytesPerLine: number; bytesPerDocumentWithoutLines: number }> {
  const start = await sizeOf();
  await storeDocuments(db, tenant, count, 2, locate);
  const afterTwo = await sizeOf();
  await storeDocuments(db, tenant, count, 20, locate);
  const afterTwenty = await sizeOf();
  const two = (afterTwo - start) / count;
  const twenty = (afterTwenty - afterTwo) / count;
  const perLine = (twenty - two) / 18;
  return {
    bytesPerDocument2Lines: Math.round(two),
    bytesPerDocument20Lines: Math.round(twenty),
    bytesPerLine: Math.round(perLine),
    bytesPerDocumentWithoutLines: Math.round(two - 2 * perLine),
  };
}
