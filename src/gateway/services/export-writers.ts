import { bvacEntryXml, bvacListClose, bvacListOpen } from "../../adapters/formats/bvac-list-xml.js";
import { csvHeader, csvRows } from "../../adapters/formats/export-csv.js";
import { seal, unsealed } from "../../adapters/formats/seal.js";
import { writeSmcMessage } from "../../adapters/formats/smc-xml-out.js";
import type { ExportFormat } from "./export-format.js";
import type { ExportedEntry, Lease } from "./exports.js";

/** Writes one format of a leased batch in three parts, so the body can be streamed page by page. */
export interface ExportWriter {
  open: string;
  page(entries: readonly ExportedEntry[], first: boolean): string;
  close: string;
}

/** JSON: `{batchId, leaseExpiresAt, count, documents: [...]}`. */
const jsonWriter = (lease: Lease): ExportWriter => ({
  open: `{"batchId":${JSON.stringify(lease.batchId)},"leaseExpiresAt":${JSON.stringify(lease.leaseExpiresAt)},"count":${lease.count},"documents":[`,
  page: (entries, first) => (first ? "" : ",") + entries.map((entry) => JSON.stringify(entry)).join(","),
  close: "]}",
});

/** NDJSON: one entry a line and nothing else (the lease is in the response headers). */
const ndjsonWriter: ExportWriter = {
  open: "",
  page: (entries) => entries.map((entry) => `${JSON.stringify(entry)}\n`).join(""),
  close: "",
};

/** CSV: a header row, then one row per line item. */
const csvWriter = (): ExportWriter => ({ open: csvHeader(), page: (entries) => csvRows(entries), close: "" });

/**
 * AssurPharma `BvacList`: each document as an SMC single message, sealed with its insurer's RSA
 * key when one is registered (base64 only otherwise). Each export gets a fresh message GUID.
 */
const xmlWriter = (lease: Lease, sealKeys: ReadonlyMap<string, string | null>): ExportWriter => ({
  open: bvacListOpen,
  page: (entries) =>
    entries
      .map((entry) => {
        const messageId = crypto.randomUUID();
        const message = writeSmcMessage(entry.document, { messageId, createdAt: lease.leasedAt });
        const key = sealKeys.get(entry.insurer) ?? null;
        return bvacEntryXml({ insurer: entry.insurer, sguid: messageId, documentId: entry.documentId, sealed: key ? seal(message, key) : unsealed(message) });
      })
      .join(""),
  close: bvacListClose,
});

export function exportWriter(format: ExportFormat, lease: Lease, sealKeys: ReadonlyMap<string, string | null>): ExportWriter {
  switch (format) {
    case "json":
      return jsonWriter(lease);
    case "ndjson":
      return ndjsonWriter;
    case "csv":
      return csvWriter();
    case "xml":
      return xmlWriter(lease, sealKeys);
  }
}
