import { createRoute, z } from "@hono/zod-openapi";
import { insurerPolicies } from "../../../core/services/public-info.js";
import type { GatewayApp } from "../../env.js";
import { openToAll } from "../../auth/guards.js";

export const InsurerPolicySchema = z
  .object({
    code: z.string().openapi({ example: "6000" }),
    name: z.string(),
    legacyBarcodes: z.enum(["accept", "reject"]).openapi({ description: "Whether the unsigned 14-digit code is accepted." }),
    mod97: z.boolean().openapi({ description: "Whether the last 2 digits of the legacy code are a mod-97 check." }),
  })
  .openapi("InsurerPolicy");

const route = createRoute({
  ...openToAll,
  operationId: "listInsurers",
  method: "get",
  path: "/v1/insurers",
  summary: "Participating insurers and their barcode policy, for POS caching",
  responses: {
    200: {
      description: "Insurers",
      content: { "application/json": { schema: z.object({ insurers: z.array(InsurerPolicySchema) }) } },
    },
  },
});

export function registerInsurerList(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    c.header("Cache-Control", "public, max-age=300");
    return c.json({ insurers: await insurerPolicies(c.get("deps")) }, 200);
  });
}
