import { createRoute } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { pharmacyDocument } from "../../../core/services/pharmacy-documents.js";
import { principalOf } from "../../auth/api-key.js";
import type { GatewayApp } from "../../env.js";
import { warningsInLanguage } from "../../receipt-language.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { receiptOf } from "../../../core/services/ingest.js";
import { DocumentIdParamSchema, DocumentStateSchema } from "./bvac-schemas.js";

export const getBvacRoute = createRoute({
  ...onlyFor.pharmacy,
  operationId: "getBvac",
  method: "get",
  path: "/v1/bvac/{documentId}",
  summary: "A submitted document of this pharmacy: status, timestamps, warnings and the stored document",
  request: { params: DocumentIdParamSchema },
  responses: {
    200: { description: "The document's state", content: { "application/json": { schema: DocumentStateSchema } } },
    ...problemResponses(...authProblems, "not_found", "validation_failed"),
  },
});

export function registerGetBvac(app: GatewayApp): void {
  app.openapi(getBvacRoute, async (c) => {
    const { nihii } = principalOf(c, "pharmacy");
    const { documentId } = c.req.valid("param");
    const stored = await pharmacyDocument(c.get("deps"), nihii, documentId);
    const state = {
      ...receiptOf(stored),
      updatedAt: stored.updatedAt,
      deliveredAt: stored.deliveredAt,
      cancelledAt: stored.cancelledAt,
      purgedAt: stored.purgedAt,
      document: stored.document,
    };
    return c.json(warningsInLanguage(c, state), 200);
  });
}
