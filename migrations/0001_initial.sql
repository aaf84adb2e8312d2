-- Times are UTC ISO-8601 text (`2026-11-25T13:45:00.000Z`), dates are `YYYY-MM-DD`, money is integer cents.

CREATE TABLE insurers (
  code             TEXT PRIMARY KEY CHECK (length(code) = 4 AND code NOT GLOB '*[^0-9]*'),
  name             TEXT NOT NULL,
  legacy_barcodes  TEXT NOT NULL DEFAULT 'accept' CHECK (legacy_barcodes IN ('accept', 'reject')),
  mod97            INTEGER NOT NULL DEFAULT 0 CHECK (mod97 IN (0, 1)),
  -- RSA-2048 public key (PEM) used to seal BvacList exports; NULL = base64 only.
  seal_public_key  TEXT,
  created_at       TEXT NOT NULL
);

-- Member sign-in: one OpenID provider per insurer.
CREATE TABLE identity_providers (
  insurer     TEXT PRIMARY KEY REFERENCES insurers(code),
  issuer      TEXT NOT NULL,
  audience    TEXT NOT NULL,
  jwks_url    TEXT NOT NULL,
  key1_claim  TEXT NOT NULL DEFAULT 'sub'
);

CREATE TABLE members (
  insurer        TEXT NOT NULL REFERENCES insurers(code),
  key1           TEXT NOT NULL CHECK (length(key1) = 10 AND key1 NOT GLOB '*[^0-9]*'),
  name           TEXT NOT NULL,
  birth_date     TEXT,
  -- The policyholder who may act for this member (a child or partner), same insurer.
  guardian_key1  TEXT,
  updated_at     TEXT NOT NULL,
  PRIMARY KEY (insurer, key1)
);
CREATE INDEX members_by_guardian ON members (insurer, guardian_key1) WHERE guardian_key1 IS NOT NULL;

CREATE TABLE coverage_periods (
  insurer     TEXT NOT NULL,
  key1        TEXT NOT NULL,
  valid_from  TEXT NOT NULL,
  valid_to    TEXT,            -- inclusive; NULL = open-ended
  PRIMARY KEY (insurer, key1, valid_from),
  FOREIGN KEY (insurer, key1) REFERENCES members (insurer, key1) ON DELETE CASCADE
);

-- Every signed barcode handed out; `jti` is its revocation id.
CREATE TABLE barcode_tokens (
  jti         TEXT PRIMARY KEY,
  insurer     TEXT NOT NULL,
  key1        TEXT NOT NULL,
  kid         TEXT NOT NULL,
  issued_at   TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  revoked_at  TEXT
);
CREATE INDEX barcode_tokens_by_member ON barcode_tokens (insurer, key1, expires_at);

CREATE TABLE pharmacies (
  nihii       TEXT PRIMARY KEY CHECK (length(nihii) = 8 AND nihii NOT GLOB '*[^0-9]*'),
  name        TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

-- API keys are stored as SHA-256 hashes only; `prefix` is the visible start shown in listings.
CREATE TABLE api_keys (
  id              TEXT PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('pharmacy', 'insurer', 'admin')),
  prefix          TEXT NOT NULL,
  hash            TEXT NOT NULL UNIQUE,
  pharmacy_nihii  TEXT REFERENCES pharmacies (nihii),
  label           TEXT,
  created_at      TEXT NOT NULL,
  revoked_at      TEXT,
  CHECK ((kind = 'pharmacy') = (pharmacy_nihii IS NOT NULL))
);

CREATE TABLE api_key_insurers (
  key_id   TEXT NOT NULL REFERENCES api_keys (id),
  insurer  TEXT NOT NULL REFERENCES insurers (code),
  PRIMARY KEY (key_id, insurer)
);

-- One row per (pharmacy, document id): the idempotency identity of a sale.
CREATE TABLE bvac_documents (
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
  status                  TEXT NOT NULL CHECK (status IN ('queued', 'leased', 'delivered', 'accepted', 'rejected', 'paid', 'cancelled')),
  -- The normalised BVAC document (src/bvac/model.ts), national number already removed.
  document_json           TEXT NOT NULL,
  total_public_cents      INTEGER NOT NULL,
  total_paid_cents        INTEGER NOT NULL,
  total_homeopathy_cents  INTEGER NOT NULL,
  warnings_json           TEXT NOT NULL DEFAULT '[]',
  received_at             TEXT NOT NULL,
  updated_at              TEXT NOT NULL,
  delivered_at            TEXT,
  cancelled_at            TEXT,
  UNIQUE (pharmacy_nihii, document_id)
);
CREATE INDEX bvac_documents_by_member ON bvac_documents (insurer, key1, delivery_date);

CREATE TABLE bvac_lines (
  document_pk        INTEGER NOT NULL REFERENCES bvac_documents (pk) ON DELETE CASCADE,
  line_no            INTEGER NOT NULL,
  product_type       INTEGER NOT NULL,
  product_id         TEXT NOT NULL,
  description        TEXT NOT NULL,
  prescription_date  TEXT,
  quantity           INTEGER NOT NULL,
  public_cents       INTEGER NOT NULL,
  paid_cents         INTEGER NOT NULL,
  homeopathic        INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (document_pk, line_no)
);

-- Transactional outbox: written in the same batch as the change it announces, drained by the
-- in-process dispatcher (Node) or the Cloudflare Queues consumer (Workers).
CREATE TABLE outbox (
  id            INTEGER PRIMARY KEY,
  topic         TEXT NOT NULL CHECK (topic IN ('document.queued', 'document.cancelled')),
  document_pk   INTEGER NOT NULL REFERENCES bvac_documents (pk),
  created_at    TEXT NOT NULL,
  published_at  TEXT
);

-- What insurers pull. One entry per document, plus one per cancellation of a delivered document.
CREATE TABLE export_queue (
  id            INTEGER PRIMARY KEY,
  outbox_id     INTEGER NOT NULL UNIQUE,
  insurer       TEXT NOT NULL,
  document_pk   INTEGER NOT NULL REFERENCES bvac_documents (pk),
  kind          TEXT NOT NULL CHECK (kind IN ('document', 'cancellation')),
  enqueued_at   TEXT NOT NULL,
  batch_id      TEXT,
  lease_until   TEXT,
  attempts      INTEGER NOT NULL DEFAULT 0,
  delivered_at  TEXT,
  parked_at     TEXT,
  withdrawn_at  TEXT
);
CREATE INDEX export_queue_pending ON export_queue (insurer, id)
  WHERE delivered_at IS NULL AND parked_at IS NULL AND withdrawn_at IS NULL;

CREATE TABLE export_batches (
  id           TEXT PRIMARY KEY,
  key_id       TEXT NOT NULL REFERENCES api_keys (id),
  format       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  lease_until  TEXT NOT NULL,
  acked_at     TEXT,
  released_at  TEXT
);

CREATE TABLE decisions (
  document_pk       INTEGER PRIMARY KEY REFERENCES bvac_documents (pk),
  status            TEXT NOT NULL CHECK (status IN ('accepted', 'rejected', 'paid')),
  reimbursed_cents  INTEGER,
  reason            TEXT,
  decided_at        TEXT NOT NULL
);
