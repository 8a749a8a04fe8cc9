import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { Client, loginAs } from '../../../test/support/http.ts';
import type { Submitter } from '../aggregation/index.ts';
import { localDate, offsetMs } from '../objections/index.ts';
import { addPeriod } from './periods.ts';

/** C11 credit repair over real HTTP: windows and checklist, refusals at filing, the decision, expiry, re-imports. */
let server: TestServer;
let regulator: Submitter;
let A: string;
let ent: Client;
let operator: Client;
let bank: Client;
let today: string;

const PDF = Buffer.from('%PDF-1.4\n% paid\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64');
const EVIDENCE = [{ name: '罚款缴纳凭证.pdf', contentType: 'application/pdf', base64: PDF }];
const HEADER = 'uscc,subject_name,record_uid,penalty_category,penalty_content,fine_amount,decision_date,authority_name';
type Row = { uid: string; category?: string; fine?: string; decided: string; authority?: string };
const line = (r: Row) => [A, '示范企业', r.uid, r.category ?? '罚款', r.category ?? '罚款', r.fine ?? '20000', r.decided, r.authority ?? '廊坊市生态环境局'].join(',');

async function penalties(batchKey: string, rows: Row[]) {
  const body = Buffer.from([HEADER, ...rows.map(line)].join('\n') + '\n');
  const r = await server.services.aggregation.submit({ submitter: regulator, batchKey, itemCode: 'ADMIN_PENALTY', format: 'csv', source: 'api', open: () => (async function* () { yield body; })() });
  expect(r.counts.quarantined).toBe(0);
  return r;
}
const apply = (key: string, extra: Record<string, unknown> = {}) => ent.post('/api/v1/repair/applications', {
  item: 'ADMIN_PENALTY', key, statement: '罚款已全额缴纳，整改已完成并通过复查', performanceEvidence: EVIDENCE, ...extra,
});
const publicKeys = async () => (await server.services.aggregation.records(A, 'ADMIN_PENALTY', null)).map((r) => r.key);

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 20 });
  const orgId = await server.services.identity.createOrganisation({ kind: 'provider', name: '廊坊市发展和改革委员会', regionCode: '131000', category: 'development_reform' });
  regulator = { orgId, orgKind: 'provider', category: 'development_reform', actor: 'test' };
  ent = await loginAs(server, 'ent_demo');
  operator = await loginAs(server, 'operator');
  bank = await loginAs(server, 'bank_admin');
  A = (await ent.get('/api/v1/auth/me')).body.org.uscc;
  today = localDate(server.now(), offsetMs('+08:00'));
  await penalties('repair-1', [
    { uid: 'R-EARLY', decided: addPeriod(today, { months: 1 }, -1) },
    { uid: 'R-READY', decided: addPeriod(today, { months: 6 }, -1) },
    { uid: 'R-REFUSE', decided: addPeriod(today, { months: 8 }, -1) },
    { uid: 'R-OLD', decided: addPeriod(addPeriod(today, { years: 3 }, -1), { months: 1 }, -1) },
    { uid: 'R-MINOR', category: '通报批评', decided: addPeriod(today, { months: 4 }, -1), authority: '廊坊市市场监督管理局' },
  ]);
}, 120_000);
afterAll(async () => server?.close());

