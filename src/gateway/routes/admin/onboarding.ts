import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import type { ErrorCode } from "../../../core/errors.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { InsurerKeyRequestSchema, issueInsurerKey, NewInsurerSchema, NewPharmacySchema, onboardInsurer, onboardPharmacy } from "../../../core/services/onboarding.js";

export const IssuedKeySchema = z
  .object({
    keyId: z.string(),
    apiKey: z.string().openapi({ description: "Shown once. Only its SHA-256 is stored." }),
  })
  .openapi("IssuedKey");

// Core's schemas are built with plain zod: re-wrapping their shape gives them an OpenAPI component name.
const NewInsurerBody = z.object(NewInsurerSchema.shape).openapi("NewInsurer");
const NewPharmacyBody = z.object(NewPharmacySchema.shape).openapi("NewPharmacy");

const created = (description: string, ...more: ErrorCode[]) => ({
  201: { description, content: { "application/json": { schema: IssuedKeySchema } } },
  ...problemResponses(...authProblems, "validation_failed", "malformed_json", "unsupported_media_type", ...more),
});

const insurerRoute = createRoute({
  ...onlyFor.admin,
  operationId: "onboardInsurer",
  method: "post",
  path: "/v1/admin/insurers",
  summary: "Register a new insurer and its barcode policy; returns a new insurer key (an existing code is a 409: change a policy with PATCH)",
  request: { body: { required: true, content: { "application/json": { schema: NewInsurerBody } } } },
  responses: created("Insurer registered, key issued", "conflict"),
});

const pharmacyRoute = createRoute({
  ...onlyFor.admin,
  operationId: "onboardPharmacy",
  method: "post",
  path: "/v1/admin/pharmacies",
  summary: "Register or rename a pharmacy; returns a new pharmacy key bound to its NIHII",
  request: { body: { required: true, content: { "application/json": { schema: NewPharmacyBody } } } },
  responses: created("Pharmacy stored, key issued"),
});

const insurerKeyRoute = createRoute({
  ...onlyFor.admin,
  operationId: "issueInsurerKey",
  method: "post",
  path: "/v1/admin/insurer-keys",
  summary: "Issue a key bound to several registered insurers (an aggregator)",
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: InsurerKeyRequestSchema },
      },
    },
  },
  responses: created("Key issued"),
});

export function registerOnboarding(app: GatewayApp): void {
  app.openapi(insurerRoute, async (c) => c.json(await onboardInsurer(c.get("deps"), c.req.valid("json")), 201));
  app.openapi(pharmacyRoute, async (c) => c.json(await onboardPharmacy(c.get("deps"), c.req.valid("json")), 201));
  app.openapi(insurerKeyRoute, async (c) => {
    const { keyId, apiKey } = await issueInsurerKey(c.get("deps"), c.req.valid("json"));
    return c.json({ keyId, apiKey }, 201);
  });
}
