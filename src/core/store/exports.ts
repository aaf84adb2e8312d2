import type { DocumentKind } from "../../bvac/model.js";
import type { Database, SqlValue, Statement } from "../ports.js";
import { moveOldestOutboxStatements } from "./outbox.js";
import { namedBatch, placeholders } from "./sql.js";
import { logDocumentEvent } from "./access-log.js";

/**
 * Leased export batches (goqite-style): one UPDATE … RETURNING claims entries atomically on both
 * SQLite and D1, each claim gets a fresh batch id that ack and release must name, and an entry
 * that has been leased `maxAttempts` times without an ack is parked instead of being handed out
 * again. Every statement is scoped to the caller's insurer codes or to the calling key.
 */

/**
 * A document leased this many times without an ack is parked for the operator. The sweep's index
 * (export_queue_leased, migrations/0017) holds only entries leased this often: change both.
 */
export const maxLeaseAttempts = 5;

export type ExportKind = DocumentKind;

/** Entries that are exportable right now (not delivered, parked, withdrawn or under a live lease). */
const claimable = (insurerCount: number) => `insurer IN (${placeholders(insurerCount)})
   AND delivered_at IS NULL AND parked_at IS NULL AND withdrawn_at IS NULL
   AND (lease_until IS NULL OR lease_until <= ?)`;

/**
 * Expired leases of the given insurers: parks the entries that used up their attempts. Runs first
 * in every lease batch, so what a lease sees is already swept. Documents need no update: their
 * shown `leased` is derived from a live lease (store/documents.ts `shownStatus`). The attempts are
 * a literal, not a parameter: SQLite uses the partial index only when the query states its
 * condition as written.
 */
function sweepExpired(insurers: readonly string[], now: string): Statement[] {
  const scope = `insurer IN (${placeholders(insurers.length)}) AND delivered_at IS NULL AND parked_at IS NULL
                 AND withdrawn_at IS NULL AND lease_until IS NOT NULL AND lease_until <= ?`;
  return [
    {
      sql: `UPDATE OR FAIL export_queue SET parked_at = ?, lease_until = NULL WHERE attempts >= ${maxLeaseAttempts} AND ${scope}`,
      params: [now, ...insurers, now],
    },
  ];
}

export interface LeaseRequest {
  batchId: string;
  keyId: string;
  insurers: readonly string[];
  kinds: readonly ExportKind[];
  limit: number;
  format: string;
  now: string;
  leaseUntil: string;
  /** Outbox rows of these insurers moved into the export queue first, in the same batch. */
  outboxMove: number;
  /** Statements first in the batch (the key's copy in an insurer's own database, store/locator.ts). */
  before?: Statement[];
}

/**
 * Claims up to `limit` entries, oldest first, and records the batch, in one atomic batch. Two
 * concurrent callers cannot get the same entry: the claim is a single UPDATE whose WHERE clause
 * re-checks the lease inside the write transaction. The batch first moves the insurers' oldest
 * outbox rows into the queue, so a document committed a moment ago is exportable even while its
 * queue message is in flight (or Queues is down), without a round trip of its own.
 */
export interface LeasedBatch {
  /**
   * How many entries were claimed. Only the count: the body reads the batch's entries page by
   * page (`batchPage`), so returning up to 1000 claimed rows through the writer thread (or D1)
   * only to count them was work every lease paid for nothing.
   */
  claimed: number;
  /** Claimed entries whose document has no digest (stored before 0006/0007): to be checked before the count is announced. */
  undigested: Array<{ entryId: number; documentJson: string }>;
  /** The RSA public key each of the caller's insurers seals BvacList exports with (null: base64 only). */
  sealKeys: Map<string, string | null>;
}

