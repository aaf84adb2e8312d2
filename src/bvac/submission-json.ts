import { z } from "zod";
import { amountRegexSource } from "./amounts.js";
import { rawField, type RawDocument } from "./raw-document.js";

/**
 * `POST /v1/bvac` as JSON (our API). This schema checks shape only (which fields, which JSON
 * types); every rule about content (check digits, amount format, dates, totals) is applied by
 * `normaliseDocument`, the same code the SMC XML goes through, so both report the same codes.
 */
const amount = z
  .string()
  .max(20)
  .meta({ description: "Decimal string, a dot and exactly 2 decimals (`[-+]?\\d{1,12}\\.\\d{2}`)", pattern: amountRegexSource, example: "17.31" });
const text = (max: number) => z.string().max(max);
const date = z.string().max(32).meta({ description: "YYYY-MM-DD; `0001-01-01` means none", example: "2026-11-20" });

export const SubmittedLineSchema = z.object({
  productType: z.number().int().meta({ description: "0 none (divers), 1 CNK, 2 magistral preparation", example: 1 }),
  productId: text(32)
    .nullable()
    .optional()
    .meta({ description: "15 characters: 8 zeros + CNK for type 1; the pharmacy's own id for type 2; zeros or absent for type 0", example: "000000001597210" }),
  description: text(200).meta({ example: "FASTUM GEL DISPENSER 120 G" }),
  prescriptionDate: date.nullable().optional(),
  quantity: z.number().meta({ description: "Packs, a whole number", example: 3 }),
  publicPrice: amount.meta({ description: "Public price of the line (quantity applied)" }),
  paidPrice: amount.meta({ description: "What the patient paid for the line (quantity applied)" }),
  homeopathic: z.boolean().optional().meta({ description: "A homeopathic product; flagged lines make up the homeopathy total" }),
});

export const SubmittedTotalsSchema = z.object({
  publicPrice: amount,
  paidPrice: amount,
  homeopathy: amount.optional(),
});

export const BvacSubmissionSchema = z.object({
  documentId: text(128).meta({ description: "The pharmacy's id of the sale (UUID); with the pharmacy, the idempotency key", example: "6f15f5cf-8104-5478-0ffe-978f311cad5a" }),
  pharmacy: z.object({ nihii: text(16).meta({ example: "99934051" }), name: text(400).meta({ example: "Demo pharmacy" }) }),
  barcode: text(600).meta({
    description: "The scanned text: `AP1:` + signed token, or the legacy 14 digits; CR/LF, spaces and AIM prefixes are stripped",
    example: "60009912319994",
  }),
  currency: z.string().max(8).optional().meta({ example: "EUR" }),
  deliveryDate: date,
  patient: z.object({
    name: text(400).meta({ example: "Jagger" }),
    firstName: text(400).nullable().optional(),
    birthDate: date.nullable().optional(),
    nationalNumber: z
      .string()
      .max(32)
      .nullable()
      .optional()
      .meta({ description: "Accepted for compatibility and dropped at once: never stored, exported or logged." }),
  }),
  prescriber: z
    .object({ riziv: text(32), name: text(400).nullable().optional(), firstName: text(400).nullable().optional() })
    .nullable()
    .optional()
    .meta({ description: "Null, absent or RIZIV `00000000000` for a sale without prescription" }),
  internalReference: text(100).nullable().optional().meta({ description: "Recip-e prescription id (RID) or the pharmacy's own reference", example: "BEPABZ2D88CD" }),
  lines: z.array(SubmittedLineSchema).max(1000),
  totals: SubmittedTotalsSchema.optional().meta({ description: "When absent, computed from the lines" }),
});

export type BvacSubmission = z.infer<typeof BvacSubmissionSchema>;

/** The JSON submission as a raw document, located by JSON paths (`lines.0.quantity`). */
export function rawFromSubmission(body: BvacSubmission): RawDocument {
  const prescriber = body.prescriber ?? null;
  return {
    documentId: rawField(body.documentId, "documentId"),
    pharmacyNihii: rawField(body.pharmacy.nihii, "pharmacy.nihii"),
    pharmacyName: rawField(body.pharmacy.name, "pharmacy.name"),
    currency: rawField(body.currency, "currency"),
    deliveryDate: rawField(body.deliveryDate, "deliveryDate"),
    patientName: rawField(body.patient.name, "patient.name"),
    patientFirstName: rawField(body.patient.firstName, "patient.firstName"),
    patientBirthDate: rawField(body.patient.birthDate, "patient.birthDate"),
    nationalNumberSent: Boolean(body.patient.nationalNumber?.trim()),
    prescriber: prescriber && {
      riziv: rawField(prescriber.riziv, "prescriber.riziv"),
      name: rawField(prescriber.name, "prescriber.name"),
      firstName: rawField(prescriber.firstName, "prescriber.firstName"),
    },
    internalReference: rawField(body.internalReference, "internalReference"),
    linesPath: "lines",
    lines: body.lines.map((line, index) => {
      const at = (field: string) => `lines.${index}.${field}`;
      return {
        path: `lines.${index}`,
        productType: rawField(String(line.productType), at("productType")),
        productId: rawField(line.productId, at("productId")),
        description: rawField(line.description, at("description")),
        prescriptionDate: rawField(line.prescriptionDate, at("prescriptionDate")),
        quantity: rawField(String(line.quantity), at("quantity")),
        publicPrice: rawField(line.publicPrice, at("publicPrice")),
        paidPrice: rawField(line.paidPrice, at("paidPrice")),
        homeopathic: line.homeopathic ?? null,
      };
    }),
    totals: {
      publicPrice: rawField(body.totals?.publicPrice, "totals.publicPrice"),
      paidPrice: rawField(body.totals?.paidPrice, "totals.paidPrice"),
      homeopathy: rawField(body.totals?.homeopathy, "totals.homeopathy"),
    },
  };
}
