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

const EstimateLineSchema = z.object({
  line: z.number().int().openapi({ description: "1-based, in document order" }),
  eligible: decimal("17.31"),
  deductible: decimal("17.31").openapi({ description: "Taken by the deductible" }),
  coinsurance: decimal("0.00").openapi({ description: "The member's own share of what the deductible left" }),
  capped: decimal("0.00").openapi({ description: "Cut off by the annual cap" }),
  reimbursable: decimal("0.00").openapi({ description: "eligible − deductible − coinsurance − capped" }),
});

/** docs/estimate.md: what the member's plan reimburses, estimated at the counter. */
export const EstimateSchema = z
  .object({
    plan: z.string().openapi({ description: "The plan id named by the member's coverage period", example: "axa-317" }),
    planYear: z.object({ from: z.string(), to: z.string() }).openapi({ description: "The plan year of the delivery date" }),
    reimbursable: decimal("7.76").openapi({ description: "The sum of the lines' reimbursable" }),
    deductibleApplied: decimal("25.00"),
    deductibleLeft: decimal("0.00").openapi({ description: "Left of the deductible after this document (member's or family's, per the plan)" }),
    capLeft: decimal("162.24").nullable().openapi({ description: "Left of the annual cap after this document; null = no cap" }),
    lines: z.array(EstimateLineSchema),
  })
  .openapi("ReimbursementEstimate");

export const ReceiptSchema = z
  .object({
    documentId: z.string(),
    status: z.enum(documentStatuses),
    receivedAt: z.string().openapi({ example: "2026-11-25T14:02:11.000Z" }),
    totals: TotalsSchema,
    warnings: z.array(WarningSchema),
    estimate: EstimateSchema.nullable().openapi({ description: "Estimated at submission from the member's plan; null when the member has no plan" }),
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
