import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { receiptSvg } from "../../../bvac/formats/receipt-svg.js";
import { pharmacyDocument } from "../../../core/services/pharmacy-documents.js";
import { principalOf } from "../../auth/api-key.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { DocumentIdParamSchema } from "./bvac-schemas.js";

export const bvacReceiptSvgRoute = createRoute({
  ...onlyFor.pharmacy,
  operationId: "getBvacReceiptSvg",
  method: "get",
  path: "/v1/bvac/{documentId}/receipt.svg",
  summary: "Code 128 of the document id with a human-readable line, for the printed receipt",
  request: { params: DocumentIdParamSchema },
  responses: {
    200: { description: "SVG image", content: { "image/svg+xml": { schema: z.string() } } },
    ...problemResponses(...authProblems, "not_found", "validation_failed"),
  },
});

export function registerBvacReceiptSvg(app: GatewayApp): void {
  app.openapi(bvacReceiptSvgRoute, async (c) => {
    const { nihii } = principalOf(c, "pharmacy");
    const { documentId } = c.req.valid("param");
    const stored = await pharmacyDocument(c.get("deps"), nihii, documentId);
    return c.body(receiptSvg(stored.documentId, stored.deliveryDate), 200, {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "private, max-age=300",
    });
  });
}
