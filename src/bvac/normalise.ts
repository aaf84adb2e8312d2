import { parseAmount } from "./amounts.js";
import { nextDay, noDatePlaceholder, parseIsoDate } from "./dates.js";
import { isValidCnk, isValidNihii, isValidRid, isValidRiziv, isZeroPlaceholder } from "./identifiers.js";
import { CentsSchema, type BvacDocument, type BvacLine } from "./model.js";
import type { DocumentProblem, DocumentProblemCode, DocumentWarning, DocumentWarningCode } from "./problems.js";
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

const { documentIdPattern, nameLength, descriptionLength, internalReferenceLength, maxLines, productIdLength, maxQuantityDigits } = documentLimits;

/**
 * The line count's problem, if any: none at all, or more than the cap. Callers check it on the
 * raw list before any other work, so a body of a million empty lines costs one comparison.
 */
export function lineCountProblem(count: number, path: string): DocumentProblem | null {
  if (count === 0) return { path, code: "invalid_line_count", message: `a document has 1 to ${maxLines} product lines`, params: { max: maxLines } };
  if (count > maxLines) {
    return { path, code: "too_many_lines", message: `a document has at most ${maxLines} product lines; this one has ${count}`, params: { max: maxLines, count } };
  }
  return null;
}

/**
 * Turns a raw document (from JSON or SMC XML) into the stored BVAC model, checking every field and
 * collecting every problem before answering. Placeholders become null: the date `0001-01-01`, an
 * all-zero prescriber number, an all-zero product id. The national number is never read.
 */
export function normaliseDocument(raw: RawDocument, options: NormaliseOptions): NormaliseResult {
  const found = new Findings();
  const { problems, warnings } = found;

  const documentIdText = found.required(raw.documentId, "the document id");
  const documentId =
    documentIdText !== null && !documentIdPattern.test(documentIdText)
      ? found.report(raw.documentId, "invalid_document_id", "a document id is 1–64 letters, digits, '.', '_' or '-'")
      : documentIdText;

  const nihiiText = found.required(raw.pharmacyNihii, "the pharmacy NIHII number");
  const nihii =
    nihiiText !== null && !isValidNihii(nihiiText)
      ? found.report(raw.pharmacyNihii, "invalid_nihii", "a NIHII number is 8 digits whose last 2 are 97 − (first 6 mod 97)")
      : nihiiText;
  const pharmacyName = found.text(raw.pharmacyName, "the pharmacy name", nameLength, true);

  const currency = raw.currency.value ?? "EUR";
  if (currency !== "EUR") found.report(raw.currency, "invalid_currency", "only EUR is accepted");

  let deliveryDate: string | null = null;
  const deliveryText = found.required(raw.deliveryDate, "the delivery date");
  if (deliveryText !== null) {
    deliveryDate = parseIsoDate(deliveryText);
    if (deliveryDate === null || deliveryDate === noDatePlaceholder) {
      deliveryDate = found.report(raw.deliveryDate, "invalid_date", "the delivery date is a real day, YYYY-MM-DD");
    } else if (deliveryDate > options.today && deliveryDate > nextDay(options.today)) {
      // (Tomorrow is worked out only for a date after today: most sales are delivered today.)
      // Not a rule of the SMC schema nor of AssurPharma: a POS clock off by days is worth a word, not a paper attest.
      found.warn(raw.deliveryDate, "delivery_date_in_future", "the delivery date is after tomorrow; check the till's clock");
    }
  }

  const patient = {
    name: found.text(raw.patientName, "the patient's name", nameLength, true),
    firstName: found.text(raw.patientFirstName, "the patient's first name", nameLength, false),
    birthDate: found.optionalDate(raw.patientBirthDate),
  };
  if (raw.nationalNumberSent) {
    warnings.push({ code: "national_number_dropped", message: "the patient's national number is not used and was not stored" });
  }

  const prescriber = normalisePrescriber(raw.prescriber, found);

  const internalReference = found.text(raw.internalReference, "the internal reference", internalReferenceLength, false);
  // A Recip-e prescription id starts with BEP; anything else is the pharmacy's own reference. The
  // SMC schema allows any text of 50 characters here, so a malformed RID is only worth a warning.
  if (internalReference !== null && /^BEP/i.test(internalReference) && !isValidRid(internalReference)) {
    found.warn(raw.internalReference, "rid_format", "a Recip-e prescription id (RID) is BEP + 9 capital letters or digits");
  }

  const countProblem = lineCountProblem(raw.lines.length, raw.linesPath);
  if (countProblem) problems.push(countProblem);
  // Over the cap, no line is read at all: the work stays bounded whatever the body holds.
  const readLines = countProblem?.code === "too_many_lines" ? [] : raw.lines;
  const lines = readLines.map((line) => normaliseLine(line, found));
  const amounts: LineAmounts[] = lines.map(({ amounts: lineAmounts }) => lineAmounts);
  // Without lines (none sent, or a `lines` of the wrong JSON type) a sum of zero would only add a
  // misleading totals mismatch to the line-count problem already reported.
  const totals =
    raw.lines.length === 0
      ? { totals: null, problems: [], warnings: [] }
      : checkTotals(raw.totals, amounts, { totalsRequired: options.totalsRequired });
  problems.push(...totals.problems);

  const normalisedLines: BvacLine[] = [];
  for (const { line } of lines) if (line) normalisedLines.push(line);
  if (problems.length > 0) return { ok: false, problems };
  // Every null below was reported as a problem above; this narrows the types for the compiler.
  if (documentId === null || nihii === null || pharmacyName === null || deliveryDate === null || patient.name === null || totals.totals === null) {
    return { ok: false, problems };
  }
  warnings.push(...totals.warnings);
  const document: NormalisedDocument = {
    documentId,
    pharmacy: { nihii, name: pharmacyName },
    currency: "EUR",
    deliveryDate,
    patient: { name: patient.name, firstName: patient.firstName, birthDate: patient.birthDate },
    prescriber,
    internalReference,
    lines: normalisedLines,
    totals: totals.totals,
  };
  const outOfModel = exportModelProblems(document, raw);
  if (outOfModel.length > 0) return { ok: false, problems: outOfModel };
  return { ok: true, warnings, document };
}

