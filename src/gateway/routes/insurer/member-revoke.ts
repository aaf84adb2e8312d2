import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { InsurerCodeSchema, Key1Schema } from "../../../bvac/fields.js";
import { principalOf } from "../../auth/api-key.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { blockMemberBarcodes } from "../../../core/services/barcode-tokens.js";

const route = createRoute({
  operationId: "revokeMemberBarcodes",
  method: "post",
  path: "/v1/members/{insurer}/{key1}/revoke",
  ...onlyFor.insurer,
  summary: "Block every outstanding signed barcode of one of your members (the member can download a new one)",
  request: { params: z.object({ insurer: InsurerCodeSchema, key1: Key1Schema }) },
  responses: {
    200: {
      description: "Revoked",
      content: { "application/json": { schema: z.object({ insurer: z.string(), key1: z.string(), revoked: z.number().int() }) } },
    },
    ...problemResponses(...authProblems, "not_found", "validation_failed"),
  },
});

export function registerMemberRevoke(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    return c.json(await blockMemberBarcodes(c.get("deps"), principalOf(c, "insurer").insurers, c.req.valid("param")), 200);
  });
}
