import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { upsertMember } from "../storage/repos/members.js";
import { upsertIdentityProvider } from "../storage/repos/identity-providers.js";
import { devIssuer, mintMemberToken } from "../identity/dev-issuer.js";
import { devIssuerKid, loadOrCreateDevIssuerKey } from "./dev-issuer-key.js";
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
  /** `accessToken`: a member token from the demo's built-in identity issuer, valid one year. */
  members: Array<{ insurer: string; key1: string; role: "policyholder" | "dependent"; accessToken: string }>;
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
    upsertIdentityProvider({ insurer: demoTenant.insurer.code, ...devIssuer }),
  ]);
  const issuerKey = await loadOrCreateDevIssuerKey(dataDir);
  // A long-lived token so the demo keeps working; a real provider's tokens live minutes.
  const accessToken = (key1: string) =>
    mintMemberToken(issuerKey, devIssuerKid, {
      issuer: devIssuer.issuer,
      audience: devIssuer.audience,
      subject: `demo-${key1}`,
      claims: { [devIssuer.key1Claim]: key1 },
      expiresIn: 365 * 24 * 60 * 60,
      now: deps.clock.now(),
    });
  const credentials: DemoCredentials = {
    baseUrl,
    adminKey: admin.apiKey,
    pharmacy: { nihii: demoTenant.pharmacy.nihii, apiKey: pharmacy.apiKey },
    insurer: { code: demoTenant.insurer.code, apiKey: insurer.apiKey },
    members: [
      { insurer: demoTenant.insurer.code, key1: demoTenant.policyholder.key1, role: "policyholder", accessToken: await accessToken(demoTenant.policyholder.key1) },
      { insurer: demoTenant.insurer.code, key1: demoTenant.dependent.key1, role: "dependent", accessToken: await accessToken(demoTenant.dependent.key1) },
    ],
  };
  const path = join(dataDir, "demo-credentials.json");
  writeFileSync(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return path;
}
