import type { Database, SqlValue, Statement } from "../ports.js";
import { chunksWithinParameters, placeholders } from "./sql.js";

export type OutboxTopic = "document.queued" | "document.cancelled";

/**
 * The outbox row announcing a change; put it in the same batch as the change. The statement
 * returns the new row's id (`RETURNING id`) so the caller can publish it after commit.
 * `documentPk` may be a sub-select (e.g. the pk of a row inserted earlier in the same batch).
 */
export function insertOutbox(topic: OutboxTopic, documentPk: number | { sql: string; params: Statement["params"] }, createdAt: string): Statement {
  if (typeof documentPk === "number") {
    return {
      sql: "INSERT INTO outbox (topic, document_pk, created_at) VALUES (?, ?, ?) RETURNING id",
      params: [topic, documentPk, createdAt],
    };
  }
  return {
    sql: `INSERT INTO outbox (topic, document_pk, created_at) VALUES (?, (${documentPk.sql}), ?) RETURNING id`,
    params: [topic, ...documentPk.params, createdAt],
  };
}

/**
 * How an outbox row becomes an export-queue entry: the entry's insurer comes from its document,
 * its kind from the topic. `picked` is a sub-select of outbox ids.
 */
const moveInto = (picked: string) => `INSERT OR IGNORE INTO export_queue (outbox_id, insurer, document_pk, kind, enqueued_at)
            SELECT o.id, d.insurer, o.document_pk,
                   CASE o.topic WHEN 'document.cancelled' THEN 'cancellation' ELSE 'document' END, o.created_at
              FROM outbox o JOIN bvac_documents d ON d.pk = o.document_pk
             WHERE o.id IN (${picked}) ORDER BY o.id`;

/**
 * Moves outbox rows into the export queue and deletes them, atomically. Idempotent: the export
 * queue is unique on `outbox_id`, so a redelivered queue message or a second dispatcher moves
 * nothing twice. The ids go in chunks within D1's bound-parameter limit, all in one batch.
 * Returns how many rows were moved.
 */
export async function moveOutboxToExportQueue(db: Database, outboxIds: readonly number[]): Promise<number> {
  if (outboxIds.length === 0) return 0;
  const statements = chunksWithinParameters(outboxIds, 1).flatMap((chunk) => {
    const list = placeholders(chunk.length);
    return [
      { sql: moveInto(list), params: chunk },
      { sql: `DELETE FROM outbox WHERE id IN (${list})`, params: chunk },
    ];
  });
  const results = await db.batch(statements);
  return results.filter((_, index) => index % 2 === 0).reduce((sum, result) => sum + result.changes, 0);
}

/** Which outbox rows a move takes: the oldest, optionally only some insurers' or only older ones. */
export interface OutboxScope {
  /** Only rows whose document belongs to one of these insurers (at most 50, as an insurer key). */
  insurers?: readonly string[];
  /** Only rows created before this instant (ISO). */
  createdBefore?: string;
}

/**
 * The two statements moving up to `limit` of the oldest outbox rows in `scope` into the export
 * queue, as part of a caller's batch. Both pick the same rows by the same sub-select: inside one
 * batch (one transaction) the outbox does not change between them. No id is bound, so the move
 * stays within D1's bound-parameter limit however many rows it takes.
 */
export function moveOldestOutboxStatements(limit: number, scope: OutboxScope = {}): [Statement, Statement] {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (scope.insurers) {
    where.push(`EXISTS (SELECT 1 FROM bvac_documents sd WHERE sd.pk = o.document_pk AND sd.insurer IN (${placeholders(scope.insurers.length)}))`);
    params.push(...scope.insurers);
  }
  if (scope.createdBefore) {
    where.push("o.created_at < ?");
    params.push(scope.createdBefore);
  }
  const picked = `SELECT o.id FROM outbox o ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY o.id LIMIT ?`;
  return [
    { sql: moveInto(picked), params: [...params, limit] },
    { sql: `DELETE FROM outbox WHERE id IN (${picked})`, params: [...params, limit] },
  ];
}

/** Moves up to `limit` of the oldest outbox rows in `scope`; returns how many left the outbox. */
export async function moveOldestOutbox(db: Database, limit: number, scope: OutboxScope = {}): Promise<number> {
  const [, deleted] = await db.batch(moveOldestOutboxStatements(limit, scope));
  return deleted?.changes ?? 0;
}
