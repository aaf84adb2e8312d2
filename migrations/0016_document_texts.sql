-- A document's stored text (and its digest, migrations/0006) in a row of its own, keyed by the
-- document. SQLite rewrites a whole record on any UPDATE: with the ~1.5 kB text inline, every
-- status change (an export's ack marks each of its up to 1000 documents delivered, decisions,
-- cancellations) rewrote and logged about two documents per 4 KiB page, the text included. The
-- document row is now narrow; the text is written once at ingestion, read by exports, the
-- pharmacy's and the member's reads, and deleted by the purge (a tombstone has no text row).
CREATE TABLE bvac_document_texts (
  document_pk      INTEGER PRIMARY KEY REFERENCES bvac_documents (pk),
  document_json    TEXT NOT NULL,
  document_sha256  TEXT
);
INSERT INTO bvac_document_texts (document_pk, document_json, document_sha256)
  SELECT pk, document_json, document_sha256 FROM bvac_documents WHERE purged_at IS NULL;
ALTER TABLE bvac_documents DROP COLUMN document_json;
ALTER TABLE bvac_documents DROP COLUMN document_sha256;
