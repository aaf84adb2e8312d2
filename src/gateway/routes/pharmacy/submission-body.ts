import { z } from "@hono/zod-openapi";
import type { Submission } from "../../../core/services/ingest.js";
import { submissionFromBody } from "../../../core/services/submission-body.js";

/**
 * The body of a sale, JSON or SMC XML, shared by `POST /v1/bvac` and `POST /v1/estimates`.
 *
 * Both bodies are read by the handler, not by zod-openapi's validator: that validator stops at the
 * first failing round (shape), while a pharmacy must see every problem of its document in one
 * answer, shape and content together (`submissionFromBody`). So the JSON body is declared by
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

export const saleBody = {
  required: true,
  content: {
    "application/json": { schema: jsonSubmission },
    "application/xml": { schema: smcMessage },
    "text/xml": { schema: smcMessage },
  },
} as const;

/** The refusals reading a sale's body can answer with. */
export const saleBodyProblems = ["validation_failed", "malformed_json", "malformed_xml", "unsupported_media_type", "payload_too_large"] as const;

/** Reads and validates a sale's body by its content type (every problem in one 422): `npm run cli -- validate` reads files the same way. */
export async function readSale(request: { header(name: string): string | undefined; arrayBuffer(): Promise<ArrayBuffer> }, today: string): Promise<Submission> {
  return submissionFromBody(request.header("content-type") ?? "", new Uint8Array(await request.arrayBuffer()), today);
}
