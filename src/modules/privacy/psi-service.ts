import type { Db } from '../../platform/db/index.ts';
import type { PlatformKeys } from '../../platform/keys.ts';
import { sm3Hex, uuidv7 } from '../../platform/crypto/index.ts';
import { badRequest, conflict, notFound } from '../../platform/http/index.ts';
import type { AuditActor, AuditSink } from '../audit/index.ts';
import { newPsiSecret, pointKeys, POINT_BYTES, randomPermutation } from './psi-group.ts';
import type { PsiJobRow, PrivacyStore, ChunkKind } from './store.ts';
import type { WorkerPool } from './worker-pool.ts';

/**
 * C12 private set intersection, platform side (docs/privacy.md §PSI). The institution uploads B = H(x)^b in
 * chunks (shuffled by it); the platform answers A = H(y)^a over its ids in a fresh random order and BA = B^a in B's
 * order; the institution uploads AB = A^b; the platform finds the positions of A whose AB value is in BA, which name
 * its own ids in the intersection. Only counts and digests of the exchanged sets go to the audit log.
 */
export interface Requester { actor: AuditActor; name: string }

export interface PsiDeps {
  db: Db; keys: PlatformKeys; audit: AuditSink; clock: () => number; store: PrivacyStore; workers: () => WorkerPool;
  /** The ids the platform brings to an intersection (the registry's USCCs). */
  platformIds: () => Promise<string[]>;
  onError: (err: unknown) => void;
}

export const DEFAULT_CHUNK = 10_000;
export const MAX_IDS = 2_000_000;
/** Chunk numbers are bounded in the routes' parameters. */
export const MAX_CHUNKS = 10_000;

const JOB_NOT_FOUND = () => notFound('PSI_JOB_NOT_FOUND', { zh: '没有这个隐私求交任务', en: 'No such private set intersection job' });
const secretAad = (id: string) => `privacy_psi_jobs.secret:${id}`;

export const chunkCount = (count: number, chunkSize: number): number => Math.ceil(count / chunkSize);
export const chunkLength = (count: number, chunkSize: number, chunk: number): number => Math.min(chunkSize, count - chunk * chunkSize);

function decodePoints(b64: string, expected: number): Buffer {
  const buf = Buffer.from(b64, 'base64');
  if (buf.length !== expected * POINT_BYTES || buf.toString('base64') !== b64) {
    throw badRequest('PSI_CHUNK_MALFORMED', {
      zh: `该分片应为 ${expected} 个 32 字节点的 base64 编码`,
      en: `This chunk must be the base64 of ${expected} 32-byte points`,
    });
  }
  return buf;
}

