/**
 * A problem found in a submitted BVAC document, located by a JSON path (`lines.0.quantity`) or an
 * XML element path (`/single-message/…/product[1]/quantity`). Codes are stable: pharmacy software
 * may switch on them.
 */
export type DocumentProblemCode =
  | "required"
  | "invalid_document_id"
  | "invalid_nihii"
  | "invalid_text"
  | "invalid_currency"
  | "invalid_date"
  | "invalid_riziv"
  | "invalid_product_type"
  | "invalid_product_id"
  | "invalid_cnk"
  | "invalid_quantity"
  | "invalid_amount"
  | "totals_mismatch"
  | "invalid_line_count"
  | "too_many_lines"
  | "amount_out_of_range"
  | "invalid_value"
  | "invalid_barcode"
  | "unsupported_message"
  | "multiple_documents";

export interface DocumentProblem {
  path: string;
  code: DocumentProblemCode;
  /** English; the answer uses the catalogue's `field.<code>` in the reader's language, with `params`. */
  message: string;
  params?: Readonly<Record<string, string | number>>;
}

/**
 * What the gateway accepted but would have liked better; reported in the 201. Everything the SMC
 * schema and AssurPharma accept is accepted: a rule of our own that does not protect the stored
 * document is a warning, never a refusal (docs/ingestion.md, "Rules").
 */
export const documentWarningCodes = [
  "national_number_dropped",
  "totals_computed",
  "fee_line",
  "reserved_product_type",
  "quantity_missing",
  "riziv_check_digits",
  "rid_format",
  "delivery_date_in_future",
] as const;
export type DocumentWarningCode = (typeof documentWarningCodes)[number];

/** Something accepted but worth telling the pharmacy about; never carries the data itself. */
export interface DocumentWarning {
  code: DocumentWarningCode;
  message: string;
  /** Where, for a warning about one field (`lines.2.productId`, or an XML element path). */
  path?: string;
}

