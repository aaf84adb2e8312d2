import type { Database, Statement } from "../ports.js";
import { isLanguage } from "../../i18n/index.js";
import type { ApiKeyKind, Principal } from "../principal.js";

export interface ApiKeyOwner {
  kind: ApiKeyKind;
  pharmacyNihii?: string;
  insurers?: string[];
  label?: string;
}

/** Statements that store a key (hash only) and its insurer bindings; commit them in one batch. */
/** What is stored of a key: never its plaintext. */
export interface StoredKeyMaterial {
  id: string;
  prefix: string;
  hash: string;
}

export function insertApiKey(key: StoredKeyMaterial, owner: ApiKeyOwner, createdAt: string): Statement[] {
  return [
    {
      sql: `INSERT INTO api_keys (id, kind, prefix, hash, pharmacy_nihii, label, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)`,
      params: [key.id, owner.kind, key.prefix, key.hash, owner.pharmacyNihii ?? null, owner.label ?? null, createdAt],
    },
    ...(owner.insurers ?? []).map((insurer) => ({
      sql: "INSERT INTO api_key_insurers (key_id, insurer) VALUES (?, ?)",
      params: [key.id, insurer],
    })),
  ];
}

interface KeyRow {
  id: string;
  kind: ApiKeyKind;
  pharmacy_nihii: string | null;
  insurers: string | null;
  language: string | null;
}

/** The principal of an active (not revoked) key, or null. */
export async function findPrincipalByKeyHash(db: Database, hash: string): Promise<Principal | null> {
  const row = await db.first<KeyRow>(
    `SELECT k.id, k.kind, k.pharmacy_nihii,
            (SELECT group_concat(insurer, ',') FROM api_key_insurers WHERE key_id = k.id) AS insurers,
            (SELECT language FROM pharmacies WHERE nihii = k.pharmacy_nihii) AS language
       FROM api_keys k WHERE k.hash = ? AND k.revoked_at IS NULL`,
    [hash],
  );
  if (!row) return null;
  switch (row.kind) {
    case "pharmacy":
      return { kind: "pharmacy", keyId: row.id, nihii: row.pharmacy_nihii ?? "", language: isLanguage(row.language) ? row.language : null };
    case "insurer":
      return { kind: "insurer", keyId: row.id, insurers: row.insurers ? row.insurers.split(",").sort() : [] };
    case "admin":
      return { kind: "admin", keyId: row.id };
  }
}

/** Revokes a key; true when it existed and was active. */
export async function revokeApiKey(db: Database, keyId: string, revokedAt: string): Promise<boolean> {
  const result = await db.run("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [revokedAt, keyId]);
  return result.changes > 0;
}
