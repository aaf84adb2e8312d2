import { createRoute, z } from "@hono/zod-openapi";
import { findInsurer } from "../../../adapters/storage/repos/insurers.js";
import { canSealWith } from "../../../adapters/formats/seal.js";
import { InsurerCodeSchema, NihiiSchema } from "../../../bvac/fields.js";
import { requireApiKey } from "../../auth/api-key.js";
import { ApiError } from "../../errors.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { issueInsurerKey, onboardInsurer, onboardPharmacy } from "../../services/onboarding.js";

export const IssuedKeySchema = z
  .object({
    keyId: z.string(),
    apiKey: z.string().openapi({ description: "Shown once. Only its SHA-256 is stored." }),
  })
  .openapi("IssuedKey");

export const NewInsurerSchema = z
  .object({
    code: InsurerCodeSchema,
    name: z.string().trim().min(1).max(200),
    legacyBarcodes: z.enum(["accept", "reject"]).default("accept"),
    mod97: z.boolean().default(false),
    sealPublicKey: z
      .string()
      .regex(/^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----\s*$/, "a PEM SubjectPublicKeyInfo")
      // Tried once now, so a wrong key fails at registration rather than at the first export.
      .refine(canSealWith, "not an RSA public key the gateway can seal exports with")
      .nullable()
      .default(null)
      .openapi({ description: "RSA-2048 public key (PEM) to seal BvacList exports with." }),
  })
  .openapi("NewInsurer");

export const NewPharmacySchema = z
  .object({ nihii: NihiiSchema, name: z.string().trim().min(1).max(200) })
  .openapi("NewPharmacy");

const adminOnly = { middleware: [requireApiKey("admin")], security: [{ adminKey: [] }], tags: ["admin"] };
const created = (description: string) => ({
  201: { description, content: { "application/json": { schema: IssuedKeySchema } } },
  ...problemResponses(...authProblems, "validation_failed", "malformed_json", "unsupported_media_type"),
});

const insurerRoute = createRoute({
  ...adminOnly,
  method: "post",
  path: "/v1/admin/insurers",
  summary: "Register or update an insurer and its barcode policy; returns a new insurer key",
  request: { body: { required: true, content: { "application/json": { schema: NewInsurerSchema } } } },
  responses: created("Insurer stored, key issued"),
});

const pharmacyRoute = createRoute({
  ...adminOnly,
  method: "post",
  path: "/v1/admin/pharmacies",
  summary: "Register or rename a pharmacy; returns a new pharmacy key bound to its NIHII",
  request: { body: { required: true, content: { "application/json": { schema: NewPharmacySchema } } } },
  responses: created("Pharmacy stored, key issued"),
});

const insurerKeyRoute = createRoute({
  ...adminOnly,
  method: "post",
  path: "/v1/admin/insurer-keys",
  summary: "Issue a key bound to several registered insurers (an aggregator)",
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({ insurers: z.array(InsurerCodeSchema).min(1).max(50), label: z.string().max(200).optional() }),
        },
      },
    },
  },
  responses: created("Key issued"),
});

export function registerOnboarding(app: GatewayApp): void {
  app.openapi(insurerRoute, async (c) => c.json(await onboardInsurer(c.get("deps"), c.req.valid("json")), 201));
  app.openapi(pharmacyRoute, async (c) => c.json(await onboardPharmacy(c.get("deps"), c.req.valid("json")), 201));
  app.openapi(insurerKeyRoute, async (c) => {
    const { insurers, label } = c.req.valid("json");
    const deps = c.get("deps");
    const unique = [...new Set(insurers)];
    const known = await Promise.all(unique.map((code) => findInsurer(deps.db, code)));
    const problems = unique
      .filter((_, index) => known[index] === null)
      .map((code) => ({ path: "insurers", code: "unknown_insurer", message: `insurer ${code} is not registered` }));
    if (problems.length > 0) throw new ApiError("validation_failed", "Unknown insurer codes.", problems);
    return c.json(await issueInsurerKey(deps, unique, label), 201);
  });
}
