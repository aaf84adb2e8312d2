import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { principalOf } from "../../auth/api-key.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { estimateSale } from "../../../core/services/estimates.js";
import { EstimateSchema } from "./bvac-schemas.js";
import { readSale, saleBody, saleBodyProblems } from "./submission-body.js";

export const EstimateAnswerSchema = z
  .object({ estimate: EstimateSchema.nullable().openapi({ description: "null when the member has no plan on the delivery date" }) })
  .openapi("SaleEstimate");

const route = createRoute({
  ...onlyFor.pharmacy,
  method: "post",
  operationId: "estimateSale",
  path: "/v1/estimates",
  summary: "What the member's plan would reimburse for this sale (the same body as POST /v1/bvac); stores nothing",
  description:
    "A what-if before the sale: the body is checked exactly like a submission (barcode, coverage on the delivery date), " +
    "the estimate is computed from the member's running totals as they are now, and nothing is stored or queued.",
  request: { body: saleBody },
  responses: {
    200: { description: "The estimate", content: { "application/json": { schema: EstimateAnswerSchema } } },
    ...problemResponses(...authProblems, "barcode_refused", ...saleBodyProblems),
  },
});

export function registerEstimateSale(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    const deps = c.get("deps");
    const submission = await readSale(c.req, deps.clock.now().toISOString().slice(0, 10));
    return c.json(await estimateSale(deps, principalOf(c, "pharmacy").nihii, submission), 200);
  });
}
