import type { BvacDocument } from "../bvac/model.js";
import { coveredDays, planYearOf, type Period, type PlanYear } from "./calendar.js";
import { mulDivHalfUp, roundToEurosHalfUp } from "./money.js";
import type { Plan } from "./plan.js";

/**
 * The reimbursement estimate of one document under one plan (docs/estimate.md). Pure: the caller
 * supplies what is already used of the deductible and the cap in the document's plan year, and
 * stores `totalsAfter` in the same write as the document.
 *
 * Per document, lines in document order, each line:
 *   eligible    = its paid price, if the line is eligible (never below zero)
 *   deductible  = taken from what is left of the plan year's deductible
 *   coinsurance = the member's share of the rest
 *   capped      = what the annual cap cuts off the insurer's part
 *   reimbursable = the rest, so eligible = deductible + coinsurance + capped + reimbursable.
 * Each step only ever takes from what the previous one left, so a line the deductible consumed
 * stays at zero whatever the cap does. Integer cents; the insurer's part of a line is rounded
 * half-up once; the document's figures are the sums of its lines.
 */

/** What a member (or family) already used in one plan year, in cents. */
export interface Totals {
  /** Taken by the deductible. */
  deductibleUsedCents: number;
  /** Reimbursed (estimated, or decided by the insurer), counted against the annual cap. */
  capUsedCents: number;
}

export const noTotals: Totals = { deductibleUsedCents: 0, capUsedCents: 0 };

export interface LineEstimate {
  eligibleCents: number;
  deductibleCents: number;
  coinsuranceCents: number;
  cappedCents: number;
  reimbursableCents: number;
}

export interface Estimate {
  planYear: PlanYear;
  /** The deductible of this plan year for this member (pro rata when covered part of it). */
  deductibleCents: number;
  /** The annual cap, or null when the plan has none. */
  capCents: number | null;
  lines: LineEstimate[];
  /** The sums of the lines. */
  total: LineEstimate;
  totalsAfter: Totals;
  deductibleLeftCents: number;
  /** Null when the plan has no cap. */
  capLeftCents: number | null;
}

/** What of a document the engine reads. */
export type EstimatedDocument = Pick<BvacDocument, "deliveryDate" | "prescriber"> & {
  lines: ReadonlyArray<Pick<BvacDocument["lines"][number], "paidPriceCents" | "prescriptionDate">>;
};

/**
 * The deductible of a plan year. With `proRata: daily` and cover for only part of the year: the
 * per-day amount (annual / days of that plan year, half-up to the cent) × covered days, half-up to
 * whole euros, never above the annual amount. `coverage` null = covered the whole year.
 */
export function deductibleFor(plan: Plan, year: PlanYear, coverage: readonly Period[] | null): number {
  if (plan.proRata !== "daily" || coverage === null) return plan.deductible.cents;
  const days = coveredDays(coverage, year);
  if (days >= year.days) return plan.deductible.cents;
  const perDay = mulDivHalfUp(plan.deductible.cents, 1, year.days);
  // Rounding the day rate up can lift a long part year above the annual amount; part of a year never costs more than all of it.
  return Math.min(plan.deductible.cents, roundToEurosHalfUp(perDay * days));
}

const isEligible = (plan: Plan, document: EstimatedDocument, line: EstimatedDocument["lines"][number]) =>
  plan.eligible === "all" || (line.prescriptionDate !== null && document.prescriber !== null);

const sum = (lines: readonly LineEstimate[]): LineEstimate =>
  lines.reduce(
    (total, line) => ({
      eligibleCents: total.eligibleCents + line.eligibleCents,
      deductibleCents: total.deductibleCents + line.deductibleCents,
      coinsuranceCents: total.coinsuranceCents + line.coinsuranceCents,
      cappedCents: total.cappedCents + line.cappedCents,
      reimbursableCents: total.reimbursableCents + line.reimbursableCents,
    }),
    { eligibleCents: 0, deductibleCents: 0, coinsuranceCents: 0, cappedCents: 0, reimbursableCents: 0 },
  );

/**
 * @param coverage the member's coverage periods under this plan (for a pro-rata deductible); null
 *   or absent = covered the whole plan year.
 */
export function estimate(plan: Plan, totalsBefore: Totals, document: EstimatedDocument, coverage: readonly Period[] | null = null): Estimate {
  const planYear = planYearOf(plan.planYearStart, document.deliveryDate);
  const deductibleCents = deductibleFor(plan, planYear, coverage);
  const capCents = plan.annualCap?.cents ?? null;
  let deductibleLeft = Math.max(0, deductibleCents - totalsBefore.deductibleUsedCents);
  let capLeft = capCents === null ? Infinity : Math.max(0, capCents - totalsBefore.capUsedCents);
  const insurerShare = 10_000 - plan.coinsuranceBasisPoints;

  const lines = document.lines.map((line): LineEstimate => {
    // A negative line (a correction) is not a claim: it reimburses nothing and gives nothing back.
    const eligibleCents = isEligible(plan, document, line) ? Math.max(0, line.paidPriceCents) : 0;
    const deductible = Math.min(eligibleCents, deductibleLeft);
    deductibleLeft -= deductible;
    const rest = eligibleCents - deductible;
    const insurerPart = mulDivHalfUp(rest, insurerShare, 10_000);
    const reimbursable = Math.min(insurerPart, capLeft);
    capLeft -= reimbursable;
    return {
      eligibleCents,
      deductibleCents: deductible,
      coinsuranceCents: rest - insurerPart,
      cappedCents: insurerPart - reimbursable,
      reimbursableCents: reimbursable,
    };
  });
  const total = sum(lines);
  const totalsAfter: Totals = {
    deductibleUsedCents: totalsBefore.deductibleUsedCents + total.deductibleCents,
    capUsedCents: totalsBefore.capUsedCents + total.reimbursableCents,
  };
  return {
    planYear,
    deductibleCents,
    capCents,
    lines,
    total,
    totalsAfter,
    deductibleLeftCents: deductibleLeft,
    capLeftCents: capCents === null ? null : capLeft,
  };
}
