-- C14 statistics: operator-set targets and the monthly figures lower nodes report upward (C15).
-- Dashboard figures themselves are computed from the other modules' data when asked; nothing is copied here.

-- A target per metric and year, overriding the shipped defaults (src/data/statistics/targets-v1.json). Shares and
-- growth in basis points, counts as counts; external_total_fen is a figure from outside the platform that a share
-- needs (e.g. all new credit loans in the region per PBoC statistics), integer fen.
CREATE TABLE statistics_targets (
  metric text NOT NULL,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  target_value bigint,
  external_total_fen bigint CHECK (external_total_fen IS NULL OR external_total_fen > 0),
  note text NOT NULL DEFAULT '',
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (metric, year)
);

-- One lower node's report of one month (format xinrong.monthly-statistics/v1). A resend of the same node and month
-- replaces the earlier figures (never adds them twice); replaced counts how often that happened.
CREATE TABLE statistics_lower_reports (
  node_id text NOT NULL,
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  node_name text NOT NULL,
  region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
  report jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  replaced integer NOT NULL DEFAULT 0,
  PRIMARY KEY (node_id, month)
);
CREATE INDEX statistics_lower_reports_month ON statistics_lower_reports (month);
