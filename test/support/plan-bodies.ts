/**
 * Plan bodies as insurers send them (PUT /v1/insurers/{code}/plans/{planId}), the examples of
 * domain.md "Coverage rules" that the worked examples of docs/estimate.md use.
 */

/** A Belgian employer ambulatory plan (AXA, joint committee 317). */
export const axaPlan = {
  validFrom: "2010-07-01",
  planYearStart: "07-01",
  deductible: { amount: "25.00", per: "member" },
  coinsurancePercent: 40,
  annualCap: { amount: "170.00", per: "member" },
  eligible: "prescribed",
  base: "paid",
  proRata: "none",
};

/** Dutch basic insurance's mandatory deductible: every line, no co-insurance, no cap, pro rata per day. */
export const dutchPlan = {
  validFrom: "2020-01-01",
  planYearStart: "01-01",
  deductible: { amount: "385.00", per: "member" },
  coinsurancePercent: 0,
  annualCap: null,
  eligible: "all",
  base: "paid",
  proRata: "daily",
};

/** A family plan: 100.00 deductible shared by the family, 20 % co-insurance, no cap, every line. */
export const familyPlan = {
  ...dutchPlan,
  validFrom: "2010-01-01",
  deductible: { amount: "100.00", per: "family" },
  coinsurancePercent: 20,
  proRata: "none",
};
