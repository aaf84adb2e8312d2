import type { Database, Statement } from "../ports.js";
import { chunksWithinParameters, placeholders } from "./sql.js";

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
export const upsertMember = (member: MemberRecord, now: string): Statement[] => upsertMembers([member], now);

/**
 * Replaces members and their coverage periods, as statements for ONE batch. Rows go several per
 * statement within D1's 100 bound parameters, so a full roster request (250 members with 50
 * periods each) is ~400 statements, inside D1's 1,000 queries per Worker invocation, rather than
 * one statement per row (13,000). Order matters: members first (periods reference them), then
 * every old period deleted, then the new ones inserted.
 */
export function upsertMembers(members: readonly MemberRecord[], now: string): Statement[] {
  const statements: Statement[] = [];
  for (const chunk of chunksWithinParameters(members, 6)) {
    statements.push({
      sql: `INSERT INTO members (insurer, key1, name, birth_date, guardian_key1, updated_at) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?)").join(", ")}
            ON CONFLICT (insurer, key1) DO UPDATE SET name = excluded.name, birth_date = excluded.birth_date,
              guardian_key1 = excluded.guardian_key1, updated_at = excluded.updated_at`,
      params: chunk.flatMap((member) => [member.insurer, member.key1, member.name, member.birthDate, member.guardianKey1, now]),
    });
  }
  const byInsurer = new Map<string, MemberRecord[]>();
  for (const member of members) {
    const group = byInsurer.get(member.insurer);
    if (group) group.push(member);
    else byInsurer.set(member.insurer, [member]);
  }
  for (const [insurer, group] of byInsurer) {
    for (const chunk of chunksWithinParameters(group, 1, 1)) {
      statements.push({
        sql: `DELETE FROM coverage_periods WHERE insurer = ? AND key1 IN (${placeholders(chunk.length)})`,
        params: [insurer, ...chunk.map((member) => member.key1)],
      });
    }
  }
  for (const [insurer, group] of byInsurer) {
    const periods = group.flatMap((member) => member.coverage.map((period) => [member.key1, period.from, period.to] as const));
    for (const chunk of chunksWithinParameters(periods, 3, 1)) {
      statements.push({
        sql: `INSERT INTO coverage_periods (insurer, key1, valid_from, valid_to)
              SELECT ?, column1, column2, column3 FROM (VALUES ${chunk.map(() => "(?, ?, ?)").join(", ")})`,
        params: [insurer, ...chunk.flat()],
      });
    }
  }
  return statements;
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

/** Which of these members exist, as `memberKeyOf` keys: chunks of pairs (each scoped to its insurer), read in one batch. */
export async function findExistingMembers(db: Database, members: ReadonlyArray<{ insurer: string; key1: string }>): Promise<Set<string>> {
  if (members.length === 0) return new Set();
  const results = await db.batch<{ insurer: string; key1: string }>(
    chunksWithinParameters(members, 2).map((chunk) => ({
      sql: `SELECT insurer, key1 FROM members WHERE ${chunk.map(() => "(insurer = ? AND key1 = ?)").join(" OR ")}`,
      params: chunk.flatMap((member) => [member.insurer, member.key1]),
    })),
  );
  return new Set(results.flatMap((result) => result.rows.map((row) => memberKeyOf(row.insurer, row.key1))));
}
