import type { Database, Statement } from "../ports.js";

export interface CoveragePeriod {
  /** First covered day, `YYYY-MM-DD`. */
  from: string;
  /** Last covered day (inclusive), or null when open-ended. */
  to: string | null;
}

export interface MemberRecord {
  insurer: string;
  key1: string;
  name: string;
  birthDate: string | null;
  guardianKey1: string | null;
  /** `plan`: the coverage plan the period is under (docs/estimate.md); absent or null = none. */
  coverage: Array<CoveragePeriod & { plan?: string | null }>;
}

/** Replaces a member and their coverage periods; commit in one batch with the rest of a roster. */
export function upsertMember(member: MemberRecord, now: string): Statement[] {
  return [
    {
      sql: `INSERT INTO members (insurer, key1, name, birth_date, guardian_key1, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (insurer, key1) DO UPDATE SET name = excluded.name, birth_date = excluded.birth_date,
              guardian_key1 = excluded.guardian_key1, updated_at = excluded.updated_at`,
      params: [member.insurer, member.key1, member.name, member.birthDate, member.guardianKey1, now],
    },
    { sql: "DELETE FROM coverage_periods WHERE insurer = ? AND key1 = ?", params: [member.insurer, member.key1] },
    ...member.coverage.map((period) => ({
      sql: "INSERT INTO coverage_periods (insurer, key1, valid_from, valid_to, plan_id) VALUES (?, ?, ?, ?, ?)",
      params: [member.insurer, member.key1, period.from, period.to, period.plan ?? null],
    })),
  ];
}

export interface MemberCoverage {
  name: string;
  guardianKey1: string | null;
  /** Whether a coverage period contains the asked date. */
  covered: boolean;
}

/** The member and whether they are covered on `onDate` (`YYYY-MM-DD`); null when unknown. */
export async function findMemberCoverage(db: Database, insurer: string, key1: string, onDate: string): Promise<MemberCoverage | null> {
  const row = await db.first<{ name: string; guardian_key1: string | null; covered: number }>(
    `SELECT m.name, m.guardian_key1,
            EXISTS (SELECT 1 FROM coverage_periods p WHERE p.insurer = m.insurer AND p.key1 = m.key1
                       AND p.valid_from <= ? AND (p.valid_to IS NULL OR p.valid_to >= ?)) AS covered
       FROM members m WHERE m.insurer = ? AND m.key1 = ?`,
    // Plain `?` in text order: better-sqlite3 refuses `?NNN` placeholders bound positionally.
    [onDate, onDate, insurer, key1],
  );
  return row ? { name: row.name, guardianKey1: row.guardian_key1, covered: row.covered === 1 } : null;
}

/** The `insurer:key1` key members are told apart by across insurers. */
export const memberKeyOf = (insurer: string, key1: string): string => `${insurer}:${key1}`;

/** 40 pairs = 80 bound parameters a query, under D1's 100. */
const pairsPerQuery = 40;

/** Which of these members exist, as `memberKeyOf` keys (looked up in chunks, each scoped to its insurer). */
export async function findExistingMembers(db: Database, members: ReadonlyArray<{ insurer: string; key1: string }>): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < members.length; start += pairsPerQuery) {
    const chunk = members.slice(start, start + pairsPerQuery);
    const rows = await db.all<{ insurer: string; key1: string }>(
      `SELECT insurer, key1 FROM members WHERE ${chunk.map(() => "(insurer = ? AND key1 = ?)").join(" OR ")}`,
      chunk.flatMap((member) => [member.insurer, member.key1]),
    );
    for (const row of rows) found.add(memberKeyOf(row.insurer, row.key1));
  }
  return found;
}
