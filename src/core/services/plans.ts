import { formatCents } from "../../bvac/amounts.js";
import type { BvacDocument } from "../../bvac/model.js";
import { answerOf, type EstimateAnswer } from "../../plan/answer.js";
import { planYearOf, type Period, type PlanYear } from "../../plan/calendar.js";
import { deductibleFor, estimate, type Totals } from "../../plan/engine.js";
import { planOfBody, type Plan, type PlanBody } from "../../plan/plan.js";
import type { AppDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import type { DocumentAddOn } from "../store/documents.js";
import { findInsurer } from "../store/insurers.js";
import { insurerCopy } from "../store/locator.js";
import { ownDatabase } from "./insurer-databases.js";
import {
  findMemberPlan,
  findMemberPlanVersion,
  findPlanVersion,
  listMemberYearTotals,
  insertShare,
  listPlanCoverage,
  listShareYears,
  putPlanVersion,
  readTotals,
  totalsUnchanged,
  type Bucket,
  type PlanMember,
  type PlanVersion,
  type YearTotals,
} from "../store/plans.js";

/**
 * Coverage plans (docs/estimate.md): insurers store versioned plans, roster coverage periods name
 * one, and every document of a member under a plan gets a reimbursement estimate written with it.
 */

/** Stores a plan version. `allowedInsurers` null = any registered insurer (the operator's CLI). */
export async function putPlan(
  deps: Pick<AppDeps, "db" | "databases" | "clock" | "logger">,
  allowedInsurers: readonly string[] | null,
  target: { insurer: string; planId: string },
  body: PlanBody,
  requestId?: string,
): Promise<PlanBody & { insurer: string; planId: string; validTo: string | null }> {
  // Another insurer's code is not found, exactly like an unknown one (tenancy: never a 403 that confirms it exists).
  const allowed = allowedInsurers === null || allowedInsurers.includes(target.insurer);
  const insurer = allowed ? await findInsurer(deps.db, target.insurer) : null;
  if (!insurer) throw new ApiError("not_found", `No insurer ${target.insurer} for this key.`);
  const now = deps.clock.now().toISOString();
  await putPlanVersion(
    deps.databases.databaseFor(target.insurer),
    target.insurer,
    { planId: target.planId, validFrom: body.validFrom, validTo: body.validTo ?? null, plan: planOfBody(body) },
    now,
    ownDatabase(deps, target.insurer) ? [insurerCopy(insurer, now)] : [],
  );
  deps.logger.info("plan.stored", { requestId, insurer: target.insurer, planId: target.planId, validFrom: body.validFrom });
  return { insurer: target.insurer, planId: target.planId, ...body, validTo: body.validTo ?? null };
}

/** The deductible's and the cap's buckets of a member under a plan in a plan year. */
function bucketsOf(member: Pick<PlanMember, "insurer" | "key1" | "familyKey1" | "planId">, plan: Plan, year: PlanYear): { deductible: Bucket; cap: Bucket | null } {
  const bucket = (per: Plan["deductible"]["per"]): Bucket => ({
    insurer: member.insurer,
    planId: member.planId,
    yearFrom: year.from,
    per,
    owner: per === "member" ? member.key1 : member.familyKey1,
  });
  return { deductible: bucket(plan.deductible.per), cap: plan.annualCap && bucket(plan.annualCap.per) };
}

/** A document's estimate now, and what stores it with the document (guarded by the totals read). */
export interface PlannedShare {
  answer: EstimateAnswer;
  addOn: DocumentAddOn;
}

/**
 * The estimate of a document for its member, from the totals as they are now; null when the
 * member has no plan on the delivery date (no period naming one, or no version of it in force).
 */
export type { PlanMember };

/**
 * The plan a member is covered by on `date`, or null: read together with the barcode's look-ups
 * (one round trip on D1) and handed to `planShare`.
 */
/** Everything an estimate reads about a member, read at once (one batch on D1). */
export interface PlanInputs {
  member: PlanMember | null;
  version: PlanVersion | null;
  totals: YearTotals[];
}

/**
 * The member's plan on `date`, its version and the running totals, started together so they go
 * with a submission's other first reads: one round trip however the estimate turns out.
 */
export async function planInputsOn(deps: Pick<AppDeps, "databases">, member: { insurer: string; key1: string }, date: string): Promise<PlanInputs> {
  const db = deps.databases.databaseFor(member.insurer);
  const [plan, version, totals] = await Promise.all([
    findMemberPlan(db, member.insurer, member.key1, date),
    findMemberPlanVersion(db, member.insurer, member.key1, date),
    listMemberYearTotals(db, member.insurer, member.key1, date),
  ]);
  return { member: plan, version, totals };
}

/** The totals `readTotals` would read for these buckets, from the prefetched ones. */
function prefetchedTotals(inputs: PlanInputs, plan: Plan, yearFrom: string): Totals {
  const year = inputs.totals.find((entry) => entry.yearFrom === yearFrom);
  const of = (per: Plan["deductible"]["per"]) => (year ? year[per] : { deductibleCents: 0, reimbursedCents: 0 });
  return {
    deductibleUsedCents: of(plan.deductible.per).deductibleCents,
    capUsedCents: plan.annualCap ? of(plan.annualCap.per).reimbursedCents : 0,
  };
}

/**
 * The document's estimate and what commits it. `prefetched`: the member's plan inputs read with
 * the submission's first reads (`planInputsOn`, for this member and delivery date); without them,
 * or when their version differs from the one read now, they are read here, one after the other.
 */
export async function planShare(deps: Pick<AppDeps, "databases">, document: BvacDocument, prefetched?: PlanInputs): Promise<PlannedShare | null> {
  const { insurer, key1 } = document.barcode;
  const db = deps.databases.databaseFor(insurer);
  const member = prefetched ? prefetched.member : await findMemberPlan(db, insurer, key1, document.deliveryDate);
  if (!member) return null;
  const version = prefetched?.version?.planId === member.planId ? prefetched.version : await findPlanVersion(db, insurer, member.planId, document.deliveryDate);
  if (!version) return null;
  const year = planYearOf(version.plan.planYearStart, document.deliveryDate);
  const buckets = bucketsOf(member, version.plan, year);
  const before = prefetched && version === prefetched.version ? prefetchedTotals(prefetched, version.plan, year.from) : await readTotals(db, buckets.deductible, buckets.cap);
  const result = estimate(version.plan, before, document, member.coverage);
  const answer = answerOf(member.planId, result);
  return {
    answer,
    addOn: {
      guard: totalsUnchanged(buckets.deductible, buckets.cap, before),
      statements: (stored) => [
        insertShare(
          {
            member,
            yearFrom: year.from,
            yearTo: year.to,
            deductibleCents: result.total.deductibleCents,
            reimbursableCents: result.total.reimbursableCents,
            estimateJson: JSON.stringify(answer),
          },
          stored,
        ),
      ],
    },
  };
}

/** Used and left of one limit in one plan year. */
export interface LimitStanding {
  amount: string;
  per: "member" | "family";
  used: string;
  left: string;
}

export interface PlanYearStanding {
  key1: string;
  plan: string;
  planYear: { from: string; to: string };
  deductible: LimitStanding;
  /** Null when the plan has no annual cap. */
  cap: LimitStanding | null;
}

const standing = (amountCents: number, per: "member" | "family", usedCents: number): LimitStanding => ({
  amount: formatCents(amountCents),
  per,
  used: formatCents(usedCents),
  left: formatCents(Math.max(0, amountCents - usedCents)),
});

/** Plan years shown per person: the current one and up to this many with documents. */
const shownYears = 12;

/**
 * Per person (the member and their dependents) and plan year: the deductible and the cap, used
 * and left. The current plan year is always shown for a person under a plan; earlier ones when
 * they have documents in them. `family` limits show the family's use.
 */
export async function planStandings(
  deps: Pick<AppDeps, "databases" | "clock">,
  insurer: string,
  persons: ReadonlyArray<{ key1: string; familyKey1: string }>,
): Promise<PlanYearStanding[]> {
  const db = deps.databases.databaseFor(insurer);
  const today = deps.clock.now().toISOString().slice(0, 10);
  const wanted = new Map<string, { key1: string; familyKey1: string; planId: string; date: string }>();
  for (const person of persons) {
    const current = await findMemberPlan(db, insurer, person.key1, today);
    if (current) wanted.set(`${person.key1}|${current.planId}|${today}`, { ...person, planId: current.planId, date: today });
  }
  const family = new Map(persons.map((person) => [person.key1, person.familyKey1]));
  for (const year of await listShareYears(db, insurer, [...family.keys()], shownYears)) {
    const date = year.yearTo < today ? year.yearTo : today;
    wanted.set(`${year.key1}|${year.planId}|${year.yearFrom}`, { key1: year.key1, familyKey1: family.get(year.key1) ?? year.key1, planId: year.planId, date });
  }
  const standings = new Map<string, PlanYearStanding>();
  for (const entry of wanted.values()) {
    const version = await findPlanVersion(db, insurer, entry.planId, entry.date);
    if (!version) continue;
    const { plan } = version;
    const year = planYearOf(plan.planYearStart, entry.date);
    const key = `${entry.key1}|${entry.planId}|${year.from}`;
    if (standings.has(key)) continue;
    const coverage: Period[] = await listPlanCoverage(db, insurer, entry.key1, entry.planId);
    const buckets = bucketsOf({ insurer, ...entry }, plan, year);
    const used = await readTotals(db, buckets.deductible, buckets.cap);
    standings.set(key, {
      key1: entry.key1,
      plan: entry.planId,
      planYear: { from: year.from, to: year.to },
      deductible: standing(deductibleFor(plan, year, coverage), plan.deductible.per, used.deductibleUsedCents),
      cap: plan.annualCap && standing(plan.annualCap.cents, plan.annualCap.per, used.capUsedCents),
    });
  }
  return [...standings.values()].sort((a, b) => b.planYear.from.localeCompare(a.planYear.from) || a.key1.localeCompare(b.key1));
}
