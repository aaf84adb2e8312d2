import type { DocumentKind } from "../../bvac/model.js";
import type { Database, SqlValue, Statement } from "../ports.js";
import { namedBatch, placeholders } from "./sql.js";
import { logDocumentEvent } from "./access-log.js";

/**
 * Leased export batches (goqite-style): one UPDATE … RETURNING claims entries atomically on both
 * SQLite and D1, each claim gets a fresh batch id that ack and release must name, and an entry
 * that has been leased `maxAttempts` times without an ack is parked instead of being handed out
 * again. Every statement is scoped to the caller's insurer codes or to the calling key.
 */

/** A document leased this many times without an ack is parked for the operator. */
export const maxLeaseAttempts = 5;

export type ExportKind = DocumentKind;

/** Entries that are exportable right now (not delivered, parked, withdrawn or under a live lease). */
const claimable = (insurerCount: number) => `insurer IN (${placeholders(insurerCount)})
   AND delivered_at IS NULL AND parked_at IS NULL AND withdrawn_at IS NULL
   AND (lease_until IS NULL OR lease_until <= ?)`;

/**
 * Expired leases of the given insurers: parks the entries that used up their attempts. Runs first
 * in every lease batch, so what a lease sees is already swept. Documents need no update: their
 * shown `leased` is derived from a live lease (store/documents.ts `shownStatus`).
 */
