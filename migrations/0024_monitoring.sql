-- C10 风险监测预警: versioned screening / level rules, the queue of borrowers' record changes still to screen, the
-- alerts to lending institutions with their history, the grade each borrower was last seen at, and the default /
-- dishonesty levels (违约失信等级) of enterprises with platform loans. Entity-scoped tables lead with or carry the USCC.

-- A published rule set (screening rules, levels). Versions are immutable; exactly one is active.
CREATE TABLE monitoring_rule_sets (
  version integer PRIMARY KEY CHECK (version > 0),
  definition jsonb NOT NULL,
  active boolean NOT NULL DEFAULT false,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX monitoring_rule_sets_one_active ON monitoring_rule_sets (active) WHERE active;

-- Record versions of borrowers queued by the outbox consumer (in its transaction), screened and removed after.
CREATE TABLE monitoring_inbox (
  uscc text NOT NULL,
  item_code text NOT NULL,
  record_key text NOT NULL,
  version integer NOT NULL,
  -- when the record version's event was written (the start of the one-minute promise)
  arrived_at timestamptz NOT NULL,
  PRIMARY KEY (uscc, item_code, record_key, version)
);

CREATE TABLE monitoring_alerts (
  id uuid PRIMARY KEY,
  uscc text NOT NULL,
  entity_name text,
  region_code text,
  -- the platform loan (marketplace application) and its lender
  application_id uuid NOT NULL,
  institution_org_id uuid NOT NULL REFERENCES organisations (id),
  rule_id text NOT NULL,
  rule_version integer NOT NULL,
  severity text NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
  title_zh text NOT NULL,
  title_en text NOT NULL,
  item_code text NOT NULL,
  record_key text,
  record_version integer,
  -- item:key:version of a record, or the grade change: one alert per loan, rule and subject (re-deliveries add none)
  subject_ref text NOT NULL,
  -- {field, value, previous}: the non-personal fact that tripped the rule
  facts jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'closed')),
  arrived_at timestamptz NOT NULL,
  -- from arrival to the alert, both on the database's clock (the one-minute promise, measured)
  latency_ms integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by text,
  closed_at timestamptz,
  closed_by text,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX monitoring_alerts_once ON monitoring_alerts (application_id, rule_id, subject_ref);
CREATE INDEX monitoring_alerts_institution ON monitoring_alerts (institution_org_id, status, created_at DESC, id DESC);
CREATE INDEX monitoring_alerts_uscc ON monitoring_alerts (uscc, created_at DESC);
CREATE INDEX monitoring_alerts_open ON monitoring_alerts (created_at) WHERE status <> 'closed';

-- Every transition of an alert with who, when and the note.
CREATE TABLE monitoring_alert_events (
  id uuid PRIMARY KEY,
  alert_id uuid NOT NULL REFERENCES monitoring_alerts (id),
  action text NOT NULL CHECK (action IN ('created', 'acknowledged', 'closed')),
  from_status text,
  to_status text NOT NULL,
  actor text NOT NULL,
  actor_org_id uuid,
  note text,
  at timestamptz NOT NULL
);
CREATE INDEX monitoring_alert_events_alert ON monitoring_alert_events (alert_id, at, id);

-- The grade each borrower was last seen at (grade-drop rule), and the evaluation watermark of the sweep.
CREATE TABLE monitoring_grade_baselines (
  uscc text PRIMARY KEY,
  grade text NOT NULL,
  computed_at timestamptz NOT NULL
);
CREATE TABLE monitoring_state (
  name text PRIMARY KEY,
  at timestamptz NOT NULL
);

-- 违约失信等级 in force: set at once when the facts worsen; after a cure it stays until ends_at.
CREATE TABLE monitoring_default_levels (
  uscc text PRIMARY KEY,
  level text NOT NULL,
  rule_version integer NOT NULL,
  -- {maxOverdueDays, defaults, troubledAmountFen, loans}
  basis jsonb NOT NULL,
  since timestamptz NOT NULL,
  cured_at timestamptz,
  ends_at timestamptz,
  updated_at timestamptz NOT NULL
);
CREATE INDEX monitoring_default_levels_level ON monitoring_default_levels (level, uscc);

CREATE TABLE monitoring_default_level_events (
  id uuid PRIMARY KEY,
  uscc text NOT NULL,
  action text NOT NULL CHECK (action IN ('set', 'cured', 'relapsed', 'ended')),
  from_level text,
  to_level text,
  basis jsonb NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX monitoring_default_level_events_uscc ON monitoring_default_level_events (uscc, at);
