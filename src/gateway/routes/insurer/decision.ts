import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { decisionStatuses } from "../../../bvac/model.js";
import { parseUnsignedAmount } from "../../../bvac/amounts.js";
import { NihiiSchema } from "../../../bvac/fields.js";
import { principalOf } from "../../auth/api-key.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { decide } from "../../../core/services/decisions.js";

export const DecisionRequestSchema = z
  .object({
    status: z.enum(decisionStatuses),
    reimbursedAmount: z
      .string()
      .refine((text) => parseUnsignedAmount(text) !== null, { message: "a non-negative amount with 2 decimals, e.g. 12.40", params: { message: "field.invalid_amount" } })
      .optional()
      .openapi({ description: "What the insurer reimburses (EUR). Required for `paid`, not allowed for `rejected`." }),
    reason: z.string().trim().min(1).max(500).optional().openapi({ description: "Shown to the member; no health data." }),
  })
  .superRefine((value, ctx) => {
    if (value.status === "paid" && value.reimbursedAmount === undefined) {
      ctx.addIssue({ code: "custom", path: ["reimbursedAmount"], message: "required when the status is paid", params: { message: "field.reimbursement_required" } });
    }
    if (value.status === "rejected" && value.reimbursedAmount !== undefined) {
      ctx.addIssue({ code: "custom", path: ["reimbursedAmount"], message: "a rejected document reimburses nothing", params: { message: "field.reimbursement_not_allowed" } });
    }
  })
  .openapi("DecisionRequest");

export const DecisionSchema = z
  .object({
    pharmacyNihii: z.string(),
    documentId: z.string(),
    status: z.enum(decisionStatuses),
    reimbursedAmount: z.string().nullable(),
    reason: z.string().nullable(),
    decidedAt: z.string(),
  })
  .openapi("Decision");

const route = createRoute({
  operationId: "decideBvac",
  method: "post",
  path: "/v1/bvac/{documentId}/decision",
  ...onlyFor.insurer,
  summary: "Post the insurer's decision on a delivered document (idempotent)",
  description:
    "A document is named by its pharmacy (`?pharmacy=` NIHII, as in every export) and the pharmacy's document id. " +
    "delivered → accepted | rejected | paid; accepted → paid | rejected; rejected and paid are final. " +
    "Posting the stored decision again answers it again; another decision from a final state is a 409.",
  request: {
    params: z.object({ documentId: z.string().min(1).max(64).openapi({ param: { name: "documentId", in: "path" } }) }),
    // No `.openapi()` on a domain schema: it may have been built before zod was extended.
    query: z.object({ pharmacy: NihiiSchema }),
    body: { required: true, content: { "application/json": { schema: DecisionRequestSchema } } },
  },
  responses: {
    200: { description: "The stored decision", content: { "application/json": { schema: DecisionSchema } } },
    ...problemResponses(...authProblems, "not_found", "conflict", "validation_failed", "malformed_json", "unsupported_media_type"),
  },
});

export function registerDecision(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    const { status, reimbursedAmount, reason } = c.req.valid("json");
    const answer = await decide(
      c.get("deps"),
      principalOf(c, "insurer"),
      { pharmacyNihii: c.req.valid("query").pharmacy, documentId: c.req.valid("param").documentId },
      { status, reimbursedCents: reimbursedAmount === undefined ? null : parseUnsignedAmount(reimbursedAmount), reason: reason ?? null },
    );
    return c.json(answer, 200);
  });
}
