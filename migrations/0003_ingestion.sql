-- Ingestion (issue 4). The request that inserted a document. A submission is one batch: the document insert is
-- `ON CONFLICT DO NOTHING` on (pharmacy_nihii, document_id), and its lines and outbox row select the
-- document by this id, so a request that lost a race for the same document id writes nothing at
-- all (no error, no orphan rows) and then answers from the winner's row.
ALTER TABLE bvac_documents ADD COLUMN ingest_id TEXT;
