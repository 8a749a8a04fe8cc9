import type { Queryable } from '../../platform/db/index.ts';
import type { Rule } from '../marketplace/index.ts';
import type { Computation, DeclaredFacts, Formula } from './formula.ts';
import type { PolicyKind } from './kinds.ts';
import type { LoanRule } from './loan-rules.ts';

/** SQL for the policies tables (migration 0028) only. Money is read back as text, never a number. */
export interface VersionRow {
  policy_id: string;
  version: number;
  status: 'draft' | 'published' | 'superseded' | 'withdrawn';
  kind: PolicyKind;
  name: string;
  authority: string;
  region_prefixes: string[];
  valid_from: string;
  valid_to: string;
  budget_fen: string;
  formula: Formula;
  enterprise_rules: Rule[];
  loan_rules: LoanRule[];
  sections: string[];
  required_materials: string[];
  summary: string;
  source: string;
  created_by: string;
  created_at: Date;
  published_by: string | null;
  published_at: Date | null;
  // from the policy row
  live_version: number | null;
  withdrawn_at: Date | null;
  withdraw_reason: string | null;
  policy_budget_fen: string;
  committed_fen: string;
  paid_fen: string;
}

export type ApplicationStatus = 'submitted' | 'approved' | 'rejected' | 'paid';

export interface ApplicationRow {
  id: string;
  policy_id: string;
  policy_version: number;
  policy_name: string;
  kind: PolicyKind;
  loan_id: string;
  uscc: string;
  applicant_org_id: string;
  status: ApplicationStatus;
  materials: string[];
  declared: DeclaredFacts;
  computation: Computation;
  approved_fen: string | null;
  reject_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  submitted_by: string;
  submitted_at: Date;
  updated_at: Date;
  payout_amount_fen: string | null;
  payout_paid_on: string | null;
  payout_voucher_no: string | null;
}

const VERSION = `SELECT v.policy_id, v.version, v.status, v.kind, v.name, v.authority, v.region_prefixes, to_char(v.valid_from, 'YYYY-MM-DD') AS valid_from,
  to_char(v.valid_to, 'YYYY-MM-DD') AS valid_to, v.budget_fen::text AS budget_fen, v.formula, v.enterprise_rules, v.loan_rules, v.sections, v.required_materials,
  v.summary, v.source, v.created_by, v.created_at, v.published_by, v.published_at, p.live_version, p.withdrawn_at, p.withdraw_reason,
  p.budget_fen::text AS policy_budget_fen, p.committed_fen::text AS committed_fen, p.paid_fen::text AS paid_fen
  FROM policy_versions v JOIN policies p ON p.id = v.policy_id`;

const APPLICATION = `SELECT a.id, a.policy_id, a.policy_version, v.name AS policy_name, a.kind, a.loan_id, a.uscc, a.applicant_org_id, a.status, a.materials, a.declared,
  a.computation, a.approved_fen::text AS approved_fen, a.reject_reason, a.reviewed_by, a.reviewed_at, a.submitted_by, a.submitted_at, a.updated_at,
  o.amount_fen::text AS payout_amount_fen, to_char(o.paid_on, 'YYYY-MM-DD') AS payout_paid_on, o.voucher_no AS payout_voucher_no
  FROM policy_applications a JOIN policy_versions v ON v.policy_id = a.policy_id AND v.version = a.policy_version
  LEFT JOIN policy_payouts o ON o.application_id = a.id`;

export interface VersionFields {
  kind: PolicyKind; name: string; authority: string; regionPrefixes: string[]; validFrom: string; validTo: string; budgetFen: string; formula: Formula;
  enterpriseRules: Rule[]; loanRules: LoanRule[]; sections: string[]; requiredMaterials: string[]; summary: string; source: string;
}

const fieldParams = (f: VersionFields) => [f.kind, f.name, f.authority, f.regionPrefixes, f.validFrom, f.validTo, f.budgetFen, JSON.stringify(f.formula),
  JSON.stringify(f.enterpriseRules), JSON.stringify(f.loanRules), f.sections, JSON.stringify(f.requiredMaterials), f.summary, f.source];

