import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coveredDays, isPlanYearStart, planYearOf } from "../../src/plan/calendar.js";
import { deductibleFor, estimate, noTotals, type EstimatedDocument, type LineEstimate, type Totals } from "../../src/plan/engine.js";
import { mulDivHalfUp } from "../../src/plan/money.js";
import { PlanBodySchema, planOfBody, type Plan } from "../../src/plan/plan.js";
import { axaPlan, dutchPlan } from "../support/plan-bodies.js";

/**
 * The plan engine (docs/estimate.md). Every expected figure below was worked out by hand, in the
 * comment above it; the engine must agree to the cent.
 */

/** A Belgian employer ambulatory plan (AXA, joint committee 317): domain.md "Coverage rules". */
const axa: Plan = planOfBody(PlanBodySchema.parse(axaPlan));

/** Dutch basic insurance's mandatory deductible, pro rata per day for a part year. */
const dutch: Plan = planOfBody(PlanBodySchema.parse(dutchPlan));

const prescriber = { riziv: "10000106999", name: "Richards", firstName: "Keith" };
const line = (paid: number, prescribed = true) => ({ paidPriceCents: paid, prescriptionDate: prescribed ? "2026-11-18" : null });
const doc = (deliveryDate: string, lines: EstimatedDocument["lines"], withPrescriber = true): EstimatedDocument => ({
  deliveryDate,
  prescriber: withPrescriber ? prescriber : null,
  lines,
});
const figures = (l: LineEstimate) => [l.eligibleCents, l.deductibleCents, l.coinsuranceCents, l.cappedCents, l.reimbursableCents];

