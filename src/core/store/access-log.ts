import type { Database, SqlValue, Statement } from "../ports.js";

/**
 * The member's access log: who handled their data and when. Every entry is one statement added to
 * the batch of the event it records, so the event and its entry commit together or not at all.
 */

export const accessLogEvents = [
  "document_submitted",
  "document_delivered",
  "document_decided",
  "barcode_issued",
  "barcode_revoked",
  "signed_in",
] as const;
export type AccessLogEvent = (typeof accessLogEvents)[number];
export type AccessLogActor = "pharmacy" | "insurer" | "member";

const columns = "insurer, key1, at, event, actor, pharmacy_nihii, pharmacy_name, document_id, detail, ref";

/**
 * One entry per document that `documents` selects (a condition on `bvac_documents d` with its
 * parameters), written where the event's own batch changes those documents. Put it before the
 * statement that makes the condition false (e.g. before the delivery UPDATE when selecting
 * undelivered documents). A condition rather than a list of pks: the documents are read once.
 * The pharmacy's name is its registered name at this moment. OR FAIL: the entry is always part of a
 * batch (store/sql.ts `namedBatch`).
 */
export function logDocumentEvent(
  event: Extract<AccessLogEvent, `document_${string}`>,
  actor: AccessLogActor,
  at: string,
  documents: Statement,
  detail: string | null = null,
): Statement {
  return {
    sql: `INSERT OR FAIL INTO member_access_log (${columns})
          SELECT d.insurer, d.key1, ?, ?, ?, d.pharmacy_nihii, (SELECT p.name FROM pharmacies p WHERE p.nihii = d.pharmacy_nihii),
                 d.document_id, ?, NULL
            FROM bvac_documents d WHERE ${documents.sql}`,
    params: [at, event, actor, detail, ...documents.params],
  };
}

/**
 * One entry about a member's barcodes or sign-in. `onlyIf` (a condition with its parameters)
 * makes it conditional on the batch's own effect, e.g. that tokens were in fact revoked.
 */
export function logMemberEvent(
  member: { insurer: string; key1: string },
  event: Extract<AccessLogEvent, "barcode_issued" | "barcode_revoked" | "signed_in">,
  actor: AccessLogActor,
  at: string,
  extra: { detail?: Statement | string; ref?: string; onlyIf?: Statement } = {},
): Statement {
  const detail = typeof extra.detail === "object" ? { sql: `(${extra.detail.sql})`, params: extra.detail.params } : { sql: "?", params: [extra.detail ?? null] };
  return {
    sql: `INSERT OR IGNORE INTO member_access_log (${columns})
          SELECT ?, ?, ?, ?, ?, NULL, NULL, NULL, ${detail.sql}, ? ${extra.onlyIf ? `WHERE ${extra.onlyIf.sql}` : ""}`,
    params: [member.insurer, member.key1, at, event, actor, ...detail.params, extra.ref ?? null, ...(extra.onlyIf?.params ?? [])],
  };
}

/** Whether this sign-in (its token digest) is already logged. */
export async function isSignInLogged(db: Database, member: { insurer: string; key1: string }, ref: string): Promise<boolean> {
  return (await db.first("SELECT 1 AS one FROM member_access_log WHERE insurer = ? AND key1 = ? AND ref = ?", [member.insurer, member.key1, ref])) !== null;
}

export interface AccessLogEntry {
  id: number;
  key1: string;
  at: string;
  event: AccessLogEvent;
  actor: AccessLogActor;
  pharmacy: { nihii: string; name: string | null } | null;
  documentId: string | null;
  detail: string | null;
}

interface EntryRow {
  id: number;
  key1: string;
  at: string;
  event: AccessLogEvent;
  actor: AccessLogActor;
  pharmacy_nihii: string | null;
  pharmacy_name: string | null;
  document_id: string | null;
  detail: string | null;
}

/**
 * The SQL condition (and its parameters) for "about this member or a dependent whose guardian
 * they are", scoped to their insurer; `only` narrows it to one of them. Used by every member read
 * of this area, so nobody else's rows can appear.
 */
export function memberScope(alias: string, member: { insurer: string; key1: string }, only?: string): Statement {
  return {
    sql: `${alias}.insurer = ? AND (${alias}.key1 = ? OR ${alias}.key1 IN (SELECT key1 FROM members WHERE insurer = ? AND guardian_key1 = ?))
          ${only ? `AND ${alias}.key1 = ?` : ""}`,
    params: [member.insurer, member.key1, member.insurer, member.key1, ...(only ? [only] : [])],
  };
}

/** Entries about the member and their dependents (or `only` one of them), oldest first, after the entry id `after`. */
export async function listAccessLog(
  db: Database,
  member: { insurer: string; key1: string },
  page: { after: number; limit: number; only?: string | undefined },
): Promise<AccessLogEntry[]> {
  const scope = memberScope("l", member, page.only);
  const params: SqlValue[] = [...scope.params, page.after, page.limit];
  const rows = await db.all<EntryRow>(
    `SELECT l.id, l.key1, l.at, l.event, l.actor, l.pharmacy_nihii, l.pharmacy_name, l.document_id, l.detail FROM member_access_log l
      WHERE ${scope.sql} AND l.id > ? ORDER BY l.id LIMIT ?`,
    params,
  );
  return rows.map((row) => ({
    id: row.id,
    key1: row.key1,
    at: row.at,
    event: row.event,
    actor: row.actor,
    pharmacy: row.pharmacy_nihii ? { nihii: row.pharmacy_nihii, name: row.pharmacy_name } : null,
    documentId: row.document_id,
    detail: row.detail,
  }));
}
