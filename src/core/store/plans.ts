import type { Period } from "../../plan/calendar.js";
import type { Totals } from "../../plan/engine.js";
import type { Plan, Scope } from "../../plan/plan.js";
import type { Database, SqlValue, Statement } from "../ports.js";
import { placeholders } from "./sql.js";

/** One stored version of an insurer's plan. */
export interface PlanVersion {
  planId: string;
  validFrom: string;
  validTo: string | null;
  plan: Plan;
}

/** Stores a plan version (replacing the one with the same valid_from). */
/** `before`: what must commit first in the same batch (the insurer's copy in its own database, store/locator.ts). */
export async function putPlanVersion(db: Database, insurer: string, version: PlanVersion, now: string, before: Statement[] = []): Promise<void> {
  await db.batch([
    ...before,
    {
      sql: `INSERT INTO plans (insurer, plan_id, valid_from, valid_to, rules_json, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (insurer, plan_id, valid_from) DO UPDATE SET valid_to = excluded.valid_to, rules_json = excluded.rules_json,
              updated_at = excluded.updated_at`,
      params: [insurer, version.planId, version.validFrom, version.validTo, JSON.stringify(version.plan), now],
    },
  ]);
}

interface VersionRow {
  plan_id: string;
  valid_from: string;
  valid_to: string | null;
  rules_json: string;
}

const versionOf = (row: VersionRow): PlanVersion => ({
  planId: row.plan_id,
  validFrom: row.valid_from,
  validTo: row.valid_to,
  plan: JSON.parse(row.rules_json) as Plan,
});

/**
 * The version of a plan in force on `date`: the latest valid_from on or before it, unless that
 * version's valid_to is already past (a later version is the way to change rules, so an older one
 * never comes back).
 */
export async function findPlanVersion(db: Database, insurer: string, planId: string, date: string): Promise<PlanVersion | null> {
  const row = await db.first<VersionRow>(
    `SELECT plan_id, valid_from, valid_to, rules_json FROM plans
      WHERE insurer = ? AND plan_id = ? AND valid_from <= ? ORDER BY valid_from DESC LIMIT 1`,
    [insurer, planId, date],
  );
  return row && (row.valid_to === null || row.valid_to >= date) ? versionOf(row) : null;
}

/** The plan a member's coverage names on `date` (a sub-select binding insurer, key1, date, date). */
const currentPlanId = `(SELECT plan_id FROM coverage_periods WHERE insurer = ? AND key1 = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?))`;

/**
 * `findPlanVersion` of the plan the member's coverage names on `date`, without knowing the plan
 * first: so it can be read in the same batch as the member's plan (a submission's first round trip).
 */
export async function findMemberPlanVersion(db: Database, insurer: string, key1: string, date: string): Promise<PlanVersion | null> {
  const row = await db.first<VersionRow>(
    `SELECT plan_id, valid_from, valid_to, rules_json FROM plans
      WHERE insurer = ? AND plan_id = ${currentPlanId} AND valid_from <= ? ORDER BY valid_from DESC LIMIT 1`,
    [insurer, insurer, key1, date, date, date],
  );
  return row && (row.valid_to === null || row.valid_to >= date) ? versionOf(row) : null;
}

/** Running totals per plan year (`yearFrom`), of the member alone and of their family, under one plan. */
export interface YearTotals {
  yearFrom: string;
  member: { deductibleCents: number; reimbursedCents: number };
  family: { deductibleCents: number; reimbursedCents: number };
}

/**
 * The member's and their family's running totals in every plan year of the plan their coverage
 * names on `date`, up to that date's: what `readTotals` reads once the plan year is known, read
 * before it is (the same batch as the member's plan and its version). Same sums as `sumOf`.
 */