describe("worked examples", () => {
  it("AXA-style plan: prescribed lines only, the deductible first, 60 % of the rest", () => {
    const result = estimate(axa, noTotals, doc("2026-11-20", [line(1731), line(332, false), line(2063)]));
    // Plan year of 2026-11-20 with a 07-01 start: 2026-07-01 … 2027-06-30 (365 days).
    expect(result.planYear).toEqual({ from: "2026-07-01", to: "2027-06-30", days: 365 });
    // Line 1: 17.31 prescribed, all of it to the 25.00 deductible (7.69 of it left).
    expect(figures(result.lines[0]!)).toEqual([1731, 1731, 0, 0, 0]);
    // Line 2: no prescription date → not eligible.
    expect(figures(result.lines[1]!)).toEqual([0, 0, 0, 0, 0]);
    // Line 3: 20.63; 7.69 to the deductible; rest 12.94; 60 % = 7.764 → 7.76; the member's 40 % = 5.18.
    expect(figures(result.lines[2]!)).toEqual([2063, 769, 518, 0, 776]);
    expect(figures(result.total)).toEqual([3794, 2500, 518, 0, 776]);
    expect(result.deductibleLeftCents).toBe(0);
    // Cap 170.00 − 7.76 = 162.24.
    expect(result.capLeftCents).toBe(16224);
    expect(result.totalsAfter).toEqual({ deductibleUsedCents: 2500, capUsedCents: 776 });
  });

  it("AXA-style plan: a sale without prescriber (all-zero RIZIV) is not prescribed, whatever the line dates say", () => {
    const result = estimate(axa, noTotals, doc("2026-11-20", [line(1731), line(2063)], false));
    expect(figures(result.total)).toEqual([0, 0, 0, 0, 0]);
    expect(result.deductibleLeftCents).toBe(2500);
  });

  it("rounds each line's reimbursement half-up, and the total is the sum of the lines", () => {
    const plan: Plan = { ...axa, deductible: { cents: 0, per: "member" }, coinsuranceBasisPoints: 2500, annualCap: null, eligible: "all" };
    const result = estimate(plan, noTotals, doc("2026-11-20", [line(1006), line(2), line(2)]));
    // 75 % of 10.06 = 7.545 → 7.55 (truncation and banker's rounding both say 7.54).
    expect(figures(result.lines[0]!)).toEqual([1006, 0, 251, 0, 755]);
    // 75 % of 0.02 = 0.015 → 0.02 on each line; the total is 7.59, not 75 % of 10.10 = 7.575 → 7.58.
    expect(figures(result.lines[1]!)).toEqual([2, 0, 0, 0, 2]);
    expect(result.total.reimbursableCents).toBe(759);
    expect(result.capLeftCents).toBeNull();
  });

  it("Dutch model: a member covered from 15 March of a leap year gets a pro-rata deductible", () => {
    const coverage = [{ from: "2024-03-15", to: null }];
    const year = planYearOf("01-01", "2024-04-02");
    expect(year).toEqual({ from: "2024-01-01", to: "2024-12-31", days: 366 });
    // 15–31 March = 17 days, April–December = 30+31+30+31+31+30+31+30+31 = 275: 292 days.
    expect(coveredDays(coverage, year)).toBe(292);
    // 385.00 / 366 = 1.0519… → 1.05 a day; × 292 = 306.60 → 307.00 (whole euros, half-up).
    expect(deductibleFor(dutch, year, coverage)).toBe(30700);
    // From 1 July: 184 days × 1.05 = 193.20 → 193.00.
    expect(deductibleFor(dutch, year, [{ from: "2024-07-01", to: null }])).toBe(19300);
    // Covered all year: the annual 385.00 (not 1.05 × 366 = 384.30).
    expect(deductibleFor(dutch, year, [{ from: "2010-01-01", to: null }])).toBe(38500);

    const result = estimate(dutch, noTotals, doc("2024-04-02", [line(25000, false), line(8000, false)]), coverage);
    // Line 1: 250.00 all to the deductible (57.00 left); line 2: 80.00, 57.00 deducted, 23.00 reimbursed (no co-insurance).
    expect(figures(result.lines[0]!)).toEqual([25000, 25000, 0, 0, 0]);
    expect(figures(result.lines[1]!)).toEqual([8000, 5700, 0, 0, 2300]);
    expect(result.total.deductibleCents).toBe(30700);
    expect(result.deductibleLeftCents).toBe(0);
    expect(result.capLeftCents).toBeNull();
  });

  it("a family deductible is shared: what the holder used is not taken again from the dependent", () => {
    const family: Plan = {
      ...axa,
      planYearStart: "01-01",
      deductible: { cents: 10000, per: "family" },
      coinsuranceBasisPoints: 2000,
      annualCap: { cents: 100000, per: "member" },
      eligible: "all",
    };
    // Holder: 60.00, all to the 100.00 family deductible.
    const holder = estimate(family, noTotals, doc("2026-02-01", [line(6000)]));
    expect(figures(holder.total)).toEqual([6000, 6000, 0, 0, 0]);
    // Dependent, with the family's deductible use (60.00) and their own cap use (0): 50.00; 40.00
    // deducted; rest 10.00; 80 % = 8.00 reimbursed, 2.00 co-insurance.
    const dependent = estimate(family, { deductibleUsedCents: holder.totalsAfter.deductibleUsedCents, capUsedCents: 0 }, doc("2026-03-01", [line(5000)]));
    expect(figures(dependent.total)).toEqual([5000, 4000, 200, 0, 800]);
    expect(dependent.deductibleLeftCents).toBe(0);
  });

  it("a document crossing the cap: the cap cuts the line that crosses it and everything after", () => {
    // 25.00 deductible used, 165.00 of the 170.00 cap used: 5.00 left.
    const before: Totals = { deductibleUsedCents: 2500, capUsedCents: 16500 };
    const result = estimate(axa, before, doc("2026-11-20", [line(500), line(1000), line(100)]));
    // 5.00 → 60 % = 3.00, within the 5.00 left (2.00 left).
    expect(figures(result.lines[0]!)).toEqual([500, 0, 200, 0, 300]);
    // 10.00 → 6.00, only 2.00 left: 2.00 reimbursed, 4.00 capped.
    expect(figures(result.lines[1]!)).toEqual([1000, 0, 400, 400, 200]);
    // 1.00 → 0.60, nothing left: all capped.
    expect(figures(result.lines[2]!)).toEqual([100, 0, 40, 60, 0]);
    expect(figures(result.total)).toEqual([1600, 0, 640, 460, 500]);
    expect(result.capLeftCents).toBe(0);
  });

  it("a line the deductible took whole stays at zero when the cap step runs after it", () => {
    // 5.00 of the deductible left, 1.00 of the cap left.
    const result = estimate(axa, { deductibleUsedCents: 2000, capUsedCents: 16900 }, doc("2026-11-20", [line(500), line(500)]));
    expect(figures(result.lines[0]!)).toEqual([500, 500, 0, 0, 0]);
    // 5.00 → 3.00, 1.00 left of the cap: 1.00 reimbursed, 2.00 capped.
    expect(figures(result.lines[1]!)).toEqual([500, 0, 200, 200, 100]);
  });

  it("a negative (correction) line is not a claim", () => {
    const result = estimate(axa, noTotals, doc("2026-11-20", [line(-500), line(3000)]));
    expect(figures(result.lines[0]!)).toEqual([0, 0, 0, 0, 0]);
    // 30.00: 25.00 deducted, 60 % of 5.00 = 3.00.
    expect(figures(result.lines[1]!)).toEqual([3000, 2500, 200, 0, 300]);
  });
});

