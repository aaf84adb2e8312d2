import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { privateDir } from "./private-files.js";
import { exportJWK, generateKeyPair, type JWK } from "jose";

export const devIssuerKid = "dev-oidc-1";

/** The demo issuer's private key, `DATA_DIR/keys/dev-oidc.private.jwk.json` (0600), created once. */
export async function loadOrCreateDevIssuerKey(dataDir: string): Promise<JWK> {
  const dir = join(dataDir, "keys");
  const path = join(dir, "dev-oidc.private.jwk.json");
  if (existsSync(path)) return JSON.parse(readFileSync(path, "utf8")) as JWK;
  privateDir(dir);
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const jwk = await exportJWK(privateKey);
  writeFileSync(path, `${JSON.stringify(jwk)}\n`, { mode: 0o600, flag: "wx" });
  return jwk;
}
