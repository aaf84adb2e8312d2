import { existsSync, readFileSync } from "node:fs";
import type { JWK } from "jose";
import { join, resolve } from "node:path";
import { devIssuer, mintMemberToken } from "../identity/dev-issuer.js";
import { devIssuerKid, loadOrCreateDevIssuerKey } from "./dev-issuer-key.js";
import type { AppDeps } from "../../core/deps.js";
import { createDemoTenant, demoTenant, isFirstStart, switchOffDemo } from "../../core/services/demo-tenant.js";
import { memberTokenMaxAgeSeconds } from "../../core/services/sign-in.js";
import { writePrivateFile } from "./private-files.js";
import type { Settings } from "../../core/config.js";

export interface DemoCredentials {
  baseUrl: string;
  adminKey: string;
  pharmacy: { nihii: string; apiKey: string };
  insurer: { code: string; apiKey: string };
  /** `accessToken`: a member token from the demo's built-in identity issuer, valid a day (renewed at each demo start). */
  members: Array<{ insurer: string; key1: string; role: "policyholder" | "dependent"; accessToken: string }>;
}

/** A member token from the demo issuer, as long-lived as sign-in accepts (a real provider's live minutes). */
const demoMemberToken = (issuerKey: JWK, key1: string, now: Date) =>
  mintMemberToken(issuerKey, devIssuerKid, {
    issuer: devIssuer.issuer,
    audience: devIssuer.audience,
    subject: `demo-${key1}`,
    claims: { [devIssuer.key1Claim]: key1 },
    expiresIn: memberTokenMaxAgeSeconds,
    now,
  });

/**
 * Creates the demo tenant once, on first start, and writes its credentials (keys are shown only
 * here) to `DATA_DIR/demo-credentials.json` with mode 0600.
 */
export async function seedDemo(deps: Pick<AppDeps, "db" | "databases" | "clock">, dataDir: string, baseUrl: string): Promise<string> {
  const { admin, insurer, pharmacy } = await createDemoTenant(deps, devIssuer);
  const issuerKey = await loadOrCreateDevIssuerKey(dataDir);
  const accessToken = (key1: string) => demoMemberToken(issuerKey, key1, deps.clock.now());
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
  const path = credentialsPath(dataDir);
  writePrivateFile(path, `${JSON.stringify(credentials, null, 2)}\n`);
  return path;
}

const credentialsPath = (dataDir: string) => join(dataDir, "demo-credentials.json");

/**
 * Member sign-in refuses tokens older than a day (core/services/sign-in.ts), so each demo start
 * writes fresh member tokens into the credentials file; the keys in it were shown once and stay.
 */
async function refreshMemberTokens(deps: Pick<AppDeps, "clock">, dataDir: string): Promise<string | null> {
  const path = credentialsPath(dataDir);
  if (!existsSync(path)) return null;
  const credentials = JSON.parse(readFileSync(path, "utf8")) as DemoCredentials;
  const issuerKey = await loadOrCreateDevIssuerKey(dataDir);
  for (const member of credentials.members) member.accessToken = await demoMemberToken(issuerKey, member.key1, deps.clock.now());
  writePrivateFile(path, `${JSON.stringify(credentials, null, 2)}\n`);
  return path;
}

/**
 * The demo at start-up. Demo on (a laptop): the demo tenant on a fresh database, or fresh member
 * tokens for it, and the credentials' path printed. Demo off: whatever a demo start created is
 * switched off, so an operator key made on a first start cannot outlive the demo.
 */
export async function applyDemoMode(deps: Pick<AppDeps, "db" | "databases" | "clock" | "logger">, settings: Pick<Settings, "dataDir" | "demo">, baseUrl: string): Promise<void> {
  const dataDir = resolve(settings.dataDir);
  if (!settings.demo) {
    const switched = await switchOffDemo(deps);
    if (switched.keysRevoked + switched.providersRemoved > 0) {
      console.log(`Demo mode is off: revoked ${switched.keysRevoked} demo key(s) and stopped trusting the demo sign-in.`);
    }
    return;
  }
  if (await isFirstStart(deps)) {
    console.log(`Demo tenant created. Credentials: ${await seedDemo(deps, dataDir, baseUrl)}`);
    return;
  }
  const refreshed = await refreshMemberTokens(deps, dataDir);
  if (refreshed) console.log(`Demo mode. Credentials (member tokens renewed for a day): ${refreshed}`);
}
