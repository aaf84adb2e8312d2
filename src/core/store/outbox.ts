import type { Database, Statement } from "../ports.js";
import { namedBatch, placeholders } from "./sql.js";

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
 * Moves outbox rows into the export queue and deletes them, atomically. Idempotent: the export
 * queue is unique on `outbox_id`, so a redelivered queue message or a second dispatcher moves
 * nothing twice. Returns how many rows were moved.
 */
export async function moveOutboxToExportQueue(db: Database, outboxIds: readonly number[]): Promise<number> {
  if (outboxIds.length === 0) return 0;
  const list = placeholders(outboxIds.length);
  const { moved } = await namedBatch(db, [
    ["moved", {
      sql: `INSERT OR IGNORE INTO export_queue (outbox_id, insurer, document_pk, kind, enqueued_at)
            SELECT o.id, d.insurer, o.document_pk,
                   CASE o.topic WHEN 'document.cancelled' THEN 'cancellation' ELSE 'document' END, o.created_at
              FROM outbox o JOIN bvac_documents d ON d.pk = o.document_pk
             WHERE o.id IN (${list}) ORDER BY o.id`,
      params: outboxIds,
    }],
    ["deleted", { sql: `DELETE FROM outbox WHERE id IN (${list})`, params: outboxIds }],
  ]);
  return moved.changes;
}

/** Ids of the oldest outbox rows still waiting, optionally only those older than `createdBefore`. */
export async function pendingOutboxIds(db: Database, limit: number, createdBefore?: string): Promise<number[]> {
  const rows = await db.all<{ id: number }>(
    `SELECT id FROM outbox ${createdBefore ? "WHERE created_at < ?" : ""} ORDER BY id LIMIT ?`,
    createdBefore ? [createdBefore, limit] : [limit],
  );
  return rows.map((row) => row.id);
}