const totalFields = { publicPriceCents: "publicPrice", paidPriceCents: "paidPrice", homeopathyCents: "homeopathy" } as const;

/**
 * The totals checked against the stored model's own bound (`CentsSchema`, the very schema every
 * export reads amounts with), so nothing is stored that an export could not write: two lines of
 * 999999999999.99 add up to a total no SMC message, CSV reader or BvacList can carry. Only the totals
 * need it: every other field is bounded by the rule that read it above (lengths, patterns, real
 * dates, line amounts of at most 12 digits before the dot), while a total the JSON API computes is
 * a sum of up to 200 lines. Parsing the whole document with the model schema was the costliest step
 * of normalisation; test/unit/bvac-normalise.test.ts checks that every document accepted here parses
 * with it. Each problem names the field the pharmacy sent.
 */
function exportModelProblems(document: NormalisedDocument, raw: RawDocument): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  for (const total of Object.keys(totalFields) as Array<keyof typeof totalFields>) {
    if (!CentsSchema.safeParse(document.totals[total]).success) {
      problems.push({ path: raw.totals[totalFields[total]].path, code: "amount_out_of_range", message: amountRangeMessage });
    }
  }
  return problems;
}

const amountRangeMessage = "beyond ±999999999999.99 (12 digits before the dot), the most an SMC message and every export can carry";

/**
 * A document's problems and warnings in the order they are found, and the readers of its fields
 * that report them. A class, not closures made for every document and line: this runs on every
 * submission.
 */
class Findings {
  readonly problems: DocumentProblem[] = [];
  readonly warnings: DocumentWarning[] = [];

  report(field: { path: string }, code: DocumentProblemCode, message: string, params?: DocumentProblem["params"]): null {
    this.problems.push({ path: field.path, code, message, ...(params ? { params } : {}) });
    return null;
  }

  warn(field: { path: string }, code: DocumentWarningCode, message: string): void {
    this.warnings.push({ code, message, path: field.path });
  }

  required(field: RawField, label: string): string | null {
    return field.value ?? this.report(field, "required", `${label} is required`);
  }

  text(field: RawField, label: string, max: number, isRequired: boolean): string | null {
    const value = isRequired ? this.required(field, label) : field.value;
    if (value === null) return null;
    return value.length > max ? this.report(field, "invalid_text", `${label} is at most ${max} characters`, { max }) : value;
  }

  optionalDate(field: RawField): string | null {
    if (field.value === null || field.value.startsWith(noDatePlaceholder)) return null;
    return parseIsoDate(field.value) ?? this.report(field, "invalid_date", "a date is YYYY-MM-DD");
  }

  /** A line's amount in cents. */
  amount(field: RawField, label: string): number | null {
    if (field.value === null) return this.report(field, "required", `the ${label} is required`);
    return parseAmount(field.value) ?? this.report(field, "invalid_amount", "an amount has a dot and exactly 2 decimals, e.g. 12.30");
  }
}

