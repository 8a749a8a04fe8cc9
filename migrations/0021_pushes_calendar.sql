-- C9 batch push of public (L1) information by region / industry (按区域、行业批量推送), and the working-day calendar
-- years operators load (the SLA of the financing workflow counts with them).

-- One subscription per institution: region / industry prefixes, the public items, the frequency, and the watermark:
-- the last outbox event id (aggregation.records.changed) already covered by a batch.
CREATE TABLE push_subscriptions (
  institution_org_id uuid PRIMARY KEY REFERENCES organisations (id),
  region_prefixes text[] NOT NULL DEFAULT '{}',
  industry_prefixes text[] NOT NULL DEFAULT '{}',
  items text[] NOT NULL,
  frequency text NOT NULL CHECK (frequency IN ('daily', 'weekly')),
  watermark bigint NOT NULL,
  next_due_at timestamptz NOT NULL,
  updated_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX push_subscriptions_due ON push_subscriptions (next_due_at);

-- One batch per subscription per period (scheduled) or per operator request (on_demand). Entries are written page by
-- page while 'building'; the batch becomes 'ready' together with the watermark move, in one transaction.
CREATE TABLE push_batches (
  id uuid PRIMARY KEY,
  institution_org_id uuid NOT NULL REFERENCES organisations (id),
  trigger text NOT NULL CHECK (trigger IN ('scheduled', 'on_demand')),
  period text NOT NULL,
  frequency text NOT NULL,
  status text NOT NULL CHECK (status IN ('building', 'ready')),
  -- the outbox window (from_event, to_event] the batch covers
  from_event bigint NOT NULL,
  to_event bigint NOT NULL,
  region_prefixes text[] NOT NULL,
  industry_prefixes text[] NOT NULL,
  items text[] NOT NULL,
  entry_count integer NOT NULL DEFAULT 0,
  -- entries per item code
  counts jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  ready_at timestamptz
);
CREATE UNIQUE INDEX push_batches_period ON push_batches (institution_org_id, period) WHERE trigger = 'scheduled';
CREATE INDEX push_batches_org ON push_batches (institution_org_id, created_at DESC, id DESC);

-- The entries: the current record version as an institution sees it in the public view (personal fields masked
-- before they are stored, so this table holds no personal data in clear).
CREATE TABLE push_batch_entries (
  batch_id uuid NOT NULL REFERENCES push_batches (id) ON DELETE CASCADE,
  uscc text NOT NULL,
  item_code text NOT NULL,
  record_key text NOT NULL,
  version integer NOT NULL,
  entity_name text NOT NULL,
  region_code text NOT NULL,
  industry_code text NOT NULL,
  change text NOT NULL CHECK (change IN ('inserted', 'updated')),
  valid_from timestamptz NOT NULL,
  data jsonb NOT NULL,
  masked text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (batch_id, uscc, item_code, record_key)
);

-- Working-day calendar years loaded by operators; every upload is a new version (previous ones kept with who/when).
CREATE TABLE calendar_years (
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  version integer NOT NULL,
  holidays jsonb NOT NULL,
  workdays jsonb NOT NULL,
  note text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (year, version)
);
