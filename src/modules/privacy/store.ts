/** SQL for the privacy_* tables (migrations/0026_privacy.sql). */
import type { Queryable } from '../../platform/db/index.ts';

export type PsiStatus = 'awaiting_upload' | 'double_blinding' | 'awaiting_double' | 'intersecting' | 'finished' | 'failed';
export type ChunkKind = 'blinded' | 'platform' | 'double_blinded' | 'double' | 'platform_ids';
export type TrainingStatus = 'running' | 'converged' | 'finished' | 'failed';

export interface PsiJobRow {
  id: string; institution_org_id: string; institution_name: string; status: PsiStatus; progress: number; institution_count: number;
  platform_count: number; chunk_size: number; secret_enc: string; intersection_count: number | null; summary: Record<string, unknown>;
  error: string | null; created_by: string; created_at: Date; updated_at: Date; finished_at: Date | null;
}

export interface TrainingRow {
  id: string; institution_org_id: string; institution_name: string; psi_job_id: string; status: TrainingStatus; progress: number;
  config: Record<string, number>; samples: number; step: number; last_backward: { step: number; guestPlain: string[] } | null;
  host_state: HostState; public_key: { n: string; hs: string; bits: number }; arbiter_key_enc: string; summary: Record<string, unknown>;
  created_by: string; created_at: Date; updated_at: Date; finished_at: Date | null;
}

export interface HostState { names: string[]; means: number[]; stds: number[]; weights: number[]; lastNormSq: number | null }

const JOB = `SELECT j.id, j.institution_org_id, o.name AS institution_name, j.status, j.progress, j.institution_count, j.platform_count,
  j.chunk_size, j.secret_enc, j.intersection_count, j.summary, j.error, j.created_by, j.created_at, j.updated_at, j.finished_at
  FROM privacy_psi_jobs j JOIN organisations o ON o.id = j.institution_org_id`;
const TRAINING = `SELECT t.id, t.institution_org_id, o.name AS institution_name, t.psi_job_id, t.status, t.progress, t.config, t.samples, t.step,
  t.last_backward, t.host_state, t.public_key, t.arbiter_key_enc, t.summary, t.created_by, t.created_at, t.updated_at, t.finished_at
  FROM privacy_trainings t JOIN organisations o ON o.id = t.institution_org_id`;

export interface ListFilter { orgId: string | null; after: { at: Date; id: string } | null; limit: number }

function listSql(base: string, alias: string, f: ListFilter): [string, unknown[]] {
  const params: unknown[] = [];
  const where: string[] = [];
  if (f.orgId) { params.push(f.orgId); where.push(`${alias}.institution_org_id = $${params.length}`); }
  if (f.after) {
    params.push(f.after.at, f.after.id);
    where.push(`(${alias}.created_at, ${alias}.id) < ($${params.length - 1}, $${params.length})`);
  }
  params.push(f.limit);
  return [`${base}${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY ${alias}.created_at DESC, ${alias}.id DESC LIMIT $${params.length}`, params];
}

