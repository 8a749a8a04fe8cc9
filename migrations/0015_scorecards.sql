-- C6 statistical scorecards trained on loan outcomes fed back by institutions: the loans each institution reports
-- (with the enterprise's features snapshotted when the loan is reported), training jobs, the model registry
-- (challenger / champion / retired, exactly one champion) and each model's approval history.

-- A loan reported by an institution at disbursement, and later its outcome. One row per (institution, loan
-- reference): reporting the same loan again is idempotent. `features` is the enterprise's feature row
-- (enterprise_features) as it stood when the loan was reported; it is never updated, so a model trained later
-- never sees facts recorded after the loan.
CREATE TABLE scorecard_loans (
  institution_org_id uuid NOT NULL REFERENCES organisations (id),
  loan_ref text NOT NULL CHECK (length(loan_ref) BETWEEN 1 AND 64),
  uscc text NOT NULL,
  disbursed_on date NOT NULL,
  amount_fen bigint NOT NULL CHECK (amount_fen > 0),
  term_months integer NOT NULL CHECK (term_months BETWEEN 1 AND 600),
  features jsonb NOT NULL,
  -- when the snapshotted feature row was computed, and when the loan was reported (the snapshot time)
  features_computed_at timestamptz NOT NULL,
  reported_at timestamptz NOT NULL,
  reported_by text NOT NULL,
  -- performing (as of outcome_on), repaid (in full on outcome_on), defaulted (e.g. 90+ days past due on outcome_on)
  outcome text CHECK (outcome IN ('performing', 'repaid', 'defaulted')),
  outcome_on date,
  outcome_reported_at timestamptz,
  outcome_reported_by text,
  PRIMARY KEY (institution_org_id, loan_ref),
  CHECK ((outcome IS NULL) = (outcome_on IS NULL)),
  CHECK (outcome_on IS NULL OR outcome_on >= disbursed_on)
);
CREATE INDEX scorecard_loans_disbursed ON scorecard_loans (disbursed_on);
CREATE INDEX scorecard_loans_uscc ON scorecard_loans (uscc);

-- A training run in the background: its options, progress and outcome (the model version it stored).
CREATE TABLE scorecard_training_jobs (
  id uuid PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  stage text NOT NULL,
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  options jsonb NOT NULL,
  -- {good, bad, indeterminate, lateSnapshot, unreported, from, to, institutions}
  population jsonb NOT NULL,
  model_version integer,
  error_code text,
  -- {zh, en}
  error jsonb,
  requested_by text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE INDEX scorecard_training_jobs_started ON scorecard_training_jobs (started_at DESC, id DESC);

-- The model registry. `model` is the scoring engine's ScorecardModel JSON (bins, WOE, points, IV, scaling);
-- `development` the training sample's score distribution and bin counts (the baseline of PSI/CSI);
-- `monitoring` the latest stability figures against the current enterprises.
CREATE TABLE scorecard_models (
  version integer PRIMARY KEY CHECK (version > 0),
  status text NOT NULL CHECK (status IN ('challenger', 'champion', 'retired')),
  job_id uuid NOT NULL REFERENCES scorecard_training_jobs (id),
  options jsonb NOT NULL,
  population jsonb NOT NULL,
  model jsonb NOT NULL,
  development jsonb NOT NULL,
  monitoring jsonb,
  train_auc double precision NOT NULL,
  train_ks double precision NOT NULL,
  train_gini double precision NOT NULL,
  cv_auc double precision,
  cv_ks double precision,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  status_changed_at timestamptz NOT NULL
);
-- exactly one champion at a time (at most one here; promotion swaps in one transaction)
CREATE UNIQUE INDEX scorecard_models_one_champion ON scorecard_models (status) WHERE status = 'champion';

-- Approval history of each model version: trained, promoted, retired (with who, when and a note).
CREATE TABLE scorecard_model_events (
  version integer NOT NULL REFERENCES scorecard_models (version),
  seq integer NOT NULL,
  action text NOT NULL CHECK (action IN ('trained', 'promoted', 'retired', 'replaced')),
  actor text NOT NULL,
  note text,
  at timestamptz NOT NULL,
  PRIMARY KEY (version, seq)
);
