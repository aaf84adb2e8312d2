import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { InsurerCodeSchema } from "../../../bvac/fields.js";
import { insurerRetention, RetentionSchema, setInsurerRetention } from "../../../core/services/retention.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";

const RetentionBody = z.object(RetentionSchema.shape).openapi("RetentionSetting");

const RetentionAnswer = z
  .object({ insurer: z.string(), days: z.number().int().nullable(), effectiveDays: z.number().int(), defaultDays: z.number().int() })
  .openapi("Retention");

const params = z.object({ code: InsurerCodeSchema });
const answered = { 200: { description: "The insurer's retention", content: { "application/json": { schema: RetentionAnswer } } } };

const getRoute = createRoute({
  ...onlyFor.admin,
  method: "get",
  operationId: "getInsurerRetention",
  path: "/v1/admin/insurers/{code}/retention",
  summary: "How long the insurer's documents are kept after their decision (or delivery)",
  request: { params },
  responses: { ...answered, ...problemResponses(...authProblems, "not_found", "validation_failed") },
});

const putRoute = createRoute({
  ...onlyFor.admin,
  method: "put",
  operationId: "setInsurerRetention",
  path: "/v1/admin/insurers/{code}/retention",
  summary: "Set the insurer's retention in days (null = the gateway's default, RETENTION_DAYS)",
  request: { params, body: { required: true, content: { "application/json": { schema: RetentionBody } } } },
  responses: { ...answered, ...problemResponses(...authProblems, "not_found", "validation_failed", "malformed_json", "unsupported_media_type") },
});

export function registerRetention(app: GatewayApp): void {
  app.openapi(getRoute, async (c) => c.json(await insurerRetention(c.get("deps"), c.req.valid("param").code), 200));
  app.openapi(putRoute, async (c) => c.json(await setInsurerRetention(c.get("deps"), c.req.valid("param").code, c.req.valid("json").days), 200));
}