export async function leaseBatch(db: Database, request: LeaseRequest): Promise<LeasedBatch> {
  const { batchId, insurers, kinds, now } = request;
  // What the export needs to know besides the claim is read in the same batch: one round trip.
  const results = await namedBatch<"before" | "outbox" | "sweep" | "claim" | "batch" | "undigested" | "sealKeys", Record<string, unknown>>(db, [
    ["before", request.before ?? []],
    ["outbox", moveOldestOutboxStatements(request.outboxMove, { insurers })],
    ["sweep", sweepExpired(insurers, now)],
    ["claim", {
      // OR FAIL: in a batch only (store/sql.ts `namedBatch`).
      sql: `UPDATE OR FAIL export_queue SET batch_id = ?, lease_until = ?, attempts = attempts + 1
             WHERE id IN (SELECT id FROM export_queue WHERE ${claimable(insurers.length)} AND kind IN (${placeholders(kinds.length)})
                           ORDER BY id LIMIT ?)`,
      params: [batchId, request.leaseUntil, ...insurers, now, ...kinds, request.limit],
    }],
    ["batch", {
      // Only recorded when something was claimed: an empty lease leaves no batch behind.
      sql: `INSERT INTO export_batches (id, key_id, format, created_at, lease_until)
            SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM export_queue WHERE batch_id = ?)`,
      params: [batchId, request.keyId, request.format, now, request.leaseUntil, batchId],
    }],
    ["undigested", {
      // Only those documents' texts are read: one stored before ingestion wrote digests is in the
      // small partial index of migrations/0017 (SQLite would look the text row up by its key
      // instead, reading every claimed document's ~1.5 kB text only to find its digest); a purged
      // one has no text row (migrations/0016): the JSON text `null`, which no format can write.
      sql: `SELECT q.id, COALESCE(t.document_json, 'null') AS document_json
              FROM export_queue q JOIN bvac_documents d ON d.pk = q.document_pk LEFT JOIN bvac_document_texts t ON t.document_pk = q.document_pk
             WHERE q.batch_id = ? AND q.parked_at IS NULL
               AND (d.purged_at IS NOT NULL OR EXISTS (SELECT 1 FROM bvac_document_texts u INDEXED BY bvac_document_texts_undigested
                                                        WHERE u.document_pk = q.document_pk AND u.document_sha256 IS NULL))`,
      params: [batchId],
    }],
    ["sealKeys", { sql: `SELECT code, seal_public_key FROM insurers WHERE code IN (${placeholders(insurers.length)})`, params: insurers }],
  ]);
  // No document row is written (see sweepExpired).
  const undigested = results.undigested.rows as Array<{ id: number; document_json: string }>;
  const keys = results.sealKeys.rows as Array<{ code: string; seal_public_key: string | null }>;
  return {
    claimed: results.claim.changes,
    undigested: undigested.map((row) => ({ entryId: row.id, documentJson: row.document_json })),
    sealKeys: new Map(insurers.map((code) => [code, keys.find((row) => row.code === code)?.seal_public_key ?? null])),
  };
}

export interface ExportRow {
  entryId: number;
  kind: ExportKind;
  insurer: string;
  pharmacyNihii: string;
  documentId: string;
  documentJson: string;
  /** SHA-256 of `documentJson` as ingestion wrote it; null for documents stored before 0006. */
  documentSha256: string | null;
  receivedAt: string;
  cancelledAt: string | null;
}

/**
 * One page of a batch's entries with their documents, in claim order, after `afterId`. Exports
 * read pages so a streamed response holds one page in memory, whatever the batch size.
 */
export async function batchPage(db: Database, batchId: string, afterId: number, pageSize: number): Promise<ExportRow[]> {
  type Row = [id: number, kind: ExportKind, insurer: string, pharmacyNihii: string, documentId: string, documentJson: string, documentSha256: string | null,
    receivedAt: string, cancelledAt: string | null];
  const sql = `SELECT q.id, q.kind, q.insurer, d.pharmacy_nihii, d.document_id, COALESCE(t.document_json, 'null') AS document_json, t.document_sha256,
            d.received_at, d.cancelled_at
       FROM export_queue q JOIN bvac_documents d ON d.pk = q.document_pk LEFT JOIN bvac_document_texts t ON t.document_pk = q.document_pk
      WHERE q.batch_id = ? AND q.id > ? AND q.parked_at IS NULL ORDER BY q.id LIMIT ?`;
  const params = [batchId, afterId, pageSize];
  const rows = db.values ? await db.values<Row>(sql, params) : (await db.all<Record<string, unknown>>(sql, params)).map((row) => Object.values(row) as Row);
  return rows.map(([entryId, kind, insurer, pharmacyNihii, documentId, documentJson, documentSha256, receivedAt, cancelledAt]) => ({
    entryId,
    kind,
    insurer,
    pharmacyNihii,
    documentId,
    documentJson,
    documentSha256,
    receivedAt,
    cancelledAt,
  }));
}

/**
 * Takes one entry out of its lease and parks it with the reason it could not be written, so the
 * rest of the batch is delivered and acknowledged without it. Only while it is still this batch's
 * live entry; false otherwise.
 */
