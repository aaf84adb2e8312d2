import { parseAmount } from "./amounts.js";
import { nextDay, noDatePlaceholder, parseIsoDate } from "./dates.js";
import { isValidCnk, isValidNihii, isValidRid, isValidRiziv, isZeroPlaceholder } from "./identifiers.js";
import type { BvacDocument, BvacLine } from "./model.js";
import type { DocumentProblem, DocumentProblemCode, DocumentWarning } from "./problems.js";
import type { RawDocument, RawField, RawLine } from "./raw-document.js";
import { documentLimits } from "./limits.js";
import { checkTotals, type LineAmounts } from "./totals.js";

/** The normalised document before the barcode is resolved (a signed token names its member only once verified). */
export type NormalisedDocument = Omit<BvacDocument, "barcode">;

export type NormaliseResult =
  | { ok: true; document: NormalisedDocument; warnings: DocumentWarning[] }
  | { ok: false; problems: DocumentProblem[] };

export interface NormaliseOptions {
  /** Today, `YYYY-MM-DD` (UTC): a delivery date after tomorrow is refused. */
  today: string;
  /** The SMC schema requires the totals block; the JSON API computes absent totals. */
  totalsRequired: boolean;
}

const { documentIdPattern, nameLength, descriptionLength, internalReferenceLength, maxLines, productIdLength } = documentLimits;

/**
 * Turns a raw document (from JSON or SMC XML) into the stored BVAC model, checking every field and
 * collecting every problem before answering. Placeholders become null: the date `0001-01-01`, an
 * all-zero prescriber number, an all-zero product id. The national number is never read.
 */
export function normaliseDocument(raw: RawDocument, options: NormaliseOptions): NormaliseResult {
  const problems: DocumentProblem[] = [];
  const warnings: DocumentWarning[] = [];
  const report: Report = (field, code, message, params) => {
    problems.push({ path: field.path, code, message, ...(params ? { params } : {}) });
    return null;
  };
  const required = (field: RawField, label: string): string | null =>
    field.value ?? report(field, "required", `${label} is required`);
  const text = (field: RawField, label: string, max: number, isRequired: boolean): string | null => {
    const value = isRequired ? required(field, label) : field.value;
    if (value === null) return null;
    return value.length > max ? report(field, "invalid_text", `${label} is at most ${max} characters`, { max }) : value;
  };
  const optionalDate = (field: RawField): string | null => {
    if (field.value === null || field.value.startsWith(noDatePlaceholder)) return null;
    return parseIsoDate(field.value) ?? report(field, "invalid_date", "a date is YYYY-MM-DD");
  };

  const documentIdText = required(raw.documentId, "the document id");
  const documentId =
    documentIdText !== null && !documentIdPattern.test(documentIdText)
      ? report(raw.documentId, "invalid_document_id", "a document id is 1–64 letters, digits, '.', '_' or '-'")
      : documentIdText;

  const nihiiText = required(raw.pharmacyNihii, "the pharmacy NIHII number");
  const nihii =
    nihiiText !== null && !isValidNihii(nihiiText)
      ? report(raw.pharmacyNihii, "invalid_nihii", "a NIHII number is 8 digits whose last 2 are 97 − (first 6 mod 97)")
      : nihiiText;
  const pharmacyName = text(raw.pharmacyName, "the pharmacy name", nameLength, true);

  const currency = raw.currency.value ?? "EUR";
  if (currency !== "EUR") report(raw.currency, "invalid_currency", "only EUR is accepted");

  let deliveryDate: string | null = null;
  const deliveryText = required(raw.deliveryDate, "the delivery date");
  if (deliveryText !== null) {
    deliveryDate = parseIsoDate(deliveryText);
    if (deliveryDate === null || deliveryDate === noDatePlaceholder) {
      deliveryDate = report(raw.deliveryDate, "invalid_date", "the delivery date is a real day, YYYY-MM-DD");
    } else if (deliveryDate > nextDay(options.today)) {
      deliveryDate = report(raw.deliveryDate, "invalid_date", "the delivery date is in the future");
    }
  }

  const patient = {
    name: text(raw.patientName, "the patient's name", nameLength, true),
    firstName: text(raw.patientFirstName, "the patient's first name", nameLength, false),
    birthDate: optionalDate(raw.patientBirthDate),
  };
  if (raw.nationalNumberSent) {
    warnings.push({ code: "national_number_dropped", message: "the patient's national number is not used and was not stored" });
  }

  const prescriber = normalisePrescriber(raw.prescriber, report, text);

  const internalReference = text(raw.internalReference, "the internal reference", internalReferenceLength, false);
  // A Recip-e prescription id starts with BEP; anything else is the pharmacy's own reference.
  if (internalReference !== null && /^BEP/i.test(internalReference) && !isValidRid(internalReference)) {
    report(raw.internalReference, "invalid_rid", "a Recip-e prescription id (RID) is BEP + 9 capital letters or digits");
  }

  if (raw.lines.length === 0 || raw.lines.length > maxLines) {
    report({ path: raw.linesPath }, "invalid_line_count", `a document has 1 to ${maxLines} product lines`, { max: maxLines });
  }
  const lines = raw.lines.map((line) => normaliseLine(line, report, text, optionalDate, () => problems.length));
  const amounts: LineAmounts[] = lines.map(({ amounts: lineAmounts }) => lineAmounts);
  // Without lines (none sent, or a `lines` of the wrong JSON type) a sum of zero would only add a
  // misleading totals mismatch to the line-count problem already reported.
  const totals =
    raw.lines.length === 0
      ? { totals: null, problems: [], warnings: [] }
      : checkTotals(raw.totals, amounts, { totalsRequired: options.totalsRequired });
  problems.push(...totals.problems);

  const normalisedLines = lines.flatMap(({ line }) => (line ? [line] : []));
  if (problems.length > 0) return { ok: false, problems };
  // Every null below was reported as a problem above; this narrows the types for the compiler.
  if (documentId === null || nihii === null || pharmacyName === null || deliveryDate === null || patient.name === null || totals.totals === null) {
    return { ok: false, problems };
  }
  warnings.push(...totals.warnings);
  return {
    ok: true,
    warnings,
    document: {
      documentId,
      pharmacy: { nihii, name: pharmacyName },
      currency: "EUR",
      deliveryDate,
      patient: { name: patient.name, firstName: patient.firstName, birthDate: patient.birthDate },
      prescriber,
      internalReference,
      lines: normalisedLines,
      totals: totals.totals,
    },
  };
}

