import { createRoute, z } from "@hono/zod-openapi";
import { revokeApiKey } from "../../../adapters/storage/repos/api-keys.js";
import { requireApiKey } from "../../auth/api-key.js";
import { ApiError } from "../../errors.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";

const route = createRoute({
  method: "post",
  path: "/v1/admin/keys/{keyId}/revoke",
  tags: ["admin"],
  middleware: [requireApiKey("admin")],
  security: [{ adminKey: [] }],
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
    const { keyId } = c.req.valid("param");
    const { db, clock } = c.get("deps");
    const revokedAt = clock.now().toISOString();
    if (!(await revokeApiKey(db, keyId, revokedAt))) throw new ApiError("not_found", "No active key with that id.");
    return c.json({ keyId, revokedAt }, 200);
  });
}
