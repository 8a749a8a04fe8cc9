-- C9 online financing workflow (一站式融资): applications of enterprises for published products (or demands taken by
-- an institution, 接单), their transitions (the timeline both sides see), SLA due times and escalations.
-- Money is integer fen (bigint); rates are basis points (integer); never a float.

CREATE TABLE marketplace_applications (
  id uuid PRIMARY KEY,
  -- 'apply': the enterprise applied for a product; 'take': an institution took an open demand (抢单)
  origin text NOT NULL CHECK (origin IN ('apply', 'take')),
  uscc text NOT NULL,
  enterprise_org_id uuid,
  institution_org_id uuid NOT NULL,
  product_id uuid REFERENCES marketplace_products (id),
  product_version integer,
  demand_id uuid REFERENCES marketplace_demands (id),
  status text NOT NULL CHECK (status IN ('submitted', 'accepted', 'approved', 'declined', 'withdrawn', 'disbursed', 'repaying', 'closed', 'defaulted')),
  amount_fen bigint NOT NULL CHECK (amount_fen > 0),
  term_months integer NOT NULL CHECK (term_months > 0),
  materials jsonb NOT NULL DEFAULT '[]',
  authorisation_ids uuid[] NOT NULL DEFAULT '{}',
  submitted_at timestamptz NOT NULL,
  -- end of the SLA (n working days after submission); null for a taken demand (accepted at once)
  due_at timestamptz,
  accepted_at timestamptz,
  escalated_at timestamptz,
  decided_at timestamptz,
  decline_code text,
  approved_amount_fen bigint CHECK (approved_amount_fen > 0),
  approved_rate_bp integer CHECK (approved_rate_bp >= 0),
  approved_term_months integer CHECK (approved_term_months > 0),
  repayment_mode text,
  approved_security text,
  disbursed_amount_fen bigint CHECK (disbursed_amount_fen > 0),
  disbursed_rate_bp integer CHECK (disbursed_rate_bp >= 0),
  disbursed_term_months integer CHECK (disbursed_term_months > 0),
  disbursed_security text,
  disbursed_on date,
  repayment_status text,
  overdue_days integer,
  closed_at timestamptz,
  updated_at timestamptz NOT NULL
);
CREATE INDEX marketplace_applications_uscc ON marketplace_applications (uscc, submitted_at DESC);
CREATE INDEX marketplace_applications_institution ON marketplace_applications (institution_org_id, status, submitted_at DESC);
CREATE INDEX marketplace_applications_due ON marketplace_applications (due_at) WHERE status = 'submitted' AND escalated_at IS NULL;
-- 抢单: a demand is taken by one institution at a time (a declined or withdrawn case frees it)
CREATE UNIQUE INDEX marketplace_applications_one_taker ON marketplace_applications (demand_id)
  WHERE origin = 'take' AND status NOT IN ('declined', 'withdrawn');

-- Every transition (and escalation) of an application: the timeline.
CREATE TABLE marketplace_application_events (
  id uuid PRIMARY KEY,
  application_id uuid NOT NULL REFERENCES marketplace_applications (id),
  action text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  actor text NOT NULL,
  actor_org_id uuid,
  at timestamptz NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX marketplace_application_events_app ON marketplace_application_events (application_id, at, id);
