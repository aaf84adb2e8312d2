import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { InsurerCodeSchema, Key1Schema } from "../../../bvac/fields.js";
import { principalOf } from "../../auth/api-key.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { removeMember } from "../../../core/services/erasure.js";

const route = createRoute({
  method: "delete",
  operationId: "removeMember",
  path: "/v1/members/{insurer}/{key1}",
  ...onlyFor.insurer,
  summary: "Remove one of your members: barcodes revoked and sign-in refused now, their data purged once nothing is pending for you",
  description: "Documents already delivered to you stay yours; the gateway's copy is purged (docs/privacy.md). Repeating the call answers the first removal.",
  request: { params: z.object({ insurer: InsurerCodeSchema, key1: Key1Schema }) },
  responses: {
    202: {
      description: "Removed; the purge follows",
      content: { "application/json": { schema: z.object({ insurer: z.string(), key1: z.string(), removedAt: z.string() }) } },
    },
    ...problemResponses(...authProblems, "not_found", "validation_failed"),
  },
});

export function registerMemberRemove(app: GatewayApp): void {
  app.openapi(route, async (c) => c.json(await removeMember(c.get("deps"), principalOf(c, "insurer").insurers, c.req.valid("param")), 202));
}
