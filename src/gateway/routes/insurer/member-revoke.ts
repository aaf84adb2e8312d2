import { createRoute, z } from "@hono/zod-openapi";
import { findMemberProfile } from "../../../adapters/storage/repos/member-profile.js";
import { InsurerCodeSchema, Key1Schema } from "../../../bvac/fields.js";
import { principalOf, requireApiKey } from "../../auth/api-key.js";
import { ApiError } from "../../errors.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { revokeMemberTokens } from "../../services/barcode-tokens.js";

const route = createRoute({
  method: "post",
  path: "/v1/members/{insurer}/{key1}/revoke",
  tags: ["insurer"],
  middleware: [requireApiKey("insurer")],
  security: [{ insurerKey: [] }],
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
    const { insurer, key1 } = c.req.valid("param");
    const deps = c.get("deps");
    // Another insurer's member is a 404, exactly like a member that does not exist.
    const own = principalOf(c, "insurer").insurers.includes(insurer);
    if (!own || !(await findMemberProfile(deps.db, insurer, key1))) throw new ApiError("not_found", "No such member among your insurer codes.");
    const revoked = await revokeMemberTokens(deps, { insurer, key1 });
    return c.json({ insurer, key1, revoked }, 200);
  });
}