export async function parkEntry(db: Database, entry: { entryId: number; batchId: string; reason: string; now: string }): Promise<boolean> {
  const result = await db.run(
    `UPDATE export_queue SET parked_at = ?, park_reason = ?, lease_until = NULL
      WHERE id = ? AND batch_id = ? AND delivered_at IS NULL AND parked_at IS NULL`,
    [entry.now, entry.reason, entry.entryId, entry.batchId],
  );
  return result.changes === 1;
}

export interface ExportBatch {
  id: string;
  leaseUntil: string;
  ackedAt: string | null;
  releasedAt: string | null;
}

/**
 * Entries of this batch still under its live lease (`lease_until > now`), as a SQL condition.
 * Entries withdrawn meanwhile (the pharmacy cancelled before delivery) are left alone: they are
 * neither delivered nor queued again.
 */
const liveInBatch = "batch_id = ? AND delivered_at IS NULL AND parked_at IS NULL AND withdrawn_at IS NULL AND lease_until > ?";

/** Closes the calling key's batch while its lease is live; changes nothing when closed or expired. */
function closeBatchStatement(column: "acked_at" | "released_at", batchId: string, keyId: string, now: string): Statement {
  return {
    sql: `UPDATE export_batches SET ${column} = ?
           WHERE id = ? AND key_id = ? AND acked_at IS NULL AND released_at IS NULL AND lease_until > ?`,
    params: [now, batchId, keyId, now],
  };
}

/** The state of a batch after a close, and what became of its entries, read in the close's own batch. */
export interface ClosedBatch {
  /** Whether this call closed it (false: already closed, expired, or not this key's). */
  closed: boolean;
  /** The calling key's batch as stored after the call; null when there is none. */
  batch: ExportBatch | null;
  outcome: { delivered: number; parked: number; withdrawn: number; requeued: number };
}

type CloseRow = { id: string; lease_until: string; acked_at: string | null; released_at: string | null; total: number; delivered: number; parked: number; withdrawn: number };

/**
 * Runs a close (its first statement sets `column`) and reads the batch and its outcome in the same
 * batch: one round trip, and the answer is the state the close committed. The entry statements
 * only act when this very call closed the batch (`column = now` for the calling key), so another
 * key's batch, a closed one or an expired one is left as it is.
 */
async function closeAndRead(
  db: Database,
  column: "acked_at" | "released_at",
  batchId: string,
  keyId: string,
  now: string,
  entries: ReadonlyArray<readonly ["logged" | "documents" | "parked" | "entries" | "requeued", Statement]>,
): Promise<ClosedBatch> {
  const results = await namedBatch<string, CloseRow>(db, [
    ["closed", closeBatchStatement(column, batchId, keyId, now)],
    ...entries,
    ["batch", { sql: "SELECT id, lease_until, acked_at, released_at FROM export_batches WHERE id = ? AND key_id = ?", params: [batchId, keyId] }],
    ["outcome", {
      sql: `SELECT COUNT(*) AS total,
                   COALESCE(SUM(delivered_at IS NOT NULL), 0) AS delivered,
                   COALESCE(SUM(parked_at IS NOT NULL), 0) AS parked,
                   COALESCE(SUM(withdrawn_at IS NOT NULL AND delivered_at IS NULL AND parked_at IS NULL), 0) AS withdrawn
              FROM export_queue WHERE batch_id = ? AND EXISTS (SELECT 1 FROM export_batches WHERE id = ? AND key_id = ?)`,
      params: [batchId, batchId, keyId],
    }],
  ]);
  const row = results.batch?.rows[0];
  const counts = results.outcome?.rows[0];
  const delivered = counts?.delivered ?? 0;
  const parked = counts?.parked ?? 0;
  const withdrawn = counts?.withdrawn ?? 0;
  return {
    closed: results.closed?.changes === 1,
    batch: row ? { id: row.id, leaseUntil: row.lease_until, ackedAt: row.acked_at, releasedAt: row.released_at } : null,
    outcome: { delivered, parked, withdrawn, requeued: (counts?.total ?? 0) - delivered - parked - withdrawn },
  };
}

/**
 * This call closed the calling key's batch (the close statement ran first in the same batch): each
 * statement checks the key itself rather than trusting an earlier check.
 */
const closedNow = (column: "acked_at" | "released_at") =>
  `EXISTS (SELECT 1 FROM export_batches b WHERE b.id = ? AND b.key_id = ? AND b.${column} = ?)`;

/**
 * Marks the batch's entries delivered, and their documents `delivered` (a document cancelled in
 * the meantime keeps `cancelled`). Only entries still under this batch's live lease are touched,
 * and only when the batch was still open (`closed` false when the lease had expired or the batch
 * was already closed).
 */
