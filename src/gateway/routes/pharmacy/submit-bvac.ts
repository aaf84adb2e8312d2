import { createRoute } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { BvacSubmissionSchema } from "../../../bvac/submission-json.js";
import { principalOf } from "../../auth/api-key.js";
import type { GatewayApp } from "../../env.js";
import { warningsInLanguage } from "../../receipt-language.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { submitDocument } from "../../../core/services/ingest.js";
import { ReceiptSchema } from "./bvac-schemas.js";
import { readSale, saleBody, saleBodyProblems } from "./submission-body.js";

export const submitBvacRoute = createRoute({
  ...onlyFor.pharmacy,
  operationId: "submitBvac",
  method: "post",
  path: "/v1/bvac",
  summary: "Submit the BVAC document of a sale (JSON or SMC XML); a replay of the same document answers 200",
  request: { body: saleBody },
  responses: {
    201: { description: "Stored and queued for the insurer", content: { "application/json": { schema: ReceiptSchema } } },
    200: { description: "A replay of a stored document: the stored answer, nothing queued again", content: { "application/json": { schema: ReceiptSchema } } },
    // 503: concurrent documents of one family kept moving the plan totals; nothing was stored.
    ...problemResponses(...authProblems, "barcode_refused", ...saleBodyProblems, "conflict", "unavailable"),
  },
});

export function registerSubmitBvac(app: GatewayApp): void {
  app.openAPIRegistry.register("BvacSubmission", BvacSubmissionSchema);
  app.openapi(submitBvacRoute, async (c) => {
    const { nihii } = principalOf(c, "pharmacy");
    const deps = c.get("deps");
    const submission = await readSale(c.req, deps.clock.now().toISOString().slice(0, 10));
    const { created, receipt } = await submitDocument(deps, nihii, submission, c.get("requestId"));
    return c.json(warningsInLanguage(c, receipt), created ? 201 : 200);
  });
}
