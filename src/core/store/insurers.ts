import type { Database, Statement } from "../ports.js";

export interface Insurer {
  code: string;
  name: string;
  legacyBarcodes: "accept" | "reject";
  mod97: boolean;
  sealPublicKey: string | null;
}

interface InsurerRow {
  code: string;
  name: string;
  legacy_barcodes: "accept" | "reject";
  mod97: number;
  seal_public_key: string | null;
}

const toInsurer = (row: InsurerRow): Insurer => ({
  code: row.code,
  name: row.name,
  legacyBarcodes: row.legacy_barcodes,
  mod97: row.mod97 === 1,
  sealPublicKey: row.seal_public_key,
});

/** Creates the insurer or updates its name and barcode policy. */
export function upsertInsurer(insurer: Insurer, now: string): Statement {
  return {
    sql: `INSERT INTO insurers (code, name, legacy_barcodes, mod97, seal_public_key, created_at)
          VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT (code) DO UPDATE SET name = excluded.name, legacy_barcodes = excluded.legacy_barcodes,
            mod97 = excluded.mod97, seal_public_key = excluded.seal_public_key`,
    params: [insurer.code, insurer.name, insurer.legacyBarcodes, insurer.mod97 ? 1 : 0, insurer.sealPublicKey, now],
  };
}

export async function listInsurers(db: Database): Promise<Insurer[]> {
  return (await db.all<InsurerRow>("SELECT * FROM insurers ORDER BY code")).map(toInsurer);
}

export async function findInsurer(db: Database, code: string): Promise<Insurer | null> {
  const row = await db.first<InsurerRow>("SELECT * FROM insurers WHERE code = ?", [code]);
  return row ? toInsurer(row) : null;
}