export async function listMemberYearTotals(db: Database, insurer: string, key1: string, date: string): Promise<YearTotals[]> {
  const rows = await db.all<{ year_from: string; md: number; mr: number; fd: number; fr: number }>(
    `SELECT s.year_from,
            COALESCE(SUM(CASE WHEN s.key1 = ? THEN s.deductible_cents END), 0) AS md,
            COALESCE(SUM(CASE WHEN s.key1 = ? THEN s.reimbursed_cents END), 0) AS mr,
            COALESCE(SUM(CASE WHEN s.family_key1 = f.family THEN s.deductible_cents END), 0) AS fd,
            COALESCE(SUM(CASE WHEN s.family_key1 = f.family THEN s.reimbursed_cents END), 0) AS fr
       FROM plan_shares s, (SELECT COALESCE(guardian_key1, key1) AS family FROM members WHERE insurer = ? AND key1 = ?) f
      WHERE s.insurer = ? AND s.plan_id = ${currentPlanId} AND s.year_from <= ? AND (s.key1 = ? OR s.family_key1 = f.family)
      GROUP BY s.year_from`,
    [key1, key1, insurer, key1, insurer, insurer, key1, date, date, date, key1],
  );
  return rows.map((row) => ({
    yearFrom: row.year_from,
    member: { deductibleCents: row.md, reimbursedCents: row.mr },
    family: { deductibleCents: row.fd, reimbursedCents: row.fr },
  }));
}

/** A member's coverage periods under one plan. */
export async function listPlanCoverage(db: Database, insurer: string, key1: string, planId: string): Promise<Period[]> {
  const rows = await db.all<{ valid_from: string; valid_to: string | null }>(
    "SELECT valid_from, valid_to FROM coverage_periods WHERE insurer = ? AND key1 = ? AND plan_id = ? ORDER BY valid_from",
    [insurer, key1, planId],
  );
  return rows.map((row) => ({ from: row.valid_from, to: row.valid_to }));
}

/** Who a document's totals belong to, and the plan they are under on the delivery date. */
export interface PlanMember {
  insurer: string;
  key1: string;
  /** The policyholder: the member's guardian, else the member. */
  familyKey1: string;
  planId: string;
  /** The member's coverage periods under this plan (for a pro-rata deductible). */
  coverage: Period[];
}

/** The member's plan on `date` (from the coverage period containing it); null when none is named. */
export async function findMemberPlan(db: Database, insurer: string, key1: string, date: string): Promise<PlanMember | null> {
  const rows = await db.all<{ guardian_key1: string | null; plan_id: string; valid_from: string; valid_to: string | null; current: number }>(
    `SELECT m.guardian_key1, c.plan_id, c.valid_from, c.valid_to,
            (c.valid_from <= ? AND (c.valid_to IS NULL OR c.valid_to >= ?)) AS current
       FROM members m JOIN coverage_periods c ON c.insurer = m.insurer AND c.key1 = m.key1
      WHERE m.insurer = ? AND m.key1 = ? AND c.plan_id IS NOT NULL
        AND c.plan_id = (SELECT plan_id FROM coverage_periods
                          WHERE insurer = ? AND key1 = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?))`,
    [date, date, insurer, key1, insurer, key1, date, date],
  );
  const current = rows.find((row) => row.current === 1);
  if (!current) return null;
  return {
    insurer,
    key1,
    familyKey1: current.guardian_key1 ?? key1,
    planId: current.plan_id,
    coverage: rows.map((row) => ({ from: row.valid_from, to: row.valid_to })),
  };
}

/** The running totals one limit is counted in: a member's or a family's, in one plan year. */
export interface Bucket {
  insurer: string;
  planId: string;
  yearFrom: string;
  per: Scope;
  /** The member's key1 (`per: member`) or the policyholder's (`per: family`). */
  owner: string;
}

/** Column names from a closed set, never from input. */
const ownerColumn: Record<Scope, string> = { member: "key1", family: "family_key1" };

const sumOf = (column: "deductible_cents" | "reimbursed_cents", bucket: Bucket): Statement => ({
  sql: `(SELECT COALESCE(SUM(${column}), 0) FROM plan_shares
          WHERE insurer = ? AND ${ownerColumn[bucket.per]} = ? AND plan_id = ? AND year_from = ?)`,
  params: [bucket.insurer, bucket.owner, bucket.planId, bucket.yearFrom],
});

/** A plan without a cap reads no cap total (it is 0 and never checked). */
const capSum = (cap: Bucket | null): Statement => (cap ? sumOf("reimbursed_cents", cap) : { sql: "0", params: [] });

