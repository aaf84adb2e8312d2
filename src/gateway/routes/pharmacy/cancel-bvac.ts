import { publishCommitted } from "../../services/publish-committed.js";
import { createRoute, z } from "@hono/zod-openapi";
import { cancelDocument, findDocument } from "../../../adapters/storage/repos/documents.js";
import { documentStatuses } from "../../../bvac/model.js";
import { principalOf } from "../../auth/api-key.js";
import { ApiError } from "../../errors.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { DocumentIdParamSchema, pharmacyOnly } from "./bvac-schemas.js";

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
  ...pharmacyOnly,
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
    const { documentId } = c.req.valid("param");
    const deps = c.get("deps");
    const stored = await findDocument(deps.db, nihii, documentId);
    if (!stored) throw new ApiError("not_found", "No document with this id for this pharmacy.");
    const outboxId = await cancelDocument(deps.db, stored.pk, deps.clock.now().toISOString());
    if (outboxId !== null) await publishCommitted(deps, [outboxId], c.get("requestId"));
    // Re-read: the batch decided by the state at commit time, which may differ from what we read before.
    const after = await findDocument(deps.db, nihii, documentId);
    if (!after?.cancelledAt) throw new Error("a cancelled document has no cancelled_at");
    return c.json(
      {
        documentId,
        status: after.status,
        cancelledAt: after.cancelledAt,
        outcome: after.status === "cancelled" ? ("withdrawn" as const) : ("cancellation_queued" as const),
      },
      200,
    );
  });
}
