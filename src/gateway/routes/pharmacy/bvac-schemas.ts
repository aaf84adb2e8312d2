import { z } from "@hono/zod-openapi";
import { BvacDocumentSchema, documentStatuses } from "../../../bvac/model.js";
import { documentWarningCodes } from "../../../bvac/problems.js";

const decimal = (example: string) => z.string().openapi({ example, description: "Decimal string, 2 decimals" });

/** Amounts answer in the format they are sent in: decimal strings with 2 decimals. */
export const TotalsSchema = z
  .object({ publicPrice: decimal("31.30"), paidPrice: decimal("20.63"), homeopathy: decimal("0.00") })
  .openapi("BvacTotals");

export const WarningSchema = z
  .object({
    code: z.enum(documentWarningCodes),
    message: z.string(),
    path: z.string().optional().openapi({ description: "The field the warning is about (JSON path or XML element path)" }),
  })
  .openapi("BvacWarning");

export const ReceiptSchema = z
  .object({
    documentId: z.string(),
    status: z.enum(documentStatuses),
    receivedAt: z.string().openapi({ example: "2026-11-25T14:02:11.000Z" }),
    totals: TotalsSchema,
    warnings: z.array(WarningSchema),
  })
  .openapi("BvacReceipt");

export const DocumentStateSchema = ReceiptSchema.extend({
  updatedAt: z.string(),
  deliveredAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  purgedAt: z.string().nullable().openapi({ description: "Set once the retention purge removed the content (docs/privacy.md)" }),
  document: BvacDocumentSchema.nullable().describe("The normalised document as stored and exported (amounts in cents); null once purged"),
}).openapi("BvacDocumentState");

export const DocumentIdParamSchema = z.object({
  documentId: z.string().min(1).max(128).openapi({ param: { name: "documentId", in: "path" }, example: "6f15f5cf-8104-5478-0ffe-978f311cad5a" }),
});
