-- Reimbursement estimate (issue 16, docs/estimate.md).

-- Coverage plans per insurer, versioned: the version for a delivery date is the one with the latest
-- valid_from on or before it, unless its own valid_to has passed. `rules_json` is src/plan/plan.ts
-- `Plan` (amounts in cents).
CREATE TABLE plans (
  insurer     TEXT NOT NULL REFERENCES insurers (code),
  plan_id     TEXT NOT NULL,
  valid_from  TEXT NOT NULL,
  valid_to    TEXT,
  rules_json  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (insurer, plan_id, valid_from)
);

-- A roster coverage period may name the plan it is under; NULL = no plan, no estimate.
ALTER TABLE coverage_periods ADD COLUMN plan_id TEXT;

-- Each document's share of its plan year: written in the same batch as the document, guarded by
-- the totals it was computed from. Running totals are the sums of these rows per (member or
-- family, plan, plan year); there is no separate totals row to drift from them. A cancellation or
-- a rejection zeroes the counted amounts; a decision with a reimbursed amount replaces the
-- counted reimbursement. The estimate as answered (`estimate_json`, `estimated_*`) never changes.
CREATE TABLE plan_shares (
  document_pk                 INTEGER PRIMARY KEY REFERENCES bvac_documents (pk),
  insurer                     TEXT NOT NULL,
  plan_id                     TEXT NOT NULL,
  year_from                   TEXT NOT NULL,
  year_to                     TEXT NOT NULL,
  key1                        TEXT NOT NULL,
  -- The policyholder: the member's guardian at submission, else the member.
  family_key1                 TEXT NOT NULL,
  estimated_cents             INTEGER NOT NULL,
  estimated_deductible_cents  INTEGER NOT NULL,
  deductible_cents            INTEGER NOT NULL CHECK (deductible_cents >= 0),
  reimbursed_cents            INTEGER NOT NULL CHECK (reimbursed_cents >= 0),
  estimate_json               TEXT NOT NULL,
  reversed_at                 TEXT,
  rebased_at                  TEXT
);
CREATE INDEX plan_shares_by_member ON plan_shares (insurer, key1, plan_id, year_from);
CREATE INDEX plan_shares_by_family ON plan_shares (insurer, family_key1, plan_id, year_from);
