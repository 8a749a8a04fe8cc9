-- C3 data quality per provider and item (coverage 归集率, completeness, timeliness, error rate) over time, and the
-- usage feedback providers receive (who used their items, how often, for what purpose).

-- One row per calendar day (Asia/Shanghai) and catalog item: the figures as they stood when the snapshot was
-- taken. Taking the snapshot again on the same day replaces that day's row, so a day never has two.
-- Percentages are basis points (0–10000); NULL where the indicator does not apply (no records, no optional fields).
CREATE TABLE quality_snapshots (
  day date NOT NULL,
  item_code text NOT NULL,
  provider_category text NOT NULL,
  registered_enterprises integer NOT NULL,
  covered_enterprises integer NOT NULL,
  current_records integer NOT NULL,
  coverage_bp integer,
  completeness_all_bp integer,
  completeness_optional_bp integer,
  timeliness text NOT NULL CHECK (timeliness IN ('on_time', 'late', 'never', 'not_applicable')),
  age_days integer,
  rows_received integer NOT NULL,
  rows_quarantined integer NOT NULL,
  error_rate_bp integer,
  taken_at timestamptz NOT NULL,
  PRIMARY KEY (day, item_code)
);
CREATE INDEX quality_snapshots_item ON quality_snapshots (item_code, day);
CREATE INDEX quality_snapshots_provider ON quality_snapshots (provider_category, day);

-- Every use of an item about one enterprise: a verification, an interface call, a read of stored records.
-- Keyed by USCC first so the table can be distributed by entity (docs/scale-out.md); the provider and consumer
-- indexes serve the feedback reports.
CREATE TABLE data_usage (
  uscc text NOT NULL,
  id uuid NOT NULL,
  at timestamptz NOT NULL,
  consumer_org_id uuid NOT NULL,
  item_code text NOT NULL,
  provider_category text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('verification', 'interface_call', 'record_read')),
  purpose text,
  authorisation_ref text,
  PRIMARY KEY (uscc, id)
);
CREATE INDEX data_usage_provider ON data_usage (provider_category, at);
CREATE INDEX data_usage_consumer ON data_usage (consumer_org_id, at);
