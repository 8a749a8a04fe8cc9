import type { Queryable } from '../../platform/db/index.ts';
import type { Reason } from './rules.ts';

/** Money and dates are read as text: no driver turns them into floats or shifted Date objects. */
export interface VisitRow {
  id: string; uscc: string; enterprise_name: string; region_code: string; visited_on: string; visitors: string[]; channel: string;
  has_need: boolean; need_amount_fen: string | null; need_term_months: number | null; need_purpose: string | null; need_guarantee: string | null;
  difficulties: string[]; difficulty_note: string | null; follow_up: string | null; recorded_by_org: string; recorded_by: string; recorded_at: Date;
}

export interface ListRow {
  id: string; period: string; region_prefix: string; status: 'draft' | 'confirmed'; rules_version: string; deadline_days: number;
  candidates: number; included: number; created_by: string; created_at: Date; confirmed_by: string | null; confirmed_at: Date | null;
}

export interface CandidateRow {
  list_id: string; uscc: string; enterprise_name: string; region_code: string; visit_id: string; need_amount_fen: string; included: boolean; reasons: Reason[];
}

export interface AssignmentRow {
  id: string; list_id: string; uscc: string; institution_org_id: string; assigned_at: Date; due_at: Date;
  status: 'pending' | 'accepted' | 'granted' | 'disbursed' | 'declined'; first_response_at: Date | null;
  granted_amount_fen: string | null; granted_on: string | null; disbursed_amount_fen: string | null; disbursed_on: string | null;
  decline_reason: string | null; updated_at: Date;
}

/** An assignment as the bank's work queue shows it: with the enterprise, its need and the list. */
export interface QueueRow extends AssignmentRow {
  enterprise_name: string; region_code: string; period: string; need_amount_fen: string; need_term_months: number | null;
  need_purpose: string | null; need_guarantee: string | null; visited_on: string;
}

export interface ResponseRow {
  id: string; assignment_id: string; kind: string; amount_fen: string | null; on_date: string | null; reason_code: string | null;
  note: string | null; responded_by: string; responded_at: Date;
}

export interface VisitFilter {
  regionPrefix?: string; from?: string; to?: string; uscc?: string; recordedByOrg?: string;
  after: { visitedOn: string; id: string } | null; limit: number;
}

export interface FigureRow {
  key: string; recommended: number; assignments: number; responded: number; granted: number; granted_fen: string; disbursed: number;
  disbursed_fen: string; declined: number; overdue: number;
}

const VISIT = `SELECT id, uscc, enterprise_name, region_code, to_char(visited_on, 'YYYY-MM-DD') AS visited_on, visitors, channel, has_need,
  need_amount_fen::text AS need_amount_fen, need_term_months, need_purpose, need_guarantee, difficulties, difficulty_note, follow_up,
  recorded_by_org, recorded_by, recorded_at FROM coordination_visits`;

const ASSIGNMENT_COLUMNS = `a.id, a.list_id, a.uscc, a.institution_org_id, a.assigned_at, a.due_at, a.status, a.first_response_at,
  a.granted_amount_fen::text AS granted_amount_fen, to_char(a.granted_on, 'YYYY-MM-DD') AS granted_on,
  a.disbursed_amount_fen::text AS disbursed_amount_fen, to_char(a.disbursed_on, 'YYYY-MM-DD') AS disbursed_on, a.decline_reason, a.updated_at`;

const likePrefix = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';

