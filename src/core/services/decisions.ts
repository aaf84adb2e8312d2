import { findDecidableDocument, recordDecision, type Decision, type DecisionStatus } from "../store/decisions.js";
import type { DocumentStatus } from "../../bvac/model.js";
import type { AppDeps } from "../deps.js";
import { byDatabase } from "./insurer-databases.js";
import { ApiError } from "../errors.js";
import { formatCents } from "../../bvac/amounts.js";

/**
 * Which decision may follow which. A document is decided only once delivered (acknowledged):
 * before that the insurer has not confirmed it has it. `accepted` may still become `paid` or
 * `rejected` (an audit finding); `rejected` and `paid` are final. Repeating the stored decision
 * is always fine (idempotent); anything else from a final state is a 409. A sale the pharmacy
 * cancelled after delivery can only be rejected: nothing is owed for it.
 */
const allowedFrom: Partial<Record<DocumentStatus, readonly DecisionStatus[]>> = {
  delivered: ["accepted", "rejected", "paid"],
  accepted: ["paid", "rejected"],
};

export interface DecisionRequest {
  status: DecisionStatus;
  reimbursedCents: number | null;
  reason: string | null;
}

export interface DecisionAnswer {
  pharmacyNihii: string;
  documentId: string;
  status: DecisionStatus;
  reimbursedAmount: string | null;
  reason: string | null;
  decidedAt: string;
}

const same = (stored: Decision, wanted: DecisionRequest) =>
  stored.status === wanted.status && stored.reimbursedCents === wanted.reimbursedCents && stored.reason === wanted.reason;

export async function decide(
  deps: Pick<AppDeps, "databases" | "clock">,
  caller: { insurers: readonly string[] },
  target: { pharmacyNihii: string; documentId: string },
  wanted: DecisionRequest,
): Promise<DecisionAnswer> {
  // A key bound to no code owns nothing (and `IN ()` is not SQL).
  // Every database of the key's insurers is asked at once (on D1: in parallel, one round trip's latency).
  const found = await Promise.all(
    [...byDatabase(deps, caller.insurers, (code) => code)].map(async ([db, insurers]) => {
      const document = await findDecidableDocument(db, insurers, target.pharmacyNihii, target.documentId);
      return document && { db, document };
    }),
  );
  const hit = found.find((entry) => entry !== null) ?? null;
  const document = hit?.document ?? null;
  if (!hit || !document) throw new ApiError("not_found", `No document ${target.documentId} of pharmacy ${target.pharmacyNihii} for this key.`);
  const answer = (decision: Decision): DecisionAnswer => ({
    ...target,
    status: decision.status,
    reimbursedAmount: decision.reimbursedCents === null ? null : formatCents(decision.reimbursedCents),
    reason: decision.reason,
    decidedAt: decision.decidedAt,
  });
  if (document.purgedAt) throw new ApiError("conflict", `This document's content was purged at ${document.purgedAt} (retention or erasure); it cannot be decided.`);
  if (document.decision && same(document.decision, wanted)) return answer(document.decision);
  if (wanted.reimbursedCents !== null && wanted.reimbursedCents > document.totalPaidCents) {
    throw new ApiError("validation_failed", "The reimbursed amount exceeds what the patient paid.", [
      { path: "reimbursedAmount", code: "exceeds_paid_total", message: `at most ${formatCents(document.totalPaidCents)}`, params: { max: formatCents(document.totalPaidCents) } },
    ]);
  }
  if (!(allowedFrom[document.status] ?? []).includes(wanted.status)) {
    throw new ApiError(
      "conflict",
      document.status === "queued" || document.status === "leased"
        ? "The document has not been delivered yet: acknowledge its export batch first."
        : `The document is ${document.status}; it cannot become ${wanted.status}.`,
    );
  }
  if (document.cancelledAt !== null && wanted.status !== "rejected") {
    throw new ApiError("conflict", `The pharmacy cancelled this sale at ${document.cancelledAt}; it can only be rejected.`);
  }
  const decision: Decision = { ...wanted, decidedAt: deps.clock.now().toISOString() };
  if (!(await recordDecision(hit.db, document, decision))) throw new ApiError("conflict", "The document changed meanwhile; read it again.");
  return answer(decision);
}
