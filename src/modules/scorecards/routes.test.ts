import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { Client, loginAs } from '../../../test/support/http.ts';
import { cstDay } from './performance-window.ts';
import { simulateLoanBook } from './simulated-book.ts';

/** The scorecard API over real HTTP on a full test node (every module wired as in `npm start`). */
let server: TestServer;
let bankA: Client;
let bankB: Client;
let operator: Client;
let usccs: string[];
const DAY = 86_400_000;

async function relogin() {
  bankA = await loginAs(server, 'bank_officer');
  bankB = await loginAs(server, 'bank_b_officer');
  operator = await loginAs(server, 'operator');
}

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 500 });
  // a second institution with a loan officer of its own
  const [orgB] = await server.services.identity.organisations('institution');
  const other = (await server.services.identity.organisations('institution')).find((o) => o.name === '廊坊示范农村商业银行') ?? orgB;
  await server.services.identity.createUser({ orgId: other.id, username: 'bank_b_officer', displayName: '信贷员 B', password: server.demo.password, roles: ['inst_loan_officer'], realNameVerified: true });
  server.demo.users.push({ username: 'bank_b_officer', displayName: '信贷员 B', roles: ['inst_loan_officer'], portal: 'institution', org: other.name, totpSecret: null });
  usccs = (await server.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities ORDER BY uscc')).map((r) => r.uscc);
  await relogin();
}, 120_000);
afterAll(async () => server?.close());

describe('loans fed back by institutions', () => {
  it('takes loans as JSON and as CSV, per item, idempotently', async () => {
    const today = cstDay(server.now());
    const json = await bankA.post('/api/v1/scorecards/loans', { loans: [{ loanRef: 'A-1', uscc: usccs[0], disbursedOn: today, amountFen: '150000000', termMonths: 12 }] });
    expect(json.status, JSON.stringify(json.body)).toBe(200);
    expect(json.body).toMatchObject({ created: 1, rejected: 0, items: [{ loanRef: 'A-1', result: 'created' }] });
    const csv = `loan_ref,uscc,disbursed_on,amount_fen,term_months\nA-1,${usccs[0]},${today},150000000,12\nA-2,${usccs[1]},${today},2000000,6\nA-3,${usccs[2]},${today},12.5,6\n`;
    const r = await bankA.post('/api/v1/scorecards/loans/csv', { csv });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ created: 1, unchanged: 1, rejected: 1 });
    expect(r.body.items[2]).toMatchObject({ loanRef: 'A-3', result: 'rejected', code: 'SCORECARD_AMOUNT_INVALID', zh: expect.stringContaining('分'), en: expect.stringContaining('fen') });
  });

  it('answers a bad CSV header with a message in the caller\'s language', async () => {
    const zh = await bankA.post('/api/v1/scorecards/loans/csv', { csv: 'ref,amount\nx,1\n' });
    expect(zh.status).toBe(400);
    expect(zh.body).toMatchObject({ code: 'SCORECARD_CSV_HEADER', detail: expect.stringContaining('表头') });
    const en = await bankA.request('POST', '/api/v1/scorecards/loans/csv', { csv: 'ref,amount\nx,1\n' }, { 'accept-language': 'en' });
    expect(en.body.detail).toContain('header');
  });

  it('shows an institution only its own loans', async () => {
    const b = await bankB.post('/api/v1/scorecards/loans', { loans: [{ loanRef: 'A-1', uscc: usccs[3], disbursedOn: cstDay(server.now()), amountFen: '100000', termMonths: 3 }] });
    expect(b.body.created).toBe(1); // the same reference at another institution is another loan
    const listA = await bankA.get('/api/v1/scorecards/loans');
    const listB = await bankB.get('/api/v1/scorecards/loans');
    expect(listA.body.items.map((l: { loanRef: string }) => l.loanRef)).toEqual(['A-1', 'A-2']);
    expect(listA.body.items[0]).toMatchObject({ uscc: usccs[0], amountFen: '150000000' });
    expect(listB.body.items.map((l: { uscc: string }) => l.uscc)).toEqual([usccs[3]]);
    expect(listB.body.counts).toMatchObject({ total: 1, none: 1 });
    // bank B's outcome for A-1 changes its own loan, never bank A's
    await bankB.post('/api/v1/scorecards/loans', { loans: [{ loanRef: 'A-1', outcome: 'repaid', outcomeOn: cstDay(server.now()) }] });
    expect((await bankA.get('/api/v1/scorecards/loans')).body.items[0].outcome).toBeNull();
    const all = await operator.get('/api/v1/scorecards/loans');
    expect(all.body.counts.total).toBe(3);
    const ent = await loginAs(server, 'ent_demo');
    expect((await ent.get('/api/v1/scorecards/loans')).status).toBe(403);
    expect((await bankA.post('/api/v1/scorecards/training', {})).status).toBe(403);
  });
});

