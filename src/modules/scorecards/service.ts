/**
 * C6 scorecards: loans and outcomes fed back by institutions (with feature snapshots), training jobs in the
 * background, the model registry (challenger → champion → retired, one champion), shadow scoring and stability.
 */
import type { Db } from '../../platform/db/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import { AppError, badRequest, conflict, notFound } from '../../platform/http/index.ts';
import type { Localized } from '../../platform/i18n/index.ts';
import type { AuditActor, AuditSink } from '../audit/index.ts';
import { scoreRow } from '../scoring/index.ts';
import { labelsOf, loadCharacteristics, rowInputOf } from './characteristics.ts';
import { checkReport, type ItemProblem, type LoanReport } from './loan-reports.ts';
import { classifyLoan, countLabels, cstDay, DEFAULT_RULE, type Outcome, type PerformanceRule } from './performance-window.ts';
import { scorecardStore as store, type LoanRow, type ModelRow, type NewLoan, type Population } from './store.ts';
import { crossValidateScorecard, DEFAULT_ENGINE, fitScorecard, stabilityAgainst, type EngineOptions } from './training.ts';

/** Where feature rows come from: the evaluation module (its index.ts). */
export interface FeatureSource {
  currentFeatures(usccs: readonly string[]): Promise<Map<string, { features: Record<string, unknown>; computedAt: Date }>>;
  featureSample(limit: number): Promise<{ uscc: string; features: Record<string, unknown> }[]>;
}

export interface ScorecardOptions {
  db: Db;
  features: FeatureSource;
  audit?: AuditSink;
  clock?: () => number;
  /** fewest bad and good loans a training job accepts (default 50 each; a request may ask for more, or fewer down to 10) */
  minBads?: number;
  minGoods?: number;
  /** current enterprises scored for PSI/CSI (a stable sample) */
  monitoringSample?: number;
}

export interface Requester { actor: AuditActor; name: string }

export interface TrainingRequest {
  institutions?: string[];
  disbursedFrom?: string;
  disbursedTo?: string;
  rule?: Partial<PerformanceRule>;
  minBads?: number;
  minGoods?: number;
  engine?: Partial<EngineOptions>;
}

export interface ItemResult { loanRef: string; result: 'created' | 'updated' | 'unchanged' | 'rejected'; problem?: ItemProblem }

/** A job still 'running' this long after it started was left by a stopped process. */
const STALE_AFTER_MS = 3_600_000;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const NO_MODEL = (version: number) => notFound('SCORECARD_MODEL_NOT_FOUND', { zh: `没有评分卡模型版本 ${version}`, en: `No scorecard model version ${version}` });

