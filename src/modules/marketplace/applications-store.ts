import type { Queryable } from '../../platform/db/index.ts';
import type { ApplicationAction, ApplicationStatus } from './applications.ts';

/** One group of the workflow's period figures (C14 statistics); money and sums as text. */
export interface WorkflowFactRow {
  kind: 'demand' | 'application' | 'approval' | 'loan' | 'response';
  uscc: string; month: string; product_id: string | null; product_name: string | null; institution_org_id: string | null;
  n: number; amount_fen: string; credit_n: number; credit_fen: string; rate_weight: string; seconds: string;
}

/** SQL for marketplace_applications and their events (migration 0020). Money is read back as text, never a number. */
export interface ApplicationRow {
  id: string;
  origin: 'apply' | 'take';
  uscc: string;
  enterprise_org_id: string | null;
  institution_org_id: string;
  product_id: string | null;
  product_version: number | null;
  demand_id: string | null;
  status: ApplicationStatus;
  amount_fen: string;
  term_months: number;
  materials: string[];
  authorisation_ids: string[];
  submitted_at: Date;
  due_at: Date | null;
  accepted_at: Date | null;
  escalated_at: Date | null;
  decided_at: Date | null;
  decline_code: string | null;
  approved_amount_fen: string | null;
  approved_rate_bp: number | null;
  approved_term_months: number | null;
  repayment_mode: string | null;
  approved_security: string | null;
  disbursed_amount_fen: string | null;
  disbursed_rate_bp: number | null;
  disbursed_term_months: number | null;
  disbursed_security: string | null;
  disbursed_on: string | null;
  repayment_status: string | null;
  overdue_days: number | null;
  closed_at: Date | null;
  updated_at: Date;
}

export interface EventRow {
  id: string;
  application_id: string;
  action: ApplicationAction;
  from_status: ApplicationStatus | null;
  to_status: ApplicationStatus;
  actor: string;
  actor_org_id: string | null;
  at: Date;
  payload: Record<string, unknown>;
}

const SELECT = `SELECT id, origin, uscc, enterprise_org_id, institution_org_id, product_id, product_version, demand_id, status,
  amount_fen::text AS amount_fen, term_months, materials, authorisation_ids, submitted_at, due_at, accepted_at, escalated_at, decided_at,
  decline_code, approved_amount_fen::text AS approved_amount_fen, approved_rate_bp, approved_term_months, repayment_mode, approved_security,
  disbursed_amount_fen::text AS disbursed_amount_fen, disbursed_rate_bp, disbursed_term_months, disbursed_security,
  to_char(disbursed_on, 'YYYY-MM-DD') AS disbursed_on, repayment_status, overdue_days, closed_at, updated_at
  FROM marketplace_applications`;

/** Columns a transition may set (whitelisted: the names go into SQL). */
const UPDATABLE = new Set([
  'status', 'accepted_at', 'escalated_at', 'decided_at', 'decline_code', 'approved_amount_fen', 'approved_rate_bp', 'approved_term_months',
  'repayment_mode', 'approved_security', 'disbursed_amount_fen', 'disbursed_rate_bp', 'disbursed_term_months', 'disbursed_security',
  'disbursed_on', 'repayment_status', 'overdue_days', 'closed_at', 'updated_at',
]);

export interface ApplicationFilter {
  uscc?: string;
  institutionOrgId?: string;
  status?: ApplicationStatus;
  escalated?: boolean;
  limit: number;
}

export interface StatisticsRow {
  institution_org_id: string;
  status: ApplicationStatus;
  n: number;
  approvals: number;
  disbursed_n: number;
  disbursed_fen: string;
  credit_n: number;
  rate_bp_sum: string;
  escalated: number;
}

/** A platform loan as other modules read it (C10 monitoring): the lender, the amount in fen as text, the repayment state. */
export interface PlatformLoanRow {
  application_id: string;
  uscc: string;
  institution_org_id: string;
  status: ApplicationStatus;
  amount_fen: string;
  overdue_days: number | null;
  repayment_status: string | null;
  disbursed_on: string | null;
  closed_at: Date | null;
  updated_at: Date;
}