/** What is used of the deductible (in its bucket) and of the cap (in its bucket; null = no cap). */
export async function readTotals(db: Database, deductible: Bucket, cap: Bucket | null): Promise<Totals> {
  const d = sumOf("deductible_cents", deductible);
  const c = capSum(cap);
  const row = await db.first<{ deductible: number; cap: number }>(`SELECT ${d.sql} AS deductible, ${c.sql} AS cap`, [...d.params, ...c.params]);
  return { deductibleUsedCents: row?.deductible ?? 0, capUsedCents: row?.cap ?? 0 };
}

/**
 * A condition (for a WHERE clause) that holds only while the totals are still `expected`. The
 * document's write is conditioned on it, so an estimate computed from totals another document
 * has changed meanwhile is never stored: compare-and-set on the values themselves, which is
 * exactly what the estimate depends on (so there is no ABA problem: equal totals give an equal
 * estimate, whatever happened in between).
 */
export function totalsUnchanged(deductible: Bucket, cap: Bucket | null, expected: Totals): Statement {
  const d = sumOf("deductible_cents", deductible);
  const c = capSum(cap);
  return { sql: `${d.sql} = ? AND ${c.sql} = ?`, params: [...d.params, expected.deductibleUsedCents, ...c.params, expected.capUsedCents] };
}

export interface Share {
  member: PlanMember;
  yearFrom: string;
  yearTo: string;
  deductibleCents: number;
  reimbursableCents: number;
  /** The estimate as answered, kept for replays and the member's view. */
  estimateJson: string;
}

/** Inserts a document's share, the document selected by `document` (a WHERE over bvac_documents). */
export function insertShare(share: Share, document: Statement): Statement {
  const values: SqlValue[] = [
    share.member.insurer,
    share.member.planId,
    share.yearFrom,
    share.yearTo,
    share.member.key1,
    share.member.familyKey1,
    share.reimbursableCents,
    share.deductibleCents,
    share.deductibleCents,
    share.reimbursableCents,
    share.estimateJson,
  ];
  return {
    sql: `INSERT INTO plan_shares (document_pk, insurer, plan_id, year_from, year_to, key1, family_key1, estimated_cents,
            estimated_deductible_cents, deductible_cents, reimbursed_cents, estimate_json)
          SELECT pk, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM bvac_documents WHERE ${document.sql}`,
    params: [...values, ...document.params],
  };
}

const always: Statement = { sql: "1", params: [] };

/**
 * A cancelled (or rejected) sale counts for nothing any more: its share goes back to the totals,
 * when `when` (a condition) holds at commit time.
 */
export const reverseShare = (documentPk: number | Statement, now: string, when: Statement = always): Statement => {
  const pk = typeof documentPk === "number" ? { sql: "?", params: [documentPk] } : documentPk;
  return {
    sql: `UPDATE plan_shares SET deductible_cents = 0, reimbursed_cents = 0, reversed_at = ?
           WHERE document_pk = ${pk.sql} AND reversed_at IS NULL AND ${when.sql}`,
    params: [now, ...pk.params, ...when.params],
  };
};

/**
 * The insurer's reimbursed amount replaces the estimate in the totals, only when `when` (a
 * condition) holds at commit time, e.g. that the decision itself was applied.
 */
export const rebaseShare = (documentPk: number, reimbursedCents: number, now: string, when: Statement): Statement => ({
  sql: `UPDATE plan_shares SET reimbursed_cents = ?, rebased_at = ? WHERE document_pk = ? AND reversed_at IS NULL AND ${when.sql}`,
  params: [reimbursedCents, now, documentPk, ...when.params],
});

/** Plan years a member has shares in, newest first (for the member's overview). */
export async function listShareYears(
  db: Database,
  insurer: string,
  key1s: readonly string[],
  limit: number,
): Promise<Array<{ key1: string; planId: string; yearFrom: string; yearTo: string }>> {
  if (key1s.length === 0) return [];
  const rows = await db.all<{ key1: string; plan_id: string; year_from: string; year_to: string }>(
    `SELECT DISTINCT key1, plan_id, year_from, year_to FROM plan_shares
      WHERE insurer = ? AND key1 IN (${placeholders(key1s.length)}) ORDER BY year_from DESC, key1 LIMIT ?`,
    [insurer, ...key1s, limit],
  );
  return rows.map((row) => ({ key1: row.key1, planId: row.plan_id, yearFrom: row.year_from, yearTo: row.year_to }));
}
