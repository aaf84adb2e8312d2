import { z } from "zod";
import { amountRegexSource } from "./amounts.js";
import { datePatternSource } from "./dates.js";
import { documentLimits } from "./limits.js";
import { rawField, type RawDocument, type RawField, type RawLine } from "./raw-document.js";

/**
 * `POST /v1/bvac` as JSON (our API).
 *
 * Two checks, no overlap. This schema checks the *shape* only: which fields must be there and their
 * JSON types. Every rule about *content* (formats, lengths, check digits, dates, amounts, totals)
 * is applied by `normaliseDocument`, the code the SMC XML goes through too, so both formats answer
 * with the same codes. Content limits therefore appear here as documentation (`meta`) only, taken
 * from `documentLimits`; the gateway runs both checks on every body and reports both lists
 * together (`submissionFromJson`).
 */
const { documentIdPattern, nameLength, descriptionLength, internalReferenceLength, maxLines, productIdLength } = documentLimits;

const amount = z
  .string()
  .meta({ description: "Decimal string, a dot and exactly 2 decimals (`[-+]?\\d{1,12}\\.\\d{2}`)", pattern: amountRegexSource, example: "17.31" });
const name = z.string().meta({ maxLength: nameLength });
const date = z.string().meta({ description: "YYYY-MM-DD (an `xsd:date` time-zone suffix is allowed); `0001-01-01` means none", pattern: datePatternSource, example: "2026-11-20" });

export const SubmittedLineSchema = z.object({
  productType: z.number().int().meta({ description: "0 none (divers), 1 CNK, 2 magistral preparation", enum: [0, 1, 2], example: 1 }),
  productId: z.string().nullable().optional().meta({
    description: "15 characters: 8 zeros + CNK (Luhn check digit) for type 1; the pharmacy's own id for type 2; zeros or absent for type 0",
    minLength: productIdLength,
    maxLength: productIdLength,
    example: "000000001597210",
  }),
  description: z.string().meta({ maxLength: descriptionLength, example: "FASTUM GEL DISPENSER 120 G" }),
  prescriptionDate: date.nullable().optional(),
  quantity: z.number().meta({ description: "Packs, a whole number (at most 6 digits)", minimum: 0, example: 3 }),
  publicPrice: amount.meta({ description: "Public price of the line (quantity applied)" }),
  paidPrice: amount.meta({ description: "What the patient paid for the line (quantity applied)" }),
  homeopathic: z.boolean().optional().meta({ description: "A homeopathic product; flagged lines make up the homeopathy total" }),
});

export const SubmittedTotalsSchema = z.object({
  publicPrice: amount,
  paidPrice: amount,
  homeopathy: amount.optional(),
});

export const BvacSubmissionSchema = z
  .object({
    documentId: z.string().meta({
      description: "The pharmacy's id of the sale (UUID); with the pharmacy, the idempotency key",
      pattern: documentIdPattern.source,
      example: "6f15f5cf-8104-5478-0ffe-978f311cad5a",
    }),
    pharmacy: z.object({
      nihii: z.string().meta({ description: "8 digits, mod-97 check", pattern: "^\\d{8}$", example: "99934051" }),
      name: name.meta({ example: "Demo pharmacy" }),
    }),
    barcode: z.string().meta({
      description: "The scanned text: `AP1:` + signed token, or the legacy 14 digits; CR/LF, spaces and AIM prefixes are stripped",
      example: "60009912319994",
    }),
    currency: z.string().optional().meta({ enum: ["EUR"], example: "EUR" }),
    deliveryDate: date,
    patient: z.object({
      name: name.meta({ example: "Jagger" }),
      firstName: name.nullable().optional(),
      birthDate: date.nullable().optional(),
      nationalNumber: z
        .string()
        .max(32)
        .nullable()
        .optional()
        .meta({ description: "Accepted for compatibility and dropped at once: never stored, exported or logged." }),
    }),
    prescriber: z
      .object({
        riziv: z.string().meta({ description: "RIZIV/INAMI number, 11 digits with a mod-97 check", pattern: "^\\d{11}$", example: "10000106999" }),
        name: name.nullable().optional(),
        firstName: name.nullable().optional(),
      })
      .nullable()
      .optional()
      .meta({ description: "Null, absent or RIZIV `00000000000` for a sale without prescription" }),
    internalReference: z.string().nullable().optional().meta({
      description: "Recip-e prescription id (RID, `BEP` + 9 capitals or digits) or the pharmacy's own reference",
      maxLength: internalReferenceLength,
      example: "BEPABZ2D88CD",
    }),
    lines: z.array(SubmittedLineSchema).meta({ minItems: 1, maxItems: maxLines }),
    totals: SubmittedTotalsSchema.optional().meta({ description: "When absent, computed from the lines" }),
  })
  .meta({ id: "BvacSubmission" });

export type BvacSubmission = z.infer<typeof BvacSubmissionSchema>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const member = (value: unknown, key: string): unknown => (isObject(value) ? value[key] : undefined);
/** The field's text when it has the JSON type the schema asks for; anything else is absent here and a shape problem there. */
const textOf = (value: unknown): string | null => (typeof value === "string" ? value : null);
const numberTextOf = (value: unknown): string | null => (typeof value === "number" && Number.isFinite(value) ? String(value) : null);

