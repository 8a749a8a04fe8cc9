-- C13 惠企政策直达 (policies): financing support policies (贴息 / 风险补偿 / 担保费补贴 / 再担保), versioned and
-- published by operators; the proactive notices of eligible loans; applications linked to a platform loan, their
-- review and payout. Money is integer fen (bigint); shares and rates are basis points (integer); never a float.

-- A policy's identity, its budget and what has been committed (approved, unpaid) and paid out of it.
CREATE TABLE policies (
  id uuid PRIMARY KEY,
  -- the version the public site, matching and applications use; null until first published or after withdrawal
  live_version integer,
  withdrawn_at timestamptz,
  withdraw_reason text,
  budget_fen bigint NOT NULL CHECK (budget_fen >= 0),
  committed_fen bigint NOT NULL DEFAULT 0 CHECK (committed_fen >= 0),
  paid_fen bigint NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
  created_at timestamptz NOT NULL,
  -- the budget can never be overspent, whatever the order of concurrent approvals
  CONSTRAINT policies_budget_not_exceeded CHECK (committed_fen + paid_fen <= budget_fen)
);

-- Every version of a policy; a draft is edited in place, a published one is immutable (an edit is a new draft).
CREATE TABLE policy_versions (
  policy_id uuid NOT NULL REFERENCES policies (id),
  version integer NOT NULL CHECK (version > 0),
  status text NOT NULL CHECK (status IN ('draft', 'published', 'superseded', 'withdrawn')),
  kind text NOT NULL CHECK (kind IN ('interest_subsidy', 'risk_compensation', 'guarantee_fee_subsidy', 're_guarantee')),
  name text NOT NULL,
  authority text NOT NULL,
  region_prefixes text[] NOT NULL,
  valid_from date NOT NULL,
  valid_to date NOT NULL CHECK (valid_to >= valid_from),
  budget_fen bigint NOT NULL CHECK (budget_fen >= 0),
  -- the benefit formula as data (rules.ts): rate or share in bp, cap per enterprise in fen, day basis
  formula jsonb NOT NULL,
  -- marketplace rule language over the enterprise; loan rules over the platform loan (rules.ts)
  enterprise_rules jsonb NOT NULL,
  loan_rules jsonb NOT NULL,
  sections text[] NOT NULL DEFAULT '{}',
  required_materials jsonb NOT NULL DEFAULT '[]',
  summary text NOT NULL DEFAULT '',
  source text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  published_by text,
  published_at timestamptz,
  PRIMARY KEY (policy_id, version)
);
CREATE INDEX policy_versions_published ON policy_versions (kind) WHERE status = 'published';

-- One proactive notice per (policy, loan): publication and each disbursement look again, never twice.
CREATE TABLE policy_notices (
  policy_id uuid NOT NULL REFERENCES policies (id),
  loan_id uuid NOT NULL,
  uscc text NOT NULL,
  notified_at timestamptz NOT NULL,
  PRIMARY KEY (policy_id, loan_id)
);
CREATE INDEX policy_notices_uscc ON policy_notices (uscc);

-- Applications for a benefit on one platform loan.
CREATE TABLE policy_applications (
  id uuid PRIMARY KEY,
  policy_id uuid NOT NULL REFERENCES policies (id),
  policy_version integer NOT NULL,
  kind text NOT NULL,
  loan_id uuid NOT NULL,
  uscc text NOT NULL,
  applicant_org_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected', 'paid')),
  materials jsonb NOT NULL DEFAULT '[]',
  -- facts the applicant declares for the formula (guarantee fee paid, principal loss), fen as text
  declared jsonb NOT NULL DEFAULT '{}',
  -- the formula's inputs and result at submission, and again at approval
  computation jsonb NOT NULL,
  approved_fen bigint CHECK (approved_fen >= 0),
  reject_reason text,
  reviewed_by text,
  reviewed_at timestamptz,
  submitted_by text NOT NULL,
  submitted_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX policy_applications_status ON policy_applications (status, submitted_at);
CREATE INDEX policy_applications_uscc ON policy_applications (uscc, submitted_at DESC);
CREATE INDEX policy_applications_loan ON policy_applications (loan_id);
-- 符合多个专项政策支持范围的不重复享受: one approved or paid benefit per loan and policy kind
CREATE UNIQUE INDEX policy_applications_one_benefit ON policy_applications (loan_id, kind) WHERE status IN ('approved', 'paid');
-- one live application per policy and loan
CREATE UNIQUE INDEX policy_applications_one_open ON policy_applications (policy_id, loan_id) WHERE status IN ('submitted', 'approved', 'paid');

-- The payout (兑付) of an approved application: one per application, voucher numbers unique per policy.
CREATE TABLE policy_payouts (
  id uuid PRIMARY KEY,
  application_id uuid NOT NULL UNIQUE REFERENCES policy_applications (id),
  policy_id uuid NOT NULL REFERENCES policies (id),
  amount_fen bigint NOT NULL CHECK (amount_fen > 0),
  paid_on date NOT NULL,
  voucher_no text NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL,
  UNIQUE (policy_id, voucher_no)
);

-- Where the disbursement sweep has read the platform loans up to (updated_at, id).
CREATE TABLE policy_watermarks (
  name text PRIMARY KEY,
  after_at timestamptz NOT NULL,
  after_id uuid NOT NULL
);
