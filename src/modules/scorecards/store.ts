import type { Queryable } from '../../platform/db/index.ts';
import type { Localized } from '../../platform/i18n/index.ts';
import type { ScorecardModel } from '../scoring/index.ts';
import type { Outcome } from './performance-window.ts';

/** SQL for this module's tables only (migrations/0015_scorecards.sql). */
export interface LoanRow {
  institution_org_id: string;
  loan_ref: string;
  uscc: string;
  disbursed_on: string;
  amount_fen: string;
  term_months: number;
  features_computed_at: Date;
  reported_at: Date;
  reported_by: string;
  outcome: Outcome | null;
  outcome_on: string | null;
  outcome_reported_at: Date | null;
}

export type LoanWithFeatures = LoanRow & { features: Record<string, unknown> };

export type ModelStatus = 'challenger' | 'champion' | 'retired';

export interface Population {
  good: number;
  bad: number;
  indeterminate: number;
  lateSnapshot: number;
  /** first and last disbursement date of the good and bad loans */
  from: string | null;
  to: string | null;
  institutions: number;
}

export interface Development {
  /** the training sample's scores (the PSI baseline) */
  scores: number[];
  /** per characteristic: training rows per bin, the last slot for rows in no bin (the CSI baseline) */
  counts: Record<string, number[]>;
}

export interface Monitoring {
  at: string;
  enterprises: number;
  psi: number;
  csi: { characteristic: string; csi: number }[];
}

export interface ModelRow {
  version: number;
  status: ModelStatus;
  job_id: string;
  options: Record<string, unknown>;
  population: Population;
  model: ScorecardModel;
  development: Development;
  monitoring: Monitoring | null;
  train_auc: number;
  train_ks: number;
  train_gini: number;
  cv_auc: number | null;
  cv_ks: number | null;
  created_by: string;
  created_at: Date;
  status_changed_at: Date;
}

export type ModelSummaryRow = Omit<ModelRow, 'model' | 'development'> & { characteristics: number };

export interface JobRow {
  id: string;
  status: 'running' | 'completed' | 'failed';
  stage: string;
  progress: number;
  options: Record<string, unknown>;
  population: Population;
  model_version: number | null;
  error_code: string | null;
  error: Localized | null;
  requested_by: string;
  started_at: Date;
  finished_at: Date | null;
}

export interface ModelEventRow {
  version: number;
  seq: number;
  action: 'trained' | 'promoted' | 'retired' | 'replaced';
  actor: string;
  note: string | null;
  at: Date;
}

const LOAN_COLUMNS = `institution_org_id, loan_ref, uscc, disbursed_on::text AS disbursed_on, amount_fen::text AS amount_fen, term_months,
  features_computed_at, reported_at, reported_by, outcome, outcome_on::text AS outcome_on, outcome_reported_at`;

const SUMMARY_COLUMNS = `version, status, job_id, options, population, monitoring, train_auc, train_ks, train_gini, cv_auc, cv_ks,
  created_by, created_at, status_changed_at, jsonb_array_length(model->'characteristics') AS characteristics`;

export interface NewLoan {
  institutionOrgId: string;
  loanRef: string;
  uscc: string;
  disbursedOn: string;
  amountFen: string;
  termMonths: number;
  features: Record<string, unknown>;
  featuresComputedAt: Date;
  reportedAt: Date;
  reportedBy: string;
  outcome: Outcome | null;
  outcomeOn: string | null;
}

