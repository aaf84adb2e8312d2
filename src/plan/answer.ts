import { formatCents } from "../bvac/amounts.js";
import type { Estimate } from "./engine.js";

/** An estimate as the API answers it: amounts as decimal strings, lines numbered from 1. */
export interface EstimateAnswer {
  plan: string;
  planYear: { from: string; to: string };
  reimbursable: string;
  deductibleApplied: string;
  deductibleLeft: string;
  /** Null when the plan has no annual cap. */
  capLeft: string | null;
  lines: Array<{ line: number; eligible: string; deductible: string; coinsurance: string; capped: string; reimbursable: string }>;
}

export function answerOf(planId: string, estimate: Estimate): EstimateAnswer {
  return {
    plan: planId,
    planYear: { from: estimate.planYear.from, to: estimate.planYear.to },
    reimbursable: formatCents(estimate.total.reimbursableCents),
    deductibleApplied: formatCents(estimate.total.deductibleCents),
    deductibleLeft: formatCents(estimate.deductibleLeftCents),
    capLeft: estimate.capLeftCents === null ? null : formatCents(estimate.capLeftCents),
    lines: estimate.lines.map((line, index) => ({
      line: index + 1,
      eligible: formatCents(line.eligibleCents),
      deductible: formatCents(line.deductibleCents),
      coinsurance: formatCents(line.coinsuranceCents),
      capped: formatCents(line.cappedCents),
      reimbursable: formatCents(line.reimbursableCents),
    })),
  };
}
