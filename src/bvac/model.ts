import { z } from "zod";
import { InsurerCodeSchema, IsoDateSchema, Key1Schema, NihiiSchema } from "./fields.js";
import { documentLimits } from "./limits.js";

/**
 * The normalised BVAC document: what the gateway stores (`bvac_documents.document_json`) and what
 * every export format is written from. Both input formats (JSON API, SMC XML) are turned into
 * this; amounts are integer cents, placeholders ("0001-01-01", all-zero ids) are already null,
 * and the patient's national number is not part of it by construction.
 */

export const productTypes = { none: 0, cnk: 1, magistral: 2 } as const;

/** Product types the SMC schema allows; 3 and 4 are reserved by AssurPharma but valid in its XSD. */
export const ProductTypeSchema = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

export const CentsSchema = z.number().int().min(-99_999_999_999_999).max(99_999_999_999_999);

export const BvacLineSchema = z.object({
  /** 0 none ("divers"), 1 CNK, 2 magistral preparation; 3 and 4 reserved (accepted with a warning). */
  productType: ProductTypeSchema,
  /**
   * 15 characters: zero-padded CNK (type 1), the pharmacy's own id (type 2). Null for the all-zero
   * placeholder (a type-0 "divers" line has no product id, a type-1 fee line has none either).
   */
  productId: z.string().length(15).nullable(),
  description: z.string().min(1).max(100),
  /** Null when the line was not prescribed. */
  prescriptionDate: IsoDateSchema.nullable(),
  quantity: z.number().int().min(0).max(10 ** documentLimits.maxQuantityDigits - 1),
  /** Line totals (quantity already applied), as pharmacy software sends them. */
  publicPriceCents: CentsSchema,
  paidPriceCents: CentsSchema,
  /**
   * Flagged by the JSON API only (the SMC XML has no per-line flag, just a declared total).
   * When any line is flagged, the homeopathy total is the sum of the flagged lines' paid prices.
   */
  homeopathic: z.boolean().default(false),
});

export const BvacTotalsSchema = z.object({
  publicPriceCents: CentsSchema,
  paidPriceCents: CentsSchema,
  /** The homeopathic part of the paid total. */
  homeopathyCents: CentsSchema,
});

export const BvacDocumentSchema = z.object({
  documentId: z.string().min(1).max(64),
  pharmacy: z.object({ nihii: NihiiSchema, name: z.string().min(1).max(200) }),
  barcode: z.object({ insurer: InsurerCodeSchema, key1: Key1Schema }),
  currency: z.literal("EUR"),
  deliveryDate: IsoDateSchema,
  patient: z.object({
    name: z.string().min(1).max(200),
    firstName: z.string().min(1).max(200).nullable(),
    birthDate: IsoDateSchema.nullable(),
  }),
  /** Null for a sale without prescription (all-zero RIZIV in the XML). */
  prescriber: z
    .object({
      riziv: z.string().regex(/^\d{11}$/),
      name: z.string().min(1).max(200).nullable(),
      firstName: z.string().min(1).max(200).nullable(),
    })
    .nullable(),
  /** Recip-e prescription id (RID) or the pharmacy's internal reference. */
  internalReference: z.string().min(1).max(64).nullable(),
  lines: z.array(BvacLineSchema).min(1).max(documentLimits.maxLines),
  totals: BvacTotalsSchema,
});

export type BvacLine = z.infer<typeof BvacLineSchema>;
export type BvacTotals = z.infer<typeof BvacTotalsSchema>;
export type BvacDocument = z.infer<typeof BvacDocumentSchema>;

/** Lifecycle states (DESIGN.md, "Document lifecycle"). */
export const documentStatuses = ["queued", "leased", "delivered", "accepted", "rejected", "paid", "cancelled"] as const;
export type DocumentStatus = (typeof documentStatuses)[number];

/** What an insurer decides on a delivered document. */
export const decisionStatuses = ["accepted", "rejected", "paid"] as const;
export type DecisionStatus = (typeof decisionStatuses)[number];

/** What an export entry carries: a document, or the cancellation of one already delivered. */
export const documentKinds = ["document", "cancellation"] as const;
export type DocumentKind = (typeof documentKinds)[number];