export function createScorecardService(opts: ScorecardOptions) {
  const { db } = opts;
  const clock = opts.clock ?? Date.now;
  const set = loadCharacteristics();
  const labels = labelsOf(set);
  const minBads = opts.minBads ?? 50;
  const minGoods = opts.minGoods ?? 50;
  const sampleSize = opts.monitoringSample ?? 20_000;
  let running: { id: string; done: Promise<void> } | null = null;

  async function audit(action: string, requester: Requester, target: { type: string; id: string } | null, details: Record<string, unknown>) {
    await opts.audit?.append({ kind: 'change', action, actor: requester.actor, outcome: 'ok', target, details });
  }

  /** Validates and stores a batch of loan reports for one institution; every item gets its own result. */
  async function reportLoans(institutionOrgId: string, items: readonly LoanReport[], requester: Requester): Promise<ItemResult[]> {
    const now = new Date(clock());
    const today = cstDay(now.getTime());
    const results: ItemResult[] = items.map((r) => ({ loanRef: r.loanRef, result: 'unchanged' }));
    const reject = (i: number, p: ItemProblem) => { results[i] = { loanRef: items[i].loanRef, result: 'rejected', problem: p }; };
    const seen = new Set<string>();
    items.forEach((r, i) => {
      const p = checkReport(r, today);
      if (p) return reject(i, p);
      if (seen.has(r.loanRef)) return reject(i, { code: 'SCORECARD_DUPLICATE_REF', zh: '同一批次中贷款编号重复', en: 'The loan reference appears twice in this batch' });
      seen.add(r.loanRef);
    });
    const ok = () => items.map((r, i) => ({ r, i })).filter(({ i }) => results[i].result !== 'rejected');
    const existing = new Map((await store.loansByRef(db, institutionOrgId, ok().map(({ r }) => r.loanRef))).map((l) => [l.loan_ref, l]));
    const fresh: { r: LoanReport; i: number }[] = [];
    const updates: { loanRef: string; outcome: Outcome; outcomeOn: string }[] = [];
    for (const { r, i } of ok()) {
      const had = existing.get(r.loanRef);
      if (!had) {
        if (!r.uscc || !r.disbursedOn || !r.amountFen || r.termMonths === undefined) {
          reject(i, { code: 'SCORECARD_LOAN_INCOMPLETE', zh: '新贷款须填写统一社会信用代码、放款日期、金额（分）和期限（月）', en: 'A new loan needs the USCC, disbursement date, amount (fen) and term (months)' });
        } else if (r.outcomeOn && r.outcomeOn < r.disbursedOn) {
          reject(i, { code: 'SCORECARD_OUTCOME_BEFORE_DISBURSEMENT', zh: '表现日期早于放款日期', en: 'The outcome date is before the disbursement date' });
        } else fresh.push({ r, i });
        continue;
      }
      const differs = (r.uscc !== undefined && r.uscc !== had.uscc) || (r.disbursedOn !== undefined && r.disbursedOn !== had.disbursed_on)
        || (r.amountFen !== undefined && r.amountFen !== had.amount_fen) || (r.termMonths !== undefined && r.termMonths !== had.term_months);
      if (differs) {
        reject(i, { code: 'SCORECARD_LOAN_FACTS_CHANGED', zh: '该贷款已报送，放款信息不可更改（特征快照依赖于它）', en: 'This loan was reported already; its disbursement facts cannot change (its feature snapshot depends on them)' });
      } else if (r.outcome && r.outcomeOn) {
        if (r.outcomeOn < had.disbursed_on) reject(i, { code: 'SCORECARD_OUTCOME_BEFORE_DISBURSEMENT', zh: '表现日期早于放款日期', en: 'The outcome date is before the disbursement date' });
        else if (r.outcome !== had.outcome || r.outcomeOn !== had.outcome_on) {
          updates.push({ loanRef: r.loanRef, outcome: r.outcome, outcomeOn: r.outcomeOn });
          results[i] = { loanRef: r.loanRef, result: 'updated' };
        }
      }
    }
    // The snapshot: the enterprise's feature row as it stands now (evaluated first if it never was).
    const features = fresh.length ? await opts.features.currentFeatures(fresh.map(({ r }) => r.uscc!)) : new Map();
    const rows: NewLoan[] = [];
    for (const { r, i } of fresh) {
      const f = features.get(r.uscc!);
      if (!f) {
        reject(i, { code: 'SCORECARD_UNKNOWN_ENTERPRISE', zh: `统一社会信用代码 ${r.uscc} 未在本平台登记`, en: `No enterprise ${r.uscc} is registered on this platform` });
        continue;
      }
      rows.push({
        institutionOrgId, loanRef: r.loanRef, uscc: r.uscc!, disbursedOn: r.disbursedOn!, amountFen: r.amountFen!, termMonths: r.termMonths!,
        features: f.features, featuresComputedAt: f.computedAt, reportedAt: now, reportedBy: requester.name, outcome: r.outcome ?? null, outcomeOn: r.outcomeOn ?? null,
      });
      results[i] = { loanRef: r.loanRef, result: 'created' };
    }
    await db.tx(async (q) => {
      await store.insertLoans(q, rows);
      await store.setOutcomes(q, institutionOrgId, updates, now, requester.name);
    });
    return results;
  }

  function ruleOf(req: TrainingRequest): PerformanceRule {
    return { ...DEFAULT_RULE, ...req.rule };
  }

  /** Good / bad / indeterminate / late-snapshot counts of the loans a request selects. */
  async function population(req: TrainingRequest): Promise<Population> {
    const loans = await store.trainingLoans(db, { institutions: req.institutions ?? null, from: req.disbursedFrom ?? null, to: req.disbursedTo ?? null, withFeatures: false });
    return populationOf(loans, ruleOf(req));
  }

  function populationOf(loans: readonly LoanRow[], rule: PerformanceRule): Population {
    const labels = loans.map((l) => classifyLoan({ disbursedOn: l.disbursed_on, reportedAt: l.reported_at, outcome: l.outcome, outcomeOn: l.outcome_on }, rule));
    const used = loans.filter((_, i) => labels[i] === 'good' || labels[i] === 'bad');
    const dates = used.map((l) => l.disbursed_on).sort();
    return { ...countLabels(labels), from: dates[0] ?? null, to: dates.at(-1) ?? null, institutions: new Set(used.map((l) => l.institution_org_id)).size };
  }

  async function runJob(id: string, req: TrainingRequest, requester: Requester): Promise<void> {
    const rule = ruleOf(req);
    const engine: EngineOptions = { ...DEFAULT_ENGINE, ...req.engine, scaling: { ...DEFAULT_ENGINE.scaling, ...req.engine?.scaling } };
    try {
      await store.progressJob(db, id, 'loading', 5);
      const loans = await store.trainingLoans(db, { institutions: req.institutions ?? null, from: req.disbursedFrom ?? null, to: req.disbursedTo ?? null, withFeatures: true });
      const labelled = loans.map((l) => ({ l, label: classifyLoan({ disbursedOn: l.disbursed_on, reportedAt: l.reported_at, outcome: l.outcome, outcomeOn: l.outcome_on }, rule) }))
        .filter((x) => x.label === 'good' || x.label === 'bad');
      const pop = populationOf(loans, rule);
      await store.progressJob(db, id, 'fitting', 20);
      await yieldToLoop();
      const fitted = fitScorecard(set, labelled.map((x) => x.l.features), Uint8Array.from(labelled, (x) => (x.label === 'bad' ? 1 : 0)), engine, {
        name: 'xinrong-loan-scorecard', now: new Date(clock()),
        dataset: `${pop.good + pop.bad} loans reported by ${pop.institutions} institution(s), disbursed ${pop.from} – ${pop.to}; bad = defaulted within ${rule.windowMonths} months`,
      });
      if (fitted.model.characteristics.length === 0) {
        throw badRequest('SCORECARD_NO_PREDICTIVE_CHARACTERISTIC', { zh: '没有特征通过筛选（信息值过低或缺失过多），无法建立评分卡', en: 'No characteristic passed screening (IV too low or too many missing values); no scorecard can be built' });
      }
      await store.progressJob(db, id, 'cross_validation', 45);
      await yieldToLoop();
      const cv = crossValidateScorecard(fitted.data, engine, fitted.binning);
      const model = { ...fitted.model, metrics: { ...fitted.model.metrics, crossValidation: cv } };
      await store.progressJob(db, id, 'stability', 80);
      const at = new Date(clock());
      const monitoring = stabilityAgainst(set, model, fitted.development, (await opts.features.featureSample(sampleSize)).map((r) => r.features), at);
      await store.progressJob(db, id, 'storing', 95);
      const options = { ...req, rule, engine };
      const version = await db.tx(async (q) => {
        const v = await store.insertModel(q, {
          job_id: id, options, population: pop, model, development: fitted.development, monitoring,
          train_auc: model.metrics.train.auc, train_ks: model.metrics.train.ks, train_gini: model.metrics.train.gini,
          cv_auc: cv.auc.mean, cv_ks: cv.ks.mean, created_by: requester.name, created_at: at,
        });
        await store.addEvent(q, { version: v, action: 'trained', actor: requester.name, note: null, at });
        return v;
      });
      await store.finishJob(db, id, { status: 'completed', at: new Date(clock()), modelVersion: version });
      await audit('scorecards.model.trained', requester, { type: 'scorecard_model', id: String(version) }, {
        jobId: id, good: pop.good, bad: pop.bad, trainAuc: model.metrics.train.auc, cvAuc: cv.auc.mean,
      });
    } catch (err) {
      const text: Localized = err instanceof AppError ? err.text : { zh: `训练失败：${String(err)}`, en: `Training failed: ${String(err)}` };
      await store.finishJob(db, id, { status: 'failed', at: new Date(clock()), errorCode: err instanceof AppError ? err.code : 'SCORECARD_TRAINING_FAILED', error: text });
      if (!(err instanceof AppError)) throw err;
    }
  }

  /** Checks the population, records the job and trains in the background; answers with the job at once. */
  async function startTraining(req: TrainingRequest, requester: Requester, onError?: (err: unknown) => void): Promise<string> {
    if (running) throw conflict('SCORECARD_TRAINING_IN_PROGRESS', { zh: '已有评分卡训练正在进行，请稍后再试', en: 'A scorecard training job is already running; try again later' });
    const pop = await population(req);
    const needBads = Math.max(10, req.minBads ?? minBads);
    const needGoods = Math.max(10, req.minGoods ?? minGoods);
    if (pop.bad < needBads || pop.good < needGoods) {
      throw new AppError('SCORECARD_TOO_FEW_OUTCOMES', 422, {
        zh: `可用于训练的贷款不足：坏样本 ${pop.bad} 笔（至少 ${needBads} 笔），好样本 ${pop.good} 笔（至少 ${needGoods} 笔）；另有 ${pop.indeterminate} 笔表现期未满或不确定、${pop.lateSnapshot} 笔报送过晚未纳入`,
        en: `Too few loans to train on: ${pop.bad} bad (at least ${needBads} needed) and ${pop.good} good (at least ${needGoods} needed); ${pop.indeterminate} more are indeterminate and ${pop.lateSnapshot} were reported too late to count`,
      }, { population: pop });
    }
    if (running) throw conflict('SCORECARD_TRAINING_IN_PROGRESS', { zh: '已有评分卡训练正在进行，请稍后再试', en: 'A scorecard training job is already running; try again later' });
    const id = uuidv7();
    running = { id, done: Promise.resolve() };
    try {
      await store.failStaleJobs(db, new Date(clock() - STALE_AFTER_MS), new Date(clock()));
      await store.createJob(db, { id, options: { ...req, rule: ruleOf(req) }, population: pop, requestedBy: requester.name, at: new Date(clock()) });
    } catch (err) {
      running = null;
      throw err;
    }
    const done = runJob(id, req, requester).catch((err: unknown) => onError?.(err)).finally(() => { running = null; });
    running = { id, done };
    return id;
  }

  async function changeStatus(version: number, to: 'champion' | 'retired', requester: Requester, note: string | null): Promise<void> {
    const at = new Date(clock());
    await db.tx(async (q) => {
      await q.query('LOCK TABLE scorecard_models IN SHARE ROW EXCLUSIVE MODE');
      const m = await store.model(q, version, true);
      if (!m) throw NO_MODEL(version);
      if (m.status !== 'challenger') {
        throw conflict('SCORECARD_NOT_CHALLENGER', {
          zh: m.status === 'champion' ? `版本 ${version} 是冠军模型：请先将另一个挑战者模型升为冠军` : `版本 ${version} 已退役`,
          en: m.status === 'champion' ? `Version ${version} is the champion: promote another challenger first` : `Version ${version} is retired`,
        });
      }
      if (to === 'champion') {
        for (const live of await store.liveModels(q)) {
          if (live.status !== 'champion') continue;
          await store.setStatus(q, live.version, 'retired', at);
          await store.addEvent(q, { version: live.version, action: 'replaced', actor: requester.name, note: `replaced by version ${version}`, at });
        }
      }
      await store.setStatus(q, version, to, at);
      await store.addEvent(q, { version, action: to === 'champion' ? 'promoted' : 'retired', actor: requester.name, note, at });
    });
    await audit(to === 'champion' ? 'scorecards.model.promoted' : 'scorecards.model.retired', requester, { type: 'scorecard_model', id: String(version) }, { note });
  }

  async function model(version: number): Promise<ModelRow> {
    const m = await store.model(db, version);
    if (!m) throw NO_MODEL(version);
    return m;
  }

  return {
    reportLoans,
    population,
    startTraining,
    defaults: { minBads, minGoods, rule: DEFAULT_RULE, engine: DEFAULT_ENGINE },
    characteristics: set,
    labels,
    loans: (f: Parameters<typeof store.loans>[1]) => store.loans(db, f),
    loanCounts: (institutionOrgId: string | null) => store.loanCounts(db, institutionOrgId),
    job: (id: string) => store.job(db, id),
    jobs: (limit: number) => store.jobs(db, limit),
    models: () => store.models(db),
    model,
    events: (version: number) => store.events(db, version),
    promote: (version: number, requester: Requester, note: string | null = null) => changeStatus(version, 'champion', requester, note),
    retire: (version: number, requester: Requester, note: string | null = null) => changeStatus(version, 'retired', requester, note),

    /** Scores an enterprise's current features with the champion and, side by side, every challenger. */
    async score(uscc: string) {
      const live = await store.liveModels(db);
      const f = (await opts.features.currentFeatures([uscc])).get(uscc);
      if (!f) throw notFound('SCORECARD_UNKNOWN_ENTERPRISE', { zh: `统一社会信用代码 ${uscc} 未在本平台登记`, en: `No enterprise ${uscc} is registered on this platform` });
      const input = rowInputOf(set, f.features);
      const scored = live.map((m) => {
        const s = scoreRow(m.model, input, { labels, maxReasons: 4 });
        return {
          version: m.version, status: m.status as 'champion' | 'challenger', score: s.score, probabilityOfBad: s.probabilityOfBad,
          points: s.points.map((p) => ({ ...p, label: labels[p.characteristic] ?? { zh: p.characteristic, en: p.characteristic } })),
          reasons: s.reasons.map((r) => ({ characteristic: r.characteristic, bin: r.bin, pointsLost: r.cost, zh: r.text.zh, en: r.text.en })),
        };
      });
      return { uscc, featuresComputedAt: f.computedAt, champion: scored.find((s) => s.status === 'champion') ?? null, challengers: scored.filter((s) => s.status === 'challenger') };
    },

    /** PSI/CSI of a model against a sample of the current enterprises, stored on the model. */
    async monitor(version: number) {
      const m = await model(version);
      const monitoring = stabilityAgainst(set, m.model, m.development, (await opts.features.featureSample(sampleSize)).map((r) => r.features), new Date(clock()));
      await store.setMonitoring(db, version, monitoring);
      return monitoring;
    },

    /** Waits for a background training job (server shutdown, tests). */
    async drain(): Promise<void> {
      await running?.done;
    },
  };
}

export type ScorecardService = ReturnType<typeof createScorecardService>;