export const policyStore = {
  async insertPolicy(q: Queryable, id: string, at: Date): Promise<void> {
    await q.query('INSERT INTO policies (id, budget_fen, created_at) VALUES ($1, 0, $2)', [id, at]);
  },

  async insertVersion(q: Queryable, id: string, version: number, f: VersionFields, by: string, at: Date): Promise<void> {
    await q.query(`INSERT INTO policy_versions (policy_id, version, status, kind, name, authority, region_prefixes, valid_from, valid_to, budget_fen, formula,
        enterprise_rules, loan_rules, sections, required_materials, summary, source, created_by, created_at)
      VALUES ($1, $2, 'draft', $3, $4, $5, $6::text[], $7::date, $8::date, $9::bigint, $10::jsonb, $11::jsonb, $12::jsonb, $13::text[], $14::jsonb, $15, $16, $17, $18)`,
    [id, version, ...fieldParams(f), by, at]);
  },

  async updateDraft(q: Queryable, id: string, version: number, f: VersionFields, by: string, at: Date): Promise<void> {
    await q.query(`UPDATE policy_versions SET kind = $3, name = $4, authority = $5, region_prefixes = $6::text[], valid_from = $7::date, valid_to = $8::date,
        budget_fen = $9::bigint, formula = $10::jsonb, enterprise_rules = $11::jsonb, loan_rules = $12::jsonb, sections = $13::text[], required_materials = $14::jsonb,
        summary = $15, source = $16, created_by = $17, created_at = $18
      WHERE policy_id = $1 AND version = $2 AND status = 'draft'`, [id, version, ...fieldParams(f), by, at]);
  },

  async versions(q: Queryable, id: string): Promise<VersionRow[]> {
    return q.query<VersionRow>(`${VERSION} WHERE v.policy_id = $1 ORDER BY v.version DESC`, [id]);
  },

  /** The published versions, optionally of one kind, covering a region code, or in a special section. */
  async live(q: Queryable, f: { kind?: string; region?: string; section?: string } = {}): Promise<VersionRow[]> {
    return q.query<VersionRow>(`${VERSION} WHERE v.status = 'published' AND p.live_version = v.version
        AND ($1::text IS NULL OR v.kind = $1) AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM unnest(v.region_prefixes) r WHERE $2 LIKE r || '%' OR r LIKE $2 || '%'))
        AND ($3::text IS NULL OR $3 = ANY(v.sections))
      ORDER BY v.published_at DESC, v.policy_id`, [f.kind ?? null, f.region ?? null, f.section ?? null]);
  },

  /** The newest version of every policy (the operator's list). */
  async latest(q: Queryable): Promise<VersionRow[]> {
    return q.query<VersionRow>(`${VERSION} WHERE v.version = (SELECT max(version) FROM policy_versions x WHERE x.policy_id = v.policy_id)
      ORDER BY v.created_at DESC, v.policy_id`);
  },

  async lockPolicy(q: Queryable, id: string): Promise<{ live_version: number | null; withdrawn_at: Date | null } | undefined> {
    const [row] = await q.query<{ live_version: number | null; withdrawn_at: Date | null }>('SELECT live_version, withdrawn_at FROM policies WHERE id = $1 FOR UPDATE', [id]);
    return row;
  },

  /** Publishes a draft: the previous live version is superseded, the budget becomes the version's (the CHECK refuses one below what is committed and paid). */
  async publish(q: Queryable, id: string, version: number, by: string, at: Date): Promise<void> {
    await q.query(`UPDATE policy_versions SET status = 'superseded' WHERE policy_id = $1 AND status = 'published'`, [id]);
    await q.query(`UPDATE policy_versions SET status = 'published', published_by = $3, published_at = $4 WHERE policy_id = $1 AND version = $2`, [id, version, by, at]);
    await q.query(`UPDATE policies SET live_version = $2, withdrawn_at = NULL, withdraw_reason = NULL,
        budget_fen = (SELECT budget_fen FROM policy_versions WHERE policy_id = $1 AND version = $2) WHERE id = $1`, [id, version]);
  },

  async withdraw(q: Queryable, id: string, reason: string, at: Date): Promise<void> {
    await q.query(`UPDATE policy_versions SET status = 'withdrawn' WHERE policy_id = $1 AND status = 'published'`, [id]);
    await q.query('UPDATE policies SET live_version = NULL, withdrawn_at = $2, withdraw_reason = $3 WHERE id = $1', [id, at, reason]);
  },

  /** Records a notice of (policy, loan); false when it was noticed before (each pair is told once). */
  async notice(q: Queryable, policyId: string, loanId: string, uscc: string, at: Date): Promise<boolean> {
    const rows = await q.query('INSERT INTO policy_notices (policy_id, loan_id, uscc, notified_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING loan_id', [policyId, loanId, uscc, at]);
    return rows.length === 1;
  },

  async notify(q: Queryable, n: { id: string; orgId: string; kind: string; payload: Record<string, unknown>; at: Date }): Promise<void> {
    await q.query('INSERT INTO notifications (id, recipient_org_id, kind, payload, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)', [n.id, n.orgId, n.kind, JSON.stringify(n.payload), n.at]);
  },

  async insertApplication(q: Queryable, a: { id: string; policyId: string; version: number; kind: PolicyKind; loanId: string; uscc: string; applicantOrgId: string; materials: string[]; declared: DeclaredFacts; computation: Computation; by: string; at: Date }): Promise<void> {
    await q.query(`INSERT INTO policy_applications (id, policy_id, policy_version, kind, loan_id, uscc, applicant_org_id, status, materials, declared, computation, submitted_by, submitted_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, 'submitted', $8::jsonb, $9::jsonb, $10::jsonb, $11, $12, $12)`,
    [a.id, a.policyId, a.version, a.kind, a.loanId, a.uscc, a.applicantOrgId, JSON.stringify(a.materials), JSON.stringify(a.declared), JSON.stringify(a.computation), a.by, a.at]);
  },

  async application(q: Queryable, id: string): Promise<ApplicationRow | undefined> {
    const [row] = await q.query<ApplicationRow>(`${APPLICATION} WHERE a.id = $1`, [id]);
    return row;
  },

  async applications(q: Queryable, f: { uscc?: string | null; applicantOrgId?: string | null; status?: string | null; policyId?: string | null; limit: number }): Promise<ApplicationRow[]> {
    return q.query<ApplicationRow>(`${APPLICATION} WHERE ($1::text IS NULL OR a.uscc = $1) AND ($2::uuid IS NULL OR a.applicant_org_id = $2)
        AND ($3::text IS NULL OR a.status = $3) AND ($4::uuid IS NULL OR a.policy_id = $4)
      ORDER BY a.submitted_at DESC, a.id DESC LIMIT $5`, [f.uscc ?? null, f.applicantOrgId ?? null, f.status ?? null, f.policyId ?? null, f.limit]);
  },

  /** Locks every application of a loan: approvals of one loan run one after another (the no-double-benefit check). */
  async lockLoan(q: Queryable, loanId: string): Promise<void> {
    await q.query('SELECT id FROM policy_applications WHERE loan_id = $1 ORDER BY id FOR UPDATE', [loanId]);
  },

  /** The approved or paid benefit of a loan under a policy of this kind (another policy's, or this one's), if any. */
  async enjoyed(q: Queryable, loanId: string, kind: PolicyKind): Promise<{ id: string; policy_id: string; policy_name: string; status: string } | undefined> {
    const [row] = await q.query<{ id: string; policy_id: string; policy_name: string; status: string }>(`SELECT a.id, a.policy_id, v.name AS policy_name, a.status
      FROM policy_applications a JOIN policy_versions v ON v.policy_id = a.policy_id AND v.version = a.policy_version
      WHERE a.loan_id = $1 AND a.kind = $2 AND a.status IN ('approved', 'paid') LIMIT 1`, [loanId, kind]);
    return row;
  },

  /** A live application of this policy for this loan, if any. */
  async openFor(q: Queryable, policyId: string, loanId: string): Promise<{ id: string; status: string } | undefined> {
    const [row] = await q.query<{ id: string; status: string }>(`SELECT id, status FROM policy_applications WHERE policy_id = $1 AND loan_id = $2
      AND status IN ('submitted', 'approved', 'paid')`, [policyId, loanId]);
    return row;
  },

  /** What an enterprise has been approved or paid under a policy (the per-enterprise cap). */
  async receivedFen(q: Queryable, policyId: string, uscc: string): Promise<bigint> {
    const [row] = await q.query<{ fen: string }>(`SELECT coalesce(sum(coalesce(o.amount_fen, a.approved_fen)), 0)::text AS fen FROM policy_applications a
      LEFT JOIN policy_payouts o ON o.application_id = a.id WHERE a.policy_id = $1 AND a.uscc = $2 AND a.status IN ('approved', 'paid')`, [policyId, uscc]);
    return BigInt(row.fen);
  },

  async lockApplication(q: Queryable, id: string): Promise<{ status: ApplicationStatus; policy_id: string; loan_id: string; approved_fen: string | null } | undefined> {
    const [row] = await q.query<{ status: ApplicationStatus; policy_id: string; loan_id: string; approved_fen: string | null }>(
      'SELECT status, policy_id, loan_id, approved_fen::text AS approved_fen FROM policy_applications WHERE id = $1 FOR UPDATE', [id]);
    return row;
  },

  async decide(q: Queryable, id: string, d: { status: 'approved' | 'rejected'; approvedFen: string | null; reason: string | null; computation?: Computation; by: string; at: Date }): Promise<void> {
    await q.query(`UPDATE policy_applications SET status = $2, approved_fen = $3::bigint, reject_reason = $4, computation = coalesce($5::jsonb, computation),
        reviewed_by = $6, reviewed_at = $7, updated_at = $7 WHERE id = $1`,
    [id, d.status, d.approvedFen, d.reason, d.computation ? JSON.stringify(d.computation) : null, d.by, d.at]);
  },

  /** Commits an approved amount to the budget in one statement; false when the budget would be overspent. */
  async commitBudget(q: Queryable, policyId: string, fen: string): Promise<boolean> {
    const rows = await q.query(`UPDATE policies SET committed_fen = committed_fen + $2::bigint
      WHERE id = $1 AND committed_fen + paid_fen + $2::bigint <= budget_fen RETURNING id`, [policyId, fen]);
    return rows.length === 1;
  },

  /** A payout: the approved amount leaves the committed sum, the paid amount joins the paid sum (any remainder is released). */
  async payout(q: Queryable, p: { id: string; applicationId: string; policyId: string; approvedFen: string; amountFen: string; paidOn: string; voucherNo: string; by: string; at: Date }): Promise<void> {
    await q.query(`INSERT INTO policy_payouts (id, application_id, policy_id, amount_fen, paid_on, voucher_no, recorded_by, recorded_at)
      VALUES ($1, $2, $3, $4::bigint, $5::date, $6, $7, $8)`, [p.id, p.applicationId, p.policyId, p.amountFen, p.paidOn, p.voucherNo, p.by, p.at]);
    await q.query('UPDATE policies SET committed_fen = committed_fen - $2::bigint, paid_fen = paid_fen + $3::bigint WHERE id = $1', [p.policyId, p.approvedFen, p.amountFen]);
    await q.query(`UPDATE policy_applications SET status = 'paid', updated_at = $2 WHERE id = $1`, [p.applicationId, p.at]);
  },

  async voucherUsed(q: Queryable, policyId: string, voucherNo: string): Promise<boolean> {
    return (await q.query('SELECT 1 FROM policy_payouts WHERE policy_id = $1 AND voucher_no = $2', [policyId, voucherNo])).length > 0;
  },

  /** C14 statistics: payouts paid on China-time days in [fromDay, toDay), per enterprise and month. */
  async payoutFacts(q: Queryable, fromDay: string, toDay: string): Promise<{ uscc: string; month: string; n: number; amount_fen: string }[]> {
    return q.query(`SELECT a.uscc, to_char(o.paid_on, 'YYYY-MM') AS month, count(*)::int AS n, sum(o.amount_fen)::text AS amount_fen
        FROM policy_payouts o JOIN policy_applications a ON a.id = o.application_id
       WHERE o.paid_on >= $1::date AND o.paid_on < $2::date GROUP BY 1, 2`, [fromDay, toDay]);
  },

  async payouts(q: Queryable, limit: number): Promise<ApplicationRow[]> {
    return q.query<ApplicationRow>(`${APPLICATION} WHERE o.id IS NOT NULL ORDER BY o.recorded_at DESC, o.id DESC LIMIT $1`, [limit]);
  },

  async watermark(q: Queryable, name: string): Promise<{ at: Date; id: string } | null> {
    const [row] = await q.query<{ after_at: Date; after_id: string }>('SELECT after_at, after_id FROM policy_watermarks WHERE name = $1', [name]);
    return row ? { at: row.after_at, id: row.after_id } : null;
  },

  async setWatermark(q: Queryable, name: string, at: Date, id: string): Promise<void> {
    await q.query(`INSERT INTO policy_watermarks (name, after_at, after_id) VALUES ($1, $2, $3)
      ON CONFLICT (name) DO UPDATE SET after_at = EXCLUDED.after_at, after_id = EXCLUDED.after_id`, [name, at, id]);
  },
};
