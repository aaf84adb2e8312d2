import type { BvacDocument, BvacTotals, DocumentStatus } from "../../bvac/model.js";
import type { DocumentWarning } from "../../bvac/problems.js";
import type { Database, Statement } from "../ports.js";
import { namedBatch } from "./sql.js";
import { reverseShare } from "./plans.js";
import { sha256Hex } from "../../bvac/sha256.js";
import type { EstimateAnswer } from "../../plan/answer.js";
import { logDocumentEvent } from "./access-log.js";

/** What the gateway remembers of a submission besides the document itself. */
export interface SubmissionMeta {
  /** Random per request; see migrations/0003_document_ingest_id.sql. */
  ingestId: string;
  contentHash: string;
  barcodeKind: "signed" | "legacy";
  barcodeJti: string | null;
  warnings: DocumentWarning[];
  receivedAt: string;
}

export interface StoredDocument {
  pk: number;
  documentId: string;
  contentHash: string;
  status: DocumentStatus;
  receivedAt: string;
  updatedAt: string;
  deliveredAt: string | null;
  cancelledAt: string | null;
  warnings: DocumentWarning[];
  deliveryDate: string;
  totals: BvacTotals;
  /** Set once the retention purge removed the content; `document` is null from then on. */
  purgedAt: string | null;
  document: BvacDocument | null;
  /** The reimbursement estimate answered at submission; null when the member had no plan. */
  estimate: EstimateAnswer | null;
}

interface DocumentRow {
  pk: number;
  document_id: string;
  content_hash: string;
  status: DocumentStatus;
  received_at: string;
  updated_at: string;
  delivered_at: string | null;
  cancelled_at: string | null;
  warnings_json: string;
  document_json: string;
  estimate_json: string | null;
  delivery_date: string;
  total_public_cents: number;
  total_paid_cents: number;
  total_homeopathy_cents: number;
  purged_at: string | null;
}

const byIngest = "FROM bvac_documents WHERE pharmacy_nihii = ? AND document_id = ? AND ingest_id = ?";

/**
 * What else commits with a document (its plan share): `guard` is a condition the whole write
 * depends on, `statements` select the new document by the WHERE clause they are given.
 */
export interface DocumentAddOn {
  guard: Statement;
  statements: (document: Statement) => Statement[];
}

/**
 * One batch storing a document (its lines are in its text: migrations/0015) and its
 * `document.queued` outbox row. The last
 * statement returns the outbox id; it returns no row when another request already holds this
 * (pharmacy, document id), or when the add-on's guard no longer holds: then nothing at all was
 * written and the caller re-reads.
 */
export function insertDocumentStatements(document: BvacDocument, meta: SubmissionMeta, addOn?: DocumentAddOn, placement: DocumentPlacement = {}): Statement[] {
  const owner = [document.pharmacy.nihii, document.documentId, meta.ingestId] as const;
  const { totals } = document;
  const documentJson = JSON.stringify(document);
  return [
    ...(placement.before ?? []),
    {
      // INSERT … SELECT … WHERE rather than VALUES, so the add-on's guard can stop it (the WHERE
      // also keeps SQLite from reading ON CONFLICT as a join's ON).
      sql: `INSERT INTO bvac_documents (pharmacy_nihii, document_id, content_hash, insurer, key1, barcode_kind, barcode_jti,
              delivery_date, status, total_public_cents, total_paid_cents, total_homeopathy_cents,
              warnings_json, received_at, updated_at, ingest_id)
            SELECT ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ? WHERE ${addOn?.guard.sql ?? "1"}
            ON CONFLICT (pharmacy_nihii, document_id) DO NOTHING`,
      params: [
        document.pharmacy.nihii,
        document.documentId,
        meta.contentHash,
        document.barcode.insurer,
        document.barcode.key1,
        meta.barcodeKind,
        meta.barcodeJti,
        document.deliveryDate,
        totals.publicPriceCents,
        totals.paidPriceCents,
        totals.homeopathyCents,
        JSON.stringify(meta.warnings),
        meta.receivedAt,
        meta.receivedAt,
        meta.ingestId,
        ...(addOn?.guard.params ?? []),
      ],
    },
    {
      // Its own narrow-keyed row (migrations/0016), only when this batch stored the document.
      sql: `INSERT INTO bvac_document_texts (document_pk, document_json, document_sha256) SELECT pk, ?, ? ${byIngest}`,
      // The digest lets exports copy the text without re-validating it (migrations/0006).
      params: [documentJson, sha256Hex(documentJson), ...owner],
    },
    ...(addOn?.statements({ sql: "pharmacy_nihii = ? AND document_id = ? AND ingest_id = ?", params: owner }) ?? []),
    logDocumentEvent("document_submitted", "pharmacy", meta.receivedAt, { sql: `d.pk IN (SELECT pk ${byIngest})`, params: owner }),
    ...(placement.locate
      ? [{
          // Only when this batch stored the document (the WHERE also keeps SQLite from reading ON CONFLICT as a join's ON).
          sql: `INSERT INTO document_locator (pharmacy_nihii, document_id, insurer) SELECT pharmacy_nihii, document_id, insurer ${byIngest}
                ON CONFLICT (pharmacy_nihii, document_id) DO NOTHING`,
          params: owner,
        }]
      : []),
    {
      // Not `insertOutbox`: its VALUES form would put a NULL pk (and fail the batch) when this
      // request lost the race; INSERT … SELECT inserts nothing instead.
      sql: `INSERT INTO outbox (topic, document_pk, created_at) SELECT 'document.queued', pk, ? ${byIngest} RETURNING id`,
      params: [meta.receivedAt, ...owner],
    },
  ];
}

