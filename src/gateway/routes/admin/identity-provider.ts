import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { configureIdentityProvider } from "../../../core/services/identity-providers.js";
import { InsurerCodeSchema } from "../../../bvac/fields.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";

export const IdentityProviderSchema = z
  .object({
    issuer: z.string().min(1).max(500).openapi({ description: "The provider's `iss`", example: "https://login.insurer.example" }),
    audience: z.string().min(1).max(500).openapi({ description: "The `aud` its access tokens carry for this gateway" }),
    jwksUrl: z
      .url({ protocol: /^https$/, hostname: z.regexes.domain })
      .max(2000)
      .openapi({ description: "https URL of the provider's JWK Set", example: "https://login.insurer.example/.well-known/jwks.json" }),
    key1Claim: z.string().regex(/^[A-Za-z0-9_:.-]{1,100}$/).default("sub").openapi({ description: "The claim that holds the member's 10-digit key1" }),
  })
  .openapi("IdentityProvider");

const route = createRoute({
  operationId: "setIdentityProvider",
  method: "put",
  path: "/v1/admin/insurers/{code}/identity-provider",
  ...onlyFor.admin,
  summary: "Configure the OpenID provider whose access tokens sign this insurer's members in",
  request: {
    params: z.object({ code: InsurerCodeSchema }),
    body: { required: true, content: { "application/json": { schema: IdentityProviderSchema } } },
  },
  responses: {
    200: { description: "Stored", content: { "application/json": { schema: IdentityProviderSchema.extend({ insurer: z.string() }) } } },
    ...problemResponses(...authProblems, "not_found", "conflict", "validation_failed", "malformed_json", "unsupported_media_type"),
  },
});

export function registerIdentityProvider(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    const provider = await configureIdentityProvider(c.get("deps"), { insurer: c.req.valid("param").code, ...c.req.valid("json") });
    return c.json(provider, 200);
  });
}
