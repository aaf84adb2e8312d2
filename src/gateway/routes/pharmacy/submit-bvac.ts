import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { BvacSubmissionSchema } from "../../../bvac/submission-json.js";
import { principalOf } from "../../auth/api-key.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { submitDocument } from "../../../core/services/ingest.js";
import { submissionFromBody } from "../../../core/services/submission-body.js";
import { ReceiptSchema } from "./bvac-schemas.js";

/**
 * Both bodies are read by the handler, not by zod-openapi's validator: that validator stops at the
 * first failing round (shape), while a pharmacy must see every problem of its document in one
 * answer, shape and content together (`submissionFromJson`). So the JSON body is declared by
 * reference to its schema, registered as a component in `registerSubmitBvac`: the OpenAPI document
 * shows the real body, and the route has no zod schema for the validator to run.
 */
const jsonSubmission = { $ref: "#/components/schemas/BvacSubmission" };

// zod-openapi validates JSON and form bodies only: this documents the XML body and validates nothing.
const smcMessage = z.custom<never>(() => true).openapi({
  type: "string",
  description:
    "AssurPharma SMC single message (UTF-8) holding one bvacDocument; namespaces are matched by URI, `header` optional. " +
    "Its barCode insurer + key1 are checked as a legacy 14-digit code.",
});

export const submitBvacRoute = createRoute({
  ...onlyFor.pharmacy,
  operationId: "submitBvac",
  method: "post",
  path: "/v1/bvac",
  summary: "Submit the BVAC document of a sale (JSON or SMC XML); a replay of the same document answers 200",
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: jsonSubmission },
        "application/xml": { schema: smcMessage },
        "text/xml": { schema: smcMessage },
      },
    },
  },
  responses: {
    201: { description: "Stored and queued for the insurer", content: { "application/json": { schema: ReceiptSchema } } },
    200: { description: "A replay of a stored document: the stored answer, nothing queued again", content: { "application/json": { schema: ReceiptSchema } } },
    ...problemResponses(
      ...authProblems,
      "barcode_refused",
      "validation_failed",
      "malformed_json",
      "malformed_xml",
      "unsupported_media_type",
      "conflict",
      "payload_too_large",
    ),
  },
});

export function registerSubmitBvac(app: GatewayApp): void {
  app.openAPIRegistry.register("BvacSubmission", BvacSubmissionSchema);
  app.openapi(submitBvacRoute, async (c) => {
    const { nihii } = principalOf(c, "pharmacy");
    const deps = c.get("deps");
    const today = deps.clock.now().toISOString().slice(0, 10);
    const submission = submissionFromBody(c.req.header("content-type") ?? "", new Uint8Array(await c.req.arrayBuffer()), today);
    const { created, receipt } = await submitDocument(deps, nihii, submission, c.get("requestId"));
    return c.json(receipt, created ? 201 : 200);
  });
}
