import { z } from "zod";
import { upsertMember, type MemberRecord } from "../../adapters/storage/repos/members.js";
import { InsurerCodeSchema, IsoDateSchema, Key1Schema } from "../../bvac/fields.js";
import type { Database } from "../ports.js";
import type { FieldProblem } from "../errors.js";

/**
 * Roster sync: NDJSON lines `{insurer, key1, name, birthDate?, coverage: [{from, to}], guardianKey1?}`.
 * Problems are located as `line.<n>.<field>` with 1-based line numbers, so an insurer can find
 * the line in the file it sent. Unknown fields are refused: a misspelt `guardianKey1` silently
 * dropped would detach a child from its policyholder.
 */

const PeriodSchema = z.strictObject({ from: IsoDateSchema, to: IsoDateSchema.nullable().optional() });

export const RosterLineSchema = z.strictObject({
  insurer: InsurerCodeSchema,
  key1: Key1Schema,
  name: z.string().trim().min(1).max(200),
  birthDate: IsoDateSchema.nullable().optional(),
  coverage: z.array(PeriodSchema).max(50),
  guardianKey1: Key1Schema.nullable().optional(),
});

export type RosterLine = z.infer<typeof RosterLineSchema>;

const problem = (line: number, path: string, code: string, message: string): FieldProblem => ({
  path: ["line", String(line), path].filter(Boolean).join("."),
  code,
  message,
});

/** Coverage periods must not overlap (and `from` ≤ `to`): the coverage check reads them as a set. */
function periodProblems(line: number, coverage: RosterLine["coverage"]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  coverage.forEach((period, index) => {
    if (period.to && period.to < period.from) problems.push(problem(line, `coverage.${index}.to`, "period_reversed", "to is before from"));
  });
  const sorted = coverage.map((period, index) => ({ ...period, index })).sort((a, b) => a.from.localeCompare(b.from));
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const current = sorted[i]!;
    if (previous.to == null || previous.to >= current.from) {
      problems.push(problem(line, `coverage.${current.index}.from`, "period_overlap", `overlaps coverage.${previous.index}`));
    }
  }
  return problems;
}

const memberKey = (insurer: string, key1: string) => `${insurer}:${key1}`;

/**
 * Checks roster lines one at a time and remembers what it needs across lines (duplicates,
 * guardians to look up). Both the HTTP route and the CLI import feed it.
 */
export class RosterValidator {
  readonly problems: FieldProblem[] = [];
  private readonly seen = new Set<string>();
  /** Guardians named but not (yet) seen in the roster: memberKey → first line naming it. */
  private readonly guardians = new Map<string, number>();

  /** @param allowedInsurers the caller's insurer codes; null = any registered insurer (operator). */
  constructor(private readonly allowedInsurers: ReadonlySet<string> | null) {}

  /** Parses one line; returns the member when the line is valid on its own. Blank lines are skipped. */
  line(text: string, lineNo: number): MemberRecord | null {
    if (text.trim() === "") return null;
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch {
      this.problems.push(problem(lineNo, "", "malformed_json", "not a JSON object"));
      return null;
    }
    const parsed = RosterLineSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) this.problems.push(problem(lineNo, issue.path.map(String).join("."), issue.code, issue.message));
      return null;
    }
    const line = parsed.data;
    const problems: FieldProblem[] = [...periodProblems(lineNo, line.coverage)];
    if (this.allowedInsurers && !this.allowedInsurers.has(line.insurer)) {
      problems.push(problem(lineNo, "insurer", "insurer_not_allowed", `insurer ${line.insurer} is not one this caller may manage`));
    }
    const key = memberKey(line.insurer, line.key1);
    if (this.seen.has(key)) problems.push(problem(lineNo, "key1", "duplicate_member", "this member appears on an earlier line"));
    this.seen.add(key);
    if (line.guardianKey1 === line.key1) problems.push(problem(lineNo, "guardianKey1", "self_guardian", "a member cannot be their own guardian"));
    else if (line.guardianKey1) {
      const guardian = memberKey(line.insurer, line.guardianKey1);
      if (!this.guardians.has(guardian)) this.guardians.set(guardian, lineNo);
    }
    this.problems.push(...problems);
    if (problems.length > 0) return null;
    return {
      insurer: line.insurer,
      key1: line.key1,
      name: line.name,
      birthDate: line.birthDate ?? null,
      guardianKey1: line.guardianKey1 ?? null,
      coverage: line.coverage.map((period) => ({ from: period.from, to: period.to ?? null })),
    };
  }

  /**
   * After the last line: a guardian must be a member of the same insurer, in this roster or
   * already stored (looked up in chunks, scoped to the insurer).
   */
  async checkGuardians(db: Database): Promise<void> {
    const missing = [...this.guardians].filter(([key]) => !this.seen.has(key));
    // 40 pairs = 80 bound parameters, under D1's 100 per statement.
    for (let start = 0; start < missing.length; start += 40) {
      const chunk = missing.slice(start, start + 40);
      const found = await db.all<{ insurer: string; key1: string }>(
        `SELECT insurer, key1 FROM members WHERE ${chunk.map(() => "(insurer = ? AND key1 = ?)").join(" OR ")}`,
        chunk.flatMap(([key]) => key.split(":")),
      );
      const known = new Set(found.map((row) => memberKey(row.insurer, row.key1)));
      for (const [key, lineNo] of chunk) {
        if (!known.has(key)) this.problems.push(unknownGuardian(lineNo, key));
      }
    }
    this.problems.sort((a, b) => lineOf(a) - lineOf(b));
  }
}

function unknownGuardian(lineNo: number, key: string): FieldProblem {
  const [insurer, key1] = key.split(":");
  return problem(lineNo, "guardianKey1", "unknown_guardian", `no member ${key1} of insurer ${insurer} in this roster or stored`);
}

const lineOf = (entry: FieldProblem) => Number(entry.path.split(".")[1] ?? 0);

/** Every member's statements in one list: commit them with a single `db.batch` (all or nothing). */
export function rosterStatements(members: readonly MemberRecord[], now: string) {
  return members.flatMap((member) => upsertMember(member, now));
}
