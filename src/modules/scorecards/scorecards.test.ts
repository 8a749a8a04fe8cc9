import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Platform } from '../../platform/platform.ts';
import { AppError } from '../../platform/http/index.ts';
import { createAggregationService, type AggregationService } from '../aggregation/index.ts';
import { createEvaluationService, type EvaluationService } from '../evaluation/index.ts';
import { actorOf } from '../audit/index.ts';
import { addMonths, classifyLoan, cstDay, DEFAULT_RULE, type PerformanceRule } from './performance-window.ts';
import { createScorecardService, type ScorecardService } from './service.ts';
import { simulateLoanBook } from './simulated-book.ts';
import { seededTestPlatform } from '../../../test/support/platform.ts';

const DAY = 86_400_000;
const at = (day: string) => new Date(`${day}T10:00:00+08:00`);

describe('performance window (bad definition)', () => {
  const loan = (outcome: 'performing' | 'repaid' | 'defaulted' | null, outcomeOn: string | null, reportedOn = '2025-01-10') =>
    ({ disbursedOn: '2025-01-10', reportedAt: at(reportedOn), outcome, outcomeOn });

  it('counts a default within the window as bad and one after it as indeterminate', () => {
    expect(classifyLoan(loan('defaulted', '2025-06-01'))).toBe('bad');
    expect(classifyLoan(loan('defaulted', '2026-01-10'))).toBe('bad');
    expect(classifyLoan(loan('defaulted', '2026-01-11'))).toBe('indeterminate');
  });

  it('counts a loan as good only when repaid or performing for the whole window', () => {
    expect(classifyLoan(loan('performing', '2026-01-10'))).toBe('good');
    expect(classifyLoan(loan('performing', '2026-01-09'))).toBe('indeterminate');
    expect(classifyLoan(loan('repaid', '2025-07-10'))).toBe('good');
    expect(classifyLoan(loan(null, null))).toBe('indeterminate');
  });

  it('takes the window length and the early-repayment rule from the configuration', () => {
    const six: PerformanceRule = { ...DEFAULT_RULE, windowMonths: 6, repaidNeedsWindow: true };
    expect(classifyLoan(loan('performing', '2025-07-10'), six)).toBe('good');
    expect(classifyLoan(loan('defaulted', '2025-08-01'), six)).toBe('indeterminate');
    expect(classifyLoan(loan('repaid', '2025-05-01'), six)).toBe('indeterminate');
    expect(classifyLoan(loan('repaid', '2025-07-10'), six)).toBe('good');
  });

  it('leaves out loans reported too long after disbursement: their snapshot is not from disbursement', () => {
    expect(classifyLoan(loan('defaulted', '2025-06-01', '2025-02-10'))).toBe('bad');
    expect(classifyLoan(loan('defaulted', '2025-06-01', '2025-02-11'))).toBe('late_snapshot');
    expect(classifyLoan(loan('defaulted', '2025-06-01', '2025-03-01'), { ...DEFAULT_RULE, maxSnapshotLagDays: 90 })).toBe('bad');
  });

  it('adds calendar months, clamping to the end of shorter months', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-11-15', 14)).toBe('2027-01-15');
  });
});

let platform: Platform;
let evaluation: EvaluationService;
let scorecards: ScorecardService;
let aggregation: AggregationService;
let regulator: { orgId: string; orgKind: 'provider'; category: string; actor: string };
let bankA: string;
let usccs: string[];
let now = Date.parse('2025-03-01T10:00:00+08:00');
const clock = () => now;
const requester = { actor: actorOf(null), name: 'tester' };

async function trainAndWait(req: Parameters<ScorecardService['startTraining']>[0] = {}) {
  const id = await scorecards.startTraining(req, requester);
  await scorecards.drain();
  const job = await scorecards.job(id);
  expect(job?.status, JSON.stringify(job?.error)).toBe('completed');
  return job!;
}

async function expectCode(p: Promise<unknown>, code: string): Promise<AppError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

beforeAll(async () => {
  const seeded = await seededTestPlatform(700);
  platform = seeded.platform;
  const { db, catalog, identity } = seeded;
  bankA = await identity.createOrganisation({ kind: 'institution', name: '示范银行 A', regionCode: '131000', category: 'bank' });
  const orgId = await identity.createOrganisation({ kind: 'provider', name: '廊坊市发展和改革委员会', regionCode: '131000', category: 'development_reform' });
  regulator = { orgId, orgKind: 'provider', category: 'development_reform', actor: 'test' };
  aggregation = createAggregationService({ db, keys: platform.keys, catalog, clock });
  evaluation = createEvaluationService({ db, clock });
  scorecards = createScorecardService({ db, clock, features: evaluation, minBads: 20, minGoods: 20, monitoringSample: 2000 });
  usccs = (await db.query<{ uscc: string }>("SELECT uscc FROM entities ORDER BY uscc")).map((r) => r.uscc);
}, 120_000);
afterAll(async () => platform?.db.close());