describe("plan rules", () => {
  it("finds the plan year of a date around its start, and across a leap day", () => {
    expect(planYearOf("07-01", "2026-06-30")).toEqual({ from: "2025-07-01", to: "2026-06-30", days: 365 });
    expect(planYearOf("07-01", "2026-07-01")).toEqual({ from: "2026-07-01", to: "2027-06-30", days: 365 });
    expect(planYearOf("03-01", "2024-02-29")).toEqual({ from: "2023-03-01", to: "2024-02-29", days: 366 });
    expect(planYearOf("01-01", "2025-12-31")).toEqual({ from: "2025-01-01", to: "2025-12-31", days: 365 });
  });

  it("accepts a plan year start only on a day every year has", () => {
    expect(["01-01", "07-01", "12-31", "02-28"].every(isPlanYearStart)).toBe(true);
    expect(["02-29", "02-30", "04-31", "13-01", "7-1", "00-10"].some(isPlanYearStart)).toBe(false);
  });

  it("refuses a plan with every problem named: amounts, percent, a family pro rata, validTo before validFrom", () => {
    const parsed = PlanBodySchema.safeParse({
      ...dutchPlan,
      validTo: "2019-12-31",
      planYearStart: "02-29",
      deductible: { amount: "25", per: "family" },
      coinsurancePercent: 100.5,
      annualCap: { amount: "-1.00", per: "member" },
      base: "public",
    });
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((issue) => issue.path.join(".")).sort();
    expect(paths).toEqual(["annualCap.amount", "base", "coinsurancePercent", "deductible.amount", "planYearStart"]);
    // The cross-field rules run once the fields are valid.
    const crossField = PlanBodySchema.safeParse({ ...dutchPlan, validTo: "2019-12-31", deductible: { amount: "385.00", per: "family" } });
    expect(crossField.error!.issues.map((issue) => issue.path.join(".")).sort()).toEqual(["proRata", "validTo"]);
  });

  it("multiplies and rounds half-up exactly beyond 2^53", () => {
    expect(mulDivHalfUp(99_999_999_999_999, 6000, 10_000)).toBe(59_999_999_999_999);
    expect(mulDivHalfUp(99_999_999_999_999, 7500, 10_000)).toBe(74_999_999_999_999);
    expect(mulDivHalfUp(3, 1, 2)).toBe(2);
  });
});

