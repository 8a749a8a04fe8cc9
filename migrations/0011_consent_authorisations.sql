-- C4 authorisations (授权, consent artefacts): an enterprise lets one institution use named catalog items for one
-- financing purpose, in one mode, inside a validity window, at most so many times per day or month. Granted online
-- by a real-name-verified enterprise user, or uploaded as a signed paper (书面授权) and activated by an operator
-- (国办发〔2021〕52号 附件 注3 "经企业授权"). Also the in-app notifications the consent lifecycle sends.

CREATE TABLE authorisations (
  id uuid PRIMARY KEY,
  enterprise_uscc text NOT NULL,
  -- null for a written authorisation of an enterprise without a platform account
  enterprise_org_id uuid REFERENCES organisations (id),
  -- names as they stood when the authorisation was made (they are part of the signed artefact)
  enterprise_name text NOT NULL,
  institution_org_id uuid NOT NULL REFERENCES organisations (id),
  institution_name text NOT NULL,
  -- a code of the fixed financing purpose list (src/modules/consent/purposes.ts)
  purpose text NOT NULL,
  items text[] NOT NULL CHECK (cardinality(items) > 0),
  mode text NOT NULL CHECK (mode IN ('view', 'query', 'verify', 'model')),
  valid_from timestamptz NOT NULL,
  valid_to timestamptz NOT NULL,
  frequency_count integer NOT NULL CHECK (frequency_count > 0),
  frequency_period text NOT NULL CHECK (frequency_period IN ('day', 'month')),
  retention_days integer NOT NULL CHECK (retention_days > 0),
  -- the stored status; EXPIRED is also computed on read (valid_to passed) and persisted by the sweep
  status text NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'PAUSED', 'REVOKED', 'EXPIRED', 'DECLINED')),
  channel text NOT NULL CHECK (channel IN ('online', 'written')),
  requested_by uuid REFERENCES users (id),
  granted_by uuid REFERENCES users (id),
  note text,
  -- written authorisation: the scanned document as uploaded, with its SM3 (also signed into the artefact)
  document_sm3 char(64),
  document_name text,
  document_type text,
  document bytea,
  -- the signed artefact: canonical JSON payload, platform signature over it, algorithm and key id
  artefact jsonb,
  signature text,
  alg text CHECK (alg IS NULL OR alg IN ('sm2', 'ed25519')),
  key_id text,
  usage_count integer NOT NULL DEFAULT 0,
  last_used_at timestamptz,
  -- when the "expires in 7 days" reminder went out (sent once)
  expiry_reminded_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (valid_to > valid_from),
  CHECK (channel = 'online' OR document_sm3 IS NOT NULL)
);
CREATE INDEX authorisations_enterprise ON authorisations (enterprise_uscc, created_at DESC);
CREATE INDEX authorisations_institution ON authorisations (institution_org_id, created_at DESC);
-- the policy point's lookup: live authorisations of one enterprise to one institution
CREATE INDEX authorisations_live ON authorisations (enterprise_uscc, institution_org_id) WHERE status = 'ACTIVE';
-- the expiry sweep
CREATE INDEX authorisations_open_until ON authorisations (valid_to) WHERE status IN ('PENDING', 'ACTIVE', 'PAUSED');

-- Every status change with who made it and why (the history shown with an authorisation).
CREATE TABLE authorisation_events (
  id uuid PRIMARY KEY,
  authorisation_id uuid NOT NULL REFERENCES authorisations (id),
  status text NOT NULL,
  -- null for the platform's own jobs (expiry sweep)
  actor_user_id uuid REFERENCES users (id),
  actor_role text NOT NULL,
  reason text,
  at timestamptz NOT NULL
);
CREATE INDEX authorisation_events_of ON authorisation_events (authorisation_id, at);

-- Uses per authorisation and period (a day or a month, Asia/Shanghai) for the frequency limit. The counter is
-- read and incremented in the transaction that decides an access, under the authorisation's row lock.
CREATE TABLE authorisation_usage (
  authorisation_id uuid NOT NULL REFERENCES authorisations (id),
  -- 'YYYY-MM-DD' for a daily limit, 'YYYY-MM' for a monthly one
  period_key text NOT NULL,
  uses integer NOT NULL,
  PRIMARY KEY (authorisation_id, period_key)
);

-- In-app notifications to an organisation (every user of it) or to one user.
CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  recipient_org_id uuid NOT NULL REFERENCES organisations (id),
  recipient_user_id uuid REFERENCES users (id),
  kind text NOT NULL,
  -- { zh, en, authorisationId? }: the text in both locales and what it is about
  payload jsonb NOT NULL,
  read_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX notifications_recipient ON notifications (recipient_org_id, created_at DESC);

-- Signed webhooks: one endpoint per institution that hears about its authorisations' status changes. The secret for
-- the HMAC-SM3 signature is encrypted at rest (field cipher) and shown to the institution once.
CREATE TABLE consent_webhooks (
  institution_org_id uuid PRIMARY KEY REFERENCES organisations (id),
  url text NOT NULL,
  secret_enc text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- One delivery of one status change to one endpoint; retried with back-off until delivered or given up.
CREATE TABLE consent_webhook_deliveries (
  id uuid PRIMARY KEY,
  institution_org_id uuid NOT NULL REFERENCES organisations (id),
  authorisation_id uuid NOT NULL REFERENCES authorisations (id),
  payload jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  delivered_at timestamptz,
  gave_up_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL
);
CREATE INDEX consent_webhook_deliveries_due ON consent_webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL AND gave_up_at IS NULL;
