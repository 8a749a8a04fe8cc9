import type { Queryable } from '../../platform/db/index.ts';
import type { RepairKind } from './periods.ts';

/** SQL for repair_applications (migration 0025). Dates (YYYY-MM-DD) are read back as text, never shifted by a time zone. */
export type RepairStatus = 'pending' | 'approved' | 'refused';

export interface ApplicationRow {
  id: string; uscc: string; kind: RepairKind; item_code: string; record_key: string; record_version: number; enterprise_org_id: string;
  applicant_user_id: string | null; statement: string; commitment_id: string | null; rules_version: string; penalty_case: string | null;
  shortest_ends_on: string | null; longest_ends_on: string | null; status: RepairStatus; submitted_at: Date; decided_at: Date | null;
  decided_by: string | null; decision_reason: string | null; reapply_from: string | null; updated_at: Date;
}

const SELECT = `SELECT id, uscc, kind, item_code, record_key, record_version, enterprise_org_id, applicant_user_id, statement, commitment_id, rules_version,
  penalty_case, to_char(shortest_ends_on, 'YYYY-MM-DD') AS shortest_ends_on, to_char(longest_ends_on, 'YYYY-MM-DD') AS longest_ends_on, status,
  submitted_at, decided_at, decided_by, decision_reason, to_char(reapply_from, 'YYYY-MM-DD') AS reapply_from, updated_at FROM repair_applications`;

export const repairStore = {
  async insert(q: Queryable, a: Omit<ApplicationRow, 'decided_at' | 'decided_by' | 'decision_reason' | 'reapply_from'>) {
    await q.query(`INSERT INTO repair_applications (id, uscc, kind, item_code, record_key, record_version, enterprise_org_id, applicant_user_id, statement,
        commitment_id, rules_version, penalty_case, shortest_ends_on, longest_ends_on, status, submitted_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [a.id, a.uscc, a.kind, a.item_code, a.record_key, a.record_version, a.enterprise_org_id, a.applicant_user_id, a.statement, a.commitment_id,
      a.rules_version, a.penalty_case, a.shortest_ends_on, a.longest_ends_on, a.status, a.submitted_at, a.updated_at]);
  },
  async byId(q: Queryable, id: string, lock = false): Promise<ApplicationRow | null> {
    const [r] = await q.query<ApplicationRow>(`${SELECT} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return r ?? null;
  },
  /** Applications on one record, newest first (pending one, or the latest refusal's re-apply date). */
  async ofRecord(q: Queryable, uscc: string, item: string, key: string): Promise<ApplicationRow[]> {
    return q.query<ApplicationRow>(`${SELECT} WHERE uscc = $1 AND item_code = $2 AND record_key = $3 ORDER BY submitted_at DESC, id DESC`, [uscc, item, key]);
  },
  async ofEnterprise(q: Queryable, uscc: string): Promise<ApplicationRow[]> {
    return q.query<ApplicationRow>(`${SELECT} WHERE uscc = $1 ORDER BY submitted_at DESC, id DESC`, [uscc]);
  },
  async decide(q: Queryable, id: string, d: { status: RepairStatus; at: Date; by: string | null; reason: string; reapplyFrom: string | null }) {
    await q.query(`UPDATE repair_applications SET status = $2, decided_at = $3, decided_by = $4, decision_reason = $5, reapply_from = $6, updated_at = $3 WHERE id = $1`,
      [id, d.status, d.at, d.by, d.reason, d.reapplyFrom]);
  },
  async list(q: Queryable, f: { uscc?: string; status?: RepairStatus; limit: number }): Promise<ApplicationRow[]> {
    return q.query<ApplicationRow>(`${SELECT} WHERE ($1::text IS NULL OR uscc = $1) AND ($2::text IS NULL OR status = $2)
      ORDER BY (status = 'pending') DESC, submitted_at DESC, id DESC LIMIT $3`, [f.uscc ?? null, f.status ?? null, f.limit]);
  },
  async counts(q: Queryable, uscc: string | null): Promise<Record<RepairStatus, number>> {
    const rows = await q.query<{ status: RepairStatus; n: number }>('SELECT status, count(*)::int AS n FROM repair_applications WHERE ($1::text IS NULL OR uscc = $1) GROUP BY 1', [uscc]);
    const out: Record<RepairStatus, number> = { pending: 0, approved: 0, refused: 0 };
    for (const r of rows) out[r.status] = Number(r.n);
    return out;
  },
};
