import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { rotateSigningKey } from "../../../core/services/operator.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";

export const SigningKeyListSchema = z
  .object({
    current: z.string().nullable().openapi({ description: "kid of the key that signs new barcodes" }),
    keys: z.array(z.object({ kid: z.string(), createdAt: z.string(), retiredAt: z.string().nullable(), published: z.boolean() })),
  })
  .openapi("SigningKeys");

const rotateRoute = createRoute({
  operationId: "rotateSigningKey",
  method: "post",
  path: "/v1/admin/signing-keys/rotate",
  ...onlyFor.admin,
  summary: "Start signing barcodes with a new key; earlier tokens keep verifying until they expire (Node; Workers answer 501)",
  responses: {
    201: { description: "Rotated", content: { "application/json": { schema: SigningKeyListSchema } } },
    ...problemResponses(...authProblems, "not_implemented"),
  },
});

export function registerSigningKeys(app: GatewayApp): void {
  app.openapi(rotateRoute, async (c) => c.json(await rotateSigningKey(c.get("deps")), 201));
}
