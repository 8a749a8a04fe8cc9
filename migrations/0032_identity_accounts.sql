-- Organisations and accounts (SPEC §1: operators manage providers and institutions, incl. their security-assessment
-- status; seed 000 一(3) 对接入机构进行信息安全评估). Accounts made by an administrator carry no password until the
-- person activates them with a one-time code handed over out of band.

-- Every information-security assessment of an institution, newest is current; never updated or deleted.
CREATE TABLE organisation_assessments (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organisations (id),
  status text NOT NULL CHECK (status IN ('passed', 'conditional', 'failed')),
  assessed_on date NOT NULL,
  -- a pass or a conditional pass holds until this day (inclusive); a failure has none
  valid_until date,
  assessor text NOT NULL,
  note text,
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'failed') = (valid_until IS NULL)),
  CHECK (valid_until IS NULL OR valid_until >= assessed_on)
);
CREATE INDEX organisation_assessments_org ON organisation_assessments (org_id, recorded_at DESC);

-- One live activation code per account: its SM3 hash only, valid until expires_at, gone once used.
CREATE TABLE user_activations (
  user_id uuid PRIMARY KEY REFERENCES users (id),
  code_hash text NOT NULL,
  expires_at timestamptz NOT NULL,
  issued_by uuid NOT NULL REFERENCES users (id),
  issued_at timestamptz NOT NULL DEFAULT now()
);

-- who made an account (NULL: the seed or the CLI)
ALTER TABLE users ADD COLUMN created_by uuid REFERENCES users (id);
-- an institution's or provider's USCC is unique among its kind, as an enterprise's already is
CREATE UNIQUE INDEX organisations_institution_provider_uscc ON organisations (kind, uscc) WHERE kind IN ('institution', 'provider') AND uscc IS NOT NULL;
