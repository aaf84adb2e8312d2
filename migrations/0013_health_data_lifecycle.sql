-- Health data lifecycle (issue 18): retention and purge, the member's access log, erasure.

-- Per-insurer retention in days; NULL = the gateway's default (`RETENTION_DAYS`, 400).
ALTER TABLE insurers ADD COLUMN retention_days INTEGER CHECK (retention_days IS NULL OR retention_days BETWEEN 1 AND 3650);

-- Set when the purge removed the document's personal and health content. The row stays as a
-- tombstone (pharmacy, document id, content hash, insurer, totals, dates, status) so a late replay
-- of the same id is still answered 200 and changed content 409; key1 becomes '' and
-- document_json the JSON text `null`, its lines are deleted.
ALTER TABLE bvac_documents ADD COLUMN purged_at TEXT;

-- The purge's candidates: documents past the last change of their lifecycle (`updated_at` is the
-- time of the decision, of the delivery when none came, or of a cancellation), never queued or
-- leased ones. Partial, so purged rows and the live queue cost nothing here.
CREATE INDEX bvac_documents_purgeable ON bvac_documents (insurer, updated_at)
  WHERE purged_at IS NULL AND status NOT IN ('queued', 'leased');

-- Who handled a member's data, written in the same batch as the event it records.
-- AUTOINCREMENT: ids are the paging cursor and must not be reused after a purge deletes the newest.
CREATE TABLE member_access_log (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  insurer         TEXT NOT NULL,
  key1            TEXT NOT NULL,
  at              TEXT NOT NULL,
  event           TEXT NOT NULL CHECK (event IN ('document_submitted', 'document_delivered', 'document_decided',
                                                 'barcode_issued', 'barcode_revoked', 'signed_in')),
  -- Who acted: the pharmacy (its name as registered at that moment), or the insurer / member.
  actor           TEXT NOT NULL CHECK (actor IN ('pharmacy', 'insurer', 'member')),
  pharmacy_nihii  TEXT,
  pharmacy_name   TEXT,
  document_id     TEXT,
  -- The decision's status, or how many barcodes were revoked.
  detail          TEXT,
  -- Sign-in: a digest of the access token, so one token is one sign-in however often it is used.
  ref             TEXT
);
CREATE INDEX member_access_log_by_member ON member_access_log (insurer, key1, id);
CREATE INDEX member_access_log_by_age ON member_access_log (insurer, at);
CREATE UNIQUE INDEX member_access_log_sign_ins ON member_access_log (insurer, key1, ref) WHERE ref IS NOT NULL;

-- Members the roster removed whose data still waits for the purge (documents still pending for
-- the insurer). The member row itself is deleted at once; this row goes when the purge is done.
CREATE TABLE member_erasures (
  insurer       TEXT NOT NULL,
  key1          TEXT NOT NULL,
  requested_at  TEXT NOT NULL,
  -- When a purge run last found it waiting; those go to the back of the next run's list, so a
  -- few long-waiting erasures cannot hold back the others.
  checked_at    TEXT,
  PRIMARY KEY (insurer, key1)
);
CREATE INDEX member_erasures_next ON member_erasures (COALESCE(checked_at, ''), requested_at);

-- The purge deletes barcode token records long expired, per insurer.
CREATE INDEX barcode_tokens_by_expiry ON barcode_tokens (insurer, expires_at);

-- The purge checks that no outbox row of a document is pending (cancellations look them up too).
CREATE INDEX outbox_by_document ON outbox (document_pk);