describe('training, the registry and shadow scoring', () => {
  it('refuses training with too few outcomes (422, counts in the message)', async () => {
    const r = await operator.post('/api/v1/scorecards/training', {});
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'SCORECARD_TOO_FEW_OUTCOMES', population: { bad: 0 } });
  });

  it('trains a challenger in the background on outcomes fed back a year later, shows its card and promotes it', async () => {
    const features = await server.services.evaluation.currentFeatures(usccs.slice(10, 480));
    const today = cstDay(server.now());
    const later = cstDay(server.now() + 400 * DAY);
    const book = simulateLoanBook([...features].map(([uscc, f]) => ({ uscc, features: f.features })), { seed: 11, today: later, refPrefix: 'SIM-', disbursedOn: () => today });
    const csv = ['loan_ref,uscc,disbursed_on,amount_fen,term_months', ...book.map((l) => [l.loanRef, l.uscc, l.disbursedOn, l.amountFen, l.termMonths].join(','))].join('\n');
    expect((await bankA.post('/api/v1/scorecards/loans/csv', { csv })).body.created).toBe(book.length);
    server.advance(400 * DAY);
    await relogin();
    const outcomes = ['loan_ref,outcome,outcome_on', ...book.map((l) => `${l.loanRef},${l.outcome},${l.outcomeOn}`)].join('\n');
    expect((await bankA.post('/api/v1/scorecards/loans/csv', { csv: outcomes })).body.updated).toBe(book.length);

    const pop = await operator.get('/api/v1/scorecards/population');
    expect(pop.body.population.bad).toBeGreaterThan(30);
    const started = await operator.post('/api/v1/scorecards/training', { minBads: 20, minGoods: 20, folds: 5 });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    let job = started.body;
    for (let i = 0; job.status === 'running' && i < 300; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (await operator.get(`/api/v1/scorecards/training/${job.id}`)).body;
    }
    expect(job, JSON.stringify(job.error)).toMatchObject({ status: 'completed', progress: 100, modelVersion: 1 });

    const models = await operator.get('/api/v1/scorecards/models');
    expect(models.body.items).toEqual([expect.objectContaining({ version: 1, status: 'challenger', trainAuc: expect.any(Number), cvAuc: expect.any(Number) })]);
    const card = await operator.get('/api/v1/scorecards/models/1/card');
    expect(card.status).toBe(200);
    expect(card.body.performance.crossValidation.auc.mean).toBeGreaterThan(0.65);
    expect(card.body.data).toMatchObject({ good: pop.body.population.good, bad: pop.body.population.bad, institutions: 2 }); // bank B's repaid loan is a good one too
    expect(card.body.data.badDefinition.zh).toContain('12 个月');
    expect(card.body.variables[0].bins[0]).toEqual(expect.objectContaining({ points: expect.any(Number), woe: expect.any(Number) }));
    expect(card.body.approvals).toEqual([expect.objectContaining({ action: 'trained', actor: 'operator' })]);
    expect(card.body.stability.psi).toBeGreaterThanOrEqual(0);

    const promoted = await operator.post('/api/v1/scorecards/models/1/promote', { note: '首个模型' });
    expect(promoted.body.items[0]).toMatchObject({ version: 1, status: 'champion' });
    const auditor = await loginAs(server, 'auditor');
    expect((await auditor.post('/api/v1/scorecards/models/1/retire', {})).status).toBe(403);
    expect((await operator.post('/api/v1/scorecards/models/1/retire', {})).body.code).toBe('SCORECARD_NOT_CHALLENGER');
    expect((await operator.post('/api/v1/scorecards/models/1/monitoring', {})).body.enterprises).toBeGreaterThan(0);
  }, 120_000);

  it('scores an enterprise with the champion for operators and institutions, with reasons, and logs the read', async () => {
    const r = await bankA.get(`/api/v1/scorecards/score/${usccs[5]}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.champion).toMatchObject({ version: 1, status: 'champion', score: expect.any(Number) });
    expect(r.body.challengers).toEqual([]);
    expect(r.body.champion.points.length).toBeGreaterThan(0);
    expect(r.body.champion.points[0].label.zh).toMatch(/[\u4e00-\u9fff]/);
    await server.services.audit.flush();
    const entries = await operator.get(`/api/v1/audit/entries?subject=${usccs[5]}&action=scorecards.score.read`);
    expect(entries.body.items.length).toBe(1);
    const ent = await loginAs(server, 'ent_demo');
    expect((await ent.get(`/api/v1/scorecards/score/${usccs[5]}`)).status).toBe(403);
    expect((await operator.get('/api/v1/scorecards/score/91110000100000000D')).status).toBe(404);
  });
});