export function ackBatch(db: Database, batchId: string, keyId: string, now: string): Promise<ClosedBatch> {
  // Every write of many rows says OR FAIL: in a batch only (store/sql.ts `namedBatch`).
  return closeAndRead(db, "acked_at", batchId, keyId, now, [
    // Before the UPDATE below: it selects the documents that this ack delivers.
    ["logged", logDocumentEvent("document_delivered", "insurer", now, {
      sql: `d.status IN ('queued', 'leased') AND ${closedNow("acked_at")}
              AND d.pk IN (SELECT document_pk FROM export_queue WHERE kind = 'document' AND ${liveInBatch})`,
      params: [batchId, keyId, now, batchId, now],
    })],
    ["documents", {
      sql: `UPDATE OR FAIL bvac_documents SET status = 'delivered', delivered_at = ?, updated_at = ?
             WHERE status IN ('queued', 'leased') AND ${closedNow("acked_at")}
               AND pk IN (SELECT document_pk FROM export_queue WHERE kind = 'document' AND ${liveInBatch})`,
      params: [now, now, batchId, keyId, now, batchId, now],
    }],
    ["entries", { sql: `UPDATE OR FAIL export_queue SET delivered_at = ?, lease_until = NULL WHERE ${liveInBatch} AND ${closedNow("acked_at")}`, params: [now, batchId, now, batchId, keyId, now] }],
  ]);
}

/**
 * Gives the batch's entries back (their documents show `queued` again, the lease being over),
 * entries that used up their attempts are parked, the others become claimable at once.
 */
export function releaseBatch(db: Database, batchId: string, keyId: string, now: string): Promise<ClosedBatch> {
  // Every write of many rows says OR FAIL: in a batch only (store/sql.ts `namedBatch`).
  return closeAndRead(db, "released_at", batchId, keyId, now, [
    ["parked", {
      sql: `UPDATE OR FAIL export_queue SET parked_at = ?, lease_until = NULL WHERE attempts >= ? AND ${liveInBatch} AND ${closedNow("released_at")}`,
      params: [now, maxLeaseAttempts, batchId, now, batchId, keyId, now],
    }],
    ["requeued", { sql: `UPDATE OR FAIL export_queue SET lease_until = NULL WHERE ${liveInBatch} AND ${closedNow("released_at")}`, params: [batchId, now, batchId, keyId, now] }],
  ]);
}

export interface ParkedEntry {
  entryId: number;
  insurer: string;
  kind: ExportKind;
  pharmacyNihii: string;
  documentId: string;
  attempts: number;
  enqueuedAt: string;
  parkedAt: string;
  /** Why it could not be written (export model), or null: leased too often without an ack. */
  reason: string | null;
}

/** Parked entries for the operator, oldest first; optionally of one insurer. */
export async function listParked(db: Database, options: { insurer?: string; limit: number; afterId: number }): Promise<ParkedEntry[]> {
  const params: SqlValue[] = [options.afterId];
  if (options.insurer) params.push(options.insurer);
  params.push(options.limit);
  const rows = await db.all<{
    id: number;
    insurer: string;
    kind: ExportKind;
    pharmacy_nihii: string;
    document_id: string;
    attempts: number;
    enqueued_at: string;
    parked_at: string;
    park_reason: string | null;
  }>(
    `SELECT q.id, q.insurer, q.kind, d.pharmacy_nihii, d.document_id, q.attempts, q.enqueued_at, q.parked_at, q.park_reason
       FROM export_queue q JOIN bvac_documents d ON d.pk = q.document_pk
      WHERE q.parked_at IS NOT NULL AND q.id > ? ${options.insurer ? "AND q.insurer = ?" : ""}
      ORDER BY q.id LIMIT ?`,
    params,
  );
  return rows.map((row) => ({
    entryId: row.id,
    insurer: row.insurer,
    kind: row.kind,
    pharmacyNihii: row.pharmacy_nihii,
    documentId: row.document_id,
    attempts: row.attempts,
    enqueuedAt: row.enqueued_at,
    parkedAt: row.parked_at,
    reason: row.park_reason,
  }));
}

/** Puts a parked entry back in the queue with a fresh attempt count; false when it is not parked. */
export async function requeueParked(db: Database, entryId: number): Promise<boolean> {
  const result = await db.run(
    "UPDATE export_queue SET parked_at = NULL, park_reason = NULL, attempts = 0, lease_until = NULL WHERE id = ? AND parked_at IS NOT NULL",
    [entryId],
  );
  return result.changes === 1;
}