/** A disbursed platform loan as the policies module reads it (C13): terms, lender, product; money as text. */
export interface DisbursedLoanRow {
  application_id: string;
  uscc: string;
  enterprise_org_id: string | null;
  institution_org_id: string;
  product_id: string | null;
  product_name: string | null;
  status: ApplicationStatus;
  amount_fen: string;
  rate_bp: number;
  term_months: number;
  security: string;
  disbursed_on: string;
  closed_at: Date | null;
  updated_at: Date;
}

export const applicationsStore = {
  async insert(q: Queryable, a: { id: string; origin: 'apply' | 'take'; uscc: string; enterpriseOrgId: string | null; institutionOrgId: string; productId: string | null; productVersion: number | null; demandId: string | null; status: ApplicationStatus; amountFen: string; termMonths: number; materials: string[]; authorisationIds: string[]; submittedAt: Date; dueAt: Date | null; acceptedAt: Date | null }): Promise<void> {
    await q.query(`INSERT INTO marketplace_applications (id, origin, uscc, enterprise_org_id, institution_org_id, product_id, product_version, demand_id, status,
        amount_fen, term_months, materials, authorisation_ids, submitted_at, due_at, accepted_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::bigint, $11, $12::jsonb, $13::uuid[], $14, $15, $16, $14)`,
    [a.id, a.origin, a.uscc, a.enterpriseOrgId, a.institutionOrgId, a.productId, a.productVersion, a.demandId, a.status, a.amountFen, a.termMonths,
      JSON.stringify(a.materials), a.authorisationIds, a.submittedAt, a.dueAt, a.acceptedAt]);
  },

  async byId(q: Queryable, id: string, lock = false): Promise<ApplicationRow | undefined> {
    const [row] = await q.query<ApplicationRow>(`${SELECT} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row;
  },

  async update(q: Queryable, id: string, set: Record<string, unknown>): Promise<void> {
    const cols = Object.keys(set);
    for (const c of cols) if (!UPDATABLE.has(c)) throw new Error(`column ${c} is not updatable`);
    const casts: Record<string, string> = { approved_amount_fen: '::bigint', disbursed_amount_fen: '::bigint', disbursed_on: '::date' };
    await q.query(`UPDATE marketplace_applications SET ${cols.map((c, i) => `${c} = $${i + 2}${casts[c] ?? ''}`).join(', ')} WHERE id = $1`,
      [id, ...cols.map((c) => set[c])]);
  },

  async insertEvent(q: Queryable, e: EventRow): Promise<void> {
    await q.query(`INSERT INTO marketplace_application_events (id, application_id, action, from_status, to_status, actor, actor_org_id, at, payload)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
    [e.id, e.application_id, e.action, e.from_status, e.to_status, e.actor, e.actor_org_id, e.at, JSON.stringify(e.payload)]);
  },

  async events(q: Queryable, applicationId: string): Promise<EventRow[]> {
    return q.query<EventRow>('SELECT * FROM marketplace_application_events WHERE application_id = $1 ORDER BY at, id', [applicationId]);
  },

  async list(q: Queryable, f: ApplicationFilter): Promise<ApplicationRow[]> {
    return q.query<ApplicationRow>(`${SELECT} WHERE ($1::text IS NULL OR uscc = $1) AND ($2::uuid IS NULL OR institution_org_id = $2)
      AND ($3::text IS NULL OR status = $3) AND ($4::boolean IS NULL OR (escalated_at IS NOT NULL) = $4)
      ORDER BY submitted_at DESC, id DESC LIMIT $5`, [f.uscc ?? null, f.institutionOrgId ?? null, f.status ?? null, f.escalated ?? null, f.limit]);
  },

  /** Submitted applications past their due time and not yet escalated, locked (the sweep escalates each once). */
  async overdue(q: Queryable, now: Date, limit: number): Promise<ApplicationRow[]> {
    return q.query<ApplicationRow>(`${SELECT} WHERE status = 'submitted' AND escalated_at IS NULL AND due_at < $1
      ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`, [now, limit]);
  },

  /** The live (not declined or withdrawn) taken case of a demand, if any (抢单: one taker at a time). */
  async takerOf(q: Queryable, demandId: string): Promise<ApplicationRow | undefined> {
    const [row] = await q.query<ApplicationRow>(`${SELECT} WHERE demand_id = $1 AND origin = 'take' AND status NOT IN ('declined', 'withdrawn')`, [demandId]);
    return row;
  },

  /** Locks a demand row (takes of one demand run one after another). */
  async lockDemand(q: Queryable, demandId: string): Promise<{ id: string; uscc: string; enterprise_org_id: string; amount_fen: string; term_months: number; status: string } | undefined> {
    const [row] = await q.query<{ id: string; uscc: string; enterprise_org_id: string; amount_fen: string; term_months: number; status: string }>(
      'SELECT id, uscc, enterprise_org_id, amount_fen::text AS amount_fen, term_months, status FROM marketplace_demands WHERE id = $1 FOR UPDATE', [demandId]);
    return row;
  },

  /** Loans by status, optionally of some enterprises and/or one lender (disbursed amount, else approved, else applied). */
  async loans(q: Queryable, f: { usccs?: readonly string[] | null; institutionOrgId?: string | null; statuses: readonly ApplicationStatus[] }): Promise<PlatformLoanRow[]> {
    return q.query<PlatformLoanRow>(`SELECT id AS application_id, uscc, institution_org_id, status,
        coalesce(disbursed_amount_fen, approved_amount_fen, amount_fen)::text AS amount_fen, overdue_days, repayment_status,
        to_char(disbursed_on, 'YYYY-MM-DD') AS disbursed_on, closed_at, updated_at
      FROM marketplace_applications WHERE status = ANY($1::text[]) AND ($2::text[] IS NULL OR uscc = ANY($2::text[]))
        AND ($3::uuid IS NULL OR institution_org_id = $3) ORDER BY uscc, submitted_at, id`,
    [f.statuses, f.usccs ?? null, f.institutionOrgId ?? null]);
  },

  /** Disbursed loans (C13 policies): by ids, enterprises or lender, or all changed after a (updated_at, id) watermark. */
  async disbursedLoans(q: Queryable, f: { ids?: readonly string[] | null; usccs?: readonly string[] | null; institutionOrgId?: string | null; after?: { at: Date; id: string } | null; limit: number }): Promise<DisbursedLoanRow[]> {
    return q.query<DisbursedLoanRow>(`SELECT a.id AS application_id, a.uscc, a.enterprise_org_id, a.institution_org_id, a.product_id, v.name AS product_name, a.status,
        a.disbursed_amount_fen::text AS amount_fen, a.disbursed_rate_bp AS rate_bp, a.disbursed_term_months AS term_months, a.disbursed_security AS security,
        to_char(a.disbursed_on, 'YYYY-MM-DD') AS disbursed_on, a.closed_at, a.updated_at
      FROM marketplace_applications a LEFT JOIN marketplace_product_versions v ON v.product_id = a.product_id AND v.version = a.product_version
      WHERE a.disbursed_on IS NOT NULL AND ($1::uuid[] IS NULL OR a.id = ANY($1::uuid[])) AND ($2::text[] IS NULL OR a.uscc = ANY($2::text[]))
        AND ($3::uuid IS NULL OR a.institution_org_id = $3) AND ($4::timestamptz IS NULL OR (a.updated_at, a.id) > ($4::timestamptz, $5::uuid))
      ORDER BY a.updated_at, a.id LIMIT $6`,
    [f.ids ?? null, f.usccs ?? null, f.institutionOrgId ?? null, f.after?.at ?? null, f.after?.id ?? null, f.limit]);
  },

  /** Per institution and status: counts, approvals, disbursed loans (count, fen, credit, rate sum), escalations. */
  async statistics(q: Queryable, institutionOrgId: string | null): Promise<StatisticsRow[]> {
    return q.query<StatisticsRow>(`SELECT institution_org_id, status, count(*)::int AS n,
        count(*) FILTER (WHERE approved_amount_fen IS NOT NULL)::int AS approvals,
        count(*) FILTER (WHERE disbursed_amount_fen IS NOT NULL)::int AS disbursed_n,
        coalesce(sum(disbursed_amount_fen), 0)::text AS disbursed_fen,
        count(*) FILTER (WHERE disbursed_security = 'credit')::int AS credit_n,
        coalesce(sum(disbursed_rate_bp), 0)::text AS rate_bp_sum,
        count(*) FILTER (WHERE escalated_at IS NOT NULL)::int AS escalated
      FROM marketplace_applications WHERE ($1::uuid IS NULL OR institution_org_id = $1)
      GROUP BY institution_org_id, status ORDER BY institution_org_id, status`, [institutionOrgId]);
  },

  /**
   * C14 statistics: the workflow's figures in [from, to) (timestamps) / [fromDay, toDay) (China-time disbursement dates),
   * grouped per enterprise, China-time month, product and institution — demands, submitted applications, approvals,
   * disbursed loans (credit part, rate × amount for the amount-weighted average) and response times (submission to the
   * institution's first decision: acceptance, or a decline straight from submission).
   */
  async periodFacts(q: Queryable, r: { from: Date; to: Date; fromDay: string; toDay: string }): Promise<WorkflowFactRow[]> {
    const month = (col: string) => `to_char(${col} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`;
    const first = "coalesce(a.accepted_at, CASE WHEN a.status = 'declined' THEN a.decided_at END)";
    const apps = 'FROM marketplace_applications a LEFT JOIN marketplace_product_versions v ON v.product_id = a.product_id AND v.version = a.product_version';
    const keys = 'a.uscc, month, a.product_id, v.name, a.institution_org_id';
    return q.query<WorkflowFactRow>(`
      SELECT 'demand' AS kind, uscc, ${month('created_at')} AS month, NULL::uuid AS product_id, NULL::text AS product_name, NULL::uuid AS institution_org_id,
             count(*)::int AS n, sum(amount_fen)::text AS amount_fen, 0 AS credit_n, '0' AS credit_fen, '0' AS rate_weight, '0' AS seconds
        FROM marketplace_demands WHERE created_at >= $1 AND created_at < $2 GROUP BY uscc, month
      UNION ALL
      SELECT 'application', a.uscc, ${month('a.submitted_at')} AS month, a.product_id, v.name, a.institution_org_id,
             count(*)::int, sum(a.amount_fen)::text, 0, '0', '0', '0'
        ${apps} WHERE a.submitted_at >= $1 AND a.submitted_at < $2 GROUP BY ${keys}
      UNION ALL
      SELECT 'approval', a.uscc, ${month('a.decided_at')} AS month, a.product_id, v.name, a.institution_org_id,
             count(*)::int, sum(a.approved_amount_fen)::text, 0, '0', '0', '0'
        ${apps} WHERE a.approved_amount_fen IS NOT NULL AND a.decided_at >= $1 AND a.decided_at < $2 GROUP BY ${keys}
      UNION ALL
      SELECT 'loan', a.uscc, to_char(a.disbursed_on, 'YYYY-MM') AS month, a.product_id, v.name, a.institution_org_id,
             count(*)::int, sum(a.disbursed_amount_fen)::text,
             (count(*) FILTER (WHERE a.disbursed_security = 'credit'))::int, coalesce(sum(a.disbursed_amount_fen) FILTER (WHERE a.disbursed_security = 'credit'), 0)::text,
             sum(a.disbursed_rate_bp::numeric * a.disbursed_amount_fen)::text, '0'
        ${apps} WHERE a.disbursed_on >= $3::date AND a.disbursed_on < $4::date GROUP BY ${keys}
      UNION ALL
      SELECT 'response', a.uscc, ${month('a.submitted_at')} AS month, a.product_id, v.name, a.institution_org_id,
             count(*)::int, '0', 0, '0', '0', sum(floor(extract(epoch FROM ${first} - a.submitted_at)))::bigint::text
        ${apps} WHERE a.origin = 'apply' AND ${first} IS NOT NULL AND a.submitted_at >= $1 AND a.submitted_at < $2 GROUP BY ${keys}`,
    [r.from, r.to, r.fromDay, r.toDay]);
  },

  /** Submission and acceptance times of accepted applications that were submitted (not taken): response times. */
  async responses(q: Queryable, institutionOrgId: string | null): Promise<{ institution_org_id: string; submitted_at: Date; accepted_at: Date }[]> {
    return q.query(`SELECT institution_org_id, submitted_at, accepted_at FROM marketplace_applications
      WHERE origin = 'apply' AND accepted_at IS NOT NULL AND ($1::uuid IS NULL OR institution_org_id = $1)`, [institutionOrgId]);
  },
};