/**
 * What else a document's batch holds, by where it goes: `locate` claims its id in the document
 * locator (the shared database: same batch); `before`, the copies of shared rows an insurer's own
 * database needs first (store/locator.ts).
 */
export interface DocumentPlacement {
  locate?: boolean;
  before?: Statement[];
}

/** Stores a submission; returns its outbox id, or null when the (pharmacy, document id) was already taken or the guard failed. */
export async function insertDocument(db: Database, document: BvacDocument, meta: SubmissionMeta, addOn?: DocumentAddOn, placement?: DocumentPlacement): Promise<number | null> {
  const statements = insertDocumentStatements(document, meta, addOn, placement);
  const { outbox } = await namedBatch<"document" | "outbox", { id: number }>(db, [
    ["document", statements.slice(0, -1)],
    ["outbox", statements.slice(-1)],
  ]);
  return outbox.rows[0]?.id ?? null;
}

/**
 * The status as shown to pharmacies and members, from a row of `bvac_documents` aliased `alias`.
 * Leasing does not write `leased` into the document row (that rewrote every leased row, the
 * document text included, and again on release or expiry): an undelivered document is `leased`
 * while an entry of it is under a live lease, else `queued`. Stored `leased` (rows leased before
 * migrations/0006) is read the same way. The fragment binds ONE parameter, the current time from
 * the injected clock (ISO, as leases are stored): put it first in the query's parameters.
 */
export const shownStatus = (alias: string) => `CASE WHEN ${alias}.status IN ('queued', 'leased') THEN
      CASE WHEN EXISTS (SELECT 1 FROM export_queue lq WHERE lq.document_pk = ${alias}.pk AND lq.kind = 'document'
                          AND lq.delivered_at IS NULL AND lq.parked_at IS NULL AND lq.withdrawn_at IS NULL
                          AND lq.lease_until > ?)
           THEN 'leased' ELSE 'queued' END
    ELSE ${alias}.status END`;

/** A pharmacy's own document; another pharmacy's is simply not found (the NIHII is in the WHERE). */
export async function findDocument(db: Database, pharmacyNihii: string, documentId: string, now: string): Promise<StoredDocument | null> {
  const row = await db.first<DocumentRow>(
    `SELECT d.pk, d.document_id, d.content_hash, ${shownStatus("d")} AS status, d.received_at, d.updated_at, d.delivered_at,
            d.cancelled_at, d.warnings_json, COALESCE(t.document_json, 'null') AS document_json, s.estimate_json, d.delivery_date,
            d.total_public_cents, d.total_paid_cents, d.total_homeopathy_cents, d.purged_at
       FROM bvac_documents d LEFT JOIN plan_shares s ON s.document_pk = d.pk LEFT JOIN bvac_document_texts t ON t.document_pk = d.pk
      WHERE d.pharmacy_nihii = ? AND d.document_id = ?`,
    [now, pharmacyNihii, documentId],
  );
  if (!row) return null;
  return {
    pk: row.pk,
    documentId: row.document_id,
    contentHash: row.content_hash,
    status: row.status,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
    deliveredAt: row.delivered_at,
    cancelledAt: row.cancelled_at,
    warnings: JSON.parse(row.warnings_json) as DocumentWarning[],
    deliveryDate: row.delivery_date,
    totals: { publicPriceCents: row.total_public_cents, paidPriceCents: row.total_paid_cents, homeopathyCents: row.total_homeopathy_cents },
    purgedAt: row.purged_at,
    // A purged document has no text row (migrations/0016): the JSON text `null`.
    document: JSON.parse(row.document_json) as BvacDocument | null,
    estimate: row.estimate_json === null ? null : (JSON.parse(row.estimate_json) as EstimateAnswer),
  };
}

