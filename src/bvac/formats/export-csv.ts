import { stringify } from "csv-stringify/sync";
import type { BvacDocument } from "../model.js";
import { formatCents } from "../amounts.js";

/**
 * CSV export: one row per line item, the document's fields repeated on each of its rows, so a
 * spreadsheet or a `COPY` import needs no join. Written with csv-stringify (quoting, embedded
 * newlines). Back offices open these files in spreadsheet software, so a *text* cell that could
 * open as a formula (a description starting with `=`) gets a leading `'`; csv-stringify's own
 * `escape_formulas` would do that to every cell, and then a negative amount `-5.40` reaches an
 * insurer's import job as the text `'-5.40`. Numbers, amounts, dates and codes are never escaped.
 */

export const csvColumns = [
  "entry_id",
  "kind",
  "insurer",
  "key1",
  "pharmacy_nihii",
  "pharmacy_name",
  "document_id",
  "delivery_date",
  "patient_name",
  "patient_first_name",
  "prescriber_riziv",
  "internal_reference",
  "line_no",
  "product_type",
  "product_id",
  "description",
  "prescription_date",
  "quantity",
  "public_price",
  "paid_price",
  "homeopathic",
  "total_public_price",
  "total_paid_price",
  "total_homeopathy",
  "cancelled_at",
] as const;

const options = { eof: true, record_delimiter: "\r\n" } as const;

/** The characters a spreadsheet reads as the start of a formula (OWASP's CSV injection list). */
const formulaStart = /^[=+\-@\t\r]/;

/** A free-text cell made safe to open in a spreadsheet. */
export const textCell = (text: string): string => (formulaStart.test(text) ? `'${text}` : text);

export const csvHeader = (): string => stringify([[...csvColumns]], options);

export interface CsvEntry {
  entryId: number;
  kind: "document" | "cancellation";
  cancelledAt: string | null;
  document: BvacDocument;
}

export function csvRows(entries: readonly CsvEntry[]): string {
  const records = entries.flatMap(({ entryId, kind, cancelledAt, document: doc }) =>
    doc.lines.map((line, index) => [
      entryId,
      kind,
      doc.barcode.insurer,
      doc.barcode.key1,
      doc.pharmacy.nihii,
      textCell(doc.pharmacy.name),
      textCell(doc.documentId),
      doc.deliveryDate,
      textCell(doc.patient.name),
      textCell(doc.patient.firstName ?? ""),
      doc.prescriber?.riziv ?? "",
      textCell(doc.internalReference ?? ""),
      index + 1,
      line.productType,
      textCell(line.productId ?? ""),
      textCell(line.description),
      line.prescriptionDate ?? "",
      line.quantity,
      formatCents(line.publicPriceCents),
      formatCents(line.paidPriceCents),
      line.homeopathic ? 1 : 0,
      formatCents(doc.totals.publicPriceCents),
      formatCents(doc.totals.paidPriceCents),
      formatCents(doc.totals.homeopathyCents),
      cancelledAt ?? "",
    ]),
  );
  return records.length === 0 ? "" : stringify(records, options);
}
