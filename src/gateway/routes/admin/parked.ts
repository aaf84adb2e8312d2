import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { documentKinds } from "../../../bvac/model.js";
import { parkedEntries, requeueParkedEntry } from "../../../core/services/operator.js";
import { InsurerCodeSchema } from "../../../bvac/fields.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";

export const ParkedEntrySchema = z
  .object({
    entryId: z.number().int(),
    insurer: z.string(),
    kind: z.enum(documentKinds),
    pharmacyNihii: z.string(),
    documentId: z.string(),
    attempts: z.number().int(),
    enqueuedAt: z.string(),
    parkedAt: z.string(),
    reason: z.string().nullable().openapi({
      description: "Why no export could write it (e.g. `export_model: totals.publicPriceCents too_big`); null when leased 5 times without an ack.",
    }),
  })
  .openapi("ParkedEntry");


const listRoute = createRoute({
  ...onlyFor.admin,
  operationId: "listParked",
  method: "get",
  path: "/v1/admin/parked",
  summary: "Export entries leased 5 times without an acknowledgement, or that no export could write (never dropped), oldest first",
  request: {
    query: z.object({
      insurer: InsurerCodeSchema.optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      after: z.coerce.number().int().min(0).default(0).openapi({ description: "Page on: the last entryId seen." }),
    }),
  },
  responses: {
    200: { description: "Parked entries", content: { "application/json": { schema: z.object({ parked: z.array(ParkedEntrySchema) }) } } },
    ...problemResponses(...authProblems, "validation_failed"),
  },
});

const requeueRoute = createRoute({
  ...onlyFor.admin,
  operationId: "requeueParked",
  method: "post",
  path: "/v1/admin/parked/{entryId}/requeue",
  summary: "Put a parked entry back in its insurer's queue with a fresh attempt count",
  request: {
    params: z.object({ entryId: z.coerce.number().int().min(1).openapi({ param: { name: "entryId", in: "path" } }) }),
    query: z.object({
      insurer: InsurerCodeSchema.optional().openapi({
        description: "The entry's insurer, as `listParked` shows it: entry ids are per database, so an insurer with its own database (docs/scale.md) must be named.",
      }),
    }),
  },
  responses: {
    200: { description: "Requeued", content: { "application/json": { schema: z.object({ entryId: z.number().int(), requeued: z.literal(true) }) } } },
    ...problemResponses(...authProblems, "not_found", "validation_failed"),
  },
});

export function registerParked(app: GatewayApp): void {
  app.openapi(listRoute, async (c) => {
    const { insurer, limit, after } = c.req.valid("query");
    return c.json({ parked: await parkedEntries(c.get("deps"), { insurer, limit, afterId: after }) }, 200);
  });
  app.openapi(requeueRoute, async (c) => {
    return c.json(await requeueParkedEntry(c.get("deps"), c.req.valid("param").entryId, c.req.valid("query").insurer), 200);
  });
}
