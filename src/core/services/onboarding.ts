import { z } from "zod";
import { canSealWith } from "../../bvac/formats/seal.js";
import { InsurerCodeSchema, NihiiSchema } from "../../bvac/fields.js";
import type { AppDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import { insertApiKey } from "../store/api-keys.js";
import { findInsurer, upsertInsurer } from "../store/insurers.js";
import { upsertPharmacy } from "../store/pharmacies.js";
import { newApiKey } from "./api-key-material.js";
import { languages } from "../../i18n/index.js";

/** An insurer as the operator registers it (the API body and the CLI's flags). */
export const NewInsurerSchema = z.object({
  code: InsurerCodeSchema,
  name: z.string().trim().min(1).max(200),
  legacyBarcodes: z.enum(["accept", "reject"]).default("accept"),
  mod97: z.boolean().default(false),
  sealPublicKey: z
    .string()
    .regex(/^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----\s*$/, "a PEM SubjectPublicKeyInfo")
    // Tried once now, so a wrong key fails at registration rather than at the first export.
    .refine(canSealWith, { message: "not an RSA public key the gateway can seal exports with", params: { message: "field.invalid_seal_key" } })
    .nullable()
    .default(null)
    .describe("RSA-2048 public key (PEM) to seal BvacList exports with."),
});

export const NewPharmacySchema = z.object({
  nihii: NihiiSchema,
  name: z.string().trim().min(1).max(200),
  language: z.enum(languages).optional().describe("Language of problem answers when a request sends no Accept-Language (default en)."),
});

export const InsurerKeyRequestSchema = z.object({
  insurers: z.array(InsurerCodeSchema).min(1).max(50),
  label: z.string().max(200).optional(),
});

export type NewInsurer = z.infer<typeof NewInsurerSchema>;
export type NewPharmacy = z.infer<typeof NewPharmacySchema>;

export interface IssuedKey {
  keyId: string;
  /** Shown once; only its hash is stored. */
  apiKey: string;
}

type OnboardingDeps = Pick<AppDeps, "db" | "clock">;

/** Registers (or renames) a pharmacy and issues it a new key, in one atomic batch. */
export async function onboardPharmacy(deps: OnboardingDeps, pharmacy: NewPharmacy): Promise<IssuedKey> {
  const now = deps.clock.now().toISOString();
  const key = await newApiKey("pharmacy");
  await deps.db.batch([
    upsertPharmacy(pharmacy, now),
    ...insertApiKey(key, { kind: "pharmacy", pharmacyNihii: pharmacy.nihii, label: pharmacy.name }, now),
  ]);
  return { keyId: key.id, apiKey: key.plaintext };
}

/** Registers (or updates) an insurer's policy and issues a key bound to its code. */
export async function onboardInsurer(deps: OnboardingDeps, insurer: NewInsurer): Promise<IssuedKey> {
  const now = deps.clock.now().toISOString();
  const key = await newApiKey("insurer");
  await deps.db.batch([
    upsertInsurer(insurer, now),
    ...insertApiKey(key, { kind: "insurer", insurers: [insurer.code], label: insurer.name }, now),
  ]);
  return { keyId: key.id, apiKey: key.plaintext };
}

/** A key for an aggregator serving several already registered insurers (e.g. AssurCard). */
export async function issueInsurerKey(deps: OnboardingDeps, request: { insurers: readonly string[]; label?: string | undefined }): Promise<IssuedKey & { insurers: string[] }> {
  const insurers = [...new Set(request.insurers)];
  const known = await Promise.all(insurers.map((code) => findInsurer(deps.db, code)));
  const unknown = insurers.filter((_, index) => known[index] === null);
  if (unknown.length > 0) {
    throw new ApiError(
      "validation_failed",
      `Insurer codes not registered: ${unknown.join(", ")}.`,
      unknown.map((code) => ({ path: "insurers", code: "unknown_insurer", message: `insurer ${code} is not registered` })),
    );
  }
  const key = await newApiKey("insurer");
  await deps.db.batch(insertApiKey(key, { kind: "insurer", insurers, ...(request.label ? { label: request.label } : {}) }, deps.clock.now().toISOString()));
  return { keyId: key.id, apiKey: key.plaintext, insurers };
}

export async function issueAdminKey(deps: OnboardingDeps, label: string): Promise<IssuedKey> {
  const key = await newApiKey("admin");
  await deps.db.batch(insertApiKey(key, { kind: "admin", label }, deps.clock.now().toISOString()));
  return { keyId: key.id, apiKey: key.plaintext };
}
