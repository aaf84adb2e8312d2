import type { Database, SqlValue, Statement } from "../ports.js";
import { placeholders } from "./sql.js";

/**
 * The purge's SQL: retention (documents past their insurer's retention) and erasure (members the
 * roster removed). Every write re-checks its conditions inside its own batch, so a document that
 * changed between the look-up and the write (a late decision, a cancellation queued) is left
 * alone, and running a chunk twice changes nothing the second time.
 */

/**
 * Nothing about the document is still on its way to the insurer: not queued or leased, no outbox
 * row, no export entry waiting (a parked one counts as waiting: the operator may requeue it).
 */
const nothingPending = (alias: string) => `${alias}.status NOT IN ('queued', 'leased')
   AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.document_pk = ${alias}.pk)
   AND NOT EXISTS (SELECT 1 FROM export_queue q WHERE q.document_pk = ${alias}.pk AND q.delivered_at IS NULL AND q.withdrawn_at IS NULL)`;

/** Why a document may go: its retention ran out, or its member was removed from the roster. */
export type PurgeReason = { kind: "retention"; cutoff: string } | { kind: "erasure" };

function reasonCondition(alias: string, reason: PurgeReason): Statement {
  return reason.kind === "retention"
    ? { sql: `${alias}.updated_at <= ?`, params: [reason.cutoff] }
    : { sql: `NOT EXISTS (SELECT 1 FROM members m WHERE m.insurer = ${alias}.insurer AND m.key1 = ${alias}.key1)`, params: [] };
}

/**
 * Up to `limit` documents of an insurer whose last lifecycle change (decision, delivery without
 * decision, cancellation before delivery: `updated_at`) is at or before `cutoff`, with nothing
 * pending. Reads the partial index `bvac_documents_purgeable` (migrations/0013).
 */
export async function retentionCandidates(db: Database, insurer: string, cutoff: string, limit: number): Promise<number[]> {
  const rows = await db.all<{ pk: number }>(
    `SELECT d.pk FROM bvac_documents d
      WHERE d.insurer = ? AND d.purged_at IS NULL AND d.status NOT IN ('queued', 'leased') AND d.updated_at <= ?
        AND ${nothingPending("d")}
      ORDER BY d.updated_at LIMIT ?`,
    [insurer, cutoff, limit],
  );
  return rows.map((row) => row.pk);
}

/** Up to `limit` unpurged documents of a removed member. */
export async function erasureCandidates(db: Database, member: { insurer: string; key1: string }, limit: number): Promise<number[]> {
  const rows = await db.all<{ pk: number }>(
    "SELECT pk FROM bvac_documents WHERE insurer = ? AND key1 = ? AND purged_at IS NULL ORDER BY pk LIMIT ?",
    [member.insurer, member.key1, limit],
  );
  return rows.map((row) => row.pk);
}

/** Whether a document of the member is still on its way to the insurer. */
export async function hasPendingDocuments(db: Database, member: { insurer: string; key1: string }): Promise<boolean> {
  const row = await db.first(
    `SELECT 1 AS one FROM bvac_documents d WHERE d.insurer = ? AND d.key1 = ? AND d.purged_at IS NULL AND NOT (${nothingPending("d")}) LIMIT 1`,
    [member.insurer, member.key1],
  );
  return row !== null;
}

/**
 * One batch purging these documents: the personal and health content goes (member number, barcode
 * id, stored text with its lines, the decision's amount and reason, delivered export entries); the row
 * stays as a tombstone. At most 90 documents: each statement binds them all, D1 allows 100.
 */
export function purgeDocumentsStatements(pks: readonly number[], now: string, reason: PurgeReason): Statement[] {
  if (pks.length > 90) throw new Error("purge at most 90 documents per batch");
  const list = placeholders(pks.length);
  const why = reasonCondition("d", reason);
  const purged = `SELECT pk FROM bvac_documents WHERE pk IN (${list}) AND purged_at IS NOT NULL`;
  return [
    {
      sql: `UPDATE bvac_documents AS d
               SET key1 = '', barcode_jti = NULL, purged_at = ?, updated_at = ?
             WHERE d.pk IN (${list}) AND d.purged_at IS NULL AND ${nothingPending("d")} AND ${why.sql}`,
      params: [now, now, ...pks, ...why.params],
    },
    // The stored text with its lines (migrations/0016: its own row).
    { sql: `DELETE FROM bvac_document_texts WHERE document_pk IN (${purged})`, params: [...pks] },
    { sql: `UPDATE decisions SET reason = NULL, reimbursed_cents = NULL WHERE document_pk IN (${purged})`, params: [...pks] },
    {
      sql: `DELETE FROM export_queue WHERE document_pk IN (${purged}) AND (delivered_at IS NOT NULL OR withdrawn_at IS NOT NULL)`,
      params: [...pks],
    },
  ];
}

