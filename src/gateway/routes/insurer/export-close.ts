import { createRoute } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { principalOf } from "../../auth/api-key.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { closeBatch, type BatchAction } from "../../../core/services/export-batches.js";
import { BatchIdParamSchema, BatchOutcomeSchema } from "./export-schemas.js";

const closeRoute = (action: BatchAction) =>
  createRoute({
    operationId: action === "ack" ? "ackExport" : "releaseExport",
    method: "post",
    path: `/v1/exports/{batchId}/${action}`,
    ...onlyFor.insurer,
    summary:
      action === "ack"
        ? "Acknowledge a leased batch: its documents become `delivered`"
        : "Release a leased batch: its documents go back to the queue (or are parked after 5 leases)",
    request: { params: BatchIdParamSchema },
    responses: {
      200: { description: "The batch's outcome (the same on a repeated call)", content: { "application/json": { schema: BatchOutcomeSchema } } },
      ...problemResponses(...authProblems, "not_found", "conflict", "lease_expired", "validation_failed"),
    },
  });

const ackRoute = closeRoute("ack");
const releaseRoute = closeRoute("release");

export function registerExportClose(app: GatewayApp): void {
  app.openapi(ackRoute, async (c) =>
    c.json(await closeBatch(c.get("deps"), principalOf(c, "insurer"), c.req.valid("param").batchId, "ack"), 200),
  );
  app.openapi(releaseRoute, async (c) =>
    c.json(await closeBatch(c.get("deps"), principalOf(c, "insurer"), c.req.valid("param").batchId, "release"), 200),
  );
}
