import { batchPage, leaseBatch, type ExportKind, type ExportRow } from "../../adapters/storage/repos/exports.js";
import { findInsurer } from "../../adapters/storage/repos/insurers.js";
import { drainOutbox } from "../../adapters/storage/repos/outbox.js";
import { BvacDocumentSchema, type BvacDocument } from "../../bvac/model.js";
import type { AppDeps } from "../env.js";
import type { ExportFormat } from "./export-format.js";
import { exportWriter } from "./export-writers.js";

/** Default lease when neither the request nor the config names one (DESIGN: 5 minutes). */
export const defaultLeaseSeconds = 300;
/** `EXPORT_LEASE_SECONDS` as both entries read it: unset = the default, else 1–3600 or a start-up error. */
export function exportLeaseSetting(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) throw new Error(`EXPORT_LEASE_SECONDS must be 1–3600 seconds, got ${raw}`);
  return seconds;
}

/** Rows read from the database per page while writing a batch: memory stays flat in batch size. */
export const exportPageSize = 50;

export interface Lease {
  batchId: string;
  leaseExpiresAt: string;
  count: number;
  /** The time the lease was taken (also the SMC messages' `messageCreateDate`). */
  leasedAt: string;
}

type LeaseDeps = Pick<AppDeps, "db" | "clock" | "config">;

/**
 * Leases up to `limit` of the key's queued entries. The outbox is drained first so a document
 * committed a moment ago is exportable even if its queue message is still in flight. The
 * `BvacList` XML has no way to say "cancelled", so an XML lease takes documents only and leaves
 * cancellations for a JSON, NDJSON or CSV lease. Returns null when nothing is queued.
 */
export async function takeLease(
  deps: LeaseDeps,
  caller: { keyId: string; insurers: readonly string[] },
  request: { limit: number; leaseSeconds?: number | undefined },
  format: ExportFormat,
): Promise<Lease | null> {
  // A key bound to no code sees nothing (and `IN ()` is not SQL).
  if (caller.insurers.length === 0) return null;
  await drainOutbox(deps.db);
  const now = deps.clock.now();
  const seconds = request.leaseSeconds ?? deps.config.exportLeaseSeconds ?? defaultLeaseSeconds;
  const leaseUntil = new Date(now.getTime() + seconds * 1000).toISOString();
  const batchId = `b_${crypto.randomUUID()}`;
  const kinds: ExportKind[] = format === "xml" ? ["document"] : ["document", "cancellation"];
  const entries = await leaseBatch(deps.db, {
    batchId,
    keyId: caller.keyId,
    insurers: caller.insurers,
    kinds,
    limit: request.limit,
    format,
    now: now.toISOString(),
    leaseUntil,
  });
  if (entries.length === 0) return null;
  return { batchId, leaseExpiresAt: leaseUntil, count: entries.length, leasedAt: now.toISOString() };
}

/** One exported entry as JSON and NDJSON write it. */
export interface ExportedEntry {
  entryId: number;
  kind: ExportKind;
  insurer: string;
  pharmacyNihii: string;
  documentId: string;
  receivedAt: string;
  cancelledAt: string | null;
  document: BvacDocument;
}

const toEntry = (row: ExportRow): ExportedEntry => ({
  entryId: row.entryId,
  kind: row.kind,
  insurer: row.insurer,
  pharmacyNihii: row.pharmacyNihii,
  documentId: row.documentId,
  receivedAt: row.receivedAt,
  cancelledAt: row.cancelledAt,
  // Stored documents were validated on the way in; parsing again keeps a corrupt row from
  // reaching an insurer as something it is not.
  document: BvacDocumentSchema.parse(JSON.parse(row.documentJson)),
});

/** The batch's entries, page by page, in claim order. */
export async function* leasedEntries(deps: Pick<AppDeps, "db">, batchId: string): AsyncGenerator<ExportedEntry[]> {
  let afterId = 0;
  for (;;) {
    const page = await batchPage(deps.db, batchId, afterId, exportPageSize);
    if (page.length === 0) return;
    yield page.map(toEntry);
    afterId = page[page.length - 1]!.entryId;
    if (page.length < exportPageSize) return;
  }
}

/** RSA public keys of the given insurers (null = not registered: base64 only). */
async function sealKeys(deps: Pick<AppDeps, "db">, insurers: readonly string[]): Promise<Map<string, string | null>> {
  const found = await Promise.all(insurers.map((code) => findInsurer(deps.db, code)));
  return new Map(insurers.map((code, index) => [code, found[index]?.sealPublicKey ?? null]));
}

/**
 * The body of a leased batch in the chosen format (see export-writers.ts), as text chunks to
 * stream: one chunk per page of entries, so memory follows the page size, not the batch size.
 */
export async function* exportBody(
  deps: Pick<AppDeps, "db">,
  lease: Lease,
  format: ExportFormat,
  insurers: readonly string[],
): AsyncGenerator<string> {
  const writer = exportWriter(format, lease, format === "xml" ? await sealKeys(deps, insurers) : new Map());
  if (writer.open) yield writer.open;
  let first = true;
  for await (const page of leasedEntries(deps, lease.batchId)) {
    yield writer.page(page, first);
    first = false;
  }
  if (writer.close) yield writer.close;
}
