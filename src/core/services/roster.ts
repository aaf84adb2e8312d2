import { z } from "zod";
import { findExistingMembers, memberKeyOf, upsertMembers, type MemberRecord } from "../store/members.js";
import { removeMembersStatements } from "../store/erasure.js";
import type { AppDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import { listInsurers } from "../store/insurers.js";
import { byDatabase, insurerCopies } from "./insurer-databases.js";
import { InsurerCodeSchema, IsoDateSchema, Key1Schema } from "../../bvac/fields.js";
import { PlanIdSchema } from "../../plan/plan.js";
import type { Database } from "../ports.js";
import type { FieldProblem } from "../errors.js";

/**
 * Roster sync: NDJSON lines `{insurer, key1, name, birthDate?, coverage: [{from, to, plan?}], guardianKey1?}`,
 * or `{insurer, key1, remove: true}` to remove a member.
 * Problems are located as `line.<n>.<field>` with 1-based line numbers, so an insurer can find
 * the line in the file it sent. Unknown fields are refused: a misspelt `guardianKey1` silently
 * dropped would detach a child from its policyholder.
 */

const PeriodSchema = z.strictObject({
  from: IsoDateSchema,
  to: IsoDateSchema.nullable().optional(),
  // A plan stored later is fine: until it exists, the member simply gets no estimate.
  plan: PlanIdSchema.nullable().optional(),
});

export const RosterLineSchema = z.strictObject({
  insurer: InsurerCodeSchema,
  key1: Key1Schema,
  name: z.string().trim().min(1).max(200),
  birthDate: IsoDateSchema.nullable().optional(),
  coverage: z.array(PeriodSchema).max(50),
  guardianKey1: Key1Schema.nullable().optional(),
});

export type RosterLine = z.infer<typeof RosterLineSchema>;

/** `{"insurer","key1","remove": true}`: the member leaves (services/erasure.ts, docs/privacy.md). */
export const RosterRemovalSchema = z.strictObject({ insurer: InsurerCodeSchema, key1: Key1Schema, remove: z.literal(true) });

/** What one roster line asks for: a member to store, or one to remove. */
export type RosterEntry = MemberRecord | z.infer<typeof RosterRemovalSchema>;

const isRemoval = (entry: RosterEntry): entry is z.infer<typeof RosterRemovalSchema> => "remove" in entry;

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

const splitMemberKey = (key: string) => {
  const [insurer = "", key1 = ""] = key.split(":");
  return { insurer, key1 };
};

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

  /** Members this roster removes: none may be named as a guardian in it. */
  private readonly removed = new Set<string>();

  /** Parses one line; returns the member when the line is valid on its own. Blank lines are skipped. */
  line(text: string, lineNo: number): RosterEntry | null {
    if (text.trim() === "") return null;
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch {
      this.problems.push(problem(lineNo, "", "malformed_json", "not a JSON object"));
      return null;
    }
    if (typeof input === "object" && input !== null && "remove" in input) return this.removal(input, lineNo);
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
    const key = memberKeyOf(line.insurer, line.key1);
    if (this.seen.has(key)) problems.push(problem(lineNo, "key1", "duplicate_member", "this member appears on an earlier line"));
    this.seen.add(key);
    if (line.guardianKey1 === line.key1) problems.push(problem(lineNo, "guardianKey1", "self_guardian", "a member cannot be their own guardian"));
    else if (line.guardianKey1) {
      const guardian = memberKeyOf(line.insurer, line.guardianKey1);
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
      coverage: line.coverage.map((period) => ({ from: period.from, to: period.to ?? null, plan: period.plan ?? null })),
    };
  }

  private removal(input: object, lineNo: number): RosterEntry | null {
    const parsed = RosterRemovalSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) this.problems.push(problem(lineNo, issue.path.map(String).join("."), issue.code, issue.message));
      return null;
    }
    const { insurer, key1 } = parsed.data;
    const problems: FieldProblem[] = [];
    if (this.allowedInsurers && !this.allowedInsurers.has(insurer)) {
      problems.push(problem(lineNo, "insurer", "insurer_not_allowed", `insurer ${insurer} is not one this caller may manage`));
    }
    const key = memberKeyOf(insurer, key1);
    if (this.seen.has(key)) problems.push(problem(lineNo, "key1", "duplicate_member", "this member appears on an earlier line"));
    this.seen.add(key);
    this.removed.add(key);
    this.problems.push(...problems);
    return problems.length > 0 ? null : parsed.data;
  }

  /**
   * After the last line: a guardian must be a member of the same insurer, in this roster or
   * already stored (looked up in chunks, scoped to the insurer).
   */
  async checkGuardians(deps: Pick<AppDeps, "databases">): Promise<void> {
    const missing = [...this.guardians].filter(([key]) => !this.seen.has(key));
    const groups = byDatabase(deps, missing.map(([key]) => splitMemberKey(key)), (member) => member.insurer);
    // Each database's look-up at once: on D1 the databases are read in parallel.
    const found = await Promise.all([...groups].map(([db, members]) => findExistingMembers(db, members)));
    const known = new Set(found.flatMap((keys) => [...keys]));
    for (const [key, lineNo] of missing) {
      if (!known.has(key)) this.problems.push(unknownGuardian(lineNo, key));
    }
    for (const [key, lineNo] of this.guardians) {
      if (this.removed.has(key)) this.problems.push(problem(lineNo, "guardianKey1", "guardian_removed", "this roster removes that member"));
    }
    // Line numbers read once per problem, not once per comparison (a roster may hold 25 000 problems).
    const sorted = this.problems.map((entry) => ({ line: lineOf(entry), entry })).sort((a, b) => a.line - b.line);
    this.problems.splice(0, this.problems.length, ...sorted.map(({ entry }) => entry));
  }
}

