import type { BvacDocument, DocumentStatus } from "../../bvac/model.js";
import type { DocumentWarning } from "../../bvac/problems.js";
import type { Database } from "../ports.js";
import { memberScope } from "./access-log.js";
import type { Decision } from "./decisions.js";
import { memberDocumentOf, type MemberDocumentColumns } from "./member-documents.js";
import { shownStatus } from "./documents.js";

/**
 * Everything stored about a member and the dependents they act for (GDPR art. 15 and 20). Every
 * query is scoped with `memberScope`: the member's insurer and those key1s, nobody else.
 */

type Member = { insurer: string; key1: string };

export interface ExportedPerson {
  key1: string;
  name: string;
  birthDate: string | null;
  guardianKey1: string | null;
  updatedAt: string;
  /** Since when their 14 digits are refused (a card reported lost), or null. */
  legacyBlockedSince: string | null;
  coverage: Array<{ from: string; to: string | null }>;
}

export async function exportPeople(db: Database, member: Member): Promise<ExportedPerson[]> {
  const people = memberScope("m", member);
  const rows = await db.all<{ key1: string; name: string; birth_date: string | null; guardian_key1: string | null; updated_at: string; blocked_at: string | null }>(
    `SELECT m.key1, m.name, m.birth_date, m.guardian_key1, m.updated_at,
            (SELECT b.blocked_at FROM legacy_barcode_blocks b WHERE b.insurer = m.insurer AND b.key1 = m.key1) AS blocked_at
       FROM members m WHERE ${people.sql} ORDER BY m.key1`,
    people.params,
  );
  const periods = memberScope("c", member);
  const coverage = await db.all<{ key1: string; valid_from: string; valid_to: string | null }>(
    `SELECT c.key1, c.valid_from, c.valid_to FROM coverage_periods c WHERE ${periods.sql} ORDER BY c.key1, c.valid_from`,
    periods.params,
  );
  return rows.map((row) => ({
    key1: row.key1,
    name: row.name,
    birthDate: row.birth_date,
    guardianKey1: row.guardian_key1,
    updatedAt: row.updated_at,
    legacyBlockedSince: row.blocked_at,
    coverage: coverage.filter((period) => period.key1 === row.key1).map((period) => ({ from: period.valid_from, to: period.valid_to })),
  }));
}

export interface ExportedDocument {
  pk: number;
  key1: string;
  documentId: string;
  pharmacy: { nihii: string; name: string };
  status: DocumentStatus;
  receivedAt: string;
  deliveredAt: string | null;
  cancelledAt: string | null;
  totals: { publicCents: number; paidCents: number; homeopathyCents: number };
  warnings: DocumentWarning[];
  content: BvacDocument;
  decision: Decision | null;
}

/** One page of the member's documents (purged ones no longer name anyone), after the row `afterPk`. */
export async function exportDocuments(db: Database, member: Member, afterPk: number, limit: number, now: string): Promise<ExportedDocument[]> {
  const scope = memberScope("d", member);
  type Row = MemberDocumentColumns & { pk: number; key1: string; delivered_at: string | null; warnings_json: string; document_json: string };
  const rows = await db.all<Row>(
    `SELECT d.pk, d.key1, d.document_id, d.pharmacy_nihii, p.name AS pharmacy_name, ${shownStatus("d")} AS status, d.received_at,
            d.delivered_at, d.cancelled_at, d.total_public_cents, d.total_paid_cents, d.total_homeopathy_cents, d.warnings_json, t.document_json,
            x.status AS decision_status, x.reimbursed_cents, x.reason, x.decided_at
       FROM bvac_documents d
       JOIN pharmacies p ON p.nihii = d.pharmacy_nihii
       JOIN bvac_document_texts t ON t.document_pk = d.pk
       LEFT JOIN decisions x ON x.document_pk = d.pk
      WHERE ${scope.sql} AND d.purged_at IS NULL AND d.pk > ?
      ORDER BY d.pk LIMIT ?`,
    [now, ...scope.params, afterPk, limit],
  );
  return rows.map((row) => ({
    pk: row.pk,
    key1: row.key1,
    deliveredAt: row.delivered_at,
    warnings: JSON.parse(row.warnings_json) as DocumentWarning[],
    content: JSON.parse(row.document_json) as BvacDocument,
    ...memberDocumentOf(row),
  }));
}

export interface ExportedBarcode {
  key1: string;
  jti: string;
  kid: string;
  issuedAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export async function exportBarcodes(db: Database, member: Member): Promise<ExportedBarcode[]> {
  const scope = memberScope("b", member);
  const rows = await db.all<{ key1: string; jti: string; kid: string; issued_at: string; expires_at: string; revoked_at: string | null }>(
    `SELECT b.key1, b.jti, b.kid, b.issued_at, b.expires_at, b.revoked_at FROM barcode_tokens b WHERE ${scope.sql} ORDER BY b.issued_at, b.jti`,
    scope.params,
  );
  return rows.map((row) => ({ key1: row.key1, jti: row.jti, kid: row.kid, issuedAt: row.issued_at, expiresAt: row.expires_at, revokedAt: row.revoked_at }));
}
