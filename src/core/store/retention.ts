import type { Database, Statement } from "../ports.js";

/** Each insurer's own retention in days, or null where it takes the gateway's default. */
export async function listRetention(db: Database): Promise<Array<{ insurer: string; days: number | null }>> {
  const rows = await db.all<{ code: string; retention_days: number | null }>("SELECT code, retention_days FROM insurers ORDER BY code");
  return rows.map((row) => ({ insurer: row.code, days: row.retention_days }));
}

/** The insurer's own retention (null = default); undefined when no such insurer is registered. */
export async function findRetention(db: Database, insurer: string): Promise<number | null | undefined> {
  const row = await db.first<{ retention_days: number | null }>("SELECT retention_days FROM insurers WHERE code = ?", [insurer]);
  return row ? row.retention_days : undefined;
}

export function setRetentionStatement(insurer: string, days: number | null): Statement {
  return { sql: "UPDATE insurers SET retention_days = ? WHERE code = ?", params: [days, insurer] };
}
