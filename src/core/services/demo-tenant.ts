import type { AppDeps } from "../deps.js";
import { markDemoRows, switchOffDemoRows } from "../store/demo.js";
import { isEmpty } from "../store/health.js";
import { findMemberProfile } from "../store/member-profile.js";
import { namedBatch } from "../store/sql.js";
import type { IdentityProvider } from "../store/identity-providers.js";
import { configureIdentityProvider } from "./identity-providers.js";
import { issueAdminKey, onboardInsurer, onboardPharmacy, type IssuedKey } from "./onboarding.js";
import { applyMembers } from "./roster.js";

/** The official AssurPharma test cards: insurer 6000, a policyholder and a dependent. */
export const demoTenant = {
  insurer: { code: "6000", name: "FarmaFlux test insurer", legacyBarcodes: "accept", mod97: false, sealPublicKey: null },
  pharmacy: { nihii: "99934051", name: "Demo pharmacy" },
  policyholder: { key1: "9912319994", name: "Demo Policyholder" },
  dependent: { key1: "9912319984", name: "Demo Dependent" },
  coveredFrom: "2010-01-01",
} as const;

/** True on a database where no key was ever issued: the first start. */
export const isFirstStart = (deps: Pick<AppDeps, "db">): Promise<boolean> => isEmpty(deps.db);

/** Creates the demo insurer, pharmacy, members and operator, trusting `provider` for member sign-in. */
export async function createDemoTenant(
  deps: Pick<AppDeps, "db" | "databases" | "clock">,
  provider: Omit<IdentityProvider, "insurer">,
): Promise<{ admin: IssuedKey; insurer: IssuedKey; pharmacy: IssuedKey }> {
  const insurer = await onboardInsurer(deps, { ...demoTenant.insurer });
  const pharmacy = await onboardPharmacy(deps, { ...demoTenant.pharmacy });
  const admin = await issueAdminKey(deps, "demo operator");
  const coverage = [{ from: demoTenant.coveredFrom, to: null }];
  const code = demoTenant.insurer.code;
  await applyMembers(deps, [
    { insurer: code, ...demoTenant.policyholder, birthDate: null, guardianKey1: null, coverage },
    { insurer: code, ...demoTenant.dependent, birthDate: null, guardianKey1: demoTenant.policyholder.key1, coverage },
  ]);
  await configureIdentityProvider(deps, { insurer: code, ...provider });
  await deps.db.batch(markDemoRows({ insurer: code, pharmacy: demoTenant.pharmacy.nihii, keyIds: [admin.keyId, insurer.keyId, pharmacy.keyId] }));
  return { admin, insurer, pharmacy };
}

/** A member of the demo insurer's roster, for the demo identity provider's sign-in page. */
export async function findDemoMember(deps: Pick<AppDeps, "databases">, key1: string): Promise<{ key1: string; name: string } | null> {
  const profile = await findMemberProfile(deps.databases.databaseFor(demoTenant.insurer.code), demoTenant.insurer.code, key1);
  return profile ? { key1: profile.key1, name: profile.name } : null;
}

export interface DemoSwitchedOff {
  keysRevoked: number;
  providersRemoved: number;
  insurersClosedToLegacy: number;
  barcodesRevoked: number;
}

/**
 * A start with demo mode off: whatever the demo tenant created stops working (its keys, its
 * trust in the development issuer, its insurer's acceptance of legacy codes, its members'
 * barcodes). The rows stay, marked, so nothing that referenced them breaks. Idempotent.
 */
export async function switchOffDemo(deps: Pick<AppDeps, "db" | "clock" | "logger">): Promise<DemoSwitchedOff> {
  const results = await namedBatch(deps.db, switchOffDemoRows(deps.clock.now().toISOString()));
  const switched = {
    keysRevoked: results.keys.changes,
    providersRemoved: results.providers.changes,
    insurersClosedToLegacy: results.insurers.changes,
    barcodesRevoked: results.barcodes.changes,
  };
  if (Object.values(switched).some((count) => count > 0)) deps.logger.info("demo.switched_off", { ...switched });
  return switched;
}