/** States before delivery: the document is still ours to withdraw. */
const undelivered = "('queued', 'leased')";
/** States after delivery: the insurer has it, so a cancellation must be sent after it. */
const delivered = "('delivered', 'accepted', 'rejected', 'paid')";

/**
 * One batch cancelling a document, deciding by its state at commit time (not at read time, so a
 * delivery racing the cancel cannot slip between): before delivery, its pending outbox row is
 * deleted, its export-queue entries are withdrawn and it becomes `cancelled`; after delivery, its
 * status stays and a `document.cancelled` outbox row is queued (its id is the `cancellation` result).
 * A second cancel changes nothing (`cancelled_at` is set once). Its plan share is reversed in
 * the same batch.
 */
function cancelDocumentStatements(document: DocumentRef, now: string) {
  // Plain `?` placeholders throughout: better-sqlite3 refuses numbered ones (`?1`) with positional values.
  const pk = typeof document === "number"
    ? { sql: "?", params: [document] }
    : { sql: "(SELECT pk FROM bvac_documents WHERE pharmacy_nihii = ? AND document_id = ?)", params: [document.pharmacyNihii, document.documentId] };
  const stillOurs = `EXISTS (SELECT 1 FROM bvac_documents WHERE pk = ${pk.sql} AND status IN ${undelivered} AND cancelled_at IS NULL)`;
  return [
    ["unannounced", {
      sql: `DELETE FROM outbox WHERE document_pk = ${pk.sql} AND topic = 'document.queued' AND ${stillOurs}`,
      params: [...pk.params, ...pk.params],
    }],
    ["withdrawn", {
      sql: `UPDATE export_queue SET withdrawn_at = ?
             WHERE document_pk = ${pk.sql} AND kind = 'document' AND delivered_at IS NULL AND withdrawn_at IS NULL AND ${stillOurs}`,
      params: [now, ...pk.params, ...pk.params],
    }],
    ["cancellation", {
      sql: `INSERT INTO outbox (topic, document_pk, created_at)
            SELECT 'document.cancelled', pk, ? FROM bvac_documents WHERE pk = ${pk.sql} AND status IN ${delivered} AND cancelled_at IS NULL
               AND purged_at IS NULL
            RETURNING id`,
      params: [now, ...pk.params],
    }],
    ["document", {
      // A purged document is never cancelled (its content is gone; the caller answers 409).
      sql: `UPDATE bvac_documents
               SET cancelled_at = ?, updated_at = ?,
                   status = CASE WHEN status IN ${undelivered} THEN 'cancelled' ELSE status END
             WHERE pk = ${pk.sql} AND cancelled_at IS NULL AND purged_at IS NULL`,
      params: [now, now, ...pk.params],
    }],
    // Whatever its state, a cancelled sale no longer counts against the deductible or the cap.
    ["share", reverseShare(pk, now, { sql: `NOT EXISTS (SELECT 1 FROM bvac_documents WHERE pk = ${pk.sql} AND purged_at IS NOT NULL)`, params: pk.params })],
    ["after", { sql: `SELECT ${shownStatus("d")} AS status, d.cancelled_at, d.purged_at FROM bvac_documents d WHERE d.pk = ${pk.sql}`, params: [now, ...pk.params] }],
  ] as const;
}

/** A document by its pk, or by its pharmacy and id (when it was not read first). */
export type DocumentRef = number | { pharmacyNihii: string; documentId: string };

/**
 * Cancels a document. Returns the outbox id of a queued cancellation (after delivery), else null,
 * and the document's state after the batch, read in the same batch: the batch decided by the state
 * at commit time, which may differ from what the caller read before. Null: no such document.
 */
export async function cancelDocument(
  db: Database,
  document: DocumentRef,
  now: string,
): Promise<{ outboxId: number | null; status: DocumentStatus; cancelledAt: string | null; purgedAt: string | null } | null> {
  const results = await namedBatch<"unannounced" | "withdrawn" | "cancellation" | "document" | "share" | "after", { id: number; status: DocumentStatus; cancelled_at: string | null; purged_at: string | null }>(
    db,
    cancelDocumentStatements(document, now),
  );
  const after = results.after.rows[0];
  if (!after) return null;
  return { outboxId: results.cancellation.rows[0]?.id ?? null, status: after.status, cancelledAt: after.cancelled_at, purgedAt: after.purged_at };
}
