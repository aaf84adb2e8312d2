import type { Statement } from "../../../gateway/ports.js";

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
  coverage: CoveragePeriod[];
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
      sql: "INSERT INTO coverage_periods (insurer, key1, valid_from, valid_to) VALUES (?, ?, ?, ?)",
      params: [member.insurer, member.key1, period.from, period.to],
    })),
  ];
}
