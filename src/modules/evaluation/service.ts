import { readFileSync } from 'node:fs';
import type { Db, Queryable } from '../../platform/db/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import { badRequest, conflict } from '../../platform/http/index.ts';
import { actorOf, type AuditActor, type AuditSink } from '../audit/index.ts';
import { computeFeatures, type Target } from './features.ts';
import { evaluateFeatures, renderDimensions, renderReasons, type StoredReason } from './evaluate.ts';
import { defaultModel, validateModel, type ModelDefinition } from './model.ts';
import { tagCodesOf, tagsOf } from './tags.ts';
import {
  evaluationStore as store, scoreWithFeaturesFromJson, scoreWithFeaturesJsonSql, type ModelRow, type RunRow, type Scored, type ScoreRow, type ScoreWithFeatures,
} from './store.ts';

export interface EvaluationOptions {
  db: Db;
  clock?: () => number;
  /** the audit log: one 'change' event per evaluation run, model publication and incremental batch */
  audit?: AuditSink;
  /** the credit-commitment text version in force (a signature against an older text no longer counts) */
  commitmentTextVersion?: () => string;
  /** enterprises per full-coverage chunk (one transaction each) */
  chunkSize?: number;
  /** chunks evaluated at once (PostgreSQL only; the embedded database has one connection) */
  concurrency?: number;
}

export interface RunResult {
  runId: string;
  total: number;
  modelVersion: number;
  ms: number;
}

export type RunTrigger = RunRow['trigger'];

/** Who asked, for the audit log and the run record. */
export interface Requester {
  actor: AuditActor;
  name: string | null;
}

const SYSTEM: Requester = { actor: actorOf(null), name: null };
/** Enterprises per statement on the incremental path (an event names up to a chunk of records). */
const INCREMENTAL_CHUNK = 2000;

/** Stored reasons (read back from jsonb, keys reordered) against new ones, field by field. */
function sameReasons(a: readonly StoredReason[] | null, b: readonly StoredReason[]): boolean {
  if (!a || a.length !== b.length) return false;
  return a.every((r, i) => r.code === b[i].code && r.direction === b[i].direction && r.points === b[i].points && (r.value ?? null) === (b[i].value ?? null));
}

function sameTags(a: readonly string[] | null, b: readonly string[]): boolean {
  return !!a && a.length === b.length && a.every((t, i) => t === b[i]);
}

function commitmentVersionFromFile(): string {
  const text = JSON.parse(readFileSync(new URL('../../data/credit-commitment-v1.json', import.meta.url), 'utf8')) as { version: string };
  return text.version;
}

