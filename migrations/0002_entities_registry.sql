-- C1 market-entity registry. Keyed by USCC so the table can be distributed by it (docs/scale-out.md).
CREATE TABLE entities (
  uscc text PRIMARY KEY CHECK (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  name text NOT NULL,
  entity_type text NOT NULL CHECK (entity_type IN ('enterprise', 'individual_business', 'farmer_cooperative', 'other')),
  registration_authority text NOT NULL,
  region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
  industry_code text NOT NULL,
  -- money in integer fen
  registered_capital_fen bigint,
  established_on date,
  -- legal representative (name, ID number, mobile): personal data, encrypted at rest as one JSON value;
  -- a blind index (HMAC) of the ID number allows equality search without decrypting
  legal_rep_enc text,
  legal_rep_id_type text,
  legal_rep_id_index char(64),
  status text NOT NULL CHECK (status IN ('active', 'revoked', 'cancelled', 'moved_out')),
  employees integer CHECK (employees >= 0),
  revenue_fen bigint,
  assets_fen bigint,
  size_class text NOT NULL CHECK (size_class IN ('large', 'medium', 'small', 'micro', 'unknown')),
  size_rule text NOT NULL,
  size_rule_en text NOT NULL,
  size_table_version text NOT NULL,
  size_missing text[] NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- name prefix search (text_pattern_ops makes LIKE 'prefix%' indexable in any collation)
CREATE INDEX entities_name_prefix ON entities (name text_pattern_ops);
CREATE INDEX entities_region ON entities (region_code text_pattern_ops, uscc);
CREATE INDEX entities_industry ON entities (industry_code text_pattern_ops);
CREATE INDEX entities_size ON entities (size_class);
CREATE INDEX entities_legal_rep_id ON entities (legal_rep_id_index);
