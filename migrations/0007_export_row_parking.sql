-- An export never dies on one row (issue 11). A row that cannot be written is taken out of its
-- lease and parked alone; `park_reason` says why (no health data: a code and a field path). NULL
-- for entries parked after too many unacknowledged leases.
ALTER TABLE export_queue ADD COLUMN park_reason TEXT;

-- Ingestion now checks every document against the export model before storing it, so a document
-- whose digest matches its text is writable by every format. Documents stored before that check
-- and not yet delivered lose their digest: the next lease checks each of them in full before it
-- answers, and parks any that no export could write.
UPDATE bvac_documents SET document_sha256 = NULL
 WHERE document_sha256 IS NOT NULL
   AND pk IN (SELECT document_pk FROM export_queue WHERE delivered_at IS NULL);
