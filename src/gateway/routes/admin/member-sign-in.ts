import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { configureSignInClient } from "../../../core/services/member-web-session.js";
import { InsurerCodeSchema } from "../../../bvac/fields.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";

export const MemberSignInSchema = z
  .object({
    issuer: z
      .url({ protocol: /^https$/, hostname: z.regexes.domain })
      .max(500)
      .openapi({ description: "The provider's issuer; its discovery document is `<issuer>/.well-known/openid-configuration`", example: "https://login.insurer.example" }),
    clientId: z.string().min(1).max(200).openapi({ description: "The gateway's client id at the provider" }),
    clientSecret: z.string().min(1).max(500).optional().openapi({ description: "Client secret (client_secret_basic); omit for a public client (PKCE only). Never shown again." }),
    key1Claim: z.string().regex(/^[A-Za-z0-9_:.-]{1,100}$/).default("key1").openapi({ description: "The ID token (or UserInfo) claim holding the member's 10-digit key1" }),
    scope: z.string().regex(/^openid( [\x21\x23-\x5b\x5d-\x7e]{1,100}){0,10}$/).default("openid").openapi({ description: "Scopes asked for; must start with `openid`" }),
  })
  .openapi("MemberSignIn");

const StoredSchema = MemberSignInSchema.omit({ clientSecret: true }).extend({ insurer: z.string(), hasClientSecret: z.boolean() });

const route = createRoute({
  method: "put",
  path: "/v1/admin/insurers/{code}/member-sign-in",
  operationId: "configureMemberSignIn",
  ...onlyFor.admin,
  summary: "Register the gateway as an OpenID Connect client of the insurer's provider, for member sign-in in a browser (code flow + PKCE)",
  request: {
    params: z.object({ code: InsurerCodeSchema }),
    body: { required: true, content: { "application/json": { schema: MemberSignInSchema } } },
  },
  responses: {
    200: { description: "Stored (the secret is not echoed)", content: { "application/json": { schema: StoredSchema } } },
    ...problemResponses(...authProblems, "not_found", "validation_failed", "malformed_json", "unsupported_media_type"),
  },
});

export function registerMemberSignIn(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    const { clientSecret, ...settings } = c.req.valid("json");
    const stored = await configureSignInClient(c.get("deps"), { insurer: c.req.valid("param").code, ...settings, clientSecret });
    return c.json({ insurer: stored.insurer, issuer: stored.issuer, clientId: stored.clientId, key1Claim: stored.key1Claim, scope: stored.scope, hasClientSecret: clientSecret !== undefined }, 200);
  });
}