export function createCoordinationStore(db: Queryable) {
  return {
    async insertVisit(v: Omit<VisitRow, 'recorded_at'> & { recorded_at: Date }): Promise<void> {
      await db.query(`INSERT INTO coordination_visits (id, uscc, enterprise_name, region_code, visited_on, visitors, channel, has_need, need_amount_fen,
          need_term_months, need_purpose, need_guarantee, difficulties, difficulty_note, follow_up, recorded_by_org, recorded_by, recorded_at)
        VALUES ($1, $2, $3, $4, $5::date, $6::text[], $7, $8, $9::bigint, $10, $11, $12, $13::text[], $14, $15, $16, $17, $18)`, [
        v.id, v.uscc, v.enterprise_name, v.region_code, v.visited_on, v.visitors, v.channel, v.has_need, v.need_amount_fen, v.need_term_months,
        v.need_purpose, v.need_guarantee, v.difficulties, v.difficulty_note, v.follow_up, v.recorded_by_org, v.recorded_by, v.recorded_at,
      ]);
    },

    async visit(id: string): Promise<VisitRow | null> {
      return (await db.query<VisitRow>(`${VISIT} WHERE id = $1`, [id]))[0] ?? null;
    },

    /** Newest visit first (keyset on visited_on, id). */
    async visits(f: VisitFilter): Promise<VisitRow[]> {
      return db.query<VisitRow>(`${VISIT}
        WHERE ($1::text IS NULL OR region_code LIKE $1) AND ($2::date IS NULL OR visited_on >= $2::date) AND ($3::date IS NULL OR visited_on <= $3::date)
          AND ($4::text IS NULL OR uscc = $4) AND ($5::uuid IS NULL OR recorded_by_org = $5::uuid)
          AND ($6::date IS NULL OR (visited_on, id) < ($6::date, $7::uuid))
        ORDER BY visited_on DESC, id DESC LIMIT $8`, [
        f.regionPrefix ? likePrefix(f.regionPrefix) : null, f.from ?? null, f.to ?? null, f.uscc ?? null, f.recordedByOrg ?? null,
        f.after?.visitedOn ?? null, f.after?.id ?? null, f.limit,
      ]);
    },

    /** Per enterprise, the latest visit with a financing need in the period and region: the list's candidates. */
    async needVisits(q: Queryable, from: string, to: string, regionPrefix: string): Promise<VisitRow[]> {
      return q.query<VisitRow>(`SELECT DISTINCT ON (uscc) v.* FROM (${VISIT}
          WHERE has_need AND visited_on BETWEEN $1::date AND $2::date AND region_code LIKE $3) v
        ORDER BY uscc, visited_on DESC, recorded_at DESC`, [from, to, likePrefix(regionPrefix)]);
    },

    async insertList(q: Queryable, l: Omit<ListRow, 'confirmed_by' | 'confirmed_at'>): Promise<void> {
      await q.query(`INSERT INTO coordination_lists (id, period, region_prefix, status, rules_version, deadline_days, candidates, included, created_by, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [l.id, l.period, l.region_prefix, l.status, l.rules_version, l.deadline_days, l.candidates, l.included, l.created_by, l.created_at]);
    },

    async insertCandidates(q: Queryable, rows: CandidateRow[]): Promise<void> {
      if (rows.length === 0) return;
      await q.query(`INSERT INTO coordination_candidates (list_id, uscc, enterprise_name, region_code, visit_id, need_amount_fen, included, reasons)
        SELECT list_id, uscc, enterprise_name, region_code, visit_id, need_amount_fen::bigint, included, reasons
        FROM jsonb_to_recordset($1::jsonb) AS c(list_id uuid, uscc text, enterprise_name text, region_code text, visit_id uuid, need_amount_fen text, included boolean, reasons jsonb)`,
      [JSON.stringify(rows)]);
    },

    async list(id: string, q: Queryable = db): Promise<ListRow | null> {
      return (await q.query<ListRow>('SELECT * FROM coordination_lists WHERE id = $1', [id]))[0] ?? null;
    },

    async lists(before: { at: Date; id: string } | null, limit: number): Promise<ListRow[]> {
      return db.query<ListRow>(`SELECT * FROM coordination_lists WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $3`, [before?.at ?? null, before?.id ?? null, limit]);
    },

    async candidates(listId: string, q: Queryable = db): Promise<CandidateRow[]> {
      return q.query<CandidateRow>(`SELECT list_id, uscc, enterprise_name, region_code, visit_id, need_amount_fen::text AS need_amount_fen, included, reasons
        FROM coordination_candidates WHERE list_id = $1 ORDER BY included DESC, region_code, uscc`, [listId]);
    },

    /** Marks a draft confirmed; false when it was not a draft any more (confirmed by someone else meanwhile). */
    async confirmList(q: Queryable, id: string, by: string, at: Date): Promise<boolean> {
      const rows = await q.query('UPDATE coordination_lists SET status = \'confirmed\', confirmed_by = $2, confirmed_at = $3 WHERE id = $1 AND status = \'draft\' RETURNING id', [id, by, at]);
      return rows.length === 1;
    },

    async insertAssignments(q: Queryable, rows: { id: string; list_id: string; uscc: string; institution_org_id: string; assigned_at: Date; due_at: Date }[]): Promise<void> {
      if (rows.length === 0) return;
      await q.query(`INSERT INTO coordination_assignments (id, list_id, uscc, institution_org_id, assigned_at, due_at, status, updated_at)
        SELECT id, list_id, uscc, institution_org_id, assigned_at, due_at, 'pending', assigned_at
        FROM jsonb_to_recordset($1::jsonb) AS a(id uuid, list_id uuid, uscc text, institution_org_id uuid, assigned_at timestamptz, due_at timestamptz)`,
      [JSON.stringify(rows)]);
    },

    async assignmentsOfList(listId: string): Promise<AssignmentRow[]> {
      return db.query<AssignmentRow>(`SELECT ${ASSIGNMENT_COLUMNS} FROM coordination_assignments a WHERE a.list_id = $1 ORDER BY a.uscc, a.institution_org_id`, [listId]);
    },

    async assignment(id: string, q: Queryable = db): Promise<AssignmentRow | null> {
      return (await q.query<AssignmentRow>(`SELECT ${ASSIGNMENT_COLUMNS} FROM coordination_assignments a WHERE a.id = $1`, [id]))[0] ?? null;
    },

    /** One institution's work queue, newest push first (keyset on assigned_at, id). */
    async queue(orgId: string, status: string | null, after: { at: Date; id: string } | null, limit: number): Promise<QueueRow[]> {
      return db.query<QueueRow>(`SELECT ${ASSIGNMENT_COLUMNS}, c.enterprise_name, c.region_code, l.period, c.need_amount_fen::text AS need_amount_fen,
          v.need_term_months, v.need_purpose, v.need_guarantee, to_char(v.visited_on, 'YYYY-MM-DD') AS visited_on
        FROM coordination_assignments a
        JOIN coordination_candidates c ON c.list_id = a.list_id AND c.uscc = a.uscc
        JOIN coordination_lists l ON l.id = a.list_id
        JOIN coordination_visits v ON v.id = c.visit_id
        WHERE a.institution_org_id = $1 AND ($2::text IS NULL OR a.status = $2)
          AND ($3::timestamptz IS NULL OR (a.assigned_at, a.id) < ($3::timestamptz, $4::uuid))
        ORDER BY a.assigned_at DESC, a.id DESC LIMIT $5`, [orgId, status, after?.at ?? null, after?.id ?? null, limit]);
    },

    /** Records a response and moves the assignment on, only from the state the caller saw (no lost update). */
    async respond(q: Queryable, r: ResponseRow, from: string, next: Partial<Pick<AssignmentRow, 'granted_amount_fen' | 'granted_on' | 'disbursed_amount_fen' | 'disbursed_on' | 'decline_reason'>>): Promise<boolean> {
      const moved = await q.query(`UPDATE coordination_assignments SET status = $3, first_response_at = COALESCE(first_response_at, $4), updated_at = $4,
          granted_amount_fen = COALESCE($5::bigint, granted_amount_fen), granted_on = COALESCE($6::date, granted_on),
          disbursed_amount_fen = COALESCE($7::bigint, disbursed_amount_fen), disbursed_on = COALESCE($8::date, disbursed_on),
          decline_reason = COALESCE($9, decline_reason)
        WHERE id = $1 AND status = $2 RETURNING id`, [
        r.assignment_id, from, r.kind, r.responded_at, next.granted_amount_fen ?? null, next.granted_on ?? null,
        next.disbursed_amount_fen ?? null, next.disbursed_on ?? null, next.decline_reason ?? null,
      ]);
      if (moved.length !== 1) return false;
      await q.query(`INSERT INTO coordination_responses (id, assignment_id, kind, amount_fen, on_date, reason_code, note, responded_by, responded_at)
        VALUES ($1, $2, $3, $4::bigint, $5::date, $6, $7, $8, $9)`, [r.id, r.assignment_id, r.kind, r.amount_fen, r.on_date, r.reason_code, r.note, r.responded_by, r.responded_at]);
      return true;
    },

    async responses(assignmentIds: readonly string[]): Promise<ResponseRow[]> {
      if (assignmentIds.length === 0) return [];
      return db.query<ResponseRow>(`SELECT id, assignment_id, kind, amount_fen::text AS amount_fen, to_char(on_date, 'YYYY-MM-DD') AS on_date, reason_code, note,
          responded_by, responded_at FROM coordination_responses WHERE assignment_id = ANY($1::uuid[]) ORDER BY responded_at, id`, [assignmentIds]);
    },

    /**
     * Tracking figures of confirmed lists grouped by list or by the enterprise's region. Enterprises count once per
     * group (recommended, granted, disbursed); responses, declines and overdue items count per bank assignment.
     */
    async figures(by: 'list' | 'region', f: { period?: string; listId?: string; now: Date }): Promise<FigureRow[]> {
      const key = by === 'list' ? 'a.list_id::text' : 'c.region_code';
      return db.query<FigureRow>(`SELECT ${key} AS key,
          count(DISTINCT (a.list_id, a.uscc))::int AS recommended,
          count(*)::int AS assignments,
          count(*) FILTER (WHERE a.first_response_at IS NOT NULL)::int AS responded,
          count(DISTINCT (a.list_id, a.uscc)) FILTER (WHERE a.status IN ('granted', 'disbursed'))::int AS granted,
          COALESCE(sum(a.granted_amount_fen) FILTER (WHERE a.status IN ('granted', 'disbursed')), 0)::text AS granted_fen,
          count(DISTINCT (a.list_id, a.uscc)) FILTER (WHERE a.status = 'disbursed')::int AS disbursed,
          COALESCE(sum(a.disbursed_amount_fen) FILTER (WHERE a.status = 'disbursed'), 0)::text AS disbursed_fen,
          count(*) FILTER (WHERE a.status = 'declined')::int AS declined,
          count(*) FILTER (WHERE a.status = 'pending' AND a.due_at < $3)::int AS overdue
        FROM coordination_assignments a
        JOIN coordination_candidates c ON c.list_id = a.list_id AND c.uscc = a.uscc
        JOIN coordination_lists l ON l.id = a.list_id
        WHERE l.status = 'confirmed' AND ($1::text IS NULL OR l.period = $1) AND ($2::uuid IS NULL OR l.id = $2::uuid)
        GROUP BY 1 ORDER BY 1`, [f.period ?? null, f.listId ?? null, f.now]);
    },

    async declinedByReason(by: 'list' | 'region', f: { period?: string; listId?: string }): Promise<{ key: string; reason: string; n: number }[]> {
      const key = by === 'list' ? 'a.list_id::text' : 'c.region_code';
      return db.query(`SELECT ${key} AS key, a.decline_reason AS reason, count(*)::int AS n
        FROM coordination_assignments a
        JOIN coordination_candidates c ON c.list_id = a.list_id AND c.uscc = a.uscc
        JOIN coordination_lists l ON l.id = a.list_id
        WHERE l.status = 'confirmed' AND a.status = 'declined' AND ($1::text IS NULL OR l.period = $1) AND ($2::uuid IS NULL OR l.id = $2::uuid)
        GROUP BY 1, 2 ORDER BY 1, 2`, [f.period ?? null, f.listId ?? null]);
    },
  };
}

export type CoordinationStore = ReturnType<typeof createCoordinationStore>;