export function createPrivacyStore(db: Queryable) {
  return {
    async insertJob(q: Queryable, j: { id: string; orgId: string; institutionCount: number; platformCount: number; chunkSize: number; secretEnc: string; createdBy: string; at: Date }) {
      await q.query(`INSERT INTO privacy_psi_jobs (id, institution_org_id, status, institution_count, platform_count, chunk_size, secret_enc, created_by, created_at, updated_at)
        VALUES ($1, $2, 'awaiting_upload', $3, $4, $5, $6, $7, $8, $8)`, [j.id, j.orgId, j.institutionCount, j.platformCount, j.chunkSize, j.secretEnc, j.createdBy, j.at]);
    },
    async job(id: string, q: Queryable = db): Promise<PsiJobRow | null> {
      const [r] = await q.query<PsiJobRow>(`${JOB} WHERE j.id = $1`, [id]);
      return r ?? null;
    },
    jobs: (f: ListFilter) => db.query<PsiJobRow>(...listSql(JOB, 'j', f)),
    async updateJob(id: string, set: { status?: PsiStatus; progress?: number; summary?: Record<string, unknown>; intersectionCount?: number; error?: string; finishedAt?: Date }, at: Date, q: Queryable = db) {
      await q.query(`UPDATE privacy_psi_jobs SET status = coalesce($2, status), progress = coalesce($3, progress), summary = summary || coalesce($4::jsonb, '{}'),
        intersection_count = coalesce($5, intersection_count), error = coalesce($6, error), finished_at = coalesce($7, finished_at), updated_at = $8 WHERE id = $1`,
      [id, set.status ?? null, set.progress ?? null, set.summary ? JSON.stringify(set.summary) : null, set.intersectionCount ?? null, set.error ?? null, set.finishedAt ?? null, at]);
    },
    async putChunk(q: Queryable, jobId: string, kind: ChunkKind, chunk: number, data: string) {
      await q.query(`INSERT INTO privacy_psi_chunks (job_id, kind, chunk, data) VALUES ($1, $2, $3, $4)
        ON CONFLICT (job_id, kind, chunk) DO UPDATE SET data = excluded.data`, [jobId, kind, chunk, data]);
    },
    async chunk(jobId: string, kind: ChunkKind, chunk: number): Promise<string | null> {
      const [r] = await db.query<{ data: string }>('SELECT data FROM privacy_psi_chunks WHERE job_id = $1 AND kind = $2 AND chunk = $3', [jobId, kind, chunk]);
      return r?.data ?? null;
    },
    async chunkNumbers(jobId: string, kind: ChunkKind): Promise<number[]> {
      return (await db.query<{ chunk: number }>('SELECT chunk FROM privacy_psi_chunks WHERE job_id = $1 AND kind = $2 ORDER BY chunk', [jobId, kind])).map((r) => r.chunk);
    },
    async allChunks(jobId: string, kind: ChunkKind): Promise<string[]> {
      return (await db.query<{ data: string }>('SELECT data FROM privacy_psi_chunks WHERE job_id = $1 AND kind = $2 ORDER BY chunk', [jobId, kind])).map((r) => r.data);
    },
    async dropChunks(q: Queryable, jobId: string, kinds: ChunkKind[]) {
      await q.query('DELETE FROM privacy_psi_chunks WHERE job_id = $1 AND kind = ANY($2::text[])', [jobId, kinds]);
    },
    async putIntersection(q: Queryable, jobId: string, usccs: string[]) {
      await q.query('DELETE FROM privacy_psi_intersections WHERE job_id = $1', [jobId]);
      for (let i = 0; i < usccs.length; i += 5000) {
        await q.query('INSERT INTO privacy_psi_intersections (job_id, uscc) SELECT $1, u FROM unnest($2::text[]) AS u', [jobId, usccs.slice(i, i + 5000)]);
      }
    },
    async intersection(jobId: string): Promise<string[]> {
      return (await db.query<{ uscc: string }>('SELECT uscc FROM privacy_psi_intersections WHERE job_id = $1 ORDER BY uscc COLLATE "C"', [jobId])).map((r) => r.uscc);
    },

    async insertTraining(q: Queryable, t: { id: string; orgId: string; psiJobId: string; config: Record<string, number>; samples: number; hostState: HostState; publicKey: unknown; arbiterKeyEnc: string; createdBy: string; at: Date }) {
      await q.query(`INSERT INTO privacy_trainings (id, institution_org_id, psi_job_id, status, config, samples, host_state, public_key, arbiter_key_enc, created_by, created_at, updated_at)
        VALUES ($1, $2, $3, 'running', $4, $5, $6, $7, $8, $9, $10, $10)`,
      [t.id, t.orgId, t.psiJobId, JSON.stringify(t.config), t.samples, JSON.stringify(t.hostState), JSON.stringify(t.publicKey), t.arbiterKeyEnc, t.createdBy, t.at]);
    },
    async training(id: string, q: Queryable = db): Promise<TrainingRow | null> {
      const [r] = await q.query<TrainingRow>(`${TRAINING} WHERE t.id = $1`, [id]);
      return r ?? null;
    },
    async lockTraining(q: Queryable, id: string): Promise<void> {
      await q.query('SELECT id FROM privacy_trainings WHERE id = $1 FOR UPDATE', [id]);
    },
    trainings: (f: ListFilter) => db.query<TrainingRow>(...listSql(TRAINING, 't', f)),
    async saveStep(q: Queryable, id: string, s: { step: number; hostState: HostState; lastBackward: unknown; progress: number; at: Date }) {
      await q.query('UPDATE privacy_trainings SET step = $2, host_state = $3, last_backward = $4, progress = $5, updated_at = $6 WHERE id = $1',
        [id, s.step, JSON.stringify(s.hostState), JSON.stringify(s.lastBackward), s.progress, s.at]);
    },
    async finishTraining(q: Queryable, id: string, s: { status: TrainingStatus; summary: Record<string, unknown>; progress: number; at: Date }) {
      await q.query(`UPDATE privacy_trainings SET status = $2, summary = summary || $3::jsonb, progress = $4, updated_at = $5,
        finished_at = CASE WHEN $2 = 'running' THEN NULL ELSE $5::timestamptz END WHERE id = $1`, [id, s.status, JSON.stringify(s.summary), s.progress, s.at]);
    },
    async updateTrainingSummary(q: Queryable, id: string, summary: Record<string, unknown>, at: Date) {
      await q.query('UPDATE privacy_trainings SET summary = summary || $2::jsonb, updated_at = $3 WHERE id = $1', [id, JSON.stringify(summary), at]);
    },
    async appendArbiterLog(q: Queryable, trainingId: string, e: { step: number; kind: string; party: string; count: number; detail: Record<string, unknown>; at: Date }) {
      await q.query(`INSERT INTO privacy_arbiter_log (training_id, seq, step, kind, party, count, detail, at)
        SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7 FROM privacy_arbiter_log WHERE training_id = $1`,
      [trainingId, e.step, e.kind, e.party, e.count, JSON.stringify(e.detail), e.at]);
    },
    async arbiterLog(trainingId: string) {
      return db.query<{ seq: number; step: number; kind: string; party: string; count: number; detail: Record<string, unknown>; at: Date }>(
        'SELECT seq, step, kind, party, count, detail, at FROM privacy_arbiter_log WHERE training_id = $1 ORDER BY seq', [trainingId]);
    },
  };
}

export type PrivacyStore = ReturnType<typeof createPrivacyStore>;
