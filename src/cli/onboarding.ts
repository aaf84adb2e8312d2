import { readFileSync } from "node:fs";
import { userInfo } from "node:os";
import { z } from "zod";
import { changeInsurerPolicy, InsurerPolicyChangeSchema, NewInsurerSchema, NewPharmacySchema, onboardInsurer, onboardPharmacy } from "../core/services/onboarding.js";
import { revokeKey } from "../core/services/operator.js";
import { CliUsageError, type CliCommand } from "./command.js";

function parsed<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new CliUsageError(result.error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`).join("\n"));
  }
  return result.data;
}

function readPem(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    throw new CliUsageError(`--seal-key: cannot read ${file}`);
  }
}

const shownOnce = "Store it now: it is shown only once.";

export const pharmacyAdd: CliCommand = {
  name: "pharmacy add",
  summary: "Register a pharmacy and print its new API key",
  options: {
    nihii: { type: "string", required: true, description: "8-digit NIHII number" },
    name: { type: "string", required: true, description: "pharmacy name" },
    language: { type: "string", description: "nl, fr, de or en: the language of its problem answers when its software sends no Accept-Language" },
  },
  async run(deps, values) {
    const pharmacy = parsed(NewPharmacySchema, { nihii: values.nihii, name: values.name, language: values.language });
    const issued = await onboardPharmacy(deps, pharmacy);
    return { json: { ...pharmacy, ...issued }, text: `Pharmacy ${pharmacy.nihii} (${pharmacy.name})\nkey id: ${issued.keyId}\nAPI key: ${issued.apiKey}\n${shownOnce}` };
  },
};

export const insurerAdd: CliCommand = {
  name: "insurer add",
  summary: "Register a new insurer and print its API key (an existing code is refused: use insurer set)",
  options: {
    code: { type: "string", required: true, description: "4-digit insurer code (CBFA)" },
    name: { type: "string", required: true, description: "insurer name" },
    "legacy-barcodes": { type: "string", description: "accept (default) or reject the unsigned 14-digit code" },
    mod97: { type: "boolean", description: "the legacy code ends in a mod-97 check" },
    "seal-key": { type: "string", description: "PEM file with the insurer's RSA public key; exports are sealed with it" },
  },
  async run(deps, values) {
    const insurer = parsed(NewInsurerSchema, {
      code: values.code,
      name: values.name,
      legacyBarcodes: values["legacy-barcodes"] ?? "accept",
      mod97: values.mod97 === true,
      sealPublicKey: typeof values["seal-key"] === "string" ? readPem(values["seal-key"]) : null,
    });
    const issued = await onboardInsurer(deps, insurer);
    return { json: { ...insurer, ...issued }, text: `Insurer ${insurer.code} (${insurer.name})${insurer.sealPublicKey ? ", exports sealed" : ", exports base64 only (no seal key)"}\nkey id: ${issued.keyId}\nAPI key: ${issued.apiKey}\n${shownOnce}` };
  },
};

const onOff = (flag: string, value: string | boolean | string[] | undefined): boolean | undefined => {
  if (value === undefined) return undefined;
  if (value === "on" || value === "off") return value === "on";
  throw new CliUsageError(`--${flag}: on or off`);
};

export const insurerSet: CliCommand = {
  name: "insurer set",
  summary: "Change a registered insurer's policy: only the flags given change; each change is logged",
  options: {
    code: { type: "string", required: true, description: "4-digit insurer code (CBFA)" },
    name: { type: "string", description: "insurer name" },
    "legacy-barcodes": { type: "string", description: "accept or reject the unsigned 14-digit code" },
    mod97: { type: "string", description: "on or off: the legacy code ends in a mod-97 check" },
    "seal-key": { type: "string", description: "PEM file with the insurer's RSA public key, or none to stop sealing" },
  },
  async run(deps, values) {
    const sealKey = values["seal-key"];
    const changes = parsed(InsurerPolicyChangeSchema, {
      name: values.name,
      legacyBarcodes: values["legacy-barcodes"],
      mod97: onOff("mod97", values.mod97),
      sealPublicKey: sealKey === undefined ? undefined : sealKey === "none" ? null : readPem(String(sealKey)),
    });
    const result = await changeInsurerPolicy(deps, { code: String(values.code), changes, changedBy: `cli (${userInfo().username})` });
    const lines = result.changed.map((change) => `  ${change.field}: ${String(change.from)} -> ${String(change.to)}`);
    return { json: result, text: `Insurer ${result.insurer.code}: ${lines.length === 0 ? "nothing changed" : `changed\n${lines.join("\n")}`}` };
  },
};

export const keyRevoke: CliCommand = {
  name: "keys revoke",
  summary: "Revoke an API key by its key id",
  options: { id: { type: "string", required: true, description: "key id (key_…)" } },
  async run(deps, values) {
    const revoked = await revokeKey(deps, String(values.id));
    return { json: revoked, text: `Revoked ${revoked.keyId} at ${revoked.revokedAt}` };
  },
};
