-- C11 objections (异议申诉) and credit repair (信用修复). Keyed by the subject's USCC first like records, so the
-- tables distribute by entity (scale-out.md). Deadlines, periods and outcomes follow rules/objections.md and
-- rules/credit-repair.md, kept as data in src/data/objections and src/data/repair.

-- One objection: to a record (item + natural key) by the subject enterprise or an institution, or a complaint about
-- the platform's own conduct. Routed to the record's provider (or the operator); calendar-day deadlines from filing.
CREATE TABLE objections (
  id uuid PRIMARY KEY,
  uscc text NOT NULL,
  type text NOT NULL CHECK (type IN ('record', 'platform_conduct')),
  item_code text,
  record_key text,
  -- the version objected to (a correction writes the next one)
  record_version integer,
  filer_kind text NOT NULL CHECK (filer_kind IN ('enterprise', 'institution')),
  filer_org_id uuid NOT NULL,
  filer_user_id uuid,
  reason text NOT NULL,
  handler_kind text NOT NULL CHECK (handler_kind IN ('provider', 'operator')),
  -- the provider organisation answering; null when the operator answers
  handler_org_id uuid,
  state text NOT NULL CHECK (state IN ('open', 'escalated', 'decided', 'appealed', 'closed')),
  filed_at timestamptz NOT NULL,
  -- day 15 (China time) from filing: the case escalates to the operator unless decided
  escalate_at timestamptz,
  -- end of the answer period (20 calendar days; 30 for the platform's conduct)
  due_at timestamptz NOT NULL,
  escalated_at timestamptz,
  decided_at timestamptz,
  outcome text CHECK (outcome IN ('corrected', 'deleted', 'upheld', 'resolved')),
  outcome_reason text,
  decided_by_kind text,
  corrected_version integer,
  correction_attempts integer NOT NULL DEFAULT 0,
  appeal_reason text,
  appealed_at timestamptz,
  appeal_outcome text CHECK (appeal_outcome IN ('corrected', 'deleted', 'upheld')),
  appeal_outcome_reason text,
  appeal_decided_at timestamptz,
  updated_at timestamptz NOT NULL,
  CHECK ((type = 'record') = (item_code IS NOT NULL AND record_key IS NOT NULL))
);
CREATE INDEX objections_uscc ON objections (uscc, filed_at DESC);
CREATE INDEX objections_handler ON objections (handler_org_id, state, filed_at DESC);
CREATE INDEX objections_escalate ON objections (escalate_at) WHERE state = 'open';
CREATE INDEX objections_state ON objections (state, filed_at DESC);
-- one live objection per record at a time (the record's flag names one objection)
CREATE UNIQUE INDEX objections_one_live ON objections (uscc, item_code, record_key) WHERE state IN ('open', 'escalated', 'appealed');

-- The history the enterprise sees: every step with its date, the handler's role and the reasons.
CREATE TABLE objection_events (
  id uuid PRIMARY KEY,
  objection_id uuid NOT NULL REFERENCES objections (id),
  action text NOT NULL,
  from_state text,
  to_state text NOT NULL,
  actor_kind text NOT NULL,
  actor_role text NOT NULL,
  actor_org_id uuid,
  at timestamptz NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX objection_events_objection ON objection_events (objection_id, at);

-- Evidence files of objections and repair applications (PDF / PNG / JPEG / TIFF, checked by their first bytes).
CREATE TABLE c11_documents (
  id uuid PRIMARY KEY,
  uscc text NOT NULL,
  owner_type text NOT NULL CHECK (owner_type IN ('objection', 'repair')),
  owner_id uuid NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('evidence', 'performance', 'training')),
  name text NOT NULL,
  content_type text NOT NULL,
  sm3 char(64) NOT NULL,
  content bytea NOT NULL,
  uploaded_at timestamptz NOT NULL
);
CREATE INDEX c11_documents_owner ON c11_documents (owner_type, owner_id);

-- Credit-repair applications (信用修复): penalty publicity, serious-dishonesty list removal, other dishonesty records.
CREATE TABLE repair_applications (
  id uuid PRIMARY KEY,
  uscc text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('penalty_publicity', 'serious_dishonesty', 'other_dishonesty')),
  item_code text NOT NULL,
  record_key text NOT NULL,
  record_version integer NOT NULL,
  enterprise_org_id uuid NOT NULL,
  applicant_user_id uuid,
  statement text NOT NULL,
  commitment_id uuid,
  rules_version text NOT NULL,
  -- the window as classified at filing (null for kinds without publicity periods)
  penalty_case text,
  shortest_ends_on date,
  longest_ends_on date,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'refused')),
  submitted_at timestamptz NOT NULL,
  decided_at timestamptz,
  decided_by uuid,
  decision_reason text,
  reapply_from date,
  updated_at timestamptz NOT NULL
);
CREATE INDEX repair_applications_uscc ON repair_applications (uscc, submitted_at DESC);
CREATE INDEX repair_applications_status ON repair_applications (status, submitted_at);
-- one pending application per record
CREATE UNIQUE INDEX repair_applications_one_pending ON repair_applications (uscc, item_code, record_key) WHERE status = 'pending';
