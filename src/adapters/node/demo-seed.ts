import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { devIssuer, mintMemberToken } from "../identity/dev-issuer.js";
import { devIssuerKid, loadOrCreateDevIssuerKey } from "./dev-issuer-key.js";
import type { AppDeps } from "../../core/deps.js";
import { createDemoTenant, demoTenant, isFirstStart } from "../../core/services/demo-tenant.js";
import type { Settings } from "../../core/config.js";

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
  const { admin, insurer, pharmacy } = await createDemoTenant(deps, devIssuer);
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

/** `npm start` with demo on: the demo tenant on a fresh database, its credentials' path printed. */
export async function seedDemoOnFirstStart(deps: Pick<AppDeps, "db" | "clock">, settings: Pick<Settings, "dataDir">, baseUrl: string): Promise<void> {
  if (!(await isFirstStart(deps))) return;
  const path = await seedDemo(deps, resolve(settings.dataDir), baseUrl);
  console.log(`Demo tenant created. Credentials: ${path}`);
}