/**
 * Access-log entries of an insurer older than `cutoff`, except those about a document still kept
 * (they go with it); `limit` per statement keeps one run's work bounded.
 */
export function purgeAccessLogStatement(insurer: string, cutoff: string, limit: number): Statement {
  return {
    sql: `DELETE FROM member_access_log WHERE id IN (
            SELECT l.id FROM member_access_log l WHERE l.insurer = ? AND l.at <= ?
               AND NOT EXISTS (SELECT 1 FROM bvac_documents d WHERE d.pharmacy_nihii = l.pharmacy_nihii AND d.document_id = l.document_id
                                 AND d.purged_at IS NULL)
             LIMIT ?)`,
    params: [insurer, cutoff, limit],
  };
}

/** Records of barcode tokens of an insurer that expired at or before `cutoff`. */
export function purgeExpiredTokensStatement(insurer: string, cutoff: string, limit: number): Statement {
  return {
    sql: "DELETE FROM barcode_tokens WHERE jti IN (SELECT jti FROM barcode_tokens WHERE insurer = ? AND expires_at <= ? LIMIT ?)",
    params: [insurer, cutoff, limit],
  };
}

export interface PendingErasure {
  insurer: string;
  key1: string;
  requestedAt: string;
  /** The roster holds the member again (re-added after the removal): the erasure is dropped. */
  readded: boolean;
}

export async function listErasures(db: Database, limit: number): Promise<PendingErasure[]> {
  const rows = await db.all<{ insurer: string; key1: string; requested_at: string; readded: number }>(
    `SELECT e.insurer, e.key1, e.requested_at,
            EXISTS (SELECT 1 FROM members m WHERE m.insurer = e.insurer AND m.key1 = e.key1) AS readded
       FROM member_erasures e ORDER BY COALESCE(e.checked_at, ''), e.requested_at LIMIT ?`,
    [limit],
  );
  return rows.map((row) => ({ insurer: row.insurer, key1: row.key1, requestedAt: row.requested_at, readded: row.readded === 1 }));
}

/** The erasure still waits (a document pending for the insurer): it goes to the back of the list. */
export function erasureWaitsStatement(member: { insurer: string; key1: string }, now: string): Statement {
  return { sql: "UPDATE member_erasures SET checked_at = ? WHERE insurer = ? AND key1 = ?", params: [now, member.insurer, member.key1] };
}

export function dropErasureStatement(member: { insurer: string; key1: string }): Statement {
  return { sql: "DELETE FROM member_erasures WHERE insurer = ? AND key1 = ?", params: [member.insurer, member.key1] };
}

/**
 * The last batch of an erasure, once every document is purged: the member's barcode records (and
 * the block of their 14 digits) and access log go, then the erasure itself. Each statement re-checks that the member is still off
 * the roster (and the last that no document is left), so a re-added member keeps everything.
 */
export function finishErasureStatements(member: { insurer: string; key1: string }): Statement[] {
  const gone = "NOT EXISTS (SELECT 1 FROM members WHERE insurer = ? AND key1 = ?)";
  const who: SqlValue[] = [member.insurer, member.key1];
  return [
    { sql: `DELETE FROM barcode_tokens WHERE insurer = ? AND key1 = ? AND ${gone}`, params: [...who, ...who] },
    { sql: `DELETE FROM legacy_barcode_blocks WHERE insurer = ? AND key1 = ? AND ${gone}`, params: [...who, ...who] },
    { sql: `DELETE FROM member_access_log WHERE insurer = ? AND key1 = ? AND ${gone}`, params: [...who, ...who] },
    {
      sql: `DELETE FROM member_erasures WHERE insurer = ? AND key1 = ? AND ${gone}
              AND NOT EXISTS (SELECT 1 FROM bvac_documents WHERE insurer = ? AND key1 = ? AND purged_at IS NULL)`,
      params: [...who, ...who, ...who],
    },
  ];
}