function sweepExpired(insurers: readonly string[], now: string): Statement[] {
  const scope = `insurer IN (${placeholders(insurers.length)}) AND delivered_at IS NULL AND parked_at IS NULL
                 AND withdrawn_at IS NULL AND lease_until IS NOT NULL AND lease_until <= ?`;
  return [
    {
      sql: `UPDATE export_queue SET parked_at = ?, lease_until = NULL WHERE attempts >= ? AND ${scope}`,
      params: [now, maxLeaseAttempts, ...insurers, now],
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
}

export interface LeasedEntry {
  id: number;
  kind: ExportKind;
  insurer: string;
  documentPk: number;
  attempts: number;
}

/**
 * Claims up to `limit` entries, oldest first, and records the batch, in one atomic batch. Two
 * concurrent callers cannot get the same entry: the claim is a single UPDATE whose WHERE clause
 * re-checks the lease inside the write transaction.
 */
export async function leaseBatch(db: Database, request: LeaseRequest): Promise<LeasedEntry[]> {
  const { batchId, insurers, kinds, now } = request;
  const results = await namedBatch<"sweep" | "claim" | "batch", { id: number; kind: ExportKind; insurer: string; document_pk: number; attempts: number }>(db, [
    ["sweep", sweepExpired(insurers, now)],
    ["claim", {
      sql: `UPDATE export_queue SET batch_id = ?, lease_until = ?, attempts = attempts + 1
             WHERE id IN (SELECT id FROM export_queue WHERE ${claimable(insurers.length)} AND kind IN (${placeholders(kinds.length)})
                           ORDER BY id LIMIT ?)
            RETURNING id, kind, insurer, document_pk, attempts`,
      params: [batchId, request.leaseUntil, ...insurers, now, ...kinds, request.limit],
    }],
    ["batch", {
      // Only recorded when something was claimed: an empty lease leaves no batch behind.
      sql: `INSERT INTO export_batches (id, key_id, format, created_at, lease_until)
            SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM export_queue WHERE batch_id = ?)`,
      params: [batchId, request.keyId, request.format, now, request.leaseUntil, batchId],
    }],
  ]);
  // No document row is written (see sweepExpired).
  const claimed = results.claim.rows;
  return claimed
    .map((row) => ({ id: row.id, kind: row.kind, insurer: row.insurer, documentPk: row.document_pk, attempts: row.attempts }))
    .sort((a, b) => a.id - b.id);
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
  const rows = await db.all<{
    id: number;
    kind: ExportKind;
    insurer: string;
    pharmacy_nihii: string;
    document_id: string;
    document_json: string;
    document_sha256: string | null;
    received_at: string;
    cancelled_at: string | null;
  }>(
    `SELECT q.id, q.kind, q.insurer, d.pharmacy_nihii, d.document_id, d.document_json, d.document_sha256, d.received_at, d.cancelled_at
       FROM export_queue q JOIN bvac_documents d ON d.pk = q.document_pk
      WHERE q.batch_id = ? AND q.id > ? ORDER BY q.id LIMIT ?`,
    [batchId, afterId, pageSize],
  );
  return rows.map((row) => ({
    entryId: row.id,
    kind: row.kind,
    insurer: row.insurer,
    pharmacyNihii: row.pharmacy_nihii,
    documentId: row.document_id,
    documentJson: row.document_json,
    documentSha256: row.document_sha256,
    receivedAt: row.received_at,
    cancelledAt: row.cancelled_at,
  }));
}

export interface ExportBatch {
  id: string;
  leaseUntil: string;
  ackedAt: string | null;
  releasedAt: string | null;
}

/** The batch if it was leased by this key; another key's batch is "not found". */
export async function findBatch(db: Database, batchId: string, keyId: string): Promise<ExportBatch | null> {
  const row = await db.first<{ id: string; lease_until: string; acked_at: string | null; released_at: string | null }>(
    "SELECT id, lease_until, acked_at, released_at FROM export_batches WHERE id = ? AND key_id = ?",
    [batchId, keyId],
  );
  return row ? { id: row.id, leaseUntil: row.lease_until, ackedAt: row.acked_at, releasedAt: row.released_at } : null;
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

/**
 * Marks the batch's entries delivered, and their documents `delivered` (a document cancelled in
 * the meantime keeps `cancelled`). Only entries still under this batch's live lease are touched;
 * returns false when the lease had expired or the batch was already closed.
 */
export async function ackBatch(db: Database, batchId: string, keyId: string, now: string): Promise<boolean> {
  const { closed } = await namedBatch(db, [
    ["closed", closeBatchStatement("acked_at", batchId, keyId, now)],
    // Before the UPDATE below: it selects the documents that this ack delivers.
    ["logged", logDocumentEvent("document_delivered", "insurer", now, {
      sql: `SELECT pk FROM bvac_documents WHERE status IN ('queued', 'leased')
              AND pk IN (SELECT document_pk FROM export_queue WHERE kind = 'document' AND ${liveInBatch})`,
      params: [batchId, now],
    })],
    ["documents", {
      sql: `UPDATE bvac_documents SET status = 'delivered', delivered_at = ?, updated_at = ?
             WHERE status IN ('queued', 'leased')
               AND pk IN (SELECT document_pk FROM export_queue WHERE kind = 'document' AND ${liveInBatch})`,
      params: [now, now, batchId, now],
    }],
    ["entries", { sql: `UPDATE export_queue SET delivered_at = ?, lease_until = NULL WHERE ${liveInBatch}`, params: [now, batchId, now] }],
  ]);
  return closed.changes === 1;
}

/**
 * Gives the batch's entries back (their documents show `queued` again, the lease being over), entries that used up their
 * attempts are parked, the others become claimable at once. Returns false when the lease had
 * expired or the batch was already closed.
 */
export async function releaseBatch(db: Database, batchId: string, keyId: string, now: string): Promise<boolean> {
  const { closed } = await namedBatch(db, [
    ["closed", closeBatchStatement("released_at", batchId, keyId, now)],
    ["parked", {
      sql: `UPDATE export_queue SET parked_at = ?, lease_until = NULL WHERE attempts >= ? AND ${liveInBatch}`,
      params: [now, maxLeaseAttempts, batchId, now],
    }],
    ["requeued", { sql: `UPDATE export_queue SET lease_until = NULL WHERE ${liveInBatch}`, params: [batchId, now] }],
  ]);
  return closed.changes === 1;
}

/**
 * How the batch's entries ended up: delivered, parked, withdrawn (cancelled by the pharmacy
 * before delivery: not to be imported), or back in the queue.
 */
export async function batchOutcome(
  db: Database,
  batchId: string,
): Promise<{ delivered: number; parked: number; withdrawn: number; requeued: number }> {
  const row = await db.first<{ delivered: number; parked: number; withdrawn: number; total: number }>(
    `SELECT COUNT(*) AS total,
            COALESCE(SUM(delivered_at IS NOT NULL), 0) AS delivered,
            COALESCE(SUM(parked_at IS NOT NULL), 0) AS parked,
            COALESCE(SUM(withdrawn_at IS NOT NULL AND delivered_at IS NULL AND parked_at IS NULL), 0) AS withdrawn
       FROM export_queue WHERE batch_id = ?`,
    [batchId],
  );
  const delivered = row?.delivered ?? 0;
  const parked = row?.parked ?? 0;
  const withdrawn = row?.withdrawn ?? 0;
  return { delivered, parked, withdrawn, requeued: (row?.total ?? 0) - delivered - parked - withdrawn };
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
  }>(
    `SELECT q.id, q.insurer, q.kind, d.pharmacy_nihii, d.document_id, q.attempts, q.enqueued_at, q.parked_at
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
  }));
}

/** Puts a parked entry back in the queue with a fresh attempt count; false when it is not parked. */
export async function requeueParked(db: Database, entryId: number): Promise<boolean> {
  const result = await db.run(
    "UPDATE export_queue SET parked_at = NULL, attempts = 0, lease_until = NULL WHERE id = ? AND parked_at IS NOT NULL",
    [entryId],
  );
  return result.changes === 1;
}
