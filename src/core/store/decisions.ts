import type { DecisionStatus } from "../../bvac/model.js";
import type { Database } from "../ports.js";
import { namedBatch, placeholders } from "./sql.js";
import { rebaseShare, reverseShare } from "./plans.js";
import { logDocumentEvent } from "./access-log.js";
import type { DocumentStatus } from "../../bvac/model.js";

export type { DecisionStatus };

export interface Decision {
  status: DecisionStatus;
  reimbursedCents: number | null;
  reason: string | null;
  decidedAt: string;
}

export interface DecidableDocument {
  pk: number;
  status: DocumentStatus;
  totalPaidCents: number;
  updatedAt: string;
  /** Set when the pharmacy cancelled the sale (after delivery the status stays, see ingestion). */
  cancelledAt: string | null;
  /** Set once the retention purge removed the content: no decision can follow. */
  purgedAt: string | null;
  decision: Decision | null;
}

/** The decision columns of a `LEFT JOIN decisions` (aliased as below), or null when none was posted. */
export interface DecisionColumns {
  decision_status: DecisionStatus | null;
  reimbursed_cents: number | null;
  reason: string | null;
  decided_at: string | null;
}

export const decisionOf = (row: DecisionColumns): Decision | null =>
  row.decision_status && row.decided_at
    ? { status: row.decision_status, reimbursedCents: row.reimbursed_cents, reason: row.reason, decidedAt: row.decided_at }
    : null;

/**
 * A document of one of the caller's insurers, named by its pharmacy and the pharmacy's document
 * id (document ids are unique per pharmacy only). Another insurer's document is not found.
 */
export async function findDecidableDocument(
  db: Database,
  insurers: readonly string[],
  pharmacyNihii: string,
  documentId: string,
): Promise<DecidableDocument | null> {
  const row = await db.first<DecisionColumns & { pk: number; status: DocumentStatus; total_paid_cents: number; updated_at: string; cancelled_at: string | null; purged_at: string | null }>(
    `SELECT d.pk, d.status, d.total_paid_cents, d.updated_at, d.cancelled_at, d.purged_at,
            x.status AS decision_status, x.reimbursed_cents, x.reason, x.decided_at
       FROM bvac_documents d LEFT JOIN decisions x ON x.document_pk = d.pk
      WHERE d.pharmacy_nihii = ? AND d.document_id = ? AND d.insurer IN (${placeholders(insurers.length)})`,
    [pharmacyNihii, documentId, ...insurers],
  );
  return row && { pk: row.pk, status: row.status, totalPaidCents: row.total_paid_cents, updatedAt: row.updated_at, cancelledAt: row.cancelled_at, purgedAt: row.purged_at, decision: decisionOf(row) };
}

/**
 * Stores the decision and the document's new status together. Optimistic: only applies when the
 * document is still in the status (and version) the caller read, so two concurrent decisions
 * cannot both win; returns false when it lost that race.
 */
export async function recordDecision(db: Database, document: DecidableDocument, decision: Decision): Promise<boolean> {
  const applied = { sql: "EXISTS (SELECT 1 FROM bvac_documents WHERE pk = ? AND status = ? AND updated_at = ?)", params: [document.pk, decision.status, decision.decidedAt] };
  const { updated } = await namedBatch(db, [
    ["updated", {
      sql: "UPDATE bvac_documents SET status = ?, updated_at = ? WHERE pk = ? AND status = ? AND updated_at = ?",
      params: [decision.status, decision.decidedAt, document.pk, document.status, document.updatedAt],
    }],
    ["decision", {
      sql: `INSERT INTO decisions (document_pk, status, reimbursed_cents, reason, decided_at)
            SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM bvac_documents WHERE pk = ? AND status = ? AND updated_at = ?)
            ON CONFLICT (document_pk) DO UPDATE SET status = excluded.status, reimbursed_cents = excluded.reimbursed_cents,
              reason = excluded.reason, decided_at = excluded.decided_at`,
      params: [document.pk, decision.status, decision.reimbursedCents, decision.reason, decision.decidedAt, document.pk, decision.status, decision.decidedAt],
    }],
    // The decision re-bases the running totals: a rejection counts for nothing, a reimbursed
    // amount replaces the estimate (docs/estimate.md).
    ["share", decision.status === "rejected"
      ? reverseShare(document.pk, decision.decidedAt, applied)
      : decision.reimbursedCents === null
        ? []
        : rebaseShare(document.pk, decision.reimbursedCents, decision.decidedAt, applied)],
    ["logged", logDocumentEvent("document_decided", "insurer", decision.decidedAt, {
      sql: "d.pk = ? AND d.status = ? AND d.updated_at = ?",
      params: [document.pk, decision.status, decision.decidedAt],
    }, decision.status)],
  ]);
  return updated.changes === 1;
}