const scope = fc.constantFrom("member" as const, "family" as const);
const planArbitrary: fc.Arbitrary<Plan> = fc.record({
  planYearStart: fc.constantFrom("01-01", "07-01", "03-01", "12-31"),
  deductible: fc.record({ cents: fc.integer({ min: 0, max: 100_000 }), per: scope }),
  coinsuranceBasisPoints: fc.integer({ min: 0, max: 10_000 }),
  annualCap: fc.option(fc.record({ cents: fc.integer({ min: 0, max: 500_000 }), per: scope }), { nil: null }),
  eligible: fc.constantFrom("prescribed" as const, "all" as const),
  base: fc.constant("paid" as const),
  proRata: fc.constantFrom("none" as const, "daily" as const),
});
const dateArbitrary = fc.date({ min: new Date("2020-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
const documentArbitrary: fc.Arbitrary<EstimatedDocument> = fc.record({
  deliveryDate: dateArbitrary,
  prescriber: fc.option(fc.constant(prescriber), { nil: null }),
  lines: fc.array(
    fc.record({ paidPriceCents: fc.integer({ min: -10_000, max: 200_000 }), prescriptionDate: fc.option(fc.constant("2024-01-01"), { nil: null }) }),
    { minLength: 1, maxLength: 30 },
  ),
});
const totalsArbitrary: fc.Arbitrary<Totals> = fc.record({
  deductibleUsedCents: fc.integer({ min: 0, max: 150_000 }),
  capUsedCents: fc.integer({ min: 0, max: 600_000 }),
});
const coverageArbitrary = fc.option(fc.array(fc.record({ from: dateArbitrary, to: fc.option(dateArbitrary, { nil: null }) }), { maxLength: 1 }), { nil: null });

describe("properties (fast-check)", () => {
  it("never negative, never above what the line paid, lines add up to the total, each line splits exactly", () => {
    fc.assert(
      fc.property(planArbitrary, totalsArbitrary, documentArbitrary, coverageArbitrary, (plan, before, document, coverage) => {
        const result = estimate(plan, before, document, coverage);
        const sums = [0, 0, 0, 0, 0];
        result.lines.forEach((estimated, index) => {
          const values = figures(estimated);
          expect(values.every((value) => Number.isInteger(value) && value >= 0)).toBe(true);
          expect(estimated.reimbursableCents).toBeLessThanOrEqual(Math.max(0, document.lines[index]!.paidPriceCents));
          expect(estimated.deductibleCents + estimated.coinsuranceCents + estimated.cappedCents + estimated.reimbursableCents).toBe(estimated.eligibleCents);
          values.forEach((value, field) => (sums[field]! += value));
        });
        expect(figures(result.total)).toEqual(sums);
      }),
    );
  });

  it("never above the cap left, never more deductible than is left", () => {
    fc.assert(
      fc.property(planArbitrary, totalsArbitrary, documentArbitrary, (plan, before, document) => {
        const result = estimate(plan, before, document);
        if (plan.annualCap) {
          expect(result.total.reimbursableCents).toBeLessThanOrEqual(Math.max(0, plan.annualCap.cents - before.capUsedCents));
        }
        expect(result.total.deductibleCents).toBeLessThanOrEqual(Math.max(0, result.deductibleCents - before.deductibleUsedCents));
        expect(result.totalsAfter.deductibleUsedCents - before.deductibleUsedCents).toBe(result.total.deductibleCents);
      }),
    );
  });

  it("over a plan year's documents the deductible is taken once and the cap never exceeded", () => {
    fc.assert(
      fc.property(planArbitrary, fc.array(documentArbitrary, { minLength: 1, maxLength: 12 }), (plan, documents) => {
        // All in one plan year: the first document's.
        const year = planYearOf(plan.planYearStart, documents[0]!.deliveryDate);
        let totals = noTotals;
        let deducted = 0;
        let reimbursed = 0;
        let pastDeductible = 0;
        for (const document of documents) {
          const result = estimate(plan, totals, { ...document, deliveryDate: year.from });
          deducted += result.total.deductibleCents;
          reimbursed += result.total.reimbursableCents;
          pastDeductible += result.total.eligibleCents - result.total.deductibleCents;
          totals = result.totalsAfter;
        }
        expect(deducted).toBeLessThanOrEqual(plan.deductible.cents);
        if (plan.annualCap) expect(reimbursed).toBeLessThanOrEqual(plan.annualCap.cents);
        // Nothing goes past the deductible before all of it is taken.
        if (deducted < plan.deductible.cents) expect(pastDeductible).toBe(0);
      }),
    );
  });

  it("a part-year deductible is never above the annual one, and covering the whole year gives the annual one", () => {
    fc.assert(
      fc.property(planArbitrary, dateArbitrary, coverageArbitrary, (plan, date, coverage) => {
        const year = planYearOf(plan.planYearStart, date);
        expect(deductibleFor(plan, year, coverage)).toBeLessThanOrEqual(plan.deductible.cents);
        expect(deductibleFor(plan, year, [{ from: year.from, to: year.to }])).toBe(plan.deductible.cents);
      }),
    );
  });
});