/** C6 public-credit comprehensive evaluation: features, scores with reasons, tags; full coverage and incremental. */
export function createEvaluationService(opts: EvaluationOptions) {
  const { db } = opts;
  const clock = opts.clock ?? Date.now;
  const chunkSize = opts.chunkSize ?? 5000;
  const concurrency = db.kind === 'postgres' ? Math.max(1, opts.concurrency ?? 4) : 1;
  const textVersion = opts.commitmentTextVersion ?? commitmentVersionFromFile;
  let cached: ModelRow | undefined;
  /** Published versions never change, so their definitions are kept once read. */
  const versions = new Map<number, ModelRow>();
  let current: Promise<RunResult> | null = null;
  let busy = false;

  async function audit(action: string, requester: Requester, target: { type: string; id: string } | null, details: Record<string, unknown>) {
    await opts.audit?.append({ kind: 'change', action, actor: requester.actor, outcome: 'ok', target, details });
  }

  /**
   * The active model; the default is published as version 1 the first time one is needed. Inside a transaction
   * pass it as `q`: the embedded database has one connection, so a second one would wait for ever.
   */
  async function activeModel(q?: Queryable): Promise<ModelRow> {
    const via = q ?? db;
    const [row] = await via.query<{ version: number }>('SELECT version FROM evaluation_models WHERE active');
    if (row && cached?.version === row.version) return cached;
    const found = row ? await store.activeModel(via) : undefined;
    if (found) return (cached = found);
    const publish = async (t: Queryable) => {
      if (!(await store.activeModel(t))) await store.publishModel(t, defaultModel(), 'system', new Date(clock()), true);
      return store.activeModel(t);
    };
    const published = q ? await publish(q) : await db.tx(publish);
    if (!published) throw new Error('no active evaluation model after publishing the default');
    return (cached = published);
  }

  async function modelVersion(version: number): Promise<ModelRow> {
    let row = versions.get(version);
    if (!row) {
      row = await store.model(db, version);
      if (!row) throw new Error(`evaluation model version ${version} is missing`);
      versions.set(version, row);
    }
    return row;
  }

  /** A stored score in plain language: dimension names and reason texts from the model version that made it. */
  async function render(s: Omit<ScoreRow, 'tags'>) {
    const model = (await modelVersion(s.model_version)).definition;
    return {
      uscc: s.uscc, score: s.score, grade: s.grade, modelVersion: s.model_version, computedAt: s.computed_at,
      dimensions: renderDimensions(model, s.dimensions), reasons: renderReasons(model, s.reasons),
    };
  }

  async function renderWithTags(score: ScoreWithFeatures) {
    // A tag's reason is the fact that decided it, rendered from the features it was computed from.
    const reasons = new Map(tagsOf(score.features ?? {}).map((t) => [t.tag, t]));
    const tags = score.tags.map((tag) => ({ tag, zh: reasons.get(tag)?.zh ?? tag, en: reasons.get(tag)?.en ?? tag }));
    return { ...(await render(score)), tags };
  }

  /** Features → score, grade, reasons and tags for the target's enterprises, stored in `q`'s transaction. */
  async function evaluateTarget(q: Queryable, target: Target, model: ModelRow, runId: string | null): Promise<number> {
    const at = new Date(clock());
    const rows = await computeFeatures(q, target, { at, commitmentTextVersion: textVersion() });
    const changed: Scored[] = [];
    const archive: string[] = [];
    const retagged: Scored[] = [];
    let fresh = true;
    for (const r of rows) {
      if (r.prev_model !== null) fresh = false;
      const tags = tagCodesOf(r.features);
      const scored: Scored = { uscc: r.uscc, ...evaluateFeatures(model.definition, r.features), tags };
      const same = r.prev_score === scored.score && r.prev_grade === scored.grade && r.prev_model === model.version && sameReasons(r.prev_reasons, scored.reasons);
      if (!same) {
        changed.push(scored);
        if (r.prev_score !== null) archive.push(r.uscc);
      } else if (!sameTags(r.prev_tags, tags)) {
        retagged.push(scored);
      }
    }
    await store.saveScores(q, { changed, archive, retagged, fresh }, { modelVersion: model.version, at, runId });
    return rows.length;
  }

  /** Re-evaluates the named enterprises inside the caller's transaction (the event consumer's). */
  async function evaluateUsccs(q: Queryable, usccs: readonly string[]): Promise<number> {
    const model = await activeModel(q);
    const unique = [...new Set(usccs)].sort();
    let n = 0;
    for (let i = 0; i < unique.length; i += INCREMENTAL_CHUNK) {
      n += await evaluateTarget(q, { usccs: unique.slice(i, i + INCREMENTAL_CHUNK) }, model, null);
    }
    return n;
  }

  async function runAll(runId: string, requester: Requester, onProgress?: (done: number, total: number) => void): Promise<RunResult> {
    const started = Date.now();
    try {
      const model = await activeModel();
      const { total, bounds } = await store.chunkBounds(db, chunkSize);
      await store.progressRun(db, runId, { total, done: 0, modelVersion: model.version });
      const ranges: [string, string | null][] = [];
      let lo = '';
      for (const hi of bounds) {
        ranges.push([lo, hi]);
        lo = hi;
      }
      // The open last range also takes enterprises registered after the bounds were read.
      ranges.push([lo, null]);
      let done = 0;
      let next = 0;
      const worker = async () => {
        while (next < ranges.length) {
          const range = ranges[next++];
          await db.tx(async (q) => {
            // The feature statement's estimated cost starts LLVM compilation (~40 ms a chunk) that never pays back.
            // A chunk's commit does not wait for its WAL flush: the run's completion is committed durably after
            // every chunk and its flush covers them all; a crash before it leaves the run unfinished (re-run it).
            if (db.kind === 'postgres') await q.exec('SET LOCAL jit = off; SET LOCAL synchronous_commit = off');
            const n = await evaluateTarget(q, { range }, model, runId);
            done += n;
            await store.progressRun(q, runId, { done });
          });
          onProgress?.(done, total);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, ranges.length) }, worker));
      const ms = Date.now() - started;
      await store.finishRun(db, runId, 'completed', new Date(clock()), null);
      await audit('evaluation.run.completed', requester, { type: 'evaluation_run', id: runId }, { enterprises: done, modelVersion: model.version, ms });
      return { runId, total: done, modelVersion: model.version, ms };
    } catch (err) {
      await store.finishRun(db, runId, 'failed', new Date(clock()), err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  /** Claims the one full-run slot of this process (synchronously, so two callers cannot both pass) and records the run. */
  async function newRun(trigger: RunTrigger, requester: Requester): Promise<string> {
    if (busy) throw conflict('EVALUATION_RUN_IN_PROGRESS', { zh: '已有全量评价正在进行，请稍后再试', en: 'A full evaluation run is already in progress; try again later' });
    busy = true;
    try {
      const id = uuidv7();
      await store.createRun(db, { id, trigger, requestedBy: requester.name, at: new Date(clock()) });
      return id;
    } catch (err) {
      busy = false;
      throw err;
    }
  }

  return {
    activeModel,
    evaluateUsccs,

    /** Evaluates every registered enterprise in chunks (SQL-heavy); progress after each chunk. */
    async evaluateAll(o: { onProgress?: (done: number, total: number) => void; trigger?: RunTrigger; requester?: Requester } = {}): Promise<RunResult> {
      const requester = o.requester ?? SYSTEM;
      const id = await newRun(o.trigger ?? 'cli', requester);
      current = runAll(id, requester, o.onProgress);
      try {
        return await current;
      } finally {
        current = null;
        busy = false;
      }
    },

    /** Starts a full run in the background and returns its id at once (progress: `run(id)`). */
    async startRun(trigger: RunTrigger, requester: Requester = SYSTEM, onError?: (err: unknown) => void): Promise<string> {
      const id = await newRun(trigger, requester);
      const running = runAll(id, requester);
      current = running;
      running.catch((err: unknown) => onError?.(err)).finally(() => {
        if (current === running) current = null;
        busy = false;
      });
      return id;
    },

    /** Waits for a background run (server shutdown). */
    async drain(): Promise<void> {
      if (current) await current.catch(() => undefined);
    },

    /** Re-evaluates one enterprise now; false when it is not registered. */
    async evaluateOne(uscc: string): Promise<boolean> {
      const n = await db.tx(async (q) => evaluateTarget(q, { usccs: [uscc] }, await activeModel(q), null));
      return n > 0;
    },

    /** The current evaluation of an enterprise with its tags, or undefined when it has none yet. */
    async enterprise(uscc: string) {
      const score = await store.scoreWithFeatures(db, uscc);
      return score && renderWithTags(score);
    },

    /** `enterprise` as a part of another module's one-statement read (the credit report): its SQL, and its answer from the JSON. */
    enterprisePart: {
      sql: scoreWithFeaturesJsonSql,
      async open(json: unknown) {
        return json === null || json === undefined ? undefined : renderWithTags(scoreWithFeaturesFromJson(json as Parameters<typeof scoreWithFeaturesFromJson>[0]));
      },
    },

    features: (uscc: string) => store.features(db, uscc),
    /** Current score, grade and tag codes of the named enterprises (unevaluated ones are absent). */
    currentScores: (usccs: readonly string[]) => store.currentScores(db, usccs),
    /** Of the named enterprises, those whose score or profile tags changed after `after` (a watermark sweep for other modules). */
    scoresChangedSince: (usccs: readonly string[], after: Date) => store.scoresChangedSince(db, usccs, after),

    /**
     * The current feature rows of the named enterprises (for snapshots taken by other modules, e.g. the loans
     * behind scorecards); enterprises never evaluated are evaluated first. Unregistered USCCs are absent.
     */
    async currentFeatures(usccs: readonly string[]): Promise<Map<string, { features: Record<string, unknown>; computedAt: Date }>> {
      const unique = [...new Set(usccs)];
      let rows = await store.featuresOfMany(db, unique);
      const have = new Set(rows.map((r) => r.uscc));
      const missing = unique.filter((u) => !have.has(u));
      if (missing.length) {
        await db.tx((q) => evaluateUsccs(q, missing));
        rows = [...rows, ...await store.featuresOfMany(db, missing)];
      }
      return new Map(rows.map((r) => [r.uscc, { features: r.features, computedAt: r.computed_at }]));
    },

    /** A stable sample of up to `limit` current feature rows (population monitoring, e.g. scorecard PSI). */
    featureSample: (limit: number) => store.featureSample(db, limit),

    /** Every change of an enterprise's score, newest first, before `before` (keyset). */
    async history(uscc: string, before: Date | null, limit: number) {
      return Promise.all((await store.history(db, uscc, before, limit)).map(render));
    },

    search: (f: Parameters<typeof store.search>[1]) => store.search(db, f),
    run: (id: string) => store.run(db, id),
    runs: (limit: number) => store.runs(db, limit),
    lastCompletedRun: () => store.lastCompletedRun(db),

    async models(): Promise<ModelRow[]> {
      await activeModel();
      return store.models(db);
    },

    /** Publishes a new model version after validation; it scores every evaluation from then on. */
    async publishModel(definition: ModelDefinition, requester: Requester, activate = true): Promise<ModelRow> {
      const problems = validateModel(definition);
      if (problems.length) {
        throw badRequest('EVALUATION_MODEL_INVALID', {
          zh: `评价模型不合法：${problems.map((p) => `${p.path} ${p.zh}`).join('；')}`,
          en: `The evaluation model is not valid: ${problems.map((p) => `${p.path} ${p.en}`).join('; ')}`,
        }, { problems });
      }
      await activeModel();
      const version = await db.tx((q) => store.publishModel(q, definition, requester.name ?? 'system', new Date(clock()), activate));
      cached = undefined;
      await audit('evaluation.model.published', requester, { type: 'evaluation_model', id: String(version) }, { version, activate });
      const row = (await store.models(db)).find((m) => m.version === version);
      if (!row) throw new Error(`model version ${version} vanished after publishing`);
      return row;
    },

    /** Sweeps credit commitments signed or revoked since the last sweep and re-evaluates their enterprises. */
    async sweepCommitments(): Promise<number> {
      return db.tx(async (q) => {
        const c = await store.commitmentChanges(q, 'credit_commitments');
        if (!c.watermark) return 0;
        const n = await evaluateUsccs(q, c.usccs);
        await store.setWatermark(q, 'credit_commitments', c.watermark);
        return n;
      });
    },

    /** For the audit log of incremental batches (the consumer appends after its transaction commits). */
    auditIncremental: (details: Record<string, unknown>) => audit('evaluation.incremental', SYSTEM, null, details),
  };
}

export type EvaluationService = ReturnType<typeof createEvaluationService>;
