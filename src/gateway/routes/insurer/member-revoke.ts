import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { InsurerCodeSchema, Key1Schema } from "../../../bvac/fields.js";
import { principalOf } from "../../auth/api-key.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { blockMemberBarcodes, liftLegacyBlock } from "../../../core/services/barcode-tokens.js";

const MemberParams = z.object({ insurer: InsurerCodeSchema, key1: Key1Schema });

const route = createRoute({
  operationId: "revokeMemberBarcodes",
  method: "post",
  path: "/v1/members/{insurer}/{key1}/revoke",
  ...onlyFor.insurer,
  summary:
    "Block every outstanding signed barcode of one of your members, and their 14 digits (printed on every card they had) until you lift that block; the member can download a new signed barcode",
  request: { params: MemberParams },
  responses: {
    200: {
      description: "Revoked",
      content: {
        "application/json": { schema: z.object({ insurer: z.string(), key1: z.string(), revoked: z.number().int(), legacyBlocked: z.literal(true) }) },
      },
    },
    ...problemResponses(...authProblems, "not_found", "validation_failed"),
  },
});

const liftRoute = createRoute({
  method: "delete",
  operationId: "liftLegacyBlock",
  path: "/v1/members/{insurer}/{key1}/legacy-block",
  ...onlyFor.insurer,
  summary: "Accept the member's 14 digits again after a lost card (revoked signed barcodes stay revoked)",
  request: { params: MemberParams },
  responses: {
    200: {
      description: "Block lifted (`lifted: false` when there was none)",
      content: { "application/json": { schema: z.object({ insurer: z.string(), key1: z.string(), lifted: z.boolean() }) } },
    },
    ...problemResponses(...authProblems, "not_found", "validation_failed"),
  },
});

export function registerMemberRevoke(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    return c.json(await blockMemberBarcodes(c.get("deps"), principalOf(c, "insurer").insurers, c.req.valid("param")), 200);
  });
  app.openapi(liftRoute, async (c) => {
    return c.json(await liftLegacyBlock(c.get("deps"), principalOf(c, "insurer").insurers, c.req.valid("param")), 200);
  });
}