export function createPsiService(d: PsiDeps) {
  const { db, store, keys } = d;
  const now = () => new Date(d.clock());
  const active = new Set<string>();

  async function ownJob(orgId: string | null, id: string): Promise<PsiJobRow> {
    const job = await store.job(id);
    // Another institution's job is "not found", so ids of others' jobs cannot be probed.
    if (!job || (orgId !== null && job.institution_org_id !== orgId)) throw JOB_NOT_FOUND();
    return job;
  }

  const secretOf = (job: PsiJobRow) => Buffer.from(keys.cipher.decrypt(job.secret_enc, secretAad(job.id)), 'hex');

  /** Runs chunk tasks on the worker pool, a few at a time, reporting progress. */
  async function runChunks(job: PsiJobRow, total: number, done: Set<number>, work: (chunk: number) => Promise<void>, progressBase: number, progressSpan: number) {
    const todo = Array.from({ length: total }, (_, k) => k).filter((k) => !done.has(k));
    let finished = total - todo.length;
    const lanes = Math.max(1, d.workers().size);
    await Promise.all(Array.from({ length: lanes }, async () => {
      for (let k = todo.shift(); k !== undefined; k = todo.shift()) {
        await work(k);
        finished++;
        await store.updateJob(job.id, { progress: progressBase + progressSpan * (finished / Math.max(1, total)) }, now());
      }
    }));
  }

  const digestOf = (chunks: string[]) => sm3Hex(chunks.map((c) => sm3Hex(Buffer.from(c, 'base64'))).join(''));

  /** Platform exponentiations: A = H(y)^a over the shuffled ids, BA = B^a; resumable chunk by chunk. */
  async function doubleBlind(job: PsiJobRow) {
    const secret = secretOf(job);
    const workers = d.workers();
    const platformChunks = chunkCount(job.platform_count, job.chunk_size);
    await runChunks(job, platformChunks, new Set(await store.chunkNumbers(job.id, 'platform')), async (k) => {
      const ids = (await store.chunk(job.id, 'platform_ids', k))!.split('\n');
      const out = await workers.run('psi.hashAndBlind', { secret, ids });
      await store.putChunk(db, job.id, 'platform', k, Buffer.from(out).toString('base64'));
    }, 0, 0.5);
    const instChunks = chunkCount(job.institution_count, job.chunk_size);
    await runChunks(job, instChunks, new Set(await store.chunkNumbers(job.id, 'double_blinded')), async (k) => {
      const points = Buffer.from((await store.chunk(job.id, 'blinded', k))!, 'base64');
      const out = await workers.run('psi.blindAll', { secret, points });
      await store.putChunk(db, job.id, 'double_blinded', k, Buffer.from(out).toString('base64'));
    }, 0.5, 0.5);
    const summary = {
      platformSetSm3: digestOf(await store.allChunks(job.id, 'platform')),
      doubleBlindedSm3: digestOf(await store.allChunks(job.id, 'double_blinded')),
    };
    await store.updateJob(job.id, { status: 'awaiting_double', progress: 0, summary }, now());
  }

  /** Positions of A whose AB value is in BA name the platform's ids in the intersection. */
  async function intersect(job: PsiJobRow, requester: Requester) {
    const ba = new Set<string>();
    for (const c of await store.allChunks(job.id, 'double_blinded')) for (const k of pointKeys(Buffer.from(c, 'base64'))) ba.add(k);
    const found: string[] = [];
    const doubles = await store.allChunks(job.id, 'double');
    for (let k = 0; k < doubles.length; k++) {
      const keysOfChunk = pointKeys(Buffer.from(doubles[k], 'base64'));
      const ids = (await store.chunk(job.id, 'platform_ids', k))!.split('\n');
      keysOfChunk.forEach((key, i) => { if (ba.has(key)) found.push(ids[i]); });
    }
    found.sort();
    const summary = { doubleSm3: digestOf(doubles), intersectionSm3: sm3Hex(found.join('\n')) };
    await db.tx(async (q) => {
      await store.putIntersection(q, job.id, found);
      // The exchanged point sets have served their purpose; the platform's shuffled id list is kept for audits.
      await store.dropChunks(q, job.id, ['blinded', 'platform', 'double_blinded', 'double']);
      await store.updateJob(job.id, { status: 'finished', progress: 1, intersectionCount: found.length, summary, finishedAt: now() }, now(), q);
    });
    await d.audit.append({
      kind: 'change', action: 'privacy.psi.finished', actor: requester.actor, outcome: 'ok', target: { type: 'psi_job', id: job.id },
      details: { institutionCount: job.institution_count, platformCount: job.platform_count, intersectionCount: found.length, ...job.summary, ...summary },
    });
  }

  /** Starts (or resumes after a restart) the background step a job's status calls for. */
  function kick(job: PsiJobRow, requester: Requester) {
    if (active.has(job.id) || (job.status !== 'double_blinding' && job.status !== 'intersecting')) return;
    active.add(job.id);
    const work = job.status === 'double_blinding' ? doubleBlind(job) : intersect(job, requester);
    work.catch(async (err: unknown) => {
      d.onError(err);
      await store.updateJob(job.id, { status: 'failed', error: err instanceof Error ? err.message : String(err) }, now());
    }).catch(d.onError).finally(() => active.delete(job.id));
  }

  return {
    async create(orgId: string, requester: Requester, input: { idCount: number; chunkSize?: number }): Promise<PsiJobRow> {
      const chunkSize = input.chunkSize ?? DEFAULT_CHUNK;
      const ids = [...new Set(await d.platformIds())];
      if (chunkCount(Math.max(input.idCount, ids.length), chunkSize) > MAX_CHUNKS) {
        throw badRequest('PSI_CHUNK_SIZE', { zh: `分片过多：请把分片调大，使每个集合不超过 ${MAX_CHUNKS} 片`, en: `Too many chunks: raise chunkSize so each set has at most ${MAX_CHUNKS}` });
      }
      if (ids.length === 0) throw conflict('PSI_PLATFORM_EMPTY', { zh: '平台暂无可参与求交的市场主体', en: 'The platform holds no enterprises to intersect with' });
      const perm = randomPermutation(ids.length);
      const shuffled = Array.from(perm, (i) => ids[i]);
      const id = uuidv7();
      const secretEnc = keys.cipher.encrypt(newPsiSecret().toString('hex'), secretAad(id));
      await db.tx(async (q) => {
        await store.insertJob(q, { id, orgId, institutionCount: input.idCount, platformCount: ids.length, chunkSize, secretEnc, createdBy: requester.name, at: now() });
        for (let k = 0; k < chunkCount(ids.length, chunkSize); k++) await store.putChunk(q, id, 'platform_ids', k, shuffled.slice(k * chunkSize, (k + 1) * chunkSize).join('\n'));
      });
      await d.audit.append({
        kind: 'change', action: 'privacy.psi.created', actor: requester.actor, outcome: 'ok', target: { type: 'psi_job', id },
        details: { institutionCount: input.idCount, platformCount: ids.length, chunkSize },
      });
      return (await store.job(id))!;
    },

    /** A job of the caller's institution (orgId null = an operator); resumes interrupted work. */
    async get(orgId: string | null, id: string, requester: Requester): Promise<PsiJobRow> {
      const job = await ownJob(orgId, id);
      kick(job, requester);
      return job;
    },

    list: store.jobs,

    async upload(orgId: string, id: string, kind: 'blinded' | 'double', chunk: number, points: string, requester: Requester): Promise<PsiJobRow> {
      const job = await ownJob(orgId, id);
      const expectStatus = kind === 'blinded' ? 'awaiting_upload' : 'awaiting_double';
      if (job.status !== expectStatus) {
        throw conflict('PSI_JOB_STATE', { zh: `任务当前状态为 ${job.status}，不接受该上传`, en: `The job is ${job.status}; this upload is not expected now` });
      }
      const count = kind === 'blinded' ? job.institution_count : job.platform_count;
      const chunks = chunkCount(count, job.chunk_size);
      if (chunk >= chunks) throw badRequest('PSI_CHUNK_OUT_OF_RANGE', { zh: `分片序号应小于 ${chunks}`, en: `The chunk number must be below ${chunks}` });
      const buf = decodePoints(points, chunkLength(count, job.chunk_size, chunk));
      await store.putChunk(db, id, kind, chunk, buf.toString('base64'));
      const have = await store.chunkNumbers(id, kind);
      let next = job;
      if (have.length === chunks) {
        await store.updateJob(id, { status: kind === 'blinded' ? 'double_blinding' : 'intersecting', progress: 0, summary: kind === 'blinded' ? { blindedSm3: digestOf(await store.allChunks(id, 'blinded')) } : {} }, now());
        next = (await store.job(id))!;
        kick(next, requester);
      } else {
        await store.updateJob(id, { progress: have.length / chunks }, now());
        next = (await store.job(id))!;
      }
      return next;
    },

    /** The platform's messages: its shuffled set A, or BA in the institution's order. */
    async download(orgId: string, id: string, kind: 'platform' | 'double_blinded', chunk: number): Promise<string> {
      const job = await ownJob(orgId, id);
      if (job.status !== 'awaiting_double') {
        throw conflict('PSI_JOB_STATE', { zh: `任务当前状态为 ${job.status}，平台集合尚不可取`, en: `The job is ${job.status}; the platform's sets are not available` });
      }
      const data = await store.chunk(id, kind as ChunkKind, chunk);
      if (data === null) throw badRequest('PSI_CHUNK_OUT_OF_RANGE', { zh: '没有这个分片', en: 'No such chunk' });
      return data;
    },

    /** Waits for the job's background work in this process (tests, CLI runs in-process). */
    async settled(id: string): Promise<void> {
      while (active.has(id)) await new Promise((r) => setTimeout(r, 20));
    },
    isActive: (id: string) => active.has(id),
  };
}

export type PsiService = ReturnType<typeof createPsiService>;
