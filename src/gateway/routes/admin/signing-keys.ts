import { createRoute, z } from "@hono/zod-openapi";
import { RotationUnsupportedError } from "../../../barcode/signing-keys.js";
import { requireApiKey } from "../../auth/api-key.js";
import { ApiError } from "../../errors.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";

export const SigningKeyListSchema = z
  .object({
    current: z.string().nullable().openapi({ description: "kid of the key that signs new barcodes" }),
    keys: z.array(z.object({ kid: z.string(), createdAt: z.string(), retiredAt: z.string().nullable(), published: z.boolean() })),
  })
  .openapi("SigningKeys");

const rotateRoute = createRoute({
  method: "post",
  path: "/v1/admin/signing-keys/rotate",
  tags: ["admin"],
  middleware: [requireApiKey("admin")],
  security: [{ adminKey: [] }],
  summary: "Start signing barcodes with a new key; earlier tokens keep verifying until they expire (Node; Workers answer 501)",
  responses: {
    201: { description: "Rotated", content: { "application/json": { schema: SigningKeyListSchema } } },
    ...problemResponses(...authProblems, "not_implemented"),
  },
});

export function registerSigningKeys(app: GatewayApp): void {
  app.openapi(rotateRoute, async (c) => {
    const { barcodes, clock, logger } = c.get("deps");
    try {
      await barcodes.keys.rotate(clock.now());
    } catch (error) {
      if (error instanceof RotationUnsupportedError) {
        throw new ApiError("not_implemented", "Signing keys on Workers come from the SIGNING_KEYS secret: rotate with `npm run cli -- keys secret` and `wrangler secret put` (docs/barcode.md).");
      }
      throw error;
    }
    const now = clock.now();
    const ring = await barcodes.keys.ring(now);
    const current = ring.signer()?.kid ?? null;
    logger.info("signing_key.rotated", { kid: current });
    return c.json({ current, keys: ring.describe(now) }, 201);
  });
}
