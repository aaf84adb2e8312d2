-- Ingestion (issue 4).

-- 1. The request that inserted a document. A submission is one batch: the document insert is
-- `ON CONFLICT DO NOTHING` on (pharmacy_nihii, document_id), and its lines and outbox row select the
-- document by this id, so a request that lost a race for the same document id writes nothing at
-- all (no error, no orphan rows) and then answers from the winner's row.
ALTER TABLE bvac_documents ADD COLUMN ingest_id TEXT;

-- 2. Outbox ids must never be reused. `export_queue.outbox_id` is UNIQUE and the move is
-- `INSERT OR IGNORE` (that is what makes a redelivered queue message harmless), but moved outbox rows
-- are deleted, and a plain INTEGER PRIMARY KEY hands out max(id) + 1 again once the table is empty:
-- the next document got an id already present in export_queue, was silently ignored, and its outbox
-- row deleted — a 201 that never reached the insurer. AUTOINCREMENT never reuses an id.
CREATE TABLE outbox_v2 (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  topic         TEXT NOT NULL CHECK (topic IN ('document.queued', 'document.cancelled')),
  document_pk   INTEGER NOT NULL REFERENCES bvac_documents (pk),
  created_at    TEXT NOT NULL,
  published_at  TEXT
);
INSERT INTO outbox_v2 (id, topic, document_pk, created_at, published_at)
  SELECT id, topic, document_pk, created_at, published_at FROM outbox;
-- Start the sequence above every id already moved to the export queue: insert one placeholder row
-- at that id (only when it is higher than what was copied) and delete it; AUTOINCREMENT remembers it.
INSERT INTO outbox_v2 (id, topic, document_pk, created_at)
  SELECT max(e.outbox_id), 'document.queued', (SELECT min(pk) FROM bvac_documents), 'sequence-floor'
    FROM export_queue e
  HAVING max(e.outbox_id) > coalesce((SELECT max(id) FROM outbox), 0);
DELETE FROM outbox_v2 WHERE created_at = 'sequence-floor';
DROP TABLE outbox;
ALTER TABLE outbox_v2 RENAME TO outbox;
