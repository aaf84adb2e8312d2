-- What an export's lease and ack write and read per document, made cheaper without changing what
-- is stored.
--
-- 1. The same CHECK constraints, written as comparisons instead of `IN (…)` lists. SQLite compiles
-- a constant IN list of more than two values into a temporary b-tree, and inside a CHECK it fills
-- that b-tree again for every row written: each document an ack delivers (its status) and each
-- access-log row (its event and actor) paid for a small index built and searched per row. The
-- allowed values are unchanged. SQLite cannot alter a CHECK in place, so both tables are rebuilt
-- with the same columns in the same order, the same rows and the same indexes.

-- bvac_documents is the parent of several tables: dropping it would fail on their rows, which
-- only point to the rebuilt table after the rename below. Their foreign keys wait meanwhile (D1
-- runs a migration in one transaction and documents this pragma for such a rebuild).
PRAGMA defer_foreign_keys = ON;

CREATE TABLE bvac_documents_0017 (
  pk                      INTEGER PRIMARY KEY,
  pharmacy_nihii          TEXT NOT NULL REFERENCES pharmacies (nihii),
  document_id             TEXT NOT NULL,
  -- SHA-256 of the canonical normalised document: same id + same hash = replay, else conflict.
  content_hash            TEXT NOT NULL,
  insurer                 TEXT NOT NULL,
  key1                    TEXT NOT NULL,
  barcode_kind            TEXT NOT NULL CHECK (barcode_kind IN ('signed', 'legacy')),
  barcode_jti             TEXT,
  delivery_date           TEXT NOT NULL,
  status                  TEXT NOT NULL CHECK (status = 'queued' OR status = 'leased' OR status = 'delivered' OR status = 'accepted'
                                               OR status = 'rejected' OR status = 'paid' OR status = 'cancelled'),
  total_public_cents      INTEGER NOT NULL,
  total_paid_cents        INTEGER NOT NULL,
  total_homeopathy_cents  INTEGER NOT NULL,
  warnings_json           TEXT NOT NULL DEFAULT '[]',
  received_at             TEXT NOT NULL,
  updated_at              TEXT NOT NULL,
  delivered_at            TEXT,
  cancelled_at            TEXT,
  ingest_id               TEXT,
  purged_at               TEXT,
  UNIQUE (pharmacy_nihii, document_id)
);
INSERT INTO bvac_documents_0017 (pk, pharmacy_nihii, document_id, content_hash, insurer, key1, barcode_kind, barcode_jti, delivery_date,
                                 status, total_public_cents, total_paid_cents, total_homeopathy_cents, warnings_json, received_at,
                                 updated_at, delivered_at, cancelled_at, ingest_id, purged_at)
  SELECT pk, pharmacy_nihii, document_id, content_hash, insurer, key1, barcode_kind, barcode_jti, delivery_date,
         status, total_public_cents, total_paid_cents, total_homeopathy_cents, warnings_json, received_at,
         updated_at, delivered_at, cancelled_at, ingest_id, purged_at
    FROM bvac_documents;
DROP TABLE bvac_documents;
ALTER TABLE bvac_documents_0017 RENAME TO bvac_documents;
CREATE INDEX bvac_documents_by_member ON bvac_documents (insurer, key1, delivery_date);
CREATE INDEX bvac_documents_purgeable ON bvac_documents (insurer, updated_at)
  WHERE purged_at IS NULL AND status NOT IN ('queued', 'leased');

-- Dropping the old table counted every child row as pointing nowhere; they point to the rebuilt
-- table now, which holds the same keys. Turning the pragma off forgets those counts.
PRAGMA defer_foreign_keys = OFF;

CREATE TABLE member_access_log_0017 (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  insurer         TEXT NOT NULL,
  key1            TEXT NOT NULL,
  at              TEXT NOT NULL,
  event           TEXT NOT NULL CHECK (event = 'document_submitted' OR event = 'document_delivered' OR event = 'document_decided'
                                      OR event = 'barcode_issued' OR event = 'barcode_revoked' OR event = 'signed_in'),
  -- Who acted: the pharmacy (its name as registered at that moment), or the insurer / member.
  actor           TEXT NOT NULL CHECK (actor = 'pharmacy' OR actor = 'insurer' OR actor = 'member'),
  pharmacy_nihii  TEXT,
  pharmacy_name   TEXT,
  document_id     TEXT,
  -- The decision's status, or how many barcodes were revoked.
  detail          TEXT,
  -- Sign-in: a digest of the access token, so one token is one sign-in however often it is used.
  ref             TEXT
);
-- Ids are the members' paging cursor and must never be reused: the new table starts from the old
-- one's high-water mark (which a purge of the newest rows leaves above MAX(id)).
INSERT INTO sqlite_sequence (name, seq) SELECT 'member_access_log_0017', seq FROM sqlite_sequence WHERE name = 'member_access_log';
INSERT INTO member_access_log_0017 (id, insurer, key1, at, event, actor, pharmacy_nihii, pharmacy_name, document_id, detail, ref)
  SELECT id, insurer, key1, at, event, actor, pharmacy_nihii, pharmacy_name, document_id, detail, ref FROM member_access_log;
DROP TABLE member_access_log;
ALTER TABLE member_access_log_0017 RENAME TO member_access_log;
CREATE INDEX member_access_log_by_member ON member_access_log (insurer, key1, id);
CREATE INDEX member_access_log_by_age ON member_access_log (insurer, at);
CREATE UNIQUE INDEX member_access_log_sign_ins ON member_access_log (insurer, key1, ref) WHERE ref IS NOT NULL;

-- 2. Texts without a digest (stored before migrations/0006 and 0007; ingestion writes one for every
-- document since). A lease checks each of its documents against this small index instead of
-- reading each document's text row, which only the body needs.
CREATE INDEX bvac_document_texts_undigested ON bvac_document_texts (document_pk) WHERE document_sha256 IS NULL;

-- 3. The expired-lease sweep (migrations/0005) only parks entries leased `maxLeaseAttempts` (5)
-- times (store/exports.ts); the others' expired leases need nothing and are claimed again as they
-- are. Its index now holds only those entries, so a lease's claim and an ack no longer add and
-- remove an index entry for every document.
DROP INDEX export_queue_leased;
CREATE INDEX export_queue_leased ON export_queue (insurer, lease_until)
  WHERE attempts >= 5 AND lease_until IS NOT NULL AND delivered_at IS NULL AND parked_at IS NULL AND withdrawn_at IS NULL;