function unknownGuardian(lineNo: number, key: string): FieldProblem {
  const [insurer, key1] = key.split(":");
  return problem(lineNo, "guardianKey1", "unknown_guardian", `no member ${key1} of insurer ${insurer} in this roster or stored`);
}

const lineOf = (entry: FieldProblem) => Number(entry.path.split(".")[1] ?? 0);

export type { MemberRecord };

/**
 * Stores members and their coverage periods, and removes the members asked, in one atomic batch
 * per database (all or nothing in each; a roster naming insurers in two databases is two batches).
 */
export async function applyMembers(deps: Pick<AppDeps, "db" | "databases" | "clock">, members: readonly RosterEntry[]): Promise<void> {
  const now = deps.clock.now().toISOString();
  const copies = await insurerCopies(deps, members.map((member) => member.insurer));
  await Promise.all(
    [...byDatabase(deps, members, (member) => member.insurer)].map(([db, mine]) => {
      const removals = mine.filter(isRemoval);
      const upserts = mine.filter((member): member is MemberRecord => !isRemoval(member));
      const codes = new Set(mine.map((member) => member.insurer));
      // Upserts first: a removal nulls the guardian link of dependents already stored.
      return db.batch([...[...copies].filter(([code]) => codes.has(code)).map(([, copy]) => copy), ...upsertMembers(upserts, now), ...removeMembersStatements(removals, now)]);
    }),
  );
}

/** The insurer codes a roster may name when the operator imports it (every registered insurer). */
export async function registeredInsurerCodes(deps: Pick<AppDeps, "db">): Promise<Set<string>> {
  return new Set((await listInsurers(deps.db)).map((insurer) => insurer.code));
}

/** Lines per request: one request is one D1 batch, and D1 bounds the statements of one invocation. */
export const rosterMaxLines = 250;

/** Problems collected before the rest of a roster is left unread (the answer shows the first 100). */
const rosterMaxProblems = 1_000;

/**
 * An insurer's roster upload (NDJSON text): every bad line reported, and then nothing applied;
 * otherwise every member applied in one batch. Only the caller's insurer codes may appear.
 */
export async function syncRoster(
  deps: Pick<AppDeps, "db" | "databases" | "clock" | "logger">,
  callerInsurers: readonly string[],
  text: string,
  requestId: string | undefined,
): Promise<{ applied: number }> {
  // Non-blank lines found by a native regex, stopping past the cap: a body of a million newlines
  // or of short lines costs no array of a million strings.
  const found: Array<{ text: string; lineNo: number }> = [];
  const nonBlankLine = /[^\S\n]*\S[^\n]*/g;
  let lineNo = 1;
  let scanned = 0;
  for (let match = nonBlankLine.exec(text); match !== null; match = nonBlankLine.exec(text)) {
    for (let at = text.indexOf("\n", scanned); at !== -1 && at < match.index; at = text.indexOf("\n", at + 1)) lineNo++;
    scanned = match.index;
    found.push({ text: match[0], lineNo });
    if (found.length > rosterMaxLines) throw new ApiError("payload_too_large", `At most ${rosterMaxLines} members per request; send the rest in another one.`);
  }
  if (found.length === 0) throw new ApiError("validation_failed", "The roster is empty.", [{ path: "(body)", code: "empty", message: "no lines" }]);
  const validator = new RosterValidator(new Set(callerInsurers));
  const members: RosterEntry[] = [];
  for (const line of found) {
    // Nothing is applied once a line is bad; past this many problems the rest is not read at all.
    if (validator.problems.length >= rosterMaxProblems) {
      validator.problems.push(problem(line.lineNo, "", "too_many_problems", `checking stopped after ${rosterMaxProblems} problems; fix these and send again`));
      break;
    }
    const member = validator.line(line.text, line.lineNo);
    if (member) members.push(member);
  }
  await validator.checkGuardians(deps);
  if (validator.problems.length > 0) throw new ApiError("validation_failed", "Nothing was applied; fix the lines in errors[].", validator.problems);
  await applyMembers(deps, members);
  deps.logger.info("roster.applied", { requestId, members: members.length });
  return { applied: members.length };
}