export const scorecardStore = {
  async loansByRef(q: Queryable, institutionOrgId: string, refs: readonly string[]): Promise<LoanRow[]> {
    if (refs.length === 0) return [];
    return q.query<LoanRow>(`SELECT ${LOAN_COLUMNS} FROM scorecard_loans WHERE institution_org_id = $1 AND loan_ref = ANY($2::text[])`, [institutionOrgId, refs]);
  },

  async insertLoans(q: Queryable, loans: readonly NewLoan[]): Promise<void> {
    if (loans.length === 0) return;
    const rows = JSON.stringify(loans.map((l) => ({
      i: l.institutionOrgId, r: l.loanRef, u: l.uscc, d: l.disbursedOn, a: l.amountFen, t: l.termMonths, f: l.features,
      fa: l.featuresComputedAt.toISOString(), ra: l.reportedAt.toISOString(), rb: l.reportedBy, o: l.outcome, oo: l.outcomeOn,
    })));
    await q.query(`INSERT INTO scorecard_loans (institution_org_id, loan_ref, uscc, disbursed_on, amount_fen, term_months, features,
        features_computed_at, reported_at, reported_by, outcome, outcome_on, outcome_reported_at, outcome_reported_by)
      SELECT i, r, u, d, a::bigint, t, f, fa, ra, rb, o, oo, CASE WHEN o IS NULL THEN NULL ELSE ra END, CASE WHEN o IS NULL THEN NULL ELSE rb END
      FROM jsonb_to_recordset($1::jsonb) AS x(i uuid, r text, u text, d date, a text, t integer, f jsonb, fa timestamptz, ra timestamptz, rb text, o text, oo date)`,
    [rows]);
  },

  async setOutcomes(q: Queryable, institutionOrgId: string, updates: readonly { loanRef: string; outcome: Outcome; outcomeOn: string }[], at: Date, by: string): Promise<void> {
    if (updates.length === 0) return;
    await q.query(`UPDATE scorecard_loans l SET outcome = x.o, outcome_on = x.oo, outcome_reported_at = $2, outcome_reported_by = $3
      FROM jsonb_to_recordset($4::jsonb) AS x(r text, o text, oo date) WHERE l.institution_org_id = $1 AND l.loan_ref = x.r`,
    [institutionOrgId, at, by, JSON.stringify(updates.map((u) => ({ r: u.loanRef, o: u.outcome, oo: u.outcomeOn })))]);
  },

  /** Keyset page by loan reference; `institutionOrgId` null = every institution (operators). */
  async loans(q: Queryable, f: { institutionOrgId: string | null; outcome?: Outcome | 'none'; after: [string, string] | null; limit: number }): Promise<LoanRow[]> {
    return q.query<LoanRow>(`SELECT ${LOAN_COLUMNS} FROM scorecard_loans
      WHERE ($1::uuid IS NULL OR institution_org_id = $1)
        AND ($2::text IS NULL OR ($2 = 'none' AND outcome IS NULL) OR outcome = $2)
        AND ($3::uuid IS NULL OR (institution_org_id, loan_ref) > ($3::uuid, $4::text))
      ORDER BY institution_org_id, loan_ref LIMIT $5`,
    [f.institutionOrgId, f.outcome ?? null, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit]);
  },

  async loanCounts(q: Queryable, institutionOrgId: string | null): Promise<{ outcome: string | null; n: number }[]> {
    return q.query(`SELECT outcome, count(*)::int AS n FROM scorecard_loans WHERE ($1::uuid IS NULL OR institution_org_id = $1) GROUP BY outcome`, [institutionOrgId]);
  },

  /** The loans a training job may use, with their feature snapshots. */
  async trainingLoans(q: Queryable, f: { institutions: string[] | null; from: string | null; to: string | null; withFeatures: boolean }): Promise<LoanWithFeatures[]> {
    return q.query<LoanWithFeatures>(`SELECT ${LOAN_COLUMNS}, ${f.withFeatures ? 'features' : `'{}'::jsonb AS features`} FROM scorecard_loans
      WHERE ($1::uuid[] IS NULL OR institution_org_id = ANY($1::uuid[]))
        AND ($2::date IS NULL OR disbursed_on >= $2) AND ($3::date IS NULL OR disbursed_on <= $3)
      ORDER BY institution_org_id, loan_ref`, [f.institutions, f.from, f.to]);
  },

  async createJob(q: Queryable, job: { id: string; options: Record<string, unknown>; population: Population; requestedBy: string; at: Date }): Promise<void> {
    await q.query(`INSERT INTO scorecard_training_jobs (id, status, stage, progress, options, population, requested_by, started_at)
      VALUES ($1, 'running', 'queued', 0, $2, $3, $4, $5)`, [job.id, JSON.stringify(job.options), JSON.stringify(job.population), job.requestedBy, job.at]);
  },

  async progressJob(q: Queryable, id: string, stage: string, progress: number): Promise<void> {
    await q.query('UPDATE scorecard_training_jobs SET stage = $2, progress = $3 WHERE id = $1', [id, stage, progress]);
  },

  async finishJob(q: Queryable, id: string, f: { status: 'completed' | 'failed'; at: Date; modelVersion?: number; errorCode?: string; error?: Localized }): Promise<void> {
    await q.query(`UPDATE scorecard_training_jobs SET status = $2, finished_at = $3, model_version = $4, error_code = $5, error = $6,
      stage = CASE WHEN $2 = 'completed' THEN 'done' ELSE stage END, progress = CASE WHEN $2 = 'completed' THEN 100 ELSE progress END WHERE id = $1`,
    [id, f.status, f.at, f.modelVersion ?? null, f.errorCode ?? null, f.error ? JSON.stringify(f.error) : null]);
  },

  /** Jobs still 'running' that started before `before`: left by a process that stopped (a job takes minutes, not hours). */
  async failStaleJobs(q: Queryable, before: Date, at: Date): Promise<void> {
    await q.query(`UPDATE scorecard_training_jobs SET status = 'failed', finished_at = $2, error_code = 'SCORECARD_TRAINING_INTERRUPTED',
      error = '{"zh": "服务器在训练完成前停止，训练中断", "en": "interrupted: the server stopped before the job finished"}'::jsonb WHERE status = 'running' AND started_at < $1`, [before, at]);
  },

  async job(q: Queryable, id: string): Promise<JobRow | undefined> {
    const [row] = await q.query<JobRow>('SELECT * FROM scorecard_training_jobs WHERE id = $1', [id]);
    return row;
  },

  async jobs(q: Queryable, limit: number): Promise<JobRow[]> {
    return q.query<JobRow>('SELECT * FROM scorecard_training_jobs ORDER BY started_at DESC, id DESC LIMIT $1', [limit]);
  },

  /** Stores a trained model as the next version, a challenger (callers hold a transaction). */
  async insertModel(q: Queryable, m: Omit<ModelRow, 'version' | 'status' | 'monitoring' | 'status_changed_at'> & { monitoring: Monitoring | null }): Promise<number> {
    await q.query('LOCK TABLE scorecard_models IN EXCLUSIVE MODE');
    const [{ next }] = await q.query<{ next: number }>('SELECT coalesce(max(version), 0) + 1 AS next FROM scorecard_models');
    await q.query(`INSERT INTO scorecard_models (version, status, job_id, options, population, model, development, monitoring, train_auc, train_ks,
        train_gini, cv_auc, cv_ks, created_by, created_at, status_changed_at)
      VALUES ($1, 'challenger', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)`,
    [next, m.job_id, JSON.stringify(m.options), JSON.stringify(m.population), JSON.stringify({ ...m.model, version: String(next) }), JSON.stringify(m.development),
      m.monitoring ? JSON.stringify(m.monitoring) : null, m.train_auc, m.train_ks, m.train_gini, m.cv_auc, m.cv_ks, m.created_by, m.created_at]);
    return next;
  },

  async models(q: Queryable): Promise<ModelSummaryRow[]> {
    return q.query<ModelSummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM scorecard_models ORDER BY version DESC`);
  },

  async model(q: Queryable, version: number, lock = false): Promise<ModelRow | undefined> {
    const [row] = await q.query<ModelRow>(`SELECT * FROM scorecard_models WHERE version = $1${lock ? ' FOR UPDATE' : ''}`, [version]);
    return row;
  },

  /** The champion and the challengers, champion first. */
  async liveModels(q: Queryable): Promise<ModelRow[]> {
    return q.query<ModelRow>(`SELECT * FROM scorecard_models WHERE status IN ('champion', 'challenger') ORDER BY status = 'champion' DESC, version DESC`);
  },

  async setStatus(q: Queryable, version: number, status: ModelStatus, at: Date): Promise<void> {
    await q.query('UPDATE scorecard_models SET status = $2, status_changed_at = $3 WHERE version = $1', [version, status, at]);
  },

  async setMonitoring(q: Queryable, version: number, monitoring: Monitoring): Promise<void> {
    await q.query('UPDATE scorecard_models SET monitoring = $2 WHERE version = $1', [version, JSON.stringify(monitoring)]);
  },

  async addEvent(q: Queryable, e: Omit<ModelEventRow, 'seq'>): Promise<void> {
    await q.query(`INSERT INTO scorecard_model_events (version, seq, action, actor, note, at)
      SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5 FROM scorecard_model_events WHERE version = $1`, [e.version, e.action, e.actor, e.note, e.at]);
  },

  async events(q: Queryable, version: number): Promise<ModelEventRow[]> {
    return q.query<ModelEventRow>('SELECT * FROM scorecard_model_events WHERE version = $1 ORDER BY seq', [version]);
  },
};
