import { newPsiSecret, pointKeys, POINT_BYTES, randomPermutation } from '../psi-group.ts';
import { createWorkerPool, type WorkerPool } from '../worker-pool.ts';
import type { PlatformTransport } from './transport.ts';

/**
 * The institution's side of ECDH-PSI (docs/privacy.md §PSI): H(x)^b over its ids in a random order, then A^b over
 * the platform's set; the ids whose BA value appears among the AB values are the intersection. The secret b and the
 * order never leave this process; a state object lets a run resume after an interruption.
 */
export interface PsiJobView {
  id: string; status: string; progress: number; chunkSize: number; chunks: { institution: number; platform: number };
  summary: Record<string, unknown>; error: string | null;
}

export interface PsiState { jobId: string; secret: string; order: string[] }

export interface PsiRunOptions {
  chunkSize?: number;
  workers?: WorkerPool;
  /** an earlier run's state, to resume its job */
  state?: PsiState;
  /** called with the state as soon as the job exists (save it to resume later) */
  onState?: (s: PsiState) => void;
  onProgress?: (phase: string, done: number, total: number) => void;
  pollMs?: number;
}

export async function runPsi(t: PlatformTransport, ids: readonly string[], o: PsiRunOptions = {}): Promise<{ jobId: string; intersection: string[]; job: PsiJobView }> {
  const workers = o.workers ?? createWorkerPool();
  const progress = o.onProgress ?? (() => undefined);
  try {
    let state = o.state;
    let job: PsiJobView;
    if (!state) {
      const unique = [...new Set(ids)];
      const perm = randomPermutation(unique.length);
      const order = Array.from(perm, (i) => unique[i]);
      job = await t.request<PsiJobView>('POST', '/privacy/psi-jobs', { idCount: order.length, ...(o.chunkSize ? { chunkSize: o.chunkSize } : {}) });
      state = { jobId: job.id, secret: newPsiSecret().toString('hex'), order };
      o.onState?.(state);
    } else {
      job = await t.request<PsiJobView>('GET', `/privacy/psi-jobs/${state.jobId}`);
    }
    const secret = Buffer.from(state.secret, 'hex');
    const { order, jobId } = state;
    const size = job.chunkSize;

    if (job.status === 'awaiting_upload') {
      let done = 0;
      await Promise.all(Array.from({ length: workers.size }, async (_, lane) => {
        for (let k = lane; k < job.chunks.institution; k += workers.size) {
          const out = await workers.run('psi.hashAndBlind', { secret, ids: order.slice(k * size, (k + 1) * size) });
          await t.request('PUT', `/privacy/psi-jobs/${jobId}/blinded/${k}`, { points: Buffer.from(out).toString('base64') });
          progress('upload', ++done, job.chunks.institution);
        }
      }));
    }
    job = await waitFor(t, jobId, ['awaiting_double', 'intersecting', 'finished'], o.pollMs ?? 200, progress);

    // BA in our order: kept to name our ids once the platform's AB values are known.
    const ba: string[] = [];
    for (let k = 0; k < job.chunks.institution && job.status === 'awaiting_double'; k++) {
      const r = await t.request<{ points: string }>('GET', `/privacy/psi-jobs/${jobId}/double-blinded/${k}`);
      ba.push(...pointKeys(Buffer.from(r.points, 'base64')));
    }
    const ab = new Set<string>();
    if (job.status === 'awaiting_double') {
      let done = 0;
      await Promise.all(Array.from({ length: workers.size }, async (_, lane) => {
        for (let k = lane; k < job.chunks.platform; k += workers.size) {
          const r = await t.request<{ points: string }>('GET', `/privacy/psi-jobs/${jobId}/platform-set/${k}`);
          const a = Buffer.from(r.points, 'base64');
          if (a.length % POINT_BYTES) throw new Error('the platform sent a malformed chunk');
          const out = await workers.run('psi.blindAll', { secret, points: a });
          for (const key of pointKeys(out)) ab.add(key);
          await t.request('PUT', `/privacy/psi-jobs/${jobId}/double/${k}`, { points: Buffer.from(out).toString('base64') });
          progress('double', ++done, job.chunks.platform);
        }
      }));
    } else {
      throw new Error(`job ${jobId} is ${job.status}; the exchange cannot be resumed past the platform's intersection (start a new job)`);
    }
    const intersection = order.filter((_, i) => ab.has(ba[i])).sort();
    job = await waitFor(t, jobId, ['finished'], o.pollMs ?? 200, progress);
    return { jobId, intersection, job };
  } finally {
    if (!o.workers) await workers.close();
  }
}

async function waitFor(t: PlatformTransport, jobId: string, statuses: string[], pollMs: number, progress: (phase: string, done: number, total: number) => void): Promise<PsiJobView> {
  for (;;) {
    const job = await t.request<PsiJobView>('GET', `/privacy/psi-jobs/${jobId}`);
    if (job.status === 'failed') throw new Error(`PSI job ${jobId} failed on the platform: ${job.error ?? 'unknown error'}`);
    if (statuses.includes(job.status)) return job;
    progress(job.status, Math.round(job.progress * 100), 100);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
