import { insertApiKey } from "../../adapters/storage/repos/api-keys.js";
import { upsertInsurer, type Insurer } from "../../adapters/storage/repos/insurers.js";
import { upsertPharmacy, type Pharmacy } from "../../adapters/storage/repos/pharmacies.js";
import { newApiKey } from "../auth/api-key-material.js";
import type { AppDeps } from "../env.js";

export interface IssuedKey {
  keyId: string;
  /** Shown once; only its hash is stored. */
  apiKey: string;
}

type OnboardingDeps = Pick<AppDeps, "db" | "clock">;

/** Registers (or renames) a pharmacy and issues it a new key, in one atomic batch. */
export async function onboardPharmacy(deps: OnboardingDeps, pharmacy: Pharmacy): Promise<IssuedKey> {
  const now = deps.clock.now().toISOString();
  const key = await newApiKey("pharmacy");
  await deps.db.batch([
    upsertPharmacy(pharmacy, now),
    ...insertApiKey(key, { kind: "pharmacy", pharmacyNihii: pharmacy.nihii, label: pharmacy.name }, now),
  ]);
  return { keyId: key.id, apiKey: key.plaintext };
}

/** Registers (or updates) an insurer's policy and issues a key bound to its code. */
export async function onboardInsurer(deps: OnboardingDeps, insurer: Insurer): Promise<IssuedKey> {
  const now = deps.clock.now().toISOString();
  const key = await newApiKey("insurer");
  await deps.db.batch([
    upsertInsurer(insurer, now),
    ...insertApiKey(key, { kind: "insurer", insurers: [insurer.code], label: insurer.name }, now),
  ]);
  return { keyId: key.id, apiKey: key.plaintext };
}

/** A key for an aggregator serving several already registered insurers (e.g. AssurCard). */
export async function issueInsurerKey(deps: OnboardingDeps, insurers: string[], label?: string): Promise<IssuedKey> {
  const key = await newApiKey("insurer");
  await deps.db.batch(insertApiKey(key, { kind: "insurer", insurers, ...(label ? { label } : {}) }, deps.clock.now().toISOString()));
  return { keyId: key.id, apiKey: key.plaintext };
}

export async function issueAdminKey(deps: OnboardingDeps, label: string): Promise<IssuedKey> {
  const key = await newApiKey("admin");
  await deps.db.batch(insertApiKey(key, { kind: "admin", label }, deps.clock.now().toISOString()));
  return { keyId: key.id, apiKey: key.plaintext };
}
