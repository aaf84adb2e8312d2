import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { revokeKey } from "../../../core/services/operator.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";

const route = createRoute({
  operationId: "revokeApiKey",
  method: "post",
  path: "/v1/admin/keys/{keyId}/revoke",
  ...onlyFor.admin,
  summary: "Revoke an API key at once",
  request: { params: z.object({ keyId: z.string().min(1).max(100) }) },
  responses: {
    200: {
      description: "Revoked",
      content: { "application/json": { schema: z.object({ keyId: z.string(), revokedAt: z.string() }) } },
    },
    ...problemResponses(...authProblems, "not_found"),
  },
});

export function registerKeyRevocation(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    return c.json(await revokeKey(c.get("deps"), c.req.valid("param").keyId), 200);
  });
}
