import { parseAmount } from "./amounts.js";
import type { DocumentProblem, DocumentWarning } from "./problems.js";
import type { RawDocument } from "./raw-document.js";
import type { BvacTotals } from "./model.js";

/** A line's amounts once read; null where the line's own amount was invalid (already reported). */
export interface LineAmounts {
  publicCents: number | null;
  paidCents: number | null;
  homeopathic: boolean;
}

const sumOrNull = (values: Array<number | null>) =>
  values.some((value) => value === null) ? null : values.reduce<number>((sum, value) => sum + (value ?? 0), 0);

/**
 * The totals rule (shared/domain.md): line prices are line totals, so the document's public and
 * paid totals are the sums of the lines. Declared totals must equal those sums; absent ones are
 * computed (JSON only: the SMC schema requires them, the XML reader says so via `required`).
 *
 * Homeopathy: the SMC XML has no per-line flag, only a declared `totalHomeopathie`, which can only
 * be checked to lie within the paid total. The JSON API may flag lines `homeopathic: true`; when
 * any line is flagged, the homeopathy total is the sum of the flagged lines' paid prices and a
 * declared one must equal it.
 *
 * A sum over a line whose amount is itself invalid is not computed, so one bad amount does not
 * also raise a misleading mismatch.
 */
export function checkTotals(
  declared: RawDocument["totals"],
  lines: LineAmounts[],
  options: { totalsRequired: boolean },
): { totals: BvacTotals | null; problems: DocumentProblem[]; warnings: DocumentWarning[] } {
  const problems: DocumentProblem[] = [];
  const warnings: DocumentWarning[] = [];
  const flagged = lines.some((line) => line.homeopathic);
  const computed = {
    public: sumOrNull(lines.map((line) => line.publicCents)),
    paid: sumOrNull(lines.map((line) => line.paidCents)),
    homeopathy: flagged ? sumOrNull(lines.filter((line) => line.homeopathic).map((line) => line.paidCents)) : null,
  };

  const read = (field: RawDocument["totals"]["publicPrice"], sum: number | null, label: string, fallback: number | null) => {
    if (field.value === null) {
      if (options.totalsRequired && fallback === null) {
        problems.push({ path: field.path, code: "required", message: `the ${label} total is required` });
        return null;
      }
      return sum ?? fallback;
    }
    const cents = parseAmount(field.value);
    if (cents === null) {
      problems.push({ path: field.path, code: "invalid_amount", message: "an amount has a dot and exactly 2 decimals, e.g. 12.30" });
      return null;
    }
    if (sum !== null && cents !== sum) {
      problems.push({
        path: field.path,
        code: "totals_mismatch",
        message: `the ${label} total does not equal the sum of the lines`,
      });
    }
    return cents;
  };

  const omitted = declared.publicPrice.value === null || declared.paidPrice.value === null;
  const publicCents = read(declared.publicPrice, computed.public, "public price", null);
  const paidCents = read(declared.paidPrice, computed.paid, "paid price", null);
  // Homeopathy is optional in both formats (`totalHomeopathie` defaults to 0.00): its fallback is 0.
  const homeopathyCents = read(declared.homeopathy, computed.homeopathy, "homeopathy", 0);
  if (!flagged && homeopathyCents !== null && paidCents !== null) {
    const [low, high] = paidCents < 0 ? [paidCents, 0] : [0, paidCents];
    if (homeopathyCents < low || homeopathyCents > high) {
      problems.push({
        path: declared.homeopathy.path,
        code: "totals_mismatch",
        message: "the homeopathy total is part of the paid total and cannot exceed it",
      });
    }
  }
  if (omitted && !options.totalsRequired && problems.length === 0) {
    warnings.push({ code: "totals_computed", message: "totals were not sent; they were computed from the lines" });
  }
  if (publicCents === null || paidCents === null || homeopathyCents === null || problems.length > 0) {
    return { totals: null, problems, warnings };
  }
  return { totals: { publicPriceCents: publicCents, paidPriceCents: paidCents, homeopathyCents }, problems, warnings };
}
