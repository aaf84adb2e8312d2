import type { Database } from "../ports.js";
import type { DocumentStatus } from "../../bvac/model.js";
import { decisionOf, type DecisionColumns, type DecisionStatus } from "./decisions.js";
import { shownStatus } from "./documents.js";

export interface MemberDocument {
  /** Opaque paging position (newest first). */
  cursor: number;
  documentId: string;
  pharmacy: { nihii: string; name: string };
  member: { key1: string; name: string | null };
  deliveryDate: string;
  receivedAt: string;
  cancelledAt: string | null;
  status: DocumentStatus;
  totals: { publicCents: number; paidCents: number; homeopathyCents: number };
  decision: { status: DecisionStatus; reimbursedCents: number | null; reason: string | null; decidedAt: string } | null;
  /** The estimate answered at submission (docs/estimate.md); null when the member had no plan. */
  estimate: { planId: string; yearFrom: string; yearTo: string; reimbursableCents: number; deductibleCents: number } | null;
}

/**
 * Documents of a member and of the dependents whose guardian they are, newest first. Scoped in
 * SQL to the member's insurer and to those key1s: nobody else's attest can appear.
 */
export async function listMemberDocuments(
  db: Database,
  member: { insurer: string; key1: string },
  page: { limit: number; before?: number | undefined; onlyKey1?: string | undefined },
  now: string,
): Promise<MemberDocument[]> {
  const rows = await db.all<MemberDocumentColumns & EstimateColumns & { pk: number; key1: string; member_name: string | null; delivery_date: string }>(
    `SELECT d.pk, d.document_id, d.pharmacy_nihii, p.name AS pharmacy_name, d.key1, m.name AS member_name,
            d.delivery_date, d.received_at, d.cancelled_at, ${shownStatus("d")} AS status, d.total_public_cents, d.total_paid_cents, d.total_homeopathy_cents,
            x.status AS decision_status, x.reimbursed_cents, x.reason, x.decided_at,
            s.plan_id, s.year_from, s.year_to, s.estimated_cents, s.estimated_deductible_cents
       FROM bvac_documents d
       JOIN pharmacies p ON p.nihii = d.pharmacy_nihii
       LEFT JOIN members m ON m.insurer = d.insurer AND m.key1 = d.key1
       LEFT JOIN decisions x ON x.document_pk = d.pk
       LEFT JOIN plan_shares s ON s.document_pk = d.pk
      WHERE d.insurer = ?
        AND (d.key1 = ? OR d.key1 IN (SELECT key1 FROM members WHERE insurer = ? AND guardian_key1 = ?))
        AND d.pk < ? ${page.onlyKey1 ? "AND d.key1 = ?" : ""}
      ORDER BY d.pk DESC LIMIT ?`,
    [
      now,
      member.insurer,
      member.key1,
      member.insurer,
      member.key1,
      page.before ?? Number.MAX_SAFE_INTEGER,
      ...(page.onlyKey1 ? [page.onlyKey1] : []),
      page.limit,
    ],
  );
  return rows.map((row) => ({
    cursor: row.pk,
    member: { key1: row.key1, name: row.member_name },
    deliveryDate: row.delivery_date,
    ...memberDocumentOf(row),
    estimate:
      row.plan_id === null || row.year_from === null || row.year_to === null || row.estimated_cents === null || row.estimated_deductible_cents === null
        ? null
        : { planId: row.plan_id, yearFrom: row.year_from, yearTo: row.year_to, reimbursableCents: row.estimated_cents, deductibleCents: row.estimated_deductible_cents },
  }));
}

/** The estimate stored with the document (plan_shares), joined in where a member follows their attests. */
interface EstimateColumns {
  plan_id: string | null;
  year_from: string | null;
  year_to: string | null;
  estimated_cents: number | null;
  estimated_deductible_cents: number | null;
}

/** The columns of a member's document row both the follow-up list and the export show. */
export interface MemberDocumentColumns extends DecisionColumns {
  document_id: string;
  pharmacy_nihii: string;
  pharmacy_name: string;
  received_at: string;
  cancelled_at: string | null;
  status: DocumentStatus;
  total_public_cents: number;
  total_paid_cents: number;
  total_homeopathy_cents: number;
}

export const memberDocumentOf = (row: MemberDocumentColumns) => ({
  documentId: row.document_id,
  pharmacy: { nihii: row.pharmacy_nihii, name: row.pharmacy_name },
  receivedAt: row.received_at,
  cancelledAt: row.cancelled_at,
  status: row.status,
  totals: { publicCents: row.total_public_cents, paidCents: row.total_paid_cents, homeopathyCents: row.total_homeopathy_cents },
  decision: decisionOf(row),
});
