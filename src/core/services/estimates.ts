import type { EstimateAnswer } from "../../plan/answer.js";
import type { AppDeps } from "../deps.js";
import { checkBarcode } from "./barcode-check.js";
import { assertOwnPharmacy, refusal, type Submission } from "./ingest.js";
import { planShare } from "./plans.js";

/**
 * `POST /v1/estimates`: what the member's plan would reimburse for this sale, before it is made.
 * The same checks as a submission (own pharmacy, barcode, coverage on the delivery date); nothing
 * is stored, so two what-ifs can both see the same deductible left — only a stored document takes it.
 */
export async function estimateSale(deps: AppDeps, pharmacyNihii: string, submission: Submission): Promise<{ estimate: EstimateAnswer | null }> {
  assertOwnPharmacy(pharmacyNihii, submission);
  const check = await checkBarcode(deps, submission.scannedBarcode, submission.document.deliveryDate);
  if (!check.valid) throw refusal(check, submission.paths.barcode);
  const share = await planShare(deps, { ...submission.document, barcode: { insurer: check.insurer, key1: check.key1 } });
  return { estimate: share?.answer ?? null };
}
