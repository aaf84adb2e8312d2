import { z } from "zod";
import { formatCents, parseUnsignedAmount } from "../bvac/amounts.js";
import { IsoDateSchema } from "../bvac/fields.js";
import { isPlanYearStart } from "./calendar.js";

/**
 * A coverage plan: the rules an insurer applies to a member's pharmacy receipts (docs/estimate.md).
 * `PlanBodySchema` is what insurers send (`PUT /v1/insurers/{code}/plans/{planId}`, the CLI's
 * `plans put`), amounts as decimal strings like the rest of the API; `Plan` is the same in cents,
 * as stored and as the engine reads it.
 */

export const scopes = ["member", "family"] as const;
export type Scope = (typeof scopes)[number];

export const PlanIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "1-64 letters, digits, '.', '_' or '-'");

const amount = z
  .string()
  .refine((text) => parseUnsignedAmount(text) !== null, "a non-negative amount with 2 decimals, e.g. 25.00")
  .meta({ example: "25.00" });

const LimitSchema = z.strictObject({
  amount,
  per: z.enum(scopes).meta({ description: "`family`: shared by a policyholder and the dependents they are guardian of" }),
});

/** The fields of a plan version; `PlanBodySchema` adds the rules between fields. */
export const PlanFieldsSchema = z.strictObject({
    validFrom: IsoDateSchema.meta({ description: "This version applies to deliveries from this day, until the next version's validFrom" }),
    validTo: IsoDateSchema.nullable().optional().meta({ description: "Last delivery day of this version (inclusive); absent = open-ended" }),
    planYearStart: z
      .string()
      .refine(isPlanYearStart, "MM-DD, a day every year has (not 02-29)")
      .meta({ description: "First day of every plan year, MM-DD (01-01 calendar year, 07-01 July to June)", example: "07-01" }),
    deductible: LimitSchema.meta({ description: "Taken from each plan year's first eligible amounts" }),
    coinsurancePercent: z
      .number()
      .min(0)
      .max(100)
      .multipleOf(0.01)
      .meta({ description: "The member's own share (%) of what is left after the deductible; the insurer reimburses the rest", example: 40 }),
    annualCap: LimitSchema.nullable().meta({ description: "Most reimbursed per plan year; null = no cap" }),
    eligible: z.enum(["prescribed", "all"]).meta({ description: "`prescribed`: only lines with a prescription date on a document naming a prescriber" }),
    base: z.enum(["paid"]).meta({ description: "What a line's eligible amount is: the price the patient paid" }),
    proRata: z.enum(["none", "daily"]).meta({ description: "`daily`: a member covered for part of a plan year gets a per-day deductible" }),
});

export const PlanBodySchema = PlanFieldsSchema.superRefine((plan, ctx) => {
  if (plan.validTo && plan.validTo < plan.validFrom) ctx.addIssue({ code: "custom", path: ["validTo"], message: "validTo is before validFrom" });
  if (plan.proRata === "daily" && plan.deductible.per !== "member") {
    ctx.addIssue({ code: "custom", path: ["proRata"], message: "a daily pro-rata deductible is per member (covered days are a person's)" });
  }
});

export type PlanBody = z.infer<typeof PlanBodySchema>;

export interface Limit {
  cents: number;
  per: Scope;
}

/** The rules of one plan version, amounts in cents, the co-insurance in basis points (40 % = 4000). */
export interface Plan {
  planYearStart: string;
  deductible: Limit;
  coinsuranceBasisPoints: number;
  annualCap: Limit | null;
  eligible: "prescribed" | "all";
  base: "paid";
  proRata: "none" | "daily";
}

const centsOf = (text: string): number => {
  const cents = parseUnsignedAmount(text);
  if (cents === null) throw new RangeError(`not an amount: ${text}`);
  return cents;
};

/** The rules of a validated body, in cents. */
export function planOfBody(body: PlanBody): Plan {
  return {
    planYearStart: body.planYearStart,
    deductible: { cents: centsOf(body.deductible.amount), per: body.deductible.per },
    coinsuranceBasisPoints: Math.round(body.coinsurancePercent * 100),
    annualCap: body.annualCap && { cents: centsOf(body.annualCap.amount), per: body.annualCap.per },
    eligible: body.eligible,
    base: body.base,
    proRata: body.proRata,
  };
}

/** The body a plan version answers with (decimal strings again). */
export function bodyOfPlan(plan: Plan, validity: { validFrom: string; validTo: string | null }): PlanBody {
  return {
    validFrom: validity.validFrom,
    validTo: validity.validTo,
    planYearStart: plan.planYearStart,
    deductible: { amount: formatCents(plan.deductible.cents), per: plan.deductible.per },
    coinsurancePercent: plan.coinsuranceBasisPoints / 100,
    annualCap: plan.annualCap && { amount: formatCents(plan.annualCap.cents), per: plan.annualCap.per },
    eligible: plan.eligible,
    base: plan.base,
    proRata: plan.proRata,
  };
}
