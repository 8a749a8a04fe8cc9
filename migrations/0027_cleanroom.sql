-- C12 clean room (数据安全屋): institutions submit models as declarative specs (scorecard or logistic), operators
-- approve each version, and runs execute inside the platform over the enterprises that granted the institution a live
-- "model" authorisation. Only the per-enterprise score and decision band leave (国办发〔2021〕52号 (六) 可用不可见).

-- A model of one institution; its content lives in versions.
CREATE TABLE cleanroom_specs (
  id uuid PRIMARY KEY,
  institution_org_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
  description text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (institution_org_id, name)
);
CREATE INDEX cleanroom_specs_org ON cleanroom_specs (institution_org_id, created_at DESC);

-- Every submitted content of a model. A changed spec is a new version that needs its own approval; a pending version
-- replaced by a newer submission is superseded. spec_sm3 = SM3 of the canonical JSON (RFC 8785 style) of `spec`.
CREATE TABLE cleanroom_spec_versions (
  id uuid PRIMARY KEY,
  spec_id uuid NOT NULL REFERENCES cleanroom_specs (id),
  version integer NOT NULL CHECK (version > 0),
  kind text NOT NULL CHECK (kind IN ('scorecard', 'logistic')),
  spec jsonb NOT NULL,
  spec_sm3 char(64) NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'superseded')),
  submitted_by text NOT NULL,
  submitted_at timestamptz NOT NULL,
  decided_by text,
  decided_at timestamptz,
  decision_reason text,
  UNIQUE (spec_id, version),
  CHECK (status <> 'rejected' OR decision_reason IS NOT NULL)
);
CREATE INDEX cleanroom_spec_versions_status ON cleanroom_spec_versions (status, submitted_at);

-- One execution of an approved version. The population is the sorted USCC list the run scored (its count and SM3
-- of the USCCs joined by "\n"); output_sm3 is the SM3 of the downloadable CSV (uscc,score,band, sorted by USCC).
-- A refused run keeps its reason code and zh/en reasons; nothing was scored.
CREATE TABLE cleanroom_runs (
  id uuid PRIMARY KEY,
  spec_id uuid NOT NULL REFERENCES cleanroom_specs (id),
  version_id uuid NOT NULL REFERENCES cleanroom_spec_versions (id),
  institution_org_id uuid NOT NULL REFERENCES organisations (id),
  status text NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'refused')),
  progress real NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
  spec_sm3 char(64) NOT NULL,
  population_count integer NOT NULL DEFAULT 0,
  population_sm3 char(64),
  -- enterprises with a live model authorisation left out: it does not cover the spec's items, or its use limit is reached
  excluded jsonb NOT NULL DEFAULT '{}',
  scored integer NOT NULL DEFAULT 0,
  output_sm3 char(64),
  -- enterprises per decision band
  bands jsonb NOT NULL DEFAULT '{}',
  refusal_code text,
  refusal jsonb,
  error text,
  -- leaf index of the run's audit entry (completed / refused / failed)
  audit_index bigint,
  requested_by text NOT NULL,
  created_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE INDEX cleanroom_runs_org ON cleanroom_runs (institution_org_id, created_at DESC, id DESC);
CREATE INDEX cleanroom_runs_created ON cleanroom_runs (created_at DESC, id DESC);

-- The only thing that leaves: per enterprise, the score and its band (keyed by run; the USCC distributes it).
CREATE TABLE cleanroom_run_outputs (
  run_id uuid NOT NULL REFERENCES cleanroom_runs (id),
  uscc text NOT NULL,
  -- exactly as formatted for the output (scale kept by numeric), so the CSV rebuilt from rows hashes the same
  score numeric NOT NULL,
  band text NOT NULL,
  PRIMARY KEY (run_id, uscc)
);