describe('loan reports', () => {
  it('is idempotent per institution and loan reference and refuses changed disbursement facts', async () => {
    const loan = { loanRef: 'IDEM-1', uscc: usccs[0], disbursedOn: '2025-02-20', amountFen: '50000000', termMonths: 12 };
    expect(await scorecards.reportLoans(bankA, [loan], requester)).toEqual([{ loanRef: 'IDEM-1', result: 'created' }]);
    expect(await scorecards.reportLoans(bankA, [loan], requester)).toEqual([{ loanRef: 'IDEM-1', result: 'unchanged' }]);
    const [changed] = await scorecards.reportLoans(bankA, [{ ...loan, amountFen: '60000000' }], requester);
    expect(changed).toMatchObject({ result: 'rejected', problem: { code: 'SCORECARD_LOAN_FACTS_CHANGED' } });
    const [outcome] = await scorecards.reportLoans(bankA, [{ loanRef: 'IDEM-1', outcome: 'performing', outcomeOn: '2025-02-28' }], requester);
    expect(outcome.result).toBe('updated');
  });

  it('checks every item on its own: dates, amounts in fen, unknown enterprises, duplicates', async () => {
    const r = await scorecards.reportLoans(bankA, [
      { loanRef: 'BAD-DATE', uscc: usccs[1], disbursedOn: '2025-02-30', amountFen: '100', termMonths: 12 },
      { loanRef: 'FUTURE', uscc: usccs[1], disbursedOn: '2025-03-02', amountFen: '100', termMonths: 12 },
      { loanRef: 'FLOAT', uscc: usccs[1], disbursedOn: '2025-02-01', amountFen: '100.5', termMonths: 12 },
      { loanRef: 'NOBODY', uscc: '91110000100000000D', disbursedOn: '2025-02-01', amountFen: '100', termMonths: 12 },
      { loanRef: 'OK', uscc: usccs[1], disbursedOn: '2025-02-01', amountFen: '100', termMonths: 12 },
      { loanRef: 'OK', uscc: usccs[1], disbursedOn: '2025-02-01', amountFen: '100', termMonths: 12 },
      { loanRef: 'NEW-WITHOUT-FACTS', outcome: 'repaid', outcomeOn: '2025-02-01' },
    ], requester);
    expect(r.map((x) => x.problem?.code ?? x.result)).toEqual([
      'SCORECARD_DATE_INVALID', 'SCORECARD_DATE_IN_FUTURE', 'SCORECARD_AMOUNT_INVALID', expect.stringMatching(/USCC|SCORECARD_UNKNOWN_ENTERPRISE/),
      'created', 'SCORECARD_DUPLICATE_REF', 'SCORECARD_LOAN_INCOMPLETE',
    ]);
    for (const x of r.filter((y) => y.problem)) expect(x.problem!.zh).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('training', () => {
  it('refuses to train with too few bad or good loans, saying how many there are', async () => {
    const err = await expectCode(scorecards.startTraining({}, requester), 'SCORECARD_TOO_FEW_OUTCOMES');
    expect(err.status).toBe(422);
    expect(err.text.en).toMatch(/0 bad \(at least 20 needed\)/);
    expect(err.text.zh).toContain('坏样本 0 笔');
    expect(await scorecards.jobs(10)).toEqual([]);
  });

  it('trains on the features at disbursement: a penalty recorded after the loan does not reach the model', async () => {
    const target = usccs[2];
    const [created] = await scorecards.reportLoans(bankA, [{ loanRef: 'SNAP-1', uscc: target, disbursedOn: '2025-02-25', amountFen: '80000000', termMonths: 12 }], requester);
    expect(created.result).toBe('created');
    const header = 'uscc,subject_name,record_uid,penalty_category,penalty_content,fine_amount,decision_date,publicity_end_date,authority_name';
    const body = Buffer.from(`${header}\n${target},示范企业,P-SNAP-1,罚款,罚款,5000,2025-03-01,2028-03-01,廊坊市市场监督管理局\n`, 'utf8');
    const r = await aggregation.submit({ submitter: regulator, batchKey: 'snap-penalty', itemCode: 'ADMIN_PENALTY', format: 'csv', source: 'api', open: () => (async function* () { yield body; })() });
    expect(r.counts.quarantined).toBe(0);
    await evaluation.evaluateOne(target);
    expect((await evaluation.features(target))?.features.penalties_active).toBe(1);
    await scorecards.reportLoans(bankA, [{ loanRef: 'SNAP-1', outcome: 'defaulted', outcomeOn: '2025-03-01' }], requester);
    const [loan] = await platform.db.query<{ features: Record<string, unknown> }>("SELECT features FROM scorecard_loans WHERE loan_ref = 'SNAP-1'");
    expect(loan.features.penalties_active ?? 0).toBe(0);
    expect(loan.features.uscc ?? target).toBe(target);
  });

  it('trains on simulated outcomes in the background to a sensible cross-validated AUC', async () => {
    // 600 loans reported as they are disbursed in February 2025 …
    const features = await evaluation.currentFeatures(usccs.slice(10, 610));
    const book = simulateLoanBook([...features].map(([uscc, f]) => ({ uscc, features: f.features })), {
      seed: 7, today: '2026-04-01', refPrefix: 'SIM-', disbursedOn: (i) => `2025-02-${String(1 + (i % 28)).padStart(2, '0')}`,
    });
    const disbursed = await scorecards.reportLoans(bankA, book.map(({ outcome: _o, outcomeOn: _d, ...l }) => l), requester);
    expect(disbursed.every((x) => x.result === 'created')).toBe(true);
    // … and their outcomes 13 months later
    now += 396 * DAY;
    expect(cstDay(now)).toBe('2026-04-01');
    const outcomes = await scorecards.reportLoans(bankA, book.map((l) => ({ loanRef: l.loanRef, outcome: l.outcome, outcomeOn: l.outcomeOn })), requester);
    expect(outcomes.every((x) => x.result === 'updated')).toBe(true);
    const pop = await scorecards.population({});
    expect(pop.bad).toBeGreaterThanOrEqual(50);
    expect(pop.good).toBeGreaterThanOrEqual(200);

    const job = await trainAndWait({});
    expect(job).toMatchObject({ progress: 100, stage: 'done', model_version: 1 });
    const m = await scorecards.model(1);
    expect(m.status).toBe('challenger');
    expect(m.population).toMatchObject({ good: pop.good, bad: pop.bad, institutions: 1 });
    expect(m.model.characteristics.length).toBeGreaterThan(0);
    expect(m.cv_auc).toBeGreaterThan(0.65);
    expect(m.train_auc).toBeGreaterThanOrEqual(m.cv_auc! - 0.02);
    expect(m.model.characteristics.map((c) => c.name)).toContain('years_in_business');
    expect(m.monitoring?.enterprises).toBeGreaterThan(0);
    expect(m.monitoring?.psi).toBeGreaterThanOrEqual(0);
    // the defaulted loan whose enterprise got a penalty later trains on its snapshot (no penalty)
    expect(m.model.characteristics.find((c) => c.name === 'penalties_active')).toBeUndefined();
  }, 120_000);
});

describe('champion and challengers', () => {
  it('keeps exactly one champion: promoting a challenger retires the champion before it', async () => {
    await trainAndWait({ engine: { seed: 2 } });
    await scorecards.promote(1, requester, 'first champion');
    expect((await scorecards.model(1)).status).toBe('champion');
    await scorecards.promote(2, requester);
    const models = await scorecards.models();
    expect(models.map((m) => [m.version, m.status])).toEqual([[2, 'champion'], [1, 'retired']]);
    expect((await scorecards.events(1)).map((e) => e.action)).toEqual(['trained', 'promoted', 'replaced']);
    await expectCode(scorecards.promote(1, requester), 'SCORECARD_NOT_CHALLENGER');
    await expectCode(scorecards.retire(2, requester), 'SCORECARD_NOT_CHALLENGER');
    // the database itself refuses a second champion
    await expect(platform.db.query("UPDATE scorecard_models SET status = 'champion' WHERE version = 1")).rejects.toThrow();
  });

  it('scores an enterprise with the champion and every challenger, with reason codes in both languages', async () => {
    await trainAndWait({ engine: { seed: 3 } });
    const s = await scorecards.score(usccs[20]);
    expect(s.champion?.version).toBe(2);
    expect(s.challengers.map((c) => c.version)).toEqual([3]);
    const pointsSum = s.champion!.points.reduce((a, p) => a + p.points, 0);
    expect(s.champion!.score).toBe(pointsSum);
    for (const r of s.champion!.reasons) {
      expect(r.pointsLost).toBeGreaterThan(0);
      expect(r.zh).toMatch(/比最佳情形少/);
      expect(r.en).toMatch(/points below the best attribute/);
    }
    await scorecards.retire(3, requester, 'not better');
    expect((await scorecards.score(usccs[20])).challengers).toEqual([]);
  });
});