function normalisePrescriber(raw: RawDocument["prescriber"], found: Findings): NormalisedDocument["prescriber"] {
  // No prescriber block, no number, or the all-zero number: a sale without prescription.
  if (raw === null || raw.riziv.value === null || isZeroPlaceholder(raw.riziv.value)) return null;
  // The SMC schema asks for 11 digits; the mod-97 check is ours, so a failed one is a warning.
  let riziv: string | null = raw.riziv.value;
  if (!/^\d{11}$/.test(riziv)) riziv = found.report(raw.riziv, "invalid_riziv", "a RIZIV/INAMI number is 11 digits");
  else if (!isValidRiziv(riziv)) found.warn(raw.riziv, "riziv_check_digits", "the RIZIV/INAMI check digits (7–8) do not match: the insurer may ask");
  const name = found.text(raw.name, "the prescriber's name", nameLength, false);
  const firstName = found.text(raw.firstName, "the prescriber's first name", nameLength, false);
  return riziv === null ? null : { riziv, name, firstName };
}

function normaliseLine(raw: RawLine, found: Findings): { line: BvacLine | null; amounts: LineAmounts } {
  // Several fields are legitimately null (no id, not prescribed): the problem count, not a null,
  // tells whether this line was sound.
  const problemsBefore = found.problems.length;
  const typeText = raw.productType.value;
  let productType: BvacLine["productType"] | null = null;
  if (typeText === null) found.report(raw.productType, "required", "the product type is required");
  else if (/^[0-4]$/.test(typeText)) productType = Number(typeText) as BvacLine["productType"];
  else found.report(raw.productType, "invalid_product_type", "the product type is 0 (none), 1 (CNK) or 2 (magistral); 3 and 4 are reserved");
  if (productType === 3 || productType === 4) {
    found.warn(raw.productType, "reserved_product_type", "product types 3 and 4 are reserved by AssurPharma; stored as sent");
  }

  const productId = normaliseProductId(raw.productId, productType, found);
  const description = found.text(raw.description, "the description", descriptionLength, true);
  const prescriptionDate = found.optionalDate(raw.prescriptionDate);

  const quantity = normaliseQuantity(raw.quantity, found);

  const publicCents = found.amount(raw.publicPrice, "public price");
  const paidCents = found.amount(raw.paidPrice, "paid price");
  const homeopathic = raw.homeopathic === true;
  const amounts = { publicCents, paidCents, homeopathic };

  if (found.problems.length > problemsBefore || productType === null || description === null || quantity === null || publicCents === null || paidCents === null) {
    return { line: null, amounts };
  }
  return {
    line: { productType, productId, description, prescriptionDate, quantity, publicPriceCents: publicCents, paidPriceCents: paidCents, homeopathic },
    amounts,
  };
}

/**
 * The SMC schema's quantity is `([0-9])*`: digits, possibly none. An empty element is valid there
 * and kept as 0 with a warning; leading zeros are dropped; more than the stored model's 6 digits
 * would not fit any export, so that is refused.
 */
function normaliseQuantity(field: RawLine["quantity"], found: Findings): number | null {
  if (field.empty) {
    found.warn(field, "quantity_missing", "the quantity element is empty; stored as 0");
    return 0;
  }
  if (field.value === null) return found.report(field, "required", "the quantity is required");
  if (!/^\d+$/.test(field.value)) return found.report(field, "invalid_quantity", "the quantity is a whole number of packs (digits only)");
  const digits = field.value.replace(/^0+(?=\d)/, "");
  if (digits.length > maxQuantityDigits) return found.report(field, "invalid_quantity", `the quantity has at most ${maxQuantityDigits} digits`);
  return Number(digits);
}

function normaliseProductId(field: RawField, productType: BvacLine["productType"] | null, found: Findings): string | null {
  if (field.value === null) {
    // A "divers" line may leave the id out entirely; the others cannot.
    return productType === 0 ? null : found.report(field, "required", "the product id is required");
  }
  const id = field.value;
  if (productType === 1) {
    // Certified pharmacy software sends fee lines (pharmacist honoraria) as type 1 with an
    // all-zero id, and AssurPharma accepts them (shared/domain.md).
    if (id.length === productIdLength && isZeroPlaceholder(id)) {
      found.warn(field, "fee_line", "a CNK line with an all-zero id is taken as a fee line (pharmacist honoraria), not a product");
      return null;
    }
    // A CNK line: 8 zeros then the 7-digit CNK, whose 7th digit is a Luhn check.
    const cnk = /^0{8}(\d{7})$/.exec(id)?.[1];
    if (cnk === undefined || !isValidCnk(cnk)) {
      return found.report(field, "invalid_cnk", "a CNK line's id is 8 zeros and a 7-digit CNK with a valid Luhn check digit");
    }
    return id;
  }
  if (id.length !== productIdLength) return found.report(field, "invalid_product_id", `a product id is ${productIdLength} characters`);
  return isZeroPlaceholder(id) ? null : id;
}
