import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { accessLogEvents, memberAccessLog } from "../../../core/services/member-privacy.js";
import type { GatewayApp } from "../../env.js";
import { memberProblems, SubjectQuerySchema } from "./schemas.js";

export const AccessLogEntrySchema = z
  .object({
    id: z.number().int(),
    key1: z.string().openapi({ description: "Whom it is about: you or a dependent" }),
    at: z.string(),
    event: z.enum(accessLogEvents),
    actor: z.enum(["pharmacy", "insurer", "member"]),
    pharmacy: z.object({ nihii: z.string(), name: z.string().nullable() }).nullable().openapi({ description: "The pharmacy, for document events" }),
    documentId: z.string().nullable(),
    detail: z.string().nullable().openapi({ description: "The decision (`accepted`, `rejected`, `paid`), a new barcode's expiry, or how many barcodes were revoked" }),
  })
  .openapi("AccessLogEntry");

const QuerySchema = SubjectQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ param: { name: "limit", in: "query" } }),
  after: z.coerce.number().int().min(0).optional().openapi({ param: { name: "after", in: "query" }, description: "`nextCursor` of the previous page" }),
});

const route = createRoute({
  ...onlyFor.member,
  method: "get",
  operationId: "getMyAccessLog",
  path: "/v1/me/access-log",
  summary: "Who handled your data and your dependents', oldest first: submissions, deliveries, decisions, barcodes, sign-ins",
  request: { query: QuerySchema },
  responses: {
    200: {
      description: "Access log entries",
      content: { "application/json": { schema: z.object({ entries: z.array(AccessLogEntrySchema), nextCursor: z.number().int().nullable() }) } },
    },
    ...memberProblems,
  },
});

export function registerAccessLog(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    const { member: only, limit, after } = c.req.valid("query");
    const page = await memberAccessLog(c.get("deps"), c.get("member"), { limit, after, onlyKey1: only });
    c.header("Cache-Control", "no-store");
    return c.json(page, 200);
  });
}
