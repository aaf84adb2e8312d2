import { BvacDocumentSchema, type BvacDocument } from "../../bvac/model.js";
import type { ExportKind, ExportRow } from "../store/exports.js";

export interface Lease {
  batchId: string;
  leaseExpiresAt: string;
  count: number;
  /** The time the lease was taken (also the SMC messages' `messageCreateDate`). */
  leasedAt: string;
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

/**
 * The entry with its document parsed, for the formats that rewrite the document (CSV, XML).
 * Stored documents were validated on the way in; parsing again keeps a corrupt row from reaching
 * an insurer as something it is not. JSON and NDJSON copy the stored text instead (see
 * export-writers.ts): it is the gateway's own `JSON.stringify` of a validated document.
 */
export const toEntry = (row: ExportRow): ExportedEntry => ({
  entryId: row.entryId,
  kind: row.kind,
  insurer: row.insurer,
  pharmacyNihii: row.pharmacyNihii,
  documentId: row.documentId,
  receivedAt: row.receivedAt,
  cancelledAt: row.cancelledAt,
  document: BvacDocumentSchema.parse(JSON.parse(row.documentJson)),
});
