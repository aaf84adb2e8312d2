import { z } from "zod";
import { canSealWith, minimumSealKeyBits } from "../../bvac/formats/seal.js";
import { sha256Hex } from "../../bvac/sha256.js";
import { InsurerCodeSchema, NihiiSchema } from "../../bvac/fields.js";
import type { AppDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import { insertApiKey } from "../store/api-keys.js";
import { findInsurer, insertInsurer, insertPolicyChange, isDuplicateInsurer, updateInsurerPolicy, type Insurer, type InsurerPolicy } from "../store/insurers.js";
import { upsertPharmacy } from "../store/pharmacies.js";
import { newApiKey } from "./api-key-material.js";
import { languages } from "../../i18n/index.js";

/** The policy fields of an insurer, each as an operator may set it. */
const InsurerPolicyFields = z.object({
  name: z.string().trim().min(1).max(200),
  legacyBarcodes: z.enum(["accept", "reject"]),
  mod97: z.boolean(),
  sealPublicKey: z
    .string()
    .regex(/^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----\s*$/, "a PEM SubjectPublicKeyInfo")
    // Tried once now, so a wrong key fails at registration rather than at the first export.
    .refine(canSealWith, { message: `not an RSA public key of at least ${minimumSealKeyBits} bits the gateway can seal exports with`, params: { message: "field.invalid_seal_key" } })
    .nullable()
    .describe(`RSA public key (PEM, at least ${minimumSealKeyBits} bits) to seal BvacList exports with; null = exports unsealed.`),
});

/** An insurer as the operator registers it (the API body and the CLI's flags). */
export const NewInsurerSchema = InsurerPolicyFields.extend({
  code: InsurerCodeSchema,
  legacyBarcodes: InsurerPolicyFields.shape.legacyBarcodes.default("accept"),
  mod97: InsurerPolicyFields.shape.mod97.default(false),
  sealPublicKey: InsurerPolicyFields.shape.sealPublicKey.default(null),
});

/**
 * A change of a registered insurer's policy: only the fields sent change, none has a default, and
 * an unknown field is refused (a misspelt field must not pass as "nothing to change").
 */
export const InsurerPolicyChangeSchema = InsurerPolicyFields.partial().strict();

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
export type InsurerPolicyChange = z.infer<typeof InsurerPolicyChangeSchema>;
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

/**
 * Registers a new insurer and issues a key bound to its code, in one batch. An existing code is a
 * 409: its policy changes only through `changeInsurerPolicy`, never as a side effect of a create.
 */
export async function onboardInsurer(deps: OnboardingDeps, insurer: NewInsurer): Promise<IssuedKey> {
  const exists = () => new ApiError("conflict", `Insurer ${insurer.code} is already registered; change its policy with PATCH /v1/admin/insurers/${insurer.code} (CLI: insurer set).`);
  if (await findInsurer(deps.db, insurer.code)) throw exists();
  const now = deps.clock.now().toISOString();
  const key = await newApiKey("insurer");
  try {
    await deps.db.batch([insertInsurer(insurer, now), ...insertApiKey(key, { kind: "insurer", insurers: [insurer.code], label: insurer.name }, now)]);
  } catch (error) {
    if (isDuplicateInsurer(error)) throw exists();
    throw error;
  }
  return { keyId: key.id, apiKey: key.plaintext };
}

export interface PolicyFieldChange {
  field: keyof InsurerPolicy;
  from: string | boolean | null;
  to: string | boolean | null;
}

/** How a field is shown in the change log and the answer: a seal key by its fingerprint only. */
const shown = (field: keyof InsurerPolicy, value: InsurerPolicy[keyof InsurerPolicy]): string | boolean | null =>
  field === "sealPublicKey" && typeof value === "string" ? `sha256:${sha256Hex(value.trim())}` : value;

export interface PolicyChangeResult {
  insurer: { code: string; name: string; legacyBarcodes: "accept" | "reject"; mod97: boolean; sealed: boolean };
  changed: PolicyFieldChange[];
}

/**
 * Changes the fields sent, and only those; each field whose value really changes is named in the
 * answer and in the insurer's change log (who, when, old and new value) written in the same batch.
 */
export async function changeInsurerPolicy(
  deps: Pick<AppDeps, "db" | "clock" | "logger">,
  request: { code: string; changes: InsurerPolicyChange; changedBy: string },
): Promise<PolicyChangeResult> {
  const current = await findInsurer(deps.db, request.code);
  if (!current) throw new ApiError("not_found", `No insurer ${request.code}.`);
  const fields = (Object.keys(request.changes) as Array<keyof InsurerPolicy>).filter(
    (field) => request.changes[field] !== undefined && request.changes[field] !== current[field],
  );
  const changed = fields.map((field) => ({ field, from: shown(field, current[field]), to: shown(field, request.changes[field] ?? null) }));
  const updates = Object.fromEntries(fields.map((field) => [field, request.changes[field]])) as Partial<InsurerPolicy>;
  const next: Insurer = { ...current, ...updates };
  if (changed.length > 0) {
    const changedAt = deps.clock.now().toISOString();
    await deps.db.batch([updateInsurerPolicy(request.code, updates), insertPolicyChange({ insurer: request.code, changedAt, changedBy: request.changedBy, changes: changed })]);
    deps.logger.info("insurer.policy_changed", { insurer: request.code, by: request.changedBy, fields });
  }
  return {
    insurer: { code: next.code, name: next.name, legacyBarcodes: next.legacyBarcodes, mod97: next.mod97, sealed: next.sealPublicKey !== null },
    changed,
  };
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
