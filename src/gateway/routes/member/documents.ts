import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { documentStatuses } from "../../../bvac/model.js";
import { memberDocuments } from "../../../core/services/member-account.js";
import type { GatewayApp } from "../../env.js";
import { memberProblems, SubjectQuerySchema } from "./schemas.js";
import { EstimateSchema } from "../pharmacy/bvac-schemas.js";

export const MemberDocumentSchema = z
  .object({
    documentId: z.string(),
    pharmacy: z.object({ nihii: z.string(), name: z.string() }),
    member: z.object({ key1: z.string(), name: z.string().nullable() }).openapi({ description: "Whose attest: you or a dependent" }),
    deliveryDate: z.string(),
    receivedAt: z.string(),
    cancelledAt: z.string().nullable().openapi({ description: "Set when the pharmacy cancelled the sale" }),
    status: z.enum(documentStatuses),
    totals: z.object({ publicPrice: z.string(), paidPrice: z.string(), homeopathy: z.string() }),
    estimate: EstimateSchema.pick({ plan: true, planYear: true, reimbursable: true, deductibleApplied: true })
      .nullable()
      .openapi({ description: "What the plan was estimated to reimburse at the counter; null without a plan" }),
    reimbursedAmount: z.string().nullable().openapi({ description: "What the insurer reimburses, once decided (the actual, beside the estimate)" }),
    decisionReason: z.string().nullable(),
    decidedAt: z.string().nullable(),
  })
  .openapi("MemberDocument");

const QuerySchema = SubjectQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ param: { name: "limit", in: "query" } }),
  before: z.coerce.number().int().min(1).optional().openapi({ param: { name: "before", in: "query" }, description: "`nextCursor` of the previous page" }),
});

const route = createRoute({
  ...onlyFor.member,
  operationId: "listMyDocuments",
  method: "get",
  path: "/v1/me/documents",
  summary: "Your submitted attests and your dependents', newest first, with status and what was reimbursed",
  request: { query: QuerySchema },
  responses: {
    200: {
      description: "Documents",
      content: { "application/json": { schema: z.object({ documents: z.array(MemberDocumentSchema), nextCursor: z.number().int().nullable() }) } },
    },
    ...memberProblems,
  },
});

export function registerMemberDocuments(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    const { member: only, limit, before } = c.req.valid("query");
    const page = await memberDocuments(c.get("deps"), c.get("member"), { limit, before, onlyKey1: only });
    c.header("Cache-Control", "no-store");
    return c.json(page, 200);
  });
}
