/**
 * C12 数据安全屋 (clean room): institutions submit declarative model specs, operators approve each version, and runs
 * execute inside the platform over the enterprises that granted the institution a live "model" authorisation. Only
 * the per-enterprise score and band leave; every run is audited with the spec's SM3, the population and the output
 * digest, and every enterprise scored sees the read in its access history.
 */
import type { Db } from '../../platform/db/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import { AppError, badRequest, conflict, notFound, type Principal } from '../../platform/http/index.ts';
import { actorOf, type AuditSink } from '../audit/index.ts';
import { FEATURES } from './features.ts';
import { loadLeakRules, populationLeak, specLeaks, type Leak, type LeakRuleSet } from './leaks.ts';
import { specDiff } from './diff.ts';
import { outputCsv, outputSm3, populationSm3, scoreOf, specSm3 } from './scoring.ts';
import { itemsOf, normaliseSpec, validateSpec, type Cutoff, type ModelSpec } from './spec.ts';
import { specFromTraining, type TrainedHostModel } from './from-training.ts';
import { createCleanroomStore, type RunRow, type SpecRow, type VersionRow } from './store.ts';

export interface ModelPopulation { population: { uscc: string; authorisationId: string; purpose: string }[]; uncovered: number; limited: number }

export interface CleanroomOptions {
  db: Db;
  audit: AuditSink;
  /** current evaluation features of enterprises (evaluation service `currentFeatures`); unregistered USCCs are absent */
  features: (usccs: readonly string[]) => Promise<Map<string, { features: Record<string, unknown> }>>;
  /** consent `takeModelPopulation`: enterprises with a live "model" authorisation covering the items, one use each */
  population: (institutionOrgId: string, items: readonly string[], admit: (usccs: readonly string[]) => void) => Promise<ModelPopulation>;
  clock?: () => number;
  /** the leak rules (default data/leak-rules.json) */
  leakRules?: LeakRuleSet;
  /** a finished federated training's host part (privacy module), for specs made from it */
  trainedModel?: (institutionOrgId: string, trainingId: string) => Promise<TrainedHostModel>;
  /** enterprises scored per transaction */
  chunk?: number;
  /** a background run that could not even record its failure */
  onError?: (err: unknown) => void;
}

const MIN_REASON = 4;
const isOperator = (p: Principal) => p.orgKind === 'operator';
const who = (p: Principal) => (p.kind === 'user' ? p.userId : `key:${p.keyId}`);

const SPEC_NOT_FOUND = () => notFound('CLEANROOM_SPEC_NOT_FOUND', { zh: '没有这个模型', en: 'No such model' });
const VERSION_NOT_FOUND = () => notFound('CLEANROOM_VERSION_NOT_FOUND', { zh: '没有这个模型版本', en: 'No such model version' });
const RUN_NOT_FOUND = () => notFound('CLEANROOM_RUN_NOT_FOUND', { zh: '没有这次运行', en: 'No such run' });

/** Thrown inside the population transaction so that nothing is counted when the population is refused. */
class PopulationRefused extends Error {
  constructor(readonly leak: Leak, readonly usccs: readonly string[]) {
    super(leak.code);
  }
}

function leakError(reasons: Leak[], extra: Record<string, unknown> = {}): AppError {
  const first = reasons[0];
  return new AppError('CLEANROOM_LEAK_REFUSED', 422, {
    zh: `输出会暴露原始数据，已拒绝（${first.code}）：${first.zh}`, en: `Refused: the output would reveal raw data (${first.code}): ${first.en}`,
  }, { reasons: reasons.map(({ code, path, zh, en }) => ({ code, path, zh, en })), ...extra });
}

