import { writeBvacEntry, bvacListClose, bvacListOpen } from "../../bvac/formats/bvac-list-xml.js";
import { csvHeader, csvRows } from "../../bvac/formats/export-csv.js";
import { seal, unsealed } from "../../bvac/formats/seal.js";
import { writeSmcMessage } from "../../bvac/formats/smc-xml-out.js";
import type { ExportFormat } from "./export-format.js";
import type { ExportRow } from "../store/exports.js";
import { isIngestedText, toEntry, type Lease } from "./export-entry.js";
import type { PageBytes } from "./export-page.js";

/**
 * Writes one format of a leased batch: its opening, each entry on its own (so one that cannot be
 * written is skipped without losing the others), the text between two entries, and the close.
 */
export interface ExportWriter {
  open: string;
  /** Writes one entry into the page; throws when this row cannot be written in this format (the caller drops what it wrote). */
  entry(row: ExportRow, page: PageBytes): void;
  separator: string;
  close: string;
}

/**
 * The stored document text, as it goes into a JSON or NDJSON export: ingestion's own text
 * (`isIngestedText`) is copied as it is (parsing, re-validating and re-serialising it cost most
 * of the export's CPU; the hash is cheap). Any other row is parsed and validated again
 * (`toEntry`), so a corrupt row still fails the export instead of reaching an insurer.
 */
function documentText(row: ExportRow): string {
  if (isIngestedText(row)) return row.documentJson;
  return JSON.stringify(toEntry(row).document);
}

/**
 * One entry as JSON (`ExportedEntry`, its keys in that order), the document text spliced in, then
 * `end`. The fields before the document are one `JSON.stringify` of an object ending in a
 * placeholder document, cut before the placeholder (one call instead of one per field), and the
 * three parts are written one after the other instead of being joined into one more string first.
 */
function writeEntryJson(row: ExportRow, page: PageBytes, end: string): void {
  const { entryId, kind, insurer, pharmacyNihii, documentId, receivedAt, cancelledAt } = row;
  page.text(JSON.stringify({ entryId, kind, insurer, pharmacyNihii, documentId, receivedAt, cancelledAt, document: 0 }).slice(0, -2));
  page.text(documentText(row));
  page.text(end);
}

/** JSON: `{batchId, leaseExpiresAt, count, documents: [...]}`. */
const jsonWriter = (lease: Lease): ExportWriter => ({
  open: `{"batchId":${JSON.stringify(lease.batchId)},"leaseExpiresAt":${JSON.stringify(lease.leaseExpiresAt)},"count":${lease.count},"documents":[`,
  entry: (row, page) => writeEntryJson(row, page, "}"),
  separator: ",",
  close: "]}",
});

/** NDJSON: one entry a line and nothing else (the lease is in the response headers). */
const ndjsonWriter: ExportWriter = { open: "", entry: (row, page) => writeEntryJson(row, page, "}\n"), separator: "", close: "" };

/** CSV: a header row, then one row per line item. */
const csvWriter = (): ExportWriter => ({ open: csvHeader(), entry: (row, page) => page.text(csvRows([toEntry(row)])), separator: "", close: "" });

/**
 * AssurPharma `BvacList`: each document as an SMC single message, sealed with its insurer's RSA
 * key when one is registered (base64 only otherwise). Each export gets a fresh message GUID.
 */
const xmlWriter = (lease: Lease): ExportWriter => ({
  open: bvacListOpen,
  entry: (row, page) => {
    const entry = toEntry(row);
    const messageId = crypto.randomUUID();
    const message = writeSmcMessage(entry.document, { messageId, createdAt: lease.leasedAt });
    const key = lease.sealKeys.get(entry.insurer) ?? null;
    writeBvacEntry(page, { insurer: entry.insurer, sguid: messageId, documentId: entry.documentId, sealed: key ? seal(message, key) : unsealed(message) });
  },
  separator: "",
  close: bvacListClose,
});

export function exportWriter(format: ExportFormat, lease: Lease): ExportWriter {
  switch (format) {
    case "json":
      return jsonWriter(lease);
    case "ndjson":
      return ndjsonWriter;
    case "csv":
      return csvWriter();
    case "xml":
      return xmlWriter(lease);
  }
}
