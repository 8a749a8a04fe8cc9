-- C3 enterprise self-report (自愿填报 + 信用承诺, seed 004 二(一)3): the credit commitments legal representatives
-- sign, and which commitment covered each self-reported record version. Keyed by USCC first like records, so both
-- tables can be distributed by entity (scale-out.md).

-- One signed credit commitment (信用承诺书). A commitment is live while it is not revoked and its text version is
-- the current one; a new text version needs a new signature.
CREATE TABLE credit_commitments (
  uscc text NOT NULL,
  id uuid NOT NULL,
  org_id uuid NOT NULL REFERENCES organisations (id),
  user_id uuid NOT NULL REFERENCES users (id),
  text_version text NOT NULL,
  -- SM3 of the canonical JSON of the commitment text the signer was shown
  text_sm3 char(64) NOT NULL,
  signed_at timestamptz NOT NULL,
  -- the platform-signed receipt (who, which enterprise, which text digest, when)
  receipt jsonb NOT NULL,
  revoked_at timestamptz,
  PRIMARY KEY (uscc, id)
);
CREATE INDEX credit_commitments_live ON credit_commitments (uscc, signed_at DESC) WHERE revoked_at IS NULL;

-- The commitment and the person behind each self-reported record version (records.origin = 'self_report').
CREATE TABLE self_report_submissions (
  uscc text NOT NULL,
  item_code text NOT NULL,
  record_key text NOT NULL,
  version integer NOT NULL,
  commitment_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id),
  submitted_at timestamptz NOT NULL,
  PRIMARY KEY (uscc, item_code, record_key, version),
  FOREIGN KEY (uscc, commitment_id) REFERENCES credit_commitments (uscc, id)
);