export function createCleanroomService(opts: CleanroomOptions) {
  const { db, audit } = opts;
  const clock = opts.clock ?? Date.now;
  const now = () => new Date(clock());
  const store = createCleanroomStore(db);
  const rules = opts.leakRules ?? loadLeakRules();
  const chunk = opts.chunk ?? 500;
  const running = new Set<Promise<void>>();

  /** Validates and normalises a submitted spec, or throws its problems (400) or its leaks (422). */
  function accept(input: unknown): { spec: ModelSpec; sm3: string } {
    const problems = validateSpec(input);
    if (problems.length) {
      throw badRequest('CLEANROOM_SPEC_INVALID', {
        zh: `模型声明有 ${problems.length} 处问题：${problems[0].zh}`, en: `The spec has ${problems.length} problem(s): ${problems[0].en}`,
      }, { problems });
    }
    const spec = normaliseSpec(input);
    const leaks = specLeaks(spec, rules);
    if (leaks.length) throw leakError(leaks);
    return { spec, sm3: specSm3(spec) };
  }

  function mayRead(p: Principal, orgId: string) {
    return isOperator(p) || (p.orgKind === 'institution' && p.orgId === orgId);
  }

  async function ownSpec(p: Principal, id: string): Promise<SpecRow> {
    const spec = await store.spec(id);
    if (!spec || !mayRead(p, spec.institution_org_id)) throw SPEC_NOT_FOUND();
    return spec;
  }

  async function auditChange(p: Principal | null, action: string, target: { type: string; id: string }, details: Record<string, unknown>, outcome: 'ok' | 'refused' | 'failed' = 'ok', reason: string | null = null) {
    return audit.append({ kind: 'change', action, actor: actorOf(p), target, outcome, reason, destination: 'cleanroom', details });
  }

  async function addVersion(p: Principal, spec: SpecRow, input: unknown) {
    const { spec: body, sm3 } = accept(input);
    const at = now();
    const id = uuidv7();
    const version = await db.tx(async (q) => {
      await store.spec(spec.id, q, true);
      const existing = await store.versions([spec.id], q);
      const same = existing.find((v) => v.spec_sm3 === sm3 && v.status !== 'rejected' && v.status !== 'superseded');
      if (same) {
        throw conflict('CLEANROOM_SPEC_UNCHANGED', {
          zh: `与第 ${same.version} 版内容相同，无需重新提交`, en: `This is the same content as version ${same.version}; nothing to submit`,
        }, { version: same.version });
      }
      await store.supersedePending(q, spec.id);
      const n = (existing.at(-1)?.version ?? 0) + 1;
      await store.insertVersion(q, { id, spec_id: spec.id, version: n, kind: body.kind, spec: body, spec_sm3: sm3, status: 'pending', submitted_by: who(p), submitted_at: at });
      return n;
    });
    await auditChange(p, 'cleanroom.spec.submitted', { type: 'cleanroom_version', id }, { specId: spec.id, version, specSm3: sm3, kind: body.kind });
    return id;
  }

  async function decide(p: Principal, versionId: string, status: 'approved' | 'rejected', reason: string | null) {
    const at = now();
    const row = await db.tx(async (q) => {
      const v = await store.version(versionId, q, true);
      if (!v) throw VERSION_NOT_FOUND();
      if (v.status !== 'pending') {
        throw conflict('CLEANROOM_VERSION_STATE', {
          zh: `该版本状态为“${v.status}”，只能审批待审核的版本`, en: `The version is ${v.status}; only a pending version can be decided`,
        }, { status: v.status });
      }
      if (status === 'approved') {
        const leaks = specLeaks(v.spec, rules);
        if (leaks.length) throw leakError(leaks);
      }
      await store.decide(q, versionId, status, who(p), at, reason);
      return v;
    });
    await auditChange(p, `cleanroom.spec.${status}`, { type: 'cleanroom_version', id: versionId }, { specId: row.spec_id, version: row.version, specSm3: row.spec_sm3 }, 'ok', reason);
    return row.spec_id;
  }

  /** Records a refused run (nothing scored) and its audit entry, then throws the refusal. */
  async function refuse(p: Principal, v: VersionRow, spec: SpecRow, leaks: Leak[], population: { count: number; sm3: string | null }): Promise<never> {
    const id = uuidv7();
    const at = now();
    const { index } = await auditChange(p, 'cleanroom.run.refused', { type: 'cleanroom_run', id },
      { specSm3: v.spec_sm3, population: { count: population.count, sm3: population.sm3 }, outputSm3: null, reasons: leaks.map((l) => l.code) }, 'refused', leaks[0].code);
    await store.insertRun(db, {
      id, spec_id: spec.id, version_id: v.id, institution_org_id: spec.institution_org_id, status: 'refused', spec_sm3: v.spec_sm3,
      population_count: population.count, population_sm3: population.sm3, refusal_code: leaks[0].code,
      refusal: leaks.map(({ code, path, zh, en }) => ({ code, path, zh, en })), requested_by: who(p), created_at: at, finished_at: at, audit_index: index,
    });
    throw leakError(leaks, { runId: id });
  }

  /** Scores the population chunk by chunk; only score and band are stored. */
  async function execute(p: Principal, run: RunRow, spec: ModelSpec, population: ModelPopulation['population'], items: string[]) {
    const outputs: { uscc: string; score: string; band: string }[] = [];
    const bands: Record<string, number> = {};
    let unregistered = 0;
    try {
      for (let i = 0; i < population.length; i += chunk) {
        const part = population.slice(i, i + chunk);
        const features = await opts.features(part.map((e) => e.uscc));
        const rows: typeof outputs = [];
        for (const e of part) {
          const f = features.get(e.uscc);
          if (!f) {
            unregistered++;
            continue;
          }
          rows.push({ uscc: e.uscc, ...scoreOf(spec, f.features) });
        }
        await db.tx((q) => store.insertOutputs(q, run.id, rows));
        // each enterprise sees in its access history that its data went into this run (C5 "who looked at my data")
        await Promise.all(part.filter((e) => features.has(e.uscc)).map((e) => audit.append({
          kind: 'access', action: 'cleanroom.features.read', actor: actorOf(p), subject: e.uscc, items, purpose: e.purpose,
          authorisationId: e.authorisationId, outcome: 'allowed', destination: 'cleanroom', target: { type: 'cleanroom_run', id: run.id },
          details: { specSm3: run.spec_sm3 },
        })));
        for (const r of rows) bands[r.band] = (bands[r.band] ?? 0) + 1;
        outputs.push(...rows);
        await store.progress(run.id, Math.min(1, (i + part.length) / population.length), outputs.length);
      }
      const digest = outputSm3(outputs);
      const excluded = { ...run.excluded, unregistered };
      const { index } = await auditChange(p, 'cleanroom.run.completed', { type: 'cleanroom_run', id: run.id }, {
        specId: run.spec_id, versionId: run.version_id, specSm3: run.spec_sm3,
        population: { count: run.population_count, sm3: run.population_sm3 }, outputSm3: digest, scored: outputs.length, bands, excluded,
      });
      await store.finishRun(run.id, { status: 'completed', outputSm3: digest, bands, scored: outputs.length, at: now(), excluded, auditIndex: index });
    } catch (err) {
      const message = err instanceof Error ? err.message.slice(0, 500) : String(err);
      const { index } = await auditChange(p, 'cleanroom.run.failed', { type: 'cleanroom_run', id: run.id },
        { specSm3: run.spec_sm3, population: { count: run.population_count, sm3: run.population_sm3 } }, 'failed', 'RUN_FAILED');
      await store.finishRun(run.id, { status: 'failed', error: message, at: now(), auditIndex: index });
    }
  }

  /** A new spec (version 1), pending approval. */
  async function create(p: Principal, input: { name: string; description?: string; spec: unknown }) {
    const name = input.name.trim();
    if (!name) throw badRequest('CLEANROOM_NAME_REQUIRED', { zh: '请填写模型名称', en: 'Name the model' });
    accept(input.spec);
    const spec: SpecRow = { id: uuidv7(), institution_org_id: p.orgId, name, description: (input.description ?? '').trim(), created_by: who(p), created_at: now() };
    await db.tx(async (q) => {
      if (await store.specByName(q, p.orgId, name)) {
        throw conflict('CLEANROOM_SPEC_NAME_TAKEN', { zh: `已有名为“${name}”的模型，请提交新版本`, en: `A model named "${name}" exists; submit a new version of it` });
      }
      await store.insertSpec(q, spec);
    });
    await addVersion(p, spec, input.spec);
    return spec.id;
  }

  return {
    store,
    rules: () => rules,
    features: () => FEATURES,

    /** The editor's live check: problems, leaks, the hash and the items a run would need — nothing stored. */
    check(input: unknown) {
      const problems = validateSpec(input);
      if (problems.length) return { problems, leaks: [] as Leak[], specSm3: null, items: [] as string[] };
      const spec = normaliseSpec(input);
      return { problems, leaks: specLeaks(spec, rules), specSm3: specSm3(spec), items: itemsOf(spec) };
    },

    create,

    /** A new spec from a finished federated training of the institution (from-training.ts), pending approval. */
    async createFromTraining(p: Principal, input: { trainingId: string; name: string; description?: string; intercept: number; cutoffs: Cutoff[] }) {
      if (!opts.trainedModel) throw notFound('CLEANROOM_TRAINING_NOT_FOUND', { zh: '本节点未开启联邦建模', en: 'Federated training is not enabled on this node' });
      const model = await opts.trainedModel(p.orgId, input.trainingId);
      const description = input.description?.trim() || `联邦建模 ${input.trainingId} / federated training ${input.trainingId}`;
      return create(p, { name: input.name, description, spec: specFromTraining(model, input) });
    },

    async submitVersion(p: Principal, specId: string, input: unknown) {
      const spec = await ownSpec(p, specId);
      if (spec.institution_org_id !== p.orgId) throw SPEC_NOT_FOUND();
      await addVersion(p, spec, input);
      return spec.id;
    },

    async list(p: Principal) {
      const specs = await store.specs(isOperator(p) ? null : p.orgId);
      const versions = await store.versions(specs.map((s) => s.id));
      return specs.map((s) => ({ spec: s, versions: versions.filter((v) => v.spec_id === s.id) }));
    },

    async get(p: Principal, id: string) {
      const spec = await ownSpec(p, id);
      return { spec, versions: await store.versions([id]) };
    },

    /** Pending versions with what changed since the model's latest approved version (or its previous one). */
    async pending() {
      const pending = await store.pendingVersions();
      const specs = new Map<string, SpecRow>();
      for (const id of new Set(pending.map((v) => v.spec_id))) {
        const s = await store.spec(id);
        if (s) specs.set(id, s);
      }
      const all = await store.versions([...specs.keys()]);
      return pending.map((v) => {
        const earlier = all.filter((o) => o.spec_id === v.spec_id && o.version < v.version);
        const base = earlier.filter((o) => o.status === 'approved').at(-1) ?? earlier.at(-1) ?? null;
        return { version: v, spec: specs.get(v.spec_id)!, base, diff: base ? specDiff(base.spec, v.spec) : [] };
      });
    },

    approve: (p: Principal, versionId: string) => decide(p, versionId, 'approved', null),

    async reject(p: Principal, versionId: string, reason: string) {
      const trimmed = reason.trim();
      if (Array.from(trimmed).length < MIN_REASON) {
        throw badRequest('CLEANROOM_REASON_REQUIRED', { zh: `请说明驳回理由（至少 ${MIN_REASON} 个字）`, en: `State why (at least ${MIN_REASON} characters)` });
      }
      return decide(p, versionId, 'rejected', trimmed);
    },

    /**
     * Starts a run of an approved version of the caller's institution: re-checks the spec against the leak rules in
     * force, takes the population (live "model" authorisations covering the spec's items, one use each) and refuses
     * it when too small — a refused run is recorded and audited. The scoring continues in the background.
     */
    async startRun(p: Principal, versionId: string): Promise<string> {
      const v = await store.version(versionId);
      const spec = v ? await store.spec(v.spec_id) : undefined;
      if (!v || !spec || spec.institution_org_id !== p.orgId || p.orgKind !== 'institution') throw VERSION_NOT_FOUND();
      if (v.status !== 'approved') {
        throw conflict('CLEANROOM_VERSION_NOT_APPROVED', { zh: '该版本尚未经运营方审核通过，不能运行', en: 'This version has not been approved by the operator; it cannot run' }, { status: v.status });
      }
      const leaks = specLeaks(v.spec, rules);
      if (leaks.length) return refuse(p, v, spec, leaks, { count: 0, sm3: null });
      const items = itemsOf(v.spec);
      let taken: ModelPopulation;
      try {
        taken = await opts.population(spec.institution_org_id, items, (usccs) => {
          const small = populationLeak(usccs.length, rules);
          if (small) throw new PopulationRefused(small, usccs);
        });
      } catch (err) {
        if (err instanceof PopulationRefused) return refuse(p, v, spec, [err.leak], { count: err.usccs.length, sm3: populationSm3(err.usccs) });
        throw err;
      }
      const usccs = taken.population.map((e) => e.uscc);
      const id = uuidv7();
      const row = {
        id, spec_id: spec.id, version_id: v.id, institution_org_id: spec.institution_org_id, status: 'running' as const, spec_sm3: v.spec_sm3,
        population_count: usccs.length, population_sm3: populationSm3(usccs), excluded: { uncovered: taken.uncovered, limited: taken.limited },
        requested_by: who(p), created_at: now(),
      };
      await store.insertRun(db, row);
      const run = await store.run(id);
      if (!run) throw new Error(`clean-room run ${id} vanished after insert`);
      const job = execute(p, run, v.spec, [...taken.population].sort((a, b) => (a.uscc < b.uscc ? -1 : 1)), items)
        // execute records its own failures; this is only reached when even that failed (database gone)
        .catch((err: unknown) => (opts.onError ?? ((e: unknown) => console.error('clean-room run could not record its outcome', e)))(err))
        .finally(() => running.delete(job));
      running.add(job);
      return id;
    },

    async runs(p: Principal, after: { at: Date; id: string } | null, limit: number) {
      return store.runs(isOperator(p) ? null : p.orgId, after, limit);
    },

    async run(p: Principal, id: string) {
      const run = await store.run(id);
      if (!run || !mayRead(p, run.institution_org_id)) throw RUN_NOT_FOUND();
      return run;
    },

    /** The output of a completed run, for its institution only; the download is audited with its digest. */
    async output(p: Principal, id: string) {
      const run = await store.run(id);
      if (!run || p.orgKind !== 'institution' || run.institution_org_id !== p.orgId) throw RUN_NOT_FOUND();
      if (run.status !== 'completed') {
        throw conflict('CLEANROOM_RUN_NOT_COMPLETED', { zh: '运行尚未完成，暂无输出', en: 'The run has not completed; there is no output yet' }, { status: run.status });
      }
      const rows = await store.outputs(id);
      const csv = outputCsv(rows);
      await audit.append({
        kind: 'access', action: 'cleanroom.output.downloaded', actor: actorOf(p), outcome: 'allowed', destination: 'export',
        target: { type: 'cleanroom_run', id }, details: { rows: rows.length, outputSm3: run.output_sm3 },
      });
      return { run, rows, csv };
    },

    /** Waits for runs in progress (server shutdown, tests). */
    async drain() {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}

export type CleanroomService = ReturnType<typeof createCleanroomService>;
