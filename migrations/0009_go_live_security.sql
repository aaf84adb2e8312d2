-- Go-live security (issue 13).

-- Rows the demo tenant created. A start with demo off switches them off (keys revoked, the
-- development issuer no longer trusted, the demo insurer's legacy codes refused).
ALTER TABLE api_keys ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1));
ALTER TABLE identity_providers ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1));
ALTER TABLE insurers ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1));
ALTER TABLE pharmacies ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1));

-- A token is verified against one provider only: two insurers trusting the same (issuer, audience)
-- could not be told apart. Fails on a database where two insurers already share one: fix those
-- first (docs/security.md).
CREATE UNIQUE INDEX identity_providers_issuer_audience ON identity_providers (issuer, audience);

-- Who changed which field of an insurer's policy, and when (never the key material itself).
CREATE TABLE insurer_policy_changes (
  id            INTEGER PRIMARY KEY,
  insurer       TEXT NOT NULL REFERENCES insurers (code),
  changed_at    TEXT NOT NULL,
  changed_by    TEXT NOT NULL,
  -- [{field, from, to}]; a seal key is shown by its SHA-256 fingerprint.
  changes_json  TEXT NOT NULL
);
CREATE INDEX insurer_policy_changes_by_insurer ON insurer_policy_changes (insurer, id);

-- A member whose card was reported lost: the 14 digits printed on every card they ever had are
-- refused at verify and ingestion until their insurer lifts the block.
CREATE TABLE legacy_barcode_blocks (
  insurer     TEXT NOT NULL,
  key1        TEXT NOT NULL,
  blocked_at  TEXT NOT NULL,
  PRIMARY KEY (insurer, key1)
);
