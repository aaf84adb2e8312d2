-- A document's lines were stored twice: inside its text (`bvac_documents.document_json`, which
-- exports, GET, receipts and the member's pages read) and as `bvac_lines` rows, which nothing
-- read. The rows were half of every line's bytes and a statement per 8 lines in each ingestion
-- batch (docs/scale.md). Nothing is lost: every line of every stored document is in its text
-- (a purged document's lines were deleted with its text).
DROP TABLE bvac_lines;
