import { createRoute, z } from "@hono/zod-openapi";
import { barcodeKeySet } from "../../../core/services/public-info.js";
import type { GatewayApp } from "../../env.js";
import { openToAll } from "../../auth/guards.js";

export const JwkSetSchema = z
  .object({
    keys: z.array(
      z.object({
        kty: z.literal("OKP"),
        crv: z.literal("Ed25519"),
        x: z.string(),
        kid: z.string(),
        alg: z.literal("EdDSA"),
        use: z.literal("sig"),
      }),
    ),
  })
  .openapi("JwkSet");

const route = createRoute({
  ...openToAll,
  operationId: "getJwks",
  method: "get",
  path: "/.well-known/jwks.json",
  summary: "Public keys that verify member barcode tokens (RFC 7517); retired keys stay until their tokens have expired",
  responses: {
    200: { description: "JWK Set", content: { "application/jwk-set+json": { schema: JwkSetSchema } } },
  },
});

/** POS software caches this; five minutes keeps a rotation visible quickly while sparing the gateway. */
const cacheControl = "public, max-age=300, stale-while-revalidate=60";

export function registerJwks(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    return c.json(await barcodeKeySet(c.get("deps")), 200, {
      "Content-Type": "application/jwk-set+json",
      "Cache-Control": cacheControl,
      // Web-based POS software on other origins fetches the keys; nothing else here is for them.
      "Cross-Origin-Resource-Policy": "cross-origin",
    });
  });
}
