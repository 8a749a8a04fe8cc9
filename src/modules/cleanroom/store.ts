import type { Db, Queryable } from '../../platform/db/index.ts';
import type { ModelSpec } from './spec.ts';

export type VersionStatus = 'pending' | 'approved' | 'rejected' | 'superseded';
export type RunStatus = 'running' | 'completed' | 'failed' | 'refused';

export interface SpecRow { id: string; institution_org_id: string; name: string; description: string; created_by: string; created_at: Date }

export interface VersionRow {
  id: string;
  spec_id: string;
  version: number;
  kind: 'scorecard' | 'logistic';
  spec: ModelSpec;
  spec_sm3: string;
  status: VersionStatus;
  submitted_by: string;
  submitted_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
}

export interface RunRow {
  id: string;
  spec_id: string;
  version_id: string;
  institution_org_id: string;
  status: RunStatus;
  progress: number;
  spec_sm3: string;
  population_count: number;
  population_sm3: string | null;
  excluded: { uncovered?: number; limited?: number; unregistered?: number };
  scored: number;
  output_sm3: string | null;
  bands: Record<string, number>;
  refusal_code: string | null;
  refusal: { code: string; path: string; zh: string; en: string }[] | null;
  error: string | null;
  audit_index: number | null;
  requested_by: string;
  created_at: Date;
  finished_at: Date | null;
  /** joined: the model's name and version number */
  spec_name: string;
  version: number;
}

const RUN_COLUMNS = `r.id, r.spec_id, r.version_id, r.institution_org_id, r.status, r.progress, trim(r.spec_sm3) AS spec_sm3, r.population_count,
  trim(r.population_sm3) AS population_sm3, r.excluded, r.scored, trim(r.output_sm3) AS output_sm3, r.bands, r.refusal_code, r.refusal, r.error,
  r.audit_index, r.requested_by, r.created_at, r.finished_at, s.name AS spec_name, v.version`;
const RUN_FROM = 'cleanroom_runs r JOIN cleanroom_specs s ON s.id = r.spec_id JOIN cleanroom_spec_versions v ON v.id = r.version_id';
const VERSION_COLUMNS = `id, spec_id, version, kind, spec, trim(spec_sm3) AS spec_sm3, status, submitted_by, submitted_at, decided_by, decided_at, decision_reason`;

