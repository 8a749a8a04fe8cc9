-- C3 physical aggregation: batches, the versioned record store, the quarantine; and the platform's
-- transactional outbox (events other capabilities consume).

-- One received batch. (provider_org_id, batch_key) makes a resend idempotent.
CREATE TABLE ingest_batches (
  id uuid PRIMARY KEY,
  provider_org_id uuid NOT NULL REFERENCES organisations (id),
  -- the provider's own batch id
  batch_key text NOT NULL,
  item_code text NOT NULL,
  catalog_version integer NOT NULL,
  format text NOT NULL CHECK (format IN ('csv', 'json', 'ndjson')),
  encoding text,
  source text NOT NULL CHECK (source IN ('api', 'portal', 'cli', 'resubmission')),
  status text NOT NULL CHECK (status IN ('processing', 'completed', 'failed')),
  -- SM3 of the bytes received; a resend with the same batch id must carry the same bytes
  content_sm3 char(64),
  rows_total integer NOT NULL DEFAULT 0,
  rows_inserted integer NOT NULL DEFAULT 0,
  rows_updated integer NOT NULL DEFAULT 0,
  rows_unchanged integer NOT NULL DEFAULT 0,
  rows_quarantined integer NOT NULL DEFAULT 0,
  rows_resolved integer NOT NULL DEFAULT 0,
  error jsonb,
  resubmission_of uuid REFERENCES ingest_batches (id),
  submitted_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  UNIQUE (provider_org_id, batch_key)
);
CREATE INDEX ingest_batches_created ON ingest_batches (created_at DESC, id DESC);
CREATE INDEX ingest_batches_provider ON ingest_batches (provider_org_id, created_at DESC);
CREATE INDEX ingest_batches_item ON ingest_batches (item_code, created_at DESC);

-- Chunks of a batch already committed: a resend after a crash skips them (after checking their digest).
CREATE TABLE ingest_batch_chunks (
  batch_id uuid NOT NULL REFERENCES ingest_batches (id),
  seq integer NOT NULL,
  rows integer NOT NULL,
  digest char(64) NOT NULL,
  inserted integer NOT NULL,
  updated integer NOT NULL,
  unchanged integer NOT NULL,
  quarantined integer NOT NULL,
  PRIMARY KEY (batch_id, seq)
);

-- Every version of every record. Keyed by USCC first so the table can be distributed by entity (scale-out.md).
-- A change never overwrites: the old version gets valid_to and a new version is added.
CREATE TABLE records (
  uscc text NOT NULL,
  item_code text NOT NULL,
  -- the natural-key values other than uscc, joined by U+001F ('' when the key is the uscc alone)
  record_key text NOT NULL,
  version integer NOT NULL,
  -- the record's non-personal fields, normalised per the catalog field types
  data jsonb NOT NULL,
  -- the personal fields as one JSON value, field-encrypted (SM4-GCM), labelled with the algorithm
  personal_enc text,
  -- keyed digest (HMAC-SM3) of the whole normalised record: unchanged rows are recognised without decrypting
  content_mac char(64) NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz,
  batch_id uuid,
  provider_org_id uuid,
  origin text NOT NULL DEFAULT 'provider' CHECK (origin IN ('provider', 'self_report')),
  PRIMARY KEY (uscc, item_code, record_key, version)
);

-- Rows refused by validation, with every problem found; values may hold personal data, so they are encrypted.
CREATE TABLE quarantine_rows (
  batch_id uuid NOT NULL REFERENCES ingest_batches (id),
  row_number integer NOT NULL,
  values_enc text NOT NULL,
  problems jsonb NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  resolved_by uuid REFERENCES ingest_batches (id),
  PRIMARY KEY (batch_id, row_number)
);

-- Transactional outbox: written in the same transaction as the change it announces.
CREATE TABLE outbox_events (
  id bigserial PRIMARY KEY,
  topic text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_events_topic ON outbox_events (topic, id);

-- Each consumer's position in the outbox.
CREATE TABLE outbox_consumers (
  name text PRIMARY KEY,
  last_id bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