/** The field at `key` of `from` (an object, else nothing there), as text when it is a string. */
const textAt = (from: unknown, key: string, path: string): RawField => rawField(textOf(member(from, key)), path);

/**
 * Any JSON body as a raw document, located by JSON paths (`lines.0.quantity`). It reads whatever is
 * there with the expected JSON type and treats everything else as absent, so that content can be
 * checked even when the shape is wrong: the wrong-typed field itself is reported by the schema,
 * and a content problem at or under a shape problem's path is then dropped as the same mistake.
 * No function is created per body or per line: under tsx (which keeps function names) each
 * closure made per call also pays a property definition.
 */
export function rawFromSubmission(body: unknown): RawDocument {
  const pharmacy = member(body, "pharmacy");
  const patient = member(body, "patient");
  const prescriber = member(body, "prescriber");
  const totals = member(body, "totals");
  const lines = member(body, "lines");
  const rawLines: RawLine[] = [];
  if (Array.isArray(lines)) for (let index = 0; index < lines.length; index++) rawLines.push(rawLineOf(lines[index], `lines.${index}`));
  return {
    documentId: textAt(body, "documentId", "documentId"),
    pharmacyNihii: textAt(pharmacy, "nihii", "pharmacy.nihii"),
    pharmacyName: textAt(pharmacy, "name", "pharmacy.name"),
    currency: textAt(body, "currency", "currency"),
    deliveryDate: textAt(body, "deliveryDate", "deliveryDate"),
    patientName: textAt(patient, "name", "patient.name"),
    patientFirstName: textAt(patient, "firstName", "patient.firstName"),
    patientBirthDate: textAt(patient, "birthDate", "patient.birthDate"),
    nationalNumberSent: Boolean(textOf(member(patient, "nationalNumber"))?.trim()),
    // Null or absent is a sale without prescription; a block of the wrong type is a shape problem.
    prescriber: isObject(prescriber)
      ? {
          riziv: textAt(prescriber, "riziv", "prescriber.riziv"),
          name: textAt(prescriber, "name", "prescriber.name"),
          firstName: textAt(prescriber, "firstName", "prescriber.firstName"),
        }
      : null,
    internalReference: textAt(body, "internalReference", "internalReference"),
    linesPath: "lines",
    lines: rawLines,
    totals: {
      publicPrice: textAt(totals, "publicPrice", "totals.publicPrice"),
      paidPrice: textAt(totals, "paidPrice", "totals.paidPrice"),
      homeopathy: textAt(totals, "homeopathy", "totals.homeopathy"),
    },
  };
}

function rawLineOf(line: unknown, path: string): RawLine {
  const homeopathic = member(line, "homeopathic");
  return {
    path,
    productType: rawField(numberTextOf(member(line, "productType")), `${path}.productType`),
    productId: textAt(line, "productId", `${path}.productId`),
    description: textAt(line, "description", `${path}.description`),
    prescriptionDate: textAt(line, "prescriptionDate", `${path}.prescriptionDate`),
    quantity: rawField(numberTextOf(member(line, "quantity")), `${path}.quantity`),
    publicPrice: textAt(line, "publicPrice", `${path}.publicPrice`),
    paidPrice: textAt(line, "paidPrice", `${path}.paidPrice`),
    homeopathic: typeof homeopathic === "boolean" ? homeopathic : null,
  };
}

/** Bounds of a JSON submission's text, checked before `JSON.parse` builds anything. */
export const jsonTextLimits = {
  /** A submission nests 3 deep (body → lines → line); 16 leaves room for unknown extras. */
  maxDepth: 16,
  /** Objects and arrays: 200 lines plus the document's own handful, with room. */
  maxContainers: documentLimits.maxLines + 50,
  /** Object members (`"key":`): 200 lines of 8 fields plus the document's, with room. */
  maxMembers: documentLimits.maxLines * 12 + 100,
} as const;

export type JsonTextProblem = "too_deep" | "too_many_containers" | "too_many_members";

/**
 * One pass over the characters, outside strings, counting nesting, objects/arrays and members,
 * stopping at the first bound crossed. JSON.parse of a body of 350 000 empty objects or arrays
 * nested 500 000 deep takes tens to hundreds of milliseconds of one core; this refuses them in
 * microseconds. Not a validator: malformed text that passes is left to JSON.parse.
 */
export function scanJsonText(text: string, limits: typeof jsonTextLimits = jsonTextLimits): JsonTextProblem | null {
  let depth = 0;
  let containers = 0;
  let members = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
      continue;
    }
    if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      if (++depth > limits.maxDepth) return "too_deep";
      if (++containers > limits.maxContainers) return "too_many_containers";
    } else if (code === 0x7d || code === 0x5d) depth--;
    else if (code === 0x3a && ++members > limits.maxMembers) return "too_many_members";
  }
  return null;
}
