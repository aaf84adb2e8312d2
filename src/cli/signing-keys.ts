import { existsSync, readFileSync } from "node:fs";
import { writePrivateFile } from "../adapters/node/private-files.js";
import { generateSigningKey, KeyRing } from "../barcode/key-ring.js";
import { parseSigningKeysSecret } from "../barcode/memory-key-store.js";
import { rotateSigningKey } from "../core/services/operator.js";
import { CliUsageError, type CliCommand } from "./command.js";

export const signingKeyRotate: CliCommand = {
  name: "keys rotate",
  summary: "Make a new barcode signing key under DATA_DIR/keys (a running server picks it up within 10 s)",
  options: {},
  async run(deps) {
    const listing = await rotateSigningKey(deps);
    return {
      json: listing,
      text: [`New signing key: ${listing.current}`, ...listing.keys.map((entry) => `  ${entry.kid}  created ${entry.createdAt}${entry.retiredAt ? `  retired ${entry.retiredAt}` : "  (signs)"}${entry.published ? "" : "  (unpublished)"}`)].join("\n"),
    };
  },
};

/**
 * Workers read their keys from the `SIGNING_KEYS` secret and cannot write it: this prints the next
 * value of that secret (the given keys plus a new one, dropping keys no live token needs).
 */
export const signingKeySecret: CliCommand = {
  name: "keys secret",
  summary: "Print the next SIGNING_KEYS secret for Workers: --file's keys + a new signing key (file updated, mode 0600)",
  options: {
    file: { type: "string", required: true, description: "JSON file holding the current SIGNING_KEYS value (created if absent)" },
    "ttl-days": { type: "string", description: "barcode lifetime in days (default 30), decides when retired keys can go" },
  },
  async run(deps, values) {
    const file = String(values.file);
    const ttlDays = values["ttl-days"] === undefined ? 30 : Number(values["ttl-days"]);
    if (!Number.isInteger(ttlDays) || ttlDays <= 0) throw new CliUsageError("--ttl-days must be a positive integer");
    const now = deps.clock.now();
    const current = existsSync(file) ? parseSigningKeysSecret(readFileSync(file, "utf8")) : [];
    const latest = Math.max(0, ...current.map((key) => Date.parse(key.createdAt)));
    const next = [...current, await generateSigningKey(new Date(Math.max(now.getTime(), latest + 1)))];
    const ring = await KeyRing.load(next, ttlDays * 86_400);
    const kept = new Set(ring.describe(now).filter((entry) => entry.published).map((entry) => entry.kid));
    const secret = next.filter((key) => kept.has(key.kid));
    writePrivateFile(file, `${JSON.stringify(secret)}\n`);
    return {
      json: { file, kids: secret.map((key) => key.kid) },
      text: `Wrote ${secret.length} key(s) to ${file}; new signing key ${ring.signer()?.kid}.\nNow: npx wrangler secret put SIGNING_KEYS < ${file}`,
    };
  },
};
