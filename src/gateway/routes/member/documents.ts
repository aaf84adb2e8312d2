import { createRoute, z } from "@hono/zod-openapi";
import { formatCents } from "../../../adapters/formats/amounts.js";
import { listMemberDocuments } from "../../../adapters/storage/repos/member-documents.js";
import type { GatewayApp } from "../../env.js";
import { resolveSubject } from "../../services/member-subject.js";
import { memberOnly, memberProblems, SubjectQuerySchema } from "./schemas.js";

export const MemberDocumentSchema = z
  .object({
    documentId: z.string(),
    pharmacy: z.object({ nihii: z.string(), name: z.string() }),
    member: z.object({ key1: z.string(), name: z.string().nullable() }).openapi({ description: "Whose attest: you or a dependent" }),
    deliveryDate: z.string(),
    receivedAt: z.string(),
    cancelledAt: z.string().nullable().openapi({ description: "Set when the pharmacy cancelled the sale" }),
    status: z.enum(["queued", "leased", "delivered", "accepted", "rejected", "paid", "cancelled"]),
    totals: z.object({ publicPrice: z.string(), paidPrice: z.string(), homeopathy: z.string() }),
    reimbursedAmount: z.string().nullable().openapi({ description: "What the insurer reimburses, once decided" }),
    decisionReason: z.string().nullable(),
    decidedAt: z.string().nullable(),
  })
  .openapi("MemberDocument");

const QuerySchema = SubjectQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ param: { name: "limit", in: "query" } }),
  before: z.coerce.number().int().min(1).optional().openapi({ param: { name: "before", in: "query" }, description: "`nextCursor` of the previous page" }),
});

const route = createRoute({
  ...memberOnly,
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
    const deps = c.get("deps");
    const member = c.get("member");
    const { member: only, limit, before } = c.req.valid("query");
    // Also the roster check: a signed-in person who is not (or no longer) a member gets a 403.
    await resolveSubject(deps, member, only);
    const rows = await listMemberDocuments(deps.db, member, { limit, before, onlyKey1: only });
    c.header("Cache-Control", "no-store");
    return c.json(
      {
        documents: rows.map((row) => ({
          documentId: row.documentId,
          pharmacy: row.pharmacy,
          member: row.member,
          deliveryDate: row.deliveryDate,
          receivedAt: row.receivedAt,
          cancelledAt: row.cancelledAt,
          status: row.status,
          totals: { publicPrice: formatCents(row.totals.publicCents), paidPrice: formatCents(row.totals.paidCents), homeopathy: formatCents(row.totals.homeopathyCents) },
          reimbursedAmount: row.decision?.reimbursedCents == null ? null : formatCents(row.decision.reimbursedCents),
          decisionReason: row.decision?.reason ?? null,
          decidedAt: row.decision?.decidedAt ?? null,
        })),
        nextCursor: rows.length === limit ? (rows[rows.length - 1]?.cursor ?? null) : null,
      },
      200,
    );
  });
}