describe('credit repair', () => {
  it('shows each penalty with its publicity window and the checklist', async () => {
    const r = await ent.get('/api/v1/repair/records');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const early = r.body.records.find((x: { record: { key: string } }) => x.record.key === 'R-EARLY');
    expect(early.window).toMatchObject({ case: 'general', caseName: '一般行政处罚', shortestEndsOn: addPeriod(addPeriod(today, { months: 1 }, -1), { months: 3 }), repairable: true });
    expect(early.checklist.map((c: { code: string; satisfied: boolean | null }) => `${c.code}:${c.satisfied}`))
      .toEqual(['performed:null', 'shortest_period:false', 'commitment:false', 'training:null']);
    expect(r.body.commitment).toBeNull();
  });

  it('refuses an application before the shortest period, naming the first allowed date', async () => {
    const r = await apply('R-EARLY');
    const from = addPeriod(addPeriod(today, { months: 1 }, -1), { months: 3 });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'REPAIR_TOO_EARLY', allowedFrom: from });
    expect(r.body.detail).toContain(`自 ${from} 起方可申请信用修复`);
    const en = new Client(server.url, 'en');
    await en.post('/api/v1/auth/login', { username: 'ent_demo', password: server.demo.password });
    const again = await en.post('/api/v1/repair/applications', { item: 'ADMIN_PENALTY', key: 'R-EARLY', statement: 'The fine is paid in full', performanceEvidence: EVIDENCE });
    expect(again.body.detail).toBe(`The shortest publicity period has not passed; you can apply for credit repair from ${from}`);
  });

  it('refuses a penalty whose publicity simply ends after 3 months', async () => {
    const r = await apply('R-MINOR');
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('REPAIR_NOT_APPLICABLE');
  });

  it('needs the signed credit commitment and evidence of performance', async () => {
    expect((await apply('R-READY')).body.code).toBe('REPAIR_COMMITMENT_REQUIRED');
    const text = (await ent.get('/api/v1/self-reports/commitment')).body.text;
    expect((await ent.post('/api/v1/self-reports/commitment', { textVersion: text.version, accept: true })).status).toBe(201);
    expect((await apply('R-READY', { performanceEvidence: [] })).body.code).toBe('REPAIR_EVIDENCE_REQUIRED');
  });

  let readyId: string;
  it('files an application with evidence; the operator sees it with counts', async () => {
    const r = await apply('R-READY');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ status: 'pending', kind: 'penalty_publicity', penaltyCase: 'general' });
    readyId = r.body.id;
    expect((await apply('R-READY')).body.code).toBe('REPAIR_ALREADY_PENDING');
    const list = await operator.get('/api/v1/repair/applications');
    expect(list.body.counts).toMatchObject({ pending: 1 });
    const detail = await operator.get(`/api/v1/repair/applications/${readyId}`);
    expect(detail.body.documents).toEqual([expect.objectContaining({ purpose: 'performance', contentType: 'application/pdf' })]);
  });

  it('approves: the record leaves public reads and the evaluation at once', async () => {
    expect(await publicKeys()).toContain('R-READY');
    const r = await operator.post(`/api/v1/repair/applications/${readyId}/decision`, { decision: 'approve', reason: '材料齐全，符合修复条件' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('approved');
    expect(await publicKeys()).not.toContain('R-READY');
    const data = await bank.get(`/api/v1/consent/data/${A}?items=ADMIN_PENALTY`);
    expect(data.body.items[0].records.map((x: { key: string }) => x.key)).not.toContain('R-READY');
    await server.services.evaluation.evaluateOne(A);
    expect((await server.services.evaluation.features(A))?.features).toMatchObject({ penalties_repaired: 1 });
    const [internal] = await server.services.aggregation.history(A, 'ADMIN_PENALTY', 'R-READY');
    expect(internal.withheld).toMatchObject({ reason: 'repaired', ref: readyId });
  });

  it('keeps a repaired record hidden when the provider re-sends the same row, changed or not', async () => {
    const row: Row = { uid: 'R-READY', decided: addPeriod(today, { months: 6 }, -1) };
    expect((await penalties('repair-resend', [row])).counts.unchanged).toBe(1);
    expect(await publicKeys()).not.toContain('R-READY');
    expect((await penalties('repair-resend-changed', [{ ...row, fine: '25000' }])).counts.updated).toBe(1);
    expect(await publicKeys()).not.toContain('R-READY');
    const versions = await server.services.aggregation.history(A, 'ADMIN_PENALTY', 'R-READY');
    expect(versions.at(-1)).toMatchObject({ version: 2, withheld: { reason: 'repaired' } });
  });

  it('refuses with a reason and the earliest re-apply date, and holds the enterprise to it', async () => {
    const filed = await apply('R-REFUSE');
    expect(filed.status).toBe(201);
    const reapplyFrom = addPeriod(today, { months: 1 });
    const r = await operator.post(`/api/v1/repair/applications/${filed.body.id}/decision`, { decision: 'refuse', reason: '缴款凭证与处罚决定书金额不符', reapplyFrom });
    expect(r.body).toMatchObject({ status: 'refused', reapplyFrom, decisionReason: '缴款凭证与处罚决定书金额不符' });
    const again = await apply('R-REFUSE');
    expect(again.body).toMatchObject({ code: 'REPAIR_REAPPLY_TOO_EARLY', allowedFrom: reapplyFrom });
    expect(await publicKeys()).toContain('R-REFUSE');
    expect((await operator.post(`/api/v1/repair/applications/${filed.body.id}/decision`, { decision: 'approve', reason: '改判' })).body.code).toBe('REPAIR_ALREADY_DECIDED');
  });

  it('ends publicity automatically once the longest period has passed', async () => {
    const r = await operator.post('/api/v1/repair/expiry', {});
    expect(r.body.expired).toBe(2);
    const keys = await publicKeys();
    expect(keys).not.toContain('R-OLD');
    expect(keys).not.toContain('R-MINOR');
    expect(keys).toEqual(expect.arrayContaining(['R-EARLY', 'R-REFUSE']));
    const [old] = await server.services.aggregation.history(A, 'ADMIN_PENALTY', 'R-OLD');
    expect(old.withheld).toMatchObject({ reason: 'expired', ref: 'publicity-periods-v1' });
    expect((await operator.post('/api/v1/repair/expiry', {})).body.expired).toBe(0);
  });

  it("does not show one enterprise's applications to another party", async () => {
    expect((await bank.get('/api/v1/repair/applications')).status).toBe(403);
    expect((await ent.get('/api/v1/repair/applications')).body.items.every((a: { uscc: string }) => a.uscc === A)).toBe(true);
  });
});
