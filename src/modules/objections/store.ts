import type { Queryable } from '../../platform/db/index.ts';
import type { ObjectionType } from './deadlines.ts';

/** SQL for objections and objection_events (migration 0025). */
export type ObjectionState = 'open' | 'escalated' | 'decided' | 'appealed' | 'closed';
export type Outcome = 'corrected' | 'deleted' | 'upheld' | 'resolved';

export interface ObjectionRow {
  id: string; uscc: string; type: ObjectionType; item_code: string | null; record_key: string | null; record_version: number | null;
  filer_kind: 'enterprise' | 'institution'; filer_org_id: string; filer_user_id: string | null; reason: string;
  handler_kind: 'provider' | 'operator'; handler_org_id: string | null; state: ObjectionState;
  filed_at: Date; escalate_at: Date | null; due_at: Date; escalated_at: Date | null; decided_at: Date | null;
  outcome: Outcome | null; outcome_reason: string | null; decided_by_kind: string | null; corrected_version: number | null; correction_attempts: number;
  appeal_reason: string | null; appealed_at: Date | null; appeal_outcome: Exclude<Outcome, 'resolved'> | null; appeal_outcome_reason: string | null;
  appeal_decided_at: Date | null; updated_at: Date;
}

export interface EventRow {
  id: string; objection_id: string; action: string; from_state: ObjectionState | null; to_state: ObjectionState;
  actor_kind: string; actor_role: string; actor_org_id: string | null; at: Date; details: Record<string, unknown>;
}

/** Columns a transition may set (their names go into SQL, so only these). */
const SETTABLE = new Set(['state', 'escalated_at', 'decided_at', 'outcome', 'outcome_reason', 'decided_by_kind', 'corrected_version', 'correction_attempts',
  'appeal_reason', 'appealed_at', 'appeal_outcome', 'appeal_outcome_reason', 'appeal_decided_at', 'updated_at']);

export interface ListFilter { uscc?: string; handlerOrgId?: string; filerOrgId?: string; states?: ObjectionState[]; overdueAt?: Date; limit: number }

export const objectionStore = {
  async insert(q: Queryable, o: Omit<ObjectionRow, 'escalated_at' | 'decided_at' | 'outcome' | 'outcome_reason' | 'decided_by_kind' | 'corrected_version' | 'correction_attempts'
    | 'appeal_reason' | 'appealed_at' | 'appeal_outcome' | 'appeal_outcome_reason' | 'appeal_decided_at'>) {
    await q.query(`INSERT INTO objections (id, uscc, type, item_code, record_key, record_version, filer_kind, filer_org_id, filer_user_id, reason,
        handler_kind, handler_org_id, state, filed_at, escalate_at, due_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [o.id, o.uscc, o.type, o.item_code, o.record_key, o.record_version, o.filer_kind, o.filer_org_id, o.filer_user_id, o.reason,
      o.handler_kind, o.handler_org_id, o.state, o.filed_at, o.escalate_at, o.due_at, o.updated_at]);
  },

  async byId(q: Queryable, id: string, lock = false): Promise<ObjectionRow | null> {
    const [r] = await q.query<ObjectionRow>(`SELECT * FROM objections WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return r ?? null;
  },

  /** The live objection of a record, if any (one at a time: objections_one_live). */
  async liveOn(q: Queryable, uscc: string, item: string, key: string): Promise<ObjectionRow | null> {
    const [r] = await q.query<ObjectionRow>(`SELECT * FROM objections WHERE uscc = $1 AND item_code = $2 AND record_key = $3
      AND state IN ('open', 'escalated', 'appealed')`, [uscc, item, key]);
    return r ?? null;
  },

  async update(q: Queryable, id: string, set: Record<string, unknown>) {
    const cols = Object.keys(set);
    for (const c of cols) if (!SETTABLE.has(c)) throw new Error(`objections.${c} is not settable`);
    await q.query(`UPDATE objections SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...cols.map((c) => set[c])]);
  },

  async insertEvent(q: Queryable, e: EventRow) {
    await q.query(`INSERT INTO objection_events (id, objection_id, action, from_state, to_state, actor_kind, actor_role, actor_org_id, at, details)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [e.id, e.objection_id, e.action, e.from_state, e.to_state, e.actor_kind, e.actor_role, e.actor_org_id, e.at, JSON.stringify(e.details)]);
  },

  async events(q: Queryable, id: string): Promise<EventRow[]> {
    return q.query<EventRow>('SELECT * FROM objection_events WHERE objection_id = $1 ORDER BY at, id', [id]);
  },

  async list(q: Queryable, f: ListFilter): Promise<ObjectionRow[]> {
    return q.query<ObjectionRow>(`SELECT * FROM objections
      WHERE ($1::text IS NULL OR uscc = $1) AND ($2::uuid IS NULL OR handler_org_id = $2)
        AND ($3::text[] IS NULL OR state = ANY($3::text[]))
        AND ($4::timestamptz IS NULL OR (state IN ('open', 'escalated') AND due_at < $4) OR (decided_at IS NOT NULL AND decided_at > due_at))
        AND ($6::uuid IS NULL OR filer_org_id = $6)
      ORDER BY filed_at DESC, id DESC LIMIT $5`,
    [f.uscc ?? null, f.handlerOrgId ?? null, f.states ?? null, f.overdueAt ?? null, f.limit, f.filerOrgId ?? null]);
  },

  /** Undecided record objections whose escalation time has come, locked and skipped by a concurrent sweep. */
  async dueForEscalation(q: Queryable, at: Date, limit: number): Promise<ObjectionRow[]> {
    return q.query<ObjectionRow>(`SELECT * FROM objections WHERE state = 'open' AND escalate_at IS NOT NULL AND escalate_at <= $1
      ORDER BY escalate_at LIMIT $2 FOR UPDATE SKIP LOCKED`, [at, limit]);
  },

  /** Counts for the operators' statistics: per state, escalated, overdue (open past due, or answered late), per handler. */
  async statistics(q: Queryable, at: Date) {
    return q.query<{ handler_kind: string; handler_org_id: string | null; state: ObjectionState; type: ObjectionType; n: number; escalated: number; overdue: number; late: number }>(
      `SELECT handler_kind, handler_org_id, state, type, count(*)::int AS n, count(escalated_at)::int AS escalated,
         count(*) FILTER (WHERE state IN ('open', 'escalated') AND due_at < $1)::int AS overdue,
         count(*) FILTER (WHERE decided_at IS NOT NULL AND decided_at > due_at)::int AS late
       FROM objections GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`, [at]);
  },
};
