-- C6 public-credit comprehensive evaluation (公共信用综合评价) and profiles (画像): versioned indicator systems,
-- per-enterprise features, current scores with their history, profile tags, and evaluation runs. Every
-- enterprise-scoped table is keyed by USCC first like records, so it can be distributed by entity (scale-out.md).

-- A published indicator system. Versions are immutable; exactly one is active (used for new scores).
CREATE TABLE evaluation_models (
  version integer PRIMARY KEY CHECK (version > 0),
  definition jsonb NOT NULL,
  active boolean NOT NULL DEFAULT false,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX evaluation_models_one_active ON evaluation_models (active) WHERE active;

-- The features of each enterprise, derived from the registry and the current aggregated records (features.ts).
CREATE TABLE enterprise_features (
  uscc text PRIMARY KEY,
  features jsonb NOT NULL,
  computed_at timestamptz NOT NULL
);

-- The current score of each enterprise, with the model version it was computed by.
CREATE TABLE enterprise_scores (
  uscc text PRIMARY KEY,
  model_version integer NOT NULL,
  score integer NOT NULL,
  grade text NOT NULL,
  -- [{code, score (0–100), weight}]
  dimensions jsonb NOT NULL,
  -- [{code, direction 'up'|'down', points, zh, en}], strongest first
  reasons jsonb NOT NULL,
  computed_at timestamptz NOT NULL,
  run_id uuid,
  -- digest of the enterprise's tags with their reasons: a run rewrites the tags only when it changed
  tags_digest text NOT NULL DEFAULT ''
);
CREATE INDEX enterprise_scores_grade ON enterprise_scores (grade, uscc);

-- Every change of an enterprise's score (a row only when score, grade, model or reasons changed).
CREATE TABLE enterprise_score_history (
  uscc text NOT NULL,
  computed_at timestamptz NOT NULL,
  model_version integer NOT NULL,
  score integer NOT NULL,
  grade text NOT NULL,
  dimensions jsonb NOT NULL,
  reasons jsonb NOT NULL,
  run_id uuid,
  PRIMARY KEY (uscc, computed_at)
);

-- Profile tags (画像), each with the reason it holds.
CREATE TABLE enterprise_tags (
  uscc text NOT NULL,
  tag text NOT NULL,
  reason_zh text NOT NULL,
  reason_en text NOT NULL,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (uscc, tag)
);
CREATE INDEX enterprise_tags_tag ON enterprise_tags (tag, uscc);

-- Full-coverage runs (CLI, nightly schedule, operator request) and their progress.
CREATE TABLE evaluation_runs (
  id uuid PRIMARY KEY,
  trigger text NOT NULL CHECK (trigger IN ('cli', 'schedule', 'operator')),
  status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  model_version integer,
  total integer NOT NULL DEFAULT 0,
  done integer NOT NULL DEFAULT 0,
  requested_by text,
  error text,
  started_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE INDEX evaluation_runs_started ON evaluation_runs (started_at DESC);

-- Positions of sources the evaluation sweeps itself (credit commitments carry no outbox event).
CREATE TABLE evaluation_watermarks (
  name text PRIMARY KEY,
  watermark timestamptz NOT NULL
);
