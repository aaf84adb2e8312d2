import { batchPage, leaseBatch, parkEntry, type ExportKind, type ExportRow } from "../store/exports.js";
import { checkWritable, unwritableReason, type Lease } from "./export-entry.js";
import type { AppDeps } from "../deps.js";
import type { Database } from "../ports.js";
import { listInsurers } from "../store/insurers.js";
import { leaseKeyCopy } from "../store/locator.js";
import { byDatabase } from "./insurer-databases.js";
import type { ExportFormat } from "./export-format.js";
import { exportWriter } from "./export-writers.js";
import { PageBytes } from "./export-page.js";
import { outboxMoveChunk } from "./outbox.js";

/**
 * Rows read from the database per page while writing a batch: memory follows the page, not the
 * batch. Each page costs a query, a promise hop, a stream pull and a socket write; at 50 rows that
 * showed in the profile for JSON/NDJSON, and BvacList XML's body took 1.5–2× as long with pages of
 * 50 as with 250. 250 rows are ~0.3 MB of NDJSON, ~1 MB of XML; with XML pages that size the
 * server's heap settles ~55 MB higher within the first half of a long export, then stays there
 * (bench/RESULTS.md, RSS per tenth).
 */
export const exportPageSize = 250;

type LeaseDeps = Pick<AppDeps, "db" | "databases" | "clock" | "config" | "logger">;

/**
 * Takes a row that cannot be written out of its lease and parks it alone, with the reason, so the
 * rest of the batch is delivered and acknowledged; its neighbours are never parked with it.
 */
async function setAside(
  deps: Pick<AppDeps, "clock" | "logger">,
  db: Database,
  entry: { entryId: number; batchId: string; reason: string },
  requestId: string | undefined,
): Promise<void> {
  const parked = await parkEntry(db, { ...entry, now: deps.clock.now().toISOString() });
  deps.logger.error("export.row_parked", { requestId, batchId: entry.batchId, entryId: entry.entryId, reason: entry.reason, parked });
}

/**
 * A fresh batch id at the lease's time: `b_` and a version 7 UUID, whose first 48 bits are the time
 * in milliseconds and the rest random. Ids that grow with time put each lease's entries at the end
 * of the queue's batch index (export_queue_by_batch), where SQLite appends, instead of at a random
 * place in it, where every entry costs a full descent and pages split in the middle.
 */
export function newBatchId(now: Date): string {
  const time = now.getTime().toString(16).padStart(12, "0");
  // randomUUID's tail after the version digit: 74 random bits and the RFC 9562 variant, as version 7 has.
  return `b_${time.slice(0, 8)}-${time.slice(8)}-7${crypto.randomUUID().slice(15)}`;
}

/**
 * Leases up to `limit` of the key's queued entries, in one round trip that also moves the key's
 * insurers' pending outbox rows into the queue (store/exports.ts `leaseBatch`). The
 * `BvacList` XML has no way to say "cancelled", so an XML lease takes documents only and leaves
 * cancellations for a JSON, NDJSON or CSV lease. Returns null when nothing is queued.
 */
export async function takeLease(
  deps: LeaseDeps,
  caller: { keyId: string; insurers: readonly string[] },
  request: { limit: number; leaseSeconds?: number | undefined },
  format: ExportFormat,
  requestId?: string,
): Promise<Lease | null> {
  // A key bound to no code sees nothing (and `IN ()` is not SQL).
  if (caller.insurers.length === 0) return null;
  const now = deps.clock.now();
  const seconds = request.leaseSeconds ?? deps.config.exportLeaseSeconds;
  const leaseUntil = new Date(now.getTime() + seconds * 1000).toISOString();
  const batchId = newBatchId(now);
  const kinds: ExportKind[] = format === "xml" ? ["document"] : ["document", "cancellation"];
  // One database per lease: entry ids are per database, and an export must not show two entries
  // with one id. A key whose insurers are in several databases takes from them in turn: the first
  // that has something answers (a job leasing until an empty answer drains each one).
  for (const [db, insurers] of byDatabase(deps, caller.insurers, (code) => code)) {
    const own = db !== deps.db;
    const [leased, sharedSealKeys] = await Promise.all([
      leaseBatch(db, {
        batchId,
        keyId: caller.keyId,
        insurers,
        kinds,
        limit: request.limit,
        format,
        now: now.toISOString(),
        leaseUntil,
        // At least a full batch's worth, so a lease is never short while the outbox holds more.
        outboxMove: Math.max(outboxMoveChunk, request.limit),
        before: own ? [leaseKeyCopy(caller.keyId, now.toISOString())] : [],
      }),
      // The sealing keys (BvacList XML only) are the shared database's: an insurer's own holds a
      // copy of its code and name only.
      own && format === "xml" ? listInsurers(deps.db) : null,
    ]);
    const { claimed, undigested } = leased;
    if (claimed === 0) continue;
    const sealKeys = sharedSealKeys ? new Map(insurers.map((code) => [code, sharedSealKeys.find((insurer) => insurer.code === code)?.sealPublicKey ?? null])) : leased.sealKeys;
    // Documents without a digest predate ingestion's export-model check (migrations/0007): each is
    // checked here, before the count is announced, so `X-Batch-Count` is what the body will hold.
    let count = claimed;
    for (const row of undigested) {
      const reason = checkWritable(row.documentJson);
      if (reason === null) continue;
      await setAside(deps, db, { entryId: row.entryId, batchId, reason }, requestId);
      count--;
    }
    if (count === 0) return null;
    return { batchId, db, leaseExpiresAt: leaseUntil, count, leasedAt: now.toISOString(), sealKeys };
  }
  return null;
}

/** The batch's entries as stored, page by page, in claim order (keyset pagination on the entry id). */
export async function* leasedRows(db: Database, batchId: string, pageSize: number): AsyncGenerator<ExportRow[]> {
  let afterId = 0;
  for (;;) {
    const page = await batchPage(db, batchId, afterId, pageSize);
    if (page.length === 0) return;
    yield page;
    afterId = page[page.length - 1]!.entryId;
    if (page.length < pageSize) return;
  }
}

/** The page buffer's first size: it grows to the largest page of the body and is reused for every page. */
const firstPageBytes = 64 * 1024;

/**
 * The body of a leased batch in the chosen format (see export-writers.ts), as UTF-8 chunks to
 * stream: one chunk per page of entries, so memory follows the page size, not the batch size.
 * An entry that cannot be written is skipped and parked alone (`setAside`), never the end of the
 * stream: after ingestion's export-model check and the lease's check of older rows this takes a
 * document text changed in the database since, and then `X-Batch-Count` is one too high.
 */
export async function* exportBody(
  deps: Pick<AppDeps, "clock" | "logger">,
  lease: Lease,
  format: ExportFormat,
  requestId?: string,
): AsyncGenerator<Uint8Array> {
  const writer = exportWriter(format, lease);
  const encoder = new TextEncoder();
  if (writer.open) yield encoder.encode(writer.open);
  let first = true;
  const page = new PageBytes(firstPageBytes);
  for await (const rows of leasedRows(lease.db, lease.batchId, exportPageSize)) {
    for (const row of rows) {
      const start = page.length;
      try {
        if (!first) page.text(writer.separator);
        writer.entry(row, page);
      } catch (error) {
        page.truncate(start);
        await setAside(deps, lease.db, { entryId: row.entryId, batchId: lease.batchId, reason: unwritableReason(error) }, requestId);
        continue;
      }
      first = false;
    }
    if (page.length > 0) yield page.take();
  }
  if (writer.close) yield encoder.encode(writer.close);
}
