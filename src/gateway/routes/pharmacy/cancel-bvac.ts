import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { cancelSale } from "../../../core/services/pharmacy-documents.js";
import { documentStatuses } from "../../../bvac/model.js";
import { principalOf } from "../../auth/api-key.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { DocumentIdParamSchema } from "./bvac-schemas.js";

export const CancellationSchema = z
  .object({
    documentId: z.string(),
    status: z.enum(documentStatuses),
    cancelledAt: z.string(),
    outcome: z.enum(["withdrawn", "cancellation_queued"]).openapi({
      description: "`withdrawn`: not yet delivered, removed from the insurer's queue; `cancellation_queued`: already delivered, a cancellation follows it",
    }),
  })
  .openapi("BvacCancellation");

export const cancelBvacRoute = createRoute({
  ...onlyFor.pharmacy,
  operationId: "cancelBvac",
  method: "post",
  path: "/v1/bvac/{documentId}/cancel",
  summary: "Cancel a document: withdrawn before delivery, else a cancellation is queued for the insurer (idempotent)",
  request: { params: DocumentIdParamSchema },
  responses: {
    200: { description: "Cancelled (or already cancelled)", content: { "application/json": { schema: CancellationSchema } } },
    ...problemResponses(...authProblems, "not_found", "validation_failed"),
  },
});

export function registerCancelBvac(app: GatewayApp): void {
  app.openapi(cancelBvacRoute, async (c) => {
    const { nihii } = principalOf(c, "pharmacy");
    return c.json(await cancelSale(c.get("deps"), nihii, c.req.valid("param").documentId, c.get("requestId")), 200);
  });
}
