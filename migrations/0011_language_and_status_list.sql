-- The language a pharmacy's problems are said in when its software sends no Accept-Language
-- (nl, fr, de or en; NULL = en). Set at onboarding (API or `npm run cli -- pharmacy add --language`).
ALTER TABLE pharmacies ADD COLUMN language TEXT CHECK (language IS NULL OR language IN ('nl', 'fr', 'de', 'en'));

-- Token status list (IETF Token Status List as the model): every barcode token issued from now on
-- has an index, one bit in the signed list GET /v1/status-list publishes (1 = revoked). The index
-- is carried in the token's jti (its first 4 bytes), so the token's size and format do not change.
ALTER TABLE barcode_tokens ADD COLUMN status_idx INTEGER;
CREATE UNIQUE INDEX barcode_tokens_by_status_idx ON barcode_tokens (status_idx) WHERE status_idx IS NOT NULL;
CREATE TABLE status_list_counter (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  next_idx  INTEGER NOT NULL
);
INSERT INTO status_list_counter (id, next_idx) VALUES (1, 0);
