-- Per-insurer databases (docs/scale.md): which insurer holds a pharmacy's document id, so a GET,
-- receipt or cancel by id finds the database it is in, and the same id cannot be used for two
-- insurers in two databases. Lives in the shared database (DB); in an insurer's database it stays
-- empty, like every shared table. Ids only: no health data.
CREATE TABLE document_locator (
  pharmacy_nihii  TEXT NOT NULL,
  document_id     TEXT NOT NULL,
  insurer         TEXT NOT NULL,
  PRIMARY KEY (pharmacy_nihii, document_id)
) WITHOUT ROWID;

-- Documents stored before this migration are all in this (the single) database.
INSERT INTO document_locator (pharmacy_nihii, document_id, insurer)
  SELECT pharmacy_nihii, document_id, insurer FROM bvac_documents;
