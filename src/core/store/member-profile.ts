import type { Database } from "../ports.js";
import type { CoveragePeriod } from "./members.js";

export interface MemberProfile {
  insurer: { code: string; name: string };
  key1: string;
  name: string;
  guardianKey1: string | null;
}

/** One member with their insurer's name; null when not on that insurer's roster. */
export async function findMemberProfile(db: Database, insurer: string, key1: string): Promise<MemberProfile | null> {
  const row = await db.first<{ insurer: string; insurer_name: string; key1: string; name: string; guardian_key1: string | null }>(
    `SELECT m.insurer, i.name AS insurer_name, m.key1, m.name, m.guardian_key1
       FROM members m JOIN insurers i ON i.code = m.insurer
      WHERE m.insurer = ? AND m.key1 = ?`,
    [insurer, key1],
  );
  return row
    ? { insurer: { code: row.insurer, name: row.insurer_name }, key1: row.key1, name: row.name, guardianKey1: row.guardian_key1 }
    : null;
}

export async function listCoveragePeriods(db: Database, insurer: string, key1: string): Promise<CoveragePeriod[]> {
  const rows = await db.all<{ valid_from: string; valid_to: string | null }>(
    "SELECT valid_from, valid_to FROM coverage_periods WHERE insurer = ? AND key1 = ? ORDER BY valid_from",
    [insurer, key1],
  );
  return rows.map((row) => ({ from: row.valid_from, to: row.valid_to }));
}

/** The members a policyholder may act for: those whose guardian is them, same insurer. */
export async function listDependents(db: Database, insurer: string, guardianKey1: string): Promise<Array<{ key1: string; name: string }>> {
  return db.all<{ key1: string; name: string }>(
    "SELECT key1, name FROM members WHERE insurer = ? AND guardian_key1 = ? ORDER BY key1",
    [insurer, guardianKey1],
  );
}

/** Whether `key1` is the policyholder's own dependent (scoped to the insurer in SQL). */
export async function isDependentOf(db: Database, insurer: string, guardianKey1: string, key1: string): Promise<boolean> {
  return (await db.first("SELECT 1 AS one FROM members WHERE insurer = ? AND key1 = ? AND guardian_key1 = ?", [insurer, key1, guardianKey1])) !== null;
}
