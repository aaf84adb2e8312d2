import { ZodError } from "zod";
import { BvacDocumentSchema, type BvacDocument } from "../../bvac/model.js";
import type { ExportKind, ExportRow } from "../store/exports.js";
import { sha256Hex } from "../../bvac/sha256.js";
import { readDocumentJson } from "../../bvac/formats/document-json.js";
import type { Database } from "../ports.js";

export interface Lease {
  batchId: string;
  /** The database the batch is in: a lease takes from one database (an insurer's own, or the shared one). */
  db: Database;
  leaseExpiresAt: string;
  count: number;
  /** The time the lease was taken (also the SMC messages' `messageCreateDate`). */
  leasedAt: string;
  /** The RSA public key each of the caller's insurers seals BvacList exports with (null: base64 only). */
  sealKeys: ReadonlyMap<string, string | null>;
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
 * Whether the stored text is still exactly what ingestion wrote: its own `JSON.stringify` of a
 * document validated against the export model, with the SHA-256 of that text (migrations/0006
 * and 0007). A row stored before the digest existed, or whose text changed since, is not.
 */
export const isIngestedText = (row: ExportRow): boolean => row.documentSha256 !== null && sha256Hex(row.documentJson) === row.documentSha256;

/**
 * The entry with its document parsed, for the formats that rewrite the document (CSV, XML). Text
 * that is still ingestion's own (`isIngestedText`) was validated on the way in and is only read
 * (`readDocumentJson`, `JSON.parse` for a text in another shape);
 * any other row is validated again, so a corrupt row fails the export instead of reaching an
 * insurer as something it is not (zod's validation was most of an XML export's CPU per document).
 * JSON and NDJSON copy the stored text instead (see export-writers.ts).
 */
export const toEntry = (row: ExportRow): ExportedEntry => ({
  entryId: row.entryId,
  kind: row.kind,
  insurer: row.insurer,
  pharmacyNihii: row.pharmacyNihii,
  documentId: row.documentId,
  receivedAt: row.receivedAt,
  cancelledAt: row.cancelledAt,
  document: isIngestedText(row)
    ? (readDocumentJson(row.documentJson) ?? (JSON.parse(row.documentJson) as BvacDocument))
    : BvacDocumentSchema.parse(JSON.parse(row.documentJson)),
});

/**
 * Why a row could not be written, for the log and the parked list: a code and, for the export
 * model, the fields and zod codes. Never a value: the document carries health data.
 */
export function unwritableReason(error: unknown): string {
  if (error instanceof ZodError) {
    const fields = error.issues.slice(0, 3).map((issue) => `${issue.path.map(String).join(".") || "(document)"} ${issue.code}`);
    return `export_model: ${fields.join("; ")}${error.issues.length > 3 ? ` (+${error.issues.length - 3})` : ""}`;
  }
  if (error instanceof SyntaxError) return "not_json";
  return error instanceof Error ? `write_failed: ${error.name}` : "write_failed";
}

/** Null when the stored text is a document every export format can write; the reason otherwise. */
export function checkWritable(documentJson: string): string | null {
  try {
    BvacDocumentSchema.parse(JSON.parse(documentJson));
    return null;
  } catch (error) {
    return unwritableReason(error);
  }
}
