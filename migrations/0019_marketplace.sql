-- C8 product pool and matching (产品池 / 智能匹配): institutions' loan products (every version kept, operator review
-- before publication), enterprises' financing demands, the stored matches of open demands against published products
-- (fit score and reasons), and the re-matching watermark over evaluation changes.
-- Money is integer fen (bigint); rates are basis points (integer); never a float.

-- A product's identity: which institution owns it and which version is live (published) now.
CREATE TABLE marketplace_products (
  id uuid PRIMARY KEY,
  institution_org_id uuid NOT NULL,
  -- the version the supermarket and the matching show; null until a first version is approved or after withdrawal
  live_version integer,
  withdrawn_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX marketplace_products_institution ON marketplace_products (institution_org_id, created_at DESC);

-- Every version of a product, immutable once submitted (an edit of a published product is a new version).
CREATE TABLE marketplace_product_versions (
  product_id uuid NOT NULL REFERENCES marketplace_products (id),
  version integer NOT NULL CHECK (version > 0),
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'published', 'rejected', 'superseded', 'withdrawn')),
  name text NOT NULL,
  product_type text NOT NULL,
  programme text NOT NULL,
  amount_min_fen bigint NOT NULL CHECK (amount_min_fen > 0),
  amount_max_fen bigint NOT NULL CHECK (amount_max_fen >= amount_min_fen),
  term_min_months integer NOT NULL CHECK (term_min_months > 0),
  term_max_months integer NOT NULL CHECK (term_max_months >= term_min_months),
  rate_min_bp integer NOT NULL CHECK (rate_min_bp >= 0),
  rate_max_bp integer NOT NULL CHECK (rate_max_bp >= rate_min_bp),
  repayment_modes text[] NOT NULL,
  region_prefixes text[] NOT NULL,
  -- the declarative eligibility rules (eligibility.ts), validated on save and on submit
  rules jsonb NOT NULL,
  required_authorisations text[] NOT NULL DEFAULT '{}',
  required_materials jsonb NOT NULL DEFAULT '[]',
  description text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  submitted_at timestamptz,
  reviewed_by text,
  reviewed_at timestamptz,
  review_reason text,
  PRIMARY KEY (product_id, version)
);
CREATE INDEX marketplace_versions_status ON marketplace_product_versions (status, submitted_at) WHERE status IN ('submitted', 'published');

-- An enterprise's financing demand.
CREATE TABLE marketplace_demands (
  id uuid PRIMARY KEY,
  uscc text NOT NULL,
  -- the enterprise's organisation on the platform (in-app notifications of new matches go to it)
  enterprise_org_id uuid NOT NULL,
  amount_fen bigint NOT NULL CHECK (amount_fen > 0),
  term_months integer NOT NULL CHECK (term_months > 0),
  purpose text NOT NULL,
  guarantees text[] NOT NULL,
  urgency text NOT NULL CHECK (urgency IN ('normal', 'urgent', 'very_urgent')),
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  matched_at timestamptz
);
CREATE INDEX marketplace_demands_uscc ON marketplace_demands (uscc, created_at DESC);
CREATE INDEX marketplace_demands_open ON marketplace_demands (created_at DESC) WHERE status = 'open';

-- Matches of an open demand with live products: eligible ones (recommendations) and near misses (one or two rules
-- failed, shown with the failing rules). Rewritten whenever the demand, a product or the enterprise's evaluation changes.
CREATE TABLE marketplace_matches (
  demand_id uuid NOT NULL REFERENCES marketplace_demands (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES marketplace_products (id),
  uscc text NOT NULL,
  institution_org_id uuid NOT NULL,
  product_version integer NOT NULL,
  eligible boolean NOT NULL,
  fit_bp integer NOT NULL CHECK (fit_bp BETWEEN 0 AND 10000),
  -- { rules: [{rule, held, zh, en, value}], fit: [{criterion, points, max, zh, en}] }
  reasons jsonb NOT NULL,
  matched_at timestamptz NOT NULL,
  PRIMARY KEY (demand_id, product_id)
);
CREATE INDEX marketplace_matches_product ON marketplace_matches (product_id, fit_bp DESC);
CREATE INDEX marketplace_matches_institution ON marketplace_matches (institution_org_id, eligible, fit_bp DESC);

-- Where the sweep over changed evaluations got to (scores computed after it are re-matched).
CREATE TABLE marketplace_watermarks (
  name text PRIMARY KEY,
  watermark timestamptz NOT NULL
);
