-- C7 信易贷白名单: versioned selection rules, monthly / on-demand runs, the entries of each run with the reasons they
-- are listed, the enterprises that left with the rule that stopped holding, institutions' subscriptions and the pushes.
-- Entry tables are keyed by run then USCC; a run's rows are written once and never updated.

-- A published rule set. Versions are immutable; exactly one is active (used by new runs).
CREATE TABLE whitelist_rule_sets (
  version integer PRIMARY KEY CHECK (version > 0),
  definition jsonb NOT NULL,
  active boolean NOT NULL DEFAULT false,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX whitelist_rule_sets_one_active ON whitelist_rule_sets (active) WHERE active;

CREATE TABLE whitelist_runs (
  id uuid PRIMARY KEY,
  trigger text NOT NULL CHECK (trigger IN ('monthly', 'on_demand')),
  -- the month the run is for, Asia/Shanghai calendar ('2026-11')
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  rule_version integer NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  -- the completed run this one was compared with (joined / stayed / left)
  previous_run_id uuid,
  evaluated integer NOT NULL DEFAULT 0,
  listed integer NOT NULL DEFAULT 0,
  joined integer NOT NULL DEFAULT 0,
  stayed integer NOT NULL DEFAULT 0,
  left_count integer NOT NULL DEFAULT 0,
  pushes integer NOT NULL DEFAULT 0,
  -- { failedBy: {rule: count}, skipped: [{id, zh, en}], ms }
  summary jsonb NOT NULL DEFAULT '{}',
  requested_by text,
  error text,
  started_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE INDEX whitelist_runs_started ON whitelist_runs (started_at DESC, id DESC);
CREATE INDEX whitelist_runs_period ON whitelist_runs (period, status);

-- The enterprises on the list of a run, with every rule that held (zh/en) and the score/grade at selection.
CREATE TABLE whitelist_entries (
  run_id uuid NOT NULL,
  uscc text NOT NULL,
  region_code text NOT NULL,
  industry_code text NOT NULL,
  score integer,
  grade text,
  -- 'joined' (not on the previous run's list) or 'stayed'
  change text NOT NULL CHECK (change IN ('joined', 'stayed')),
  -- [{rule, zh, en, value}]
  reasons jsonb NOT NULL,
  PRIMARY KEY (run_id, uscc)
);

-- Enterprises on the previous run's list that are absent from this run's, with the rules that stopped holding.
CREATE TABLE whitelist_departures (
  run_id uuid NOT NULL,
  uscc text NOT NULL,
  -- [{rule, zh, en}]
  reasons jsonb NOT NULL,
  PRIMARY KEY (run_id, uscc)
);

-- What an institution wants pushed: region code prefixes and industry section/code prefixes (empty = all).
CREATE TABLE whitelist_subscriptions (
  institution_org_id uuid PRIMARY KEY REFERENCES organisations (id),
  region_prefixes text[] NOT NULL DEFAULT '{}',
  industry_prefixes text[] NOT NULL DEFAULT '{}',
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL
);

-- One push of a run's list to an institution, with the subscription it was filtered by (so it can be shown again).
CREATE TABLE whitelist_pushes (
  id uuid PRIMARY KEY,
  run_id uuid NOT NULL REFERENCES whitelist_runs (id),
  institution_org_id uuid NOT NULL REFERENCES organisations (id),
  region_prefixes text[] NOT NULL,
  industry_prefixes text[] NOT NULL,
  entry_count integer NOT NULL,
  channel text NOT NULL CHECK (channel IN ('in_app', 'webhook')),
  pushed_at timestamptz NOT NULL
);
CREATE INDEX whitelist_pushes_institution ON whitelist_pushes (institution_org_id, pushed_at DESC);
