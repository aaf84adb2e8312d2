import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { principalOf } from "../../auth/api-key.js";
import { InsurerCodeSchema } from "../../../bvac/fields.js";
import { changeInsurerPolicy, InsurerPolicyChangeSchema } from "../../../core/services/onboarding.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";

// Core's schema is plain zod: re-wrapping its shape (strict, like the original) names the component.
const PolicyChangeBody = z.strictObject(InsurerPolicyChangeSchema.shape).openapi("InsurerPolicyChange");

const FieldValue = z.union([z.string(), z.boolean(), z.null()]);

export const PolicyChangeResultSchema = z
  .object({
    insurer: z.object({ code: z.string(), name: z.string(), legacyBarcodes: z.enum(["accept", "reject"]), mod97: z.boolean(), sealed: z.boolean() }),
    changed: z
      .array(z.object({ field: z.enum(["name", "legacyBarcodes", "mod97", "sealPublicKey"]), from: FieldValue, to: FieldValue }))
      .openapi({ description: "Each field whose value changed (a seal key by its SHA-256 fingerprint); fields not sent kept their values." }),
  })
  .openapi("InsurerPolicyChangeResult");

const route = createRoute({
  ...onlyFor.admin,
  method: "patch",
  operationId: "changeInsurerPolicy",
  path: "/v1/admin/insurers/{code}",
  summary: "Change a registered insurer's policy: only the fields sent change; each change is logged (who, when, old and new value)",
  request: {
    params: z.object({ code: InsurerCodeSchema }),
    body: { required: true, content: { "application/json": { schema: PolicyChangeBody } } },
  },
  responses: {
    200: { description: "Policy as it now stands, and what changed", content: { "application/json": { schema: PolicyChangeResultSchema } } },
    ...problemResponses(...authProblems, "not_found", "validation_failed", "malformed_json", "unsupported_media_type"),
  },
});

export function registerInsurerPolicy(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    const changedBy = `admin key ${principalOf(c, "admin").keyId}`;
    return c.json(await changeInsurerPolicy(c.get("deps"), { code: c.req.valid("param").code, changes: c.req.valid("json"), changedBy }), 200);
  });
}
