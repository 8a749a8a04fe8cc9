-- C3 data verification (数据核验): every claim answered, with its signed receipt. The claimed value is kept only
-- as a keyed digest; the underlying record value is never stored here.
CREATE TABLE verifications (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organisations (id),
  uscc text NOT NULL,
  item_code text NOT NULL,
  field_code text NOT NULL,
  op text NOT NULL CHECK (op IN ('equals', 'gte', 'lte', 'exists')),
  claim_digest char(64) NOT NULL,
  result text NOT NULL CHECK (result IN ('true', 'false', 'unknown')),
  purpose text,
  authorisation_ref text,
  receipt jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX verifications_subject ON verifications (uscc, item_code, created_at);
CREATE INDEX verifications_org ON verifications (org_id, created_at);
