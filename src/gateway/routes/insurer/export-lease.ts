import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { principalOf } from "../../auth/api-key.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { exportFormats, negotiateExportFormat } from "../../../core/services/export-format.js";
import { exportBody, takeLease } from "../../../core/services/exports.js";
import { byteStream } from "../../byte-stream.js";
import { ExportedEntrySchema, LeasedBatchSchema } from "./export-schemas.js";

export const LeaseRequestSchema = z
  .object({
    limit: z.number().int().min(1).max(1000).default(100),
    leaseSeconds: z.number().int().min(1).max(3600).optional().openapi({
      description: "Lease time for this batch; the gateway's configured default (5 min) otherwise.",
    }),
  })
  .openapi("LeaseRequest");

const route = createRoute({
  operationId: "leaseExport",
  method: "post",
  path: "/v1/exports",
  ...onlyFor.insurer,
  summary: "Lease a batch of queued documents of the key's insurers, oldest first",
  description:
    "The representation follows `Accept`: JSON (default), `application/x-ndjson` (one entry a line, streamed), " +
    "`text/csv` (one row per line item) or `application/xml` (AssurPharma BvacList; documents only). " +
    "`X-Batch-Id` and `X-Lease-Expires-At` carry the lease in every format. 204 when nothing is queued.",
  request: { body: { required: false, content: { "application/json": { schema: LeaseRequestSchema } } } },
  responses: {
    200: {
      description: "A leased batch",
      headers: z.object({ "X-Batch-Id": z.string(), "X-Lease-Expires-At": z.string(), "X-Batch-Count": z.string() }),
      content: {
        [exportFormats.json]: { schema: LeasedBatchSchema },
        [exportFormats.ndjson]: { schema: ExportedEntrySchema },
        [exportFormats.csv]: { schema: z.string() },
        [exportFormats.xml]: { schema: z.string().openapi({ description: "BvacList (assurpharma-batches-bvac-list.xsd)" }) },
      },
    },
    204: { description: "Nothing queued; no batch was created" },
    ...problemResponses(...authProblems, "not_acceptable", "validation_failed", "malformed_json", "unsupported_media_type"),
  },
});

const contentTypes = {
  json: "application/json; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8; header=present",
  xml: "application/xml; charset=utf-8",
} as const;

export function registerExportLease(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    const format = negotiateExportFormat(c.req.header("accept"));
    const caller = principalOf(c, "insurer");
    const deps = c.get("deps");
    const request = c.req.header("content-type") ? c.req.valid("json") : LeaseRequestSchema.parse({});
    const lease = await takeLease(deps, caller, request, format, c.get("requestId"));
    if (!lease) return c.body(null, 204);
    c.header("X-Batch-Id", lease.batchId);
    c.header("X-Lease-Expires-At", lease.leaseExpiresAt);
    // Lets a job check it received every entry before acknowledging (NDJSON and CSV have no footer).
    c.header("X-Batch-Count", String(lease.count));
    c.header("Content-Type", contentTypes[format]);
    c.header("Cache-Control", "no-store");
    deps.logger.info("export.leased", { requestId: c.get("requestId"), batchId: lease.batchId, count: lease.count, format });
    const body = byteStream(exportBody(deps, lease, format, c.get("requestId")), (error) =>
      deps.logger.error("export.stream_failed", {
        requestId: c.get("requestId"),
        batchId: lease.batchId,
        error: error instanceof Error ? error.name : "unknown",
      }),
    );
    return c.body(body, 200);
  });
}
