import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { upsertMember } from "../storage/repos/members.js";
import type { AppDeps } from "../../gateway/env.js";
import { issueAdminKey, onboardInsurer, onboardPharmacy } from "../../gateway/services/onboarding.js";

/** The official AssurPharma test cards: insurer 6000, a policyholder and a dependent. */
export const demoTenant = {
  insurer: { code: "6000", name: "FarmaFlux test insurer", legacyBarcodes: "accept", mod97: false, sealPublicKey: null },
  pharmacy: { nihii: "99934051", name: "Demo pharmacy" },
  policyholder: { key1: "9912319994", name: "Demo Policyholder" },
  dependent: { key1: "9912319984", name: "Demo Dependent" },
  coveredFrom: "2010-01-01",
} as const;

export interface DemoCredentials {
  baseUrl: string;
  adminKey: string;
  pharmacy: { nihii: string; apiKey: string };
  insurer: { code: string; apiKey: string };
  members: Array<{ insurer: string; key1: string; role: "policyholder" | "dependent" }>;
}

/**
 * Creates the demo tenant once, on first start, and writes its credentials (keys are shown only
 * here) to `DATA_DIR/demo-credentials.json` with mode 0600.
 */
export async function seedDemo(deps: Pick<AppDeps, "db" | "clock">, dataDir: string, baseUrl: string): Promise<string> {
  const now = deps.clock.now().toISOString();
  const insurer = await onboardInsurer(deps, { ...demoTenant.insurer });
  const pharmacy = await onboardPharmacy(deps, { ...demoTenant.pharmacy });
  const admin = await issueAdminKey(deps, "demo operator");
  const coverage = [{ from: demoTenant.coveredFrom, to: null }];
  await deps.db.batch([
    ...upsertMember({ insurer: demoTenant.insurer.code, ...demoTenant.policyholder, birthDate: null, guardianKey1: null, coverage }, now),
    ...upsertMember(
      { insurer: demoTenant.insurer.code, ...demoTenant.dependent, birthDate: null, guardianKey1: demoTenant.policyholder.key1, coverage },
      now,
    ),
  ]);
  const credentials: DemoCredentials = {
    baseUrl,
    adminKey: admin.apiKey,
    pharmacy: { nihii: demoTenant.pharmacy.nihii, apiKey: pharmacy.apiKey },
    insurer: { code: demoTenant.insurer.code, apiKey: insurer.apiKey },
    members: [
      { insurer: demoTenant.insurer.code, key1: demoTenant.policyholder.key1, role: "policyholder" },
      { insurer: demoTenant.insurer.code, key1: demoTenant.dependent.key1, role: "dependent" },
    ],
  };
  const path = join(dataDir, "demo-credentials.json");
  writeFileSync(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return path;
}