type Report = (field: { path: string }, code: DocumentProblemCode, message: string, params?: DocumentProblem["params"]) => null;
type TextReader = (field: RawField, label: string, max: number, isRequired: boolean) => string | null;

function normalisePrescriber(raw: RawDocument["prescriber"], report: Report, text: TextReader): NormalisedDocument["prescriber"] {
  // No prescriber block, no number, or the all-zero number: a sale without prescription.
  if (raw === null || raw.riziv.value === null || isZeroPlaceholder(raw.riziv.value)) return null;
  const riziv = isValidRiziv(raw.riziv.value)
    ? raw.riziv.value
    : report(raw.riziv, "invalid_riziv", "a RIZIV/INAMI number is 11 digits with a mod-97 check in digits 7–8");
  const name = text(raw.name, "the prescriber's name", nameLength, false);
  const firstName = text(raw.firstName, "the prescriber's first name", nameLength, false);
  return riziv === null ? null : { riziv, name, firstName };
}

function normaliseLine(
  raw: RawLine,
  report: Report,
  text: TextReader,
  optionalDate: (field: RawField) => string | null,
  problemCount: () => number,
): { line: BvacLine | null; amounts: LineAmounts } {
  // Several fields are legitimately null (no id, not prescribed): the problem count, not a null,
  // tells whether this line was sound.
  const problemsBefore = problemCount();
  const typeText = raw.productType.value;
  let productType: BvacLine["productType"] | null = null;
  if (typeText === null) report(raw.productType, "required", "the product type is required");
  else if (typeText === "0" || typeText === "1" || typeText === "2") productType = Number(typeText) as 0 | 1 | 2;
  else report(raw.productType, "invalid_product_type", "the product type is 0 (none), 1 (CNK) or 2 (magistral); 3 and 4 are reserved");

  const productId = normaliseProductId(raw.productId, productType, report);
  const description = text(raw.description, "the description", descriptionLength, true);
  const prescriptionDate = optionalDate(raw.prescriptionDate);

  let quantity: number | null = null;
  if (raw.quantity.value === null) report(raw.quantity, "required", "the quantity is required");
  else if (/^\d{1,6}$/.test(raw.quantity.value)) quantity = Number(raw.quantity.value);
  else report(raw.quantity, "invalid_quantity", "the quantity is a whole number of packs (digits only)");

  const amount = (field: RawField, label: string): number | null => {
    if (field.value === null) return report(field, "required", `the ${label} is required`);
    return parseAmount(field.value) ?? report(field, "invalid_amount", "an amount has a dot and exactly 2 decimals, e.g. 12.30");
  };
  const publicCents = amount(raw.publicPrice, "public price");
  const paidCents = amount(raw.paidPrice, "paid price");
  const homeopathic = raw.homeopathic === true;
  const amounts = { publicCents, paidCents, homeopathic };

  if (problemCount() > problemsBefore || productType === null || description === null || quantity === null || publicCents === null || paidCents === null) {
    return { line: null, amounts };
  }
  return {
    line: { productType, productId, description, prescriptionDate, quantity, publicPriceCents: publicCents, paidPriceCents: paidCents, homeopathic },
    amounts,
  };
}

function normaliseProductId(field: RawField, productType: BvacLine["productType"] | null, report: Report): string | null {
  if (field.value === null) {
    // A "divers" line may leave the id out entirely; the others cannot.
    return productType === 0 ? null : report(field, "required", "the product id is required");
  }
  const id = field.value;
  if (productType === 1) {
    // A CNK line: 8 zeros then the 7-digit CNK, whose 7th digit is a Luhn check.
    const cnk = /^0{8}(\d{7})$/.exec(id)?.[1];
    if (cnk === undefined || isZeroPlaceholder(cnk) || !isValidCnk(cnk)) {
      return report(field, "invalid_cnk", "a CNK line's id is 8 zeros and a 7-digit CNK with a valid Luhn check digit");
    }
    return id;
  }
  if (id.length !== productIdLength) return report(field, "invalid_product_id", `a product id is ${productIdLength} characters`);
  return isZeroPlaceholder(id) ? null : id;
}
