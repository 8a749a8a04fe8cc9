-- C7 小微企业融资协调工作机制 (2024): visits to enterprises (走访), recommendation lists (推荐清单) screened against the
-- negative list, the banks each listed enterprise is assigned to, and the banks' feedback (受理 / 授信 / 放款 / 不予授信).
-- Money is integer fen (bigint); calendar days are Asia/Shanghai dates.

CREATE TABLE coordination_visits (
  id uuid PRIMARY KEY,
  uscc text NOT NULL,
  -- copied from the registry when the visit is recorded (lists and filters by region never join the registry)
  enterprise_name text NOT NULL,
  region_code text NOT NULL,
  visited_on date NOT NULL,
  visitors text[] NOT NULL,
  channel text NOT NULL CHECK (channel IN ('on_site', 'phone', 'online')),
  has_need boolean NOT NULL,
  need_amount_fen bigint CHECK (need_amount_fen IS NULL OR need_amount_fen > 0),
  need_term_months integer CHECK (need_term_months IS NULL OR need_term_months > 0),
  need_purpose text,
  need_guarantee text,
  difficulties text[] NOT NULL DEFAULT '{}',
  difficulty_note text,
  follow_up text,
  recorded_by_org uuid NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL,
  CHECK (NOT has_need OR need_amount_fen IS NOT NULL)
);
CREATE INDEX coordination_visits_region ON coordination_visits (region_code, visited_on DESC, id DESC);
CREATE INDEX coordination_visits_uscc ON coordination_visits (uscc, visited_on DESC);
CREATE INDEX coordination_visits_need ON coordination_visits (visited_on) WHERE has_need;

CREATE TABLE coordination_lists (
  id uuid PRIMARY KEY,
  -- the month the list is for ('2026-11'); the visits with a need visited in it are the candidates
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  -- GB/T 2260 prefix of the region the list covers ('' = every region)
  region_prefix text NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'confirmed')),
  -- the negative-list version and the response deadline used, so a confirmed list never changes with the data files
  rules_version text NOT NULL,
  deadline_days integer NOT NULL CHECK (deadline_days > 0),
  candidates integer NOT NULL DEFAULT 0,
  included integer NOT NULL DEFAULT 0,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  confirmed_by text,
  confirmed_at timestamptz
);
CREATE INDEX coordination_lists_created ON coordination_lists (created_at DESC, id DESC);

-- Every candidate of a list, included or excluded, with the reasons ([{rule, outcome, zh, en}]).
CREATE TABLE coordination_candidates (
  list_id uuid NOT NULL REFERENCES coordination_lists (id),
  uscc text NOT NULL,
  enterprise_name text NOT NULL,
  region_code text NOT NULL,
  -- the latest visit with a need in the period
  visit_id uuid NOT NULL REFERENCES coordination_visits (id),
  need_amount_fen bigint NOT NULL,
  included boolean NOT NULL,
  reasons jsonb NOT NULL,
  PRIMARY KEY (list_id, uscc)
);

-- An included enterprise pushed to one bank, with the bank's latest state of response.
CREATE TABLE coordination_assignments (
  id uuid PRIMARY KEY,
  list_id uuid NOT NULL REFERENCES coordination_lists (id),
  uscc text NOT NULL,
  institution_org_id uuid NOT NULL,
  assigned_at timestamptz NOT NULL,
  -- assigned_at + the list's deadline days; no response by then = overdue
  due_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'accepted', 'granted', 'disbursed', 'declined')),
  first_response_at timestamptz,
  granted_amount_fen bigint,
  granted_on date,
  disbursed_amount_fen bigint,
  disbursed_on date,
  decline_reason text,
  updated_at timestamptz NOT NULL,
  UNIQUE (list_id, uscc, institution_org_id),
  FOREIGN KEY (list_id, uscc) REFERENCES coordination_candidates (list_id, uscc)
);
CREATE INDEX coordination_assignments_institution ON coordination_assignments (institution_org_id, assigned_at DESC, id DESC);
CREATE INDEX coordination_assignments_list ON coordination_assignments (list_id);

-- Every response a bank recorded, timestamped (the assignment row holds only the latest state).
CREATE TABLE coordination_responses (
  id uuid PRIMARY KEY,
  assignment_id uuid NOT NULL REFERENCES coordination_assignments (id),
  kind text NOT NULL CHECK (kind IN ('accepted', 'granted', 'disbursed', 'declined')),
  amount_fen bigint CHECK (amount_fen IS NULL OR amount_fen > 0),
  on_date date,
  reason_code text,
  note text,
  responded_by text NOT NULL,
  responded_at timestamptz NOT NULL
);
CREATE INDEX coordination_responses_assignment ON coordination_responses (assignment_id, responded_at);
