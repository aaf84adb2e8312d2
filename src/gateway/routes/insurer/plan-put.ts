import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { InsurerCodeSchema } from "../../../bvac/fields.js";
import { PlanBodySchema, PlanFieldsSchema, PlanIdSchema } from "../../../plan/plan.js";
import { principalOf } from "../../auth/api-key.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { putPlan } from "../../../core/services/plans.js";

/** The stored version: the body as sent (validTo null when open-ended), with whose plan it is. */
export const StoredPlanSchema = PlanFieldsSchema.extend({ insurer: z.string(), planId: z.string(), validTo: z.string().nullable() });

const route = createRoute({
  method: "put",
  operationId: "putPlan",
  path: "/v1/insurers/{code}/plans/{planId}",
  ...onlyFor.insurer,
  summary: "Store a version of one of your coverage plans (roster coverage periods name it as `plan`)",
  description:
    "A plan version applies to deliveries from `validFrom` until the next version's `validFrom` (or its own `validTo`). " +
    "Sending the same `validFrom` again replaces that version. Amounts are decimal strings; docs/estimate.md explains each rule.",
  request: {
    params: z.object({ code: InsurerCodeSchema, planId: PlanIdSchema }),
    body: { required: true, content: { "application/json": { schema: PlanBodySchema } } },
  },
  responses: {
    200: { description: "The stored version", content: { "application/json": { schema: StoredPlanSchema } } },
    ...problemResponses(...authProblems, "not_found", "validation_failed", "malformed_json", "unsupported_media_type"),
  },
});

export function registerPlanPut(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    const { code, planId } = c.req.valid("param");
    const stored = await putPlan(c.get("deps"), principalOf(c, "insurer").insurers, { insurer: code, planId }, c.req.valid("json"), c.get("requestId"));
    return c.json(stored, 200);
  });
}
