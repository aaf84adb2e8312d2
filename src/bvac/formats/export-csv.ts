import { stringify } from "csv-stringify/sync";
import type { BvacDocument } from "../model.js";
import { formatCents } from "../amounts.js";

/**
 * CSV export: one row per line item, the document's fields repeated on each of its rows, so a
 * spreadsheet or a `COPY` import needs no join. Written with csv-stringify (quoting, embedded
 * newlines) with `escape_formulas`, because back offices open these files in spreadsheet
 * software and a description starting with `=` must not run as a formula.
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

const options = { escape_formulas: true, eof: true, record_delimiter: "\r\n" } as const;

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
      doc.pharmacy.name,
      doc.documentId,
      doc.deliveryDate,
      doc.patient.name,
      doc.patient.firstName ?? "",
      doc.prescriber?.riziv ?? "",
      doc.internalReference ?? "",
      index + 1,
      line.productType,
      line.productId ?? "",
      line.description,
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
