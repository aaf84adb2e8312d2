import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { privateDir } from "./private-files.js";
import { parseSigningKeysSecret } from "../../barcode/memory-key-store.js";
import type { StoredSigningKey } from "../../barcode/key-ring.js";
import type { KeyStore } from "../../barcode/signing-keys.js";

const keyFile = /^signing-[0-9TZ-]+-[A-Za-z0-9_-]+\.jwk\.json$/;

/**
 * Signing keys as files under `DATA_DIR/keys/`, one private JWK per file, mode 0600 in a 0700
 * directory. Files are only ever added: the order of creation decides which key signs, so a
 * rotation by the CLI and a running server never have to agree on a shared mutable index.
 */
export function fileKeyStore(dataDir: string): KeyStore {
  const dir = join(dataDir, "keys");
  return {
    async load() {
      let names: string[];
      try {
        names = readdirSync(dir).filter((name) => keyFile.test(name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw error;
      }
      return names.flatMap((name) => parseSigningKeysSecret(`[${readFileSync(join(dir, name), "utf8")}]`));
    },
    async add(key: StoredSigningKey) {
      privateDir(dir);
      const stamp = key.createdAt.replace(/[:.]/g, "-");
      // `wx`: never overwrite an existing key file.
      writeFileSync(join(dir, `signing-${stamp}-${key.kid}.jwk.json`), `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    },
  };
}
