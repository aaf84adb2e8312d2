import type { Database, Statement } from "../ports.js";

export interface Insurer {
  code: string;
  name: string;
  legacyBarcodes: "accept" | "reject";
  mod97: boolean;
  sealPublicKey: string | null;
}

/** The fields of an insurer's policy that an operator may change after registration. */
export type InsurerPolicy = Omit<Insurer, "code">;

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

/** Registers a new insurer; fails (UNIQUE) when the code exists, so a policy is never overwritten here. */
export function insertInsurer(insurer: Insurer, now: string): Statement {
  return {
    sql: `INSERT INTO insurers (code, name, legacy_barcodes, mod97, seal_public_key, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    params: [insurer.code, insurer.name, insurer.legacyBarcodes, insurer.mod97 ? 1 : 0, insurer.sealPublicKey, now],
  };
}

/** Whether a storage error is the insert above meeting an existing code (a lost race). */
export const isDuplicateInsurer = (error: unknown): boolean => error instanceof Error && /UNIQUE constraint failed: insurers\.code/.test(error.message);

const policyColumns = { name: "name", legacyBarcodes: "legacy_barcodes", mod97: "mod97", sealPublicKey: "seal_public_key" } as const satisfies Record<keyof InsurerPolicy, string>;

const toColumnValue = (field: keyof InsurerPolicy, value: InsurerPolicy[keyof InsurerPolicy]) => (field === "mod97" ? (value ? 1 : 0) : (value as string | null));

/** Sets only the given fields of the insurer's policy; the others keep their stored values. */
export function updateInsurerPolicy(code: string, changes: Partial<InsurerPolicy>): Statement {
  const fields = (Object.keys(changes) as Array<keyof InsurerPolicy>).filter((field) => changes[field] !== undefined);
  return {
    sql: `UPDATE insurers SET ${fields.map((field) => `${policyColumns[field]} = ?`).join(", ")} WHERE code = ?`,
    params: [...fields.map((field) => toColumnValue(field, changes[field] as InsurerPolicy[typeof field])), code],
  };
}

/** One audit line per policy change: who, when, and each field's old and new value. */
export function insertPolicyChange(change: { insurer: string; changedAt: string; changedBy: string; changes: ReadonlyArray<{ field: string; from: unknown; to: unknown }> }): Statement {
  return {
    sql: "INSERT INTO insurer_policy_changes (insurer, changed_at, changed_by, changes_json) VALUES (?, ?, ?, ?)",
    params: [change.insurer, change.changedAt, change.changedBy, JSON.stringify(change.changes)],
  };
}

export async function listInsurers(db: Database): Promise<Insurer[]> {
  return (await db.all<InsurerRow>("SELECT * FROM insurers ORDER BY code")).map(toInsurer);
}

export async function findInsurer(db: Database, code: string): Promise<Insurer | null> {
  const row = await db.first<InsurerRow>("SELECT * FROM insurers WHERE code = ?", [code]);
  return row ? toInsurer(row) : null;
}

/**
 * What a legacy barcode's check needs of its insurer, read on every such submission: the two
 * policy columns only, not the name and the seal key (a PEM text) that `findInsurer` copies out.
 */
export async function findLegacyBarcodePolicy(db: Database, code: string): Promise<Pick<Insurer, "legacyBarcodes" | "mod97"> | null> {
  const row = await db.first<Pick<InsurerRow, "legacy_barcodes" | "mod97">>("SELECT legacy_barcodes, mod97 FROM insurers WHERE code = ?", [code]);
  return row ? { legacyBarcodes: row.legacy_barcodes, mod97: row.mod97 === 1 } : null;
}
