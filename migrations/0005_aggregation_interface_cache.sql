-- C3 interface call (接口调用): the last answer of each provider per enterprise and item, kept so a provider
-- outage can be answered with the cached value marked stale. Keyed by USCC first so the table is distributed
-- by it with the other entity-scoped tables (docs/scale-out.md). The payload (records and the provider's
-- as-of time, JSON) is encrypted with the platform field cipher; the stored value names its algorithm and key
-- (v1:<alg>:<keyId>:…) and is bound to its row by AAD "interface_cache:<uscc>:<item_code>".
CREATE TABLE interface_cache (
  uscc text NOT NULL CHECK (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  item_code text NOT NULL,
  provider_category text NOT NULL,
  fetched_at timestamptz NOT NULL,
  record_count integer NOT NULL CHECK (record_count >= 0),
  payload_enc text NOT NULL,
  PRIMARY KEY (uscc, item_code)
);

-- Where the platform calls each provider category (tax, utilities, housing_fund, …). A small reference table,
-- replicated to every node under a distributed engine. The HMAC-SM3 shared secret is encrypted with the
-- field cipher (AAD "provider_endpoints.secret_enc:<provider_category>").
CREATE TABLE provider_endpoints (
  provider_category text PRIMARY KEY CHECK (provider_category ~ '^[a-z][a-z0-9_]{0,39}$'),
  base_url text NOT NULL CHECK (base_url ~ '^https?://'),
  key_id text NOT NULL DEFAULT 'xinrong',
  secret_enc text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text
);
