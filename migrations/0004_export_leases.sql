-- Insurer exports: look-ups the lease, ack, release and parked-list paths make on every call.

-- Ack and release find a batch's entries by the batch id (the lease id).
CREATE INDEX export_queue_by_batch ON export_queue (batch_id) WHERE batch_id IS NOT NULL;

-- The operator's parked list (`GET /v1/admin/parked`), oldest first.
CREATE INDEX export_queue_parked ON export_queue (parked_at, id) WHERE parked_at IS NOT NULL;

-- A batch's key is checked on every ack/release (another key's batch is a 404).
CREATE INDEX export_batches_by_key ON export_batches (key_id, created_at);

-- Outbox ids must never be reused: `moveOutboxToExportQueue` deletes moved rows and the export
-- queue is unique on `outbox_id` (its idempotency key). Without AUTOINCREMENT SQLite hands out
-- max(id)+1 again once the outbox is empty, and the next document's row was silently ignored
-- as "already moved". Rebuild the table with AUTOINCREMENT and start above every id ever used.
CREATE TABLE outbox_v2 (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  topic         TEXT NOT NULL CHECK (topic IN ('document.queued', 'document.cancelled')),
  document_pk   INTEGER NOT NULL REFERENCES bvac_documents (pk),
  created_at    TEXT NOT NULL,
  published_at  TEXT
);
INSERT INTO outbox_v2 (id, topic, document_pk, created_at, published_at)
  SELECT id, topic, document_pk, created_at, published_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v2 RENAME TO outbox;
INSERT INTO sqlite_sequence (name, seq)
  SELECT 'outbox', MAX(COALESCE((SELECT MAX(id) FROM outbox), 0), COALESCE((SELECT MAX(outbox_id) FROM export_queue), 0))
   WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'outbox');
UPDATE sqlite_sequence
   SET seq = MAX(seq, COALESCE((SELECT MAX(id) FROM outbox), 0), COALESCE((SELECT MAX(outbox_id) FROM export_queue), 0))
 WHERE name = 'outbox';
