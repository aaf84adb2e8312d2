import type { Database, Statement } from "../ports.js";

/**
 * The document locator (migrations/0014), in the shared database: which insurer, hence which
 * database, holds a pharmacy's document id.
 */
export async function findDocumentInsurer(db: Database, pharmacyNihii: string, documentId: string): Promise<string | null> {
  const row = await db.first<{ insurer: string }>("SELECT insurer FROM document_locator WHERE pharmacy_nihii = ? AND document_id = ?", [pharmacyNihii, documentId]);
  return row?.insurer ?? null;
}

/** Claims the id for an insurer; a claim already held (by any insurer) changes nothing. */
export function claimDocumentId(pharmacyNihii: string, documentId: string, insurer: string): Statement {
  return {
    sql: "INSERT INTO document_locator (pharmacy_nihii, document_id, insurer) VALUES (?, ?, ?) ON CONFLICT (pharmacy_nihii, document_id) DO NOTHING",
    params: [pharmacyNihii, documentId, insurer],
  };
}

/**
 * Copies of the shared rows an insurer's database points at with foreign keys (members and plans
 * at `insurers`, documents at `pharmacies`, export batches at `api_keys`): written in the same
 * batch as the rows that need them, only where the insurer has its own database. The copies are
 * never read for a decision (keys are authenticated against the shared database only; a copied
 * key holds no hash, only a marker).
 */
export const insurerCopy = (insurer: { code: string; name: string }, now: string): Statement => ({
  sql: "INSERT INTO insurers (code, name, created_at) VALUES (?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name",
  params: [insurer.code, insurer.name, now],
});

export const pharmacyCopy = (pharmacy: { nihii: string; name: string }, now: string): Statement => ({
  sql: "INSERT INTO pharmacies (nihii, name, created_at) VALUES (?, ?, ?) ON CONFLICT (nihii) DO UPDATE SET name = excluded.name",
  params: [pharmacy.nihii, pharmacy.name, now],
});

export const leaseKeyCopy = (keyId: string, now: string): Statement => ({
  sql: "INSERT INTO api_keys (id, kind, prefix, hash, created_at) VALUES (?, 'insurer', '', 'copy:' || ?, ?) ON CONFLICT (id) DO NOTHING",
  params: [keyId, keyId, now],
});
