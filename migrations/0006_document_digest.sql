-- Insurer exports (issue 6 target: ≥ 100 000 documents/s as NDJSON). JSON and NDJSON exports copy
-- the stored `document_json` text instead of parsing, re-validating and re-serialising it (that was
-- ~20 µs of a document's ~25 µs). This digest of the exact stored text, written with it at
-- ingestion, is what lets the export trust the text cheaply: a row whose text no longer matches
-- (or was stored before this column existed, NULL) goes through the full schema check again.
ALTER TABLE bvac_documents ADD COLUMN document_sha256 TEXT;

-- A lease no longer rewrites its documents' rows to `leased` (nor a sweep or release back to
-- `queued`): each of those UPDATEs rewrote 1000 wide rows (the document text is inline), ~40 ms a
-- batch. `leased` is derived where a status is shown, from a live lease on the document's entry
-- (repos/documents.ts `shownStatus`); this index finds a document's entries for it (and for a
-- cancellation's withdrawal, which looked them up by a scan).
CREATE INDEX export_queue_by_document ON export_queue (document_pk);