/** SQL for the clean-room tables only (migrations/0027_cleanroom.sql). */
export function createCleanroomStore(db: Db) {
  return {
    async insertSpec(q: Queryable, s: SpecRow): Promise<void> {
      await q.query(
        'INSERT INTO cleanroom_specs (id, institution_org_id, name, description, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6)',
        [s.id, s.institution_org_id, s.name, s.description, s.created_by, s.created_at.toISOString()],
      );
    },

    async specByName(q: Queryable, orgId: string, name: string): Promise<SpecRow | undefined> {
      return (await q.query<SpecRow>('SELECT * FROM cleanroom_specs WHERE institution_org_id = $1 AND name = $2', [orgId, name]))[0];
    },

    async spec(id: string, q: Queryable = db, lock = false): Promise<SpecRow | undefined> {
      return (await q.query<SpecRow>(`SELECT * FROM cleanroom_specs WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]))[0];
    },

    /** One institution's models (or every model for operators), newest first. */
    async specs(orgId: string | null, limit = 200): Promise<SpecRow[]> {
      return db.query<SpecRow>(
        'SELECT * FROM cleanroom_specs WHERE ($1::uuid IS NULL OR institution_org_id = $1) ORDER BY created_at DESC, id DESC LIMIT $2',
        [orgId, limit],
      );
    },

    async insertVersion(q: Queryable, v: Omit<VersionRow, 'decided_by' | 'decided_at' | 'decision_reason'>): Promise<void> {
      await q.query(
        `INSERT INTO cleanroom_spec_versions (id, spec_id, version, kind, spec, spec_sm3, status, submitted_by, submitted_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
        [v.id, v.spec_id, v.version, v.kind, JSON.stringify(v.spec), v.spec_sm3, v.status, v.submitted_by, v.submitted_at.toISOString()],
      );
    },

    async versions(specIds: readonly string[], q: Queryable = db): Promise<VersionRow[]> {
      if (specIds.length === 0) return [];
      return q.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM cleanroom_spec_versions WHERE spec_id = ANY($1::uuid[]) ORDER BY spec_id, version`, [specIds]);
    },

    async version(id: string, q: Queryable = db, lock = false): Promise<VersionRow | undefined> {
      return (await q.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM cleanroom_spec_versions WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]))[0];
    },

    async pendingVersions(limit = 200): Promise<VersionRow[]> {
      return db.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM cleanroom_spec_versions WHERE status = 'pending' ORDER BY submitted_at, id LIMIT $1`, [limit]);
    },

    /** A newer submission supersedes the model's pending versions (only the newest waits for a decision). */
    async supersedePending(q: Queryable, specId: string): Promise<void> {
      await q.query("UPDATE cleanroom_spec_versions SET status = 'superseded' WHERE spec_id = $1 AND status = 'pending'", [specId]);
    },

    async decide(q: Queryable, id: string, status: 'approved' | 'rejected', by: string, at: Date, reason: string | null): Promise<void> {
      await q.query(
        'UPDATE cleanroom_spec_versions SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5 WHERE id = $1',
        [id, status, by, at.toISOString(), reason],
      );
    },

    async insertRun(q: Queryable, r: Pick<RunRow, 'id' | 'spec_id' | 'version_id' | 'institution_org_id' | 'status' | 'spec_sm3' | 'requested_by' | 'created_at'>
      & Partial<Pick<RunRow, 'population_count' | 'population_sm3' | 'excluded' | 'refusal_code' | 'refusal' | 'finished_at' | 'audit_index'>>): Promise<void> {
      await q.query(
        `INSERT INTO cleanroom_runs (id, spec_id, version_id, institution_org_id, status, spec_sm3, population_count, population_sm3, excluded,
           refusal_code, refusal, requested_by, created_at, finished_at, audit_index)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
        [r.id, r.spec_id, r.version_id, r.institution_org_id, r.status, r.spec_sm3, r.population_count ?? 0, r.population_sm3 ?? null,
          JSON.stringify(r.excluded ?? {}), r.refusal_code ?? null, r.refusal ? JSON.stringify(r.refusal) : null, r.requested_by,
          r.created_at.toISOString(), r.finished_at?.toISOString() ?? null, r.audit_index ?? null],
      );
    },

    async progress(id: string, progress: number, scored: number): Promise<void> {
      await db.query('UPDATE cleanroom_runs SET progress = $2, scored = $3 WHERE id = $1', [id, progress, scored]);
    },

    /** The end of a run, together with the leaf index of its audit entry (appended first: no answer the log lacks). */
    async finishRun(id: string, f: { status: RunStatus; outputSm3?: string | null; bands?: Record<string, number>; scored?: number; error?: string | null; at: Date; excluded?: RunRow['excluded']; auditIndex: number }): Promise<void> {
      await db.query(
        `UPDATE cleanroom_runs SET status = $2, output_sm3 = COALESCE($3, output_sm3), bands = COALESCE($4::jsonb, bands), scored = COALESCE($5, scored),
           error = $6, finished_at = $7, progress = CASE WHEN $2 = 'completed' THEN 1 ELSE progress END, excluded = COALESCE($8::jsonb, excluded),
           audit_index = $9
         WHERE id = $1`,
        [id, f.status, f.outputSm3 ?? null, f.bands ? JSON.stringify(f.bands) : null, f.scored ?? null, f.error ?? null, f.at.toISOString(),
          f.excluded ? JSON.stringify(f.excluded) : null, f.auditIndex],
      );
    },

    async insertOutputs(q: Queryable, runId: string, rows: readonly { uscc: string; score: string; band: string }[]): Promise<void> {
      if (rows.length === 0) return;
      await q.query(
        `INSERT INTO cleanroom_run_outputs (run_id, uscc, score, band)
         SELECT $1, o.uscc, o.score::numeric, o.band FROM jsonb_to_recordset($2::jsonb) AS o(uscc text, score text, band text)`,
        [runId, JSON.stringify(rows)],
      );
    },

    async outputs(runId: string): Promise<{ uscc: string; score: string; band: string }[]> {
      return db.query('SELECT uscc, score::text AS score, band FROM cleanroom_run_outputs WHERE run_id = $1 ORDER BY uscc', [runId]);
    },

    async run(id: string): Promise<RunRow | undefined> {
      return (await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM ${RUN_FROM} WHERE r.id = $1`, [id]))[0];
    },

    /** Runs of one institution (or all for operators), newest first, keyset after (created_at, id). */
    async runs(orgId: string | null, after: { at: Date; id: string } | null, limit: number): Promise<RunRow[]> {
      return db.query<RunRow>(
        `SELECT ${RUN_COLUMNS} FROM ${RUN_FROM}
         WHERE ($1::uuid IS NULL OR r.institution_org_id = $1) AND ($2::timestamptz IS NULL OR (r.created_at, r.id) < ($2::timestamptz, $3::uuid))
         ORDER BY r.created_at DESC, r.id DESC LIMIT $4`,
        [orgId, after?.at.toISOString() ?? null, after?.id ?? null, limit],
      );
    },
  };
}

export type CleanroomStore = ReturnType<typeof createCleanroomStore>;
