import { z } from "@hono/zod-openapi";
import { Key1Schema } from "../../../bvac/fields.js";
import { symbologies } from "../../../barcode/render.js";
import { authProblems, problemResponses } from "../../openapi-common.js";

/** Sign-in refusals, and 503 when the identity provider's keys or the signing key are unavailable. */
export const memberAuthProblems = problemResponses(...authProblems, "unavailable");
/** The same, for routes with query parameters to validate. */
export const memberProblems = problemResponses(...authProblems, "validation_failed", "unavailable");

export const SubjectQuerySchema = z.object({
  member: Key1Schema.optional().openapi({
    param: { name: "member", in: "query" },
    description: "key1 of a dependent linked to you; default: yourself",
  }),
});

export const ImageQuerySchema = SubjectQuerySchema.extend({
  symbology: z.enum(symbologies).default("qrcode").openapi({
    param: { name: "symbology", in: "query" },
    description: "qrcode and datamatrix carry the signed text; code128 the legacy 14 digits, printed underneath",
  }),
  scale: z.coerce.number().int().min(1).max(10).default(4).openapi({ param: { name: "scale", in: "query" } }),
});

export const BarcodeSchema = z
  .object({
    text: z.string().openapi({ description: "What the QR/DataMatrix carries: `AP1:` + compact JWS", example: "AP1:eyJhbGciOiJFZERTQSIsImtpZCI6Ik1sMjcxSEI2In0.…" }),
    id: z.string().openapi({ description: "The 14-digit id (insurer code + key1), what Code 128 carries", example: "60009912319994" }),
    kid: z.string(),
    issuedAt: z.string(),
    expiresAt: z.string(),
  })
  .openapi("MemberBarcode");
