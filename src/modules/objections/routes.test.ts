import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { loginAs, type Client } from '../../../test/support/http.ts';
import type { Submitter } from '../aggregation/index.ts';

/** C11 objections over real HTTP on a full node: filing, the flag everywhere, routing, answers, appeal, escalation. */
let server: TestServer;
let regulator: Submitter;
let A: string;
let B: string;
let ent: Client;
let entB: Client;
let provider: Client;
let utility: Client;
let operator: Client;
let bank: Client;

const PDF = Buffer.from('%PDF-1.4\n% evidence\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64');
const HEADER = 'uscc,subject_name,record_uid,penalty_category,penalty_content,fine_amount,decision_date,authority_name';

async function penalties(batchKey: string, rows: { uscc: string; uid: string; fine?: string }[]) {
  const body = Buffer.from([HEADER, ...rows.map((r) => [r.uscc, '示范企业', r.uid, '罚款', '罚款', r.fine ?? '5000', '2026-06-01', '廊坊市生态环境局'].join(','))].join('\n') + '\n');
  const r = await server.services.aggregation.submit({ submitter: regulator, batchKey, itemCode: 'ADMIN_PENALTY', format: 'csv', source: 'api', open: () => (async function* () { yield body; })() });
  expect(r.counts.quarantined).toBe(0);
}

async function addUser(orgId: string, username: string, roles: string[]) {
  await server.services.identity.createUser({ orgId, username, displayName: username, password: server.demo.password, roles, realNameVerified: true });
  server.demo.users.push({ username, displayName: username, roles: roles as never, portal: '', org: '', totpSecret: null });
}

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 20 });
  const { identity } = server.services;
  const orgId = await identity.createOrganisation({ kind: 'provider', name: '廊坊市发展和改革委员会', regionCode: '131000', category: 'development_reform' });
  regulator = { orgId, orgKind: 'provider', category: 'development_reform', actor: 'test' };
  await addUser(orgId, 'dr_provider', ['provider_admin']);
  ent = await loginAs(server, 'ent_demo');
  A = (await ent.get('/api/v1/auth/me')).body.org.uscc;
  const [other] = await server.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities WHERE uscc <> $1 ORDER BY uscc LIMIT 1', [A]);
  B = other.uscc;
  const entBOrg = await identity.createOrganisation({ kind: 'enterprise', name: '乙企业', uscc: B, regionCode: '131000' });
  await addUser(entBOrg, 'ent_b', ['enterprise_legal_rep']);
  await penalties('obj-1', [{ uscc: A, uid: 'PEN-A1' }, { uscc: A, uid: 'PEN-A2' }, { uscc: A, uid: 'PEN-A3' }, { uscc: B, uid: 'PEN-B1' }]);
  // one after another: each TOTP login moves the server clock one step
  entB = await loginAs(server, 'ent_b');
  provider = await loginAs(server, 'dr_provider');
  utility = await loginAs(server, 'utility_provider');
  operator = await loginAs(server, 'operator');
  bank = await loginAs(server, 'bank_admin');
}, 120_000);
afterAll(async () => server?.close());

const file = (c: Client, body: Record<string, unknown>) => c.post('/api/v1/objections', { type: 'record', reason: '该处罚已被行政复议撤销，记录有误', ...body });

describe('filing', () => {
  let id: string;

  it('flags the record at once in the records API, the consent data API and the aggregation read', async () => {
    const r = await file(ent, { item: 'ADMIN_PENALTY', key: 'PEN-A1', evidence: [{ name: '复议决定书.pdf', contentType: 'application/pdf', base64: PDF }] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ state: 'open', handlerKind: 'provider', handlerName: '廊坊市发展和改革委员会', uscc: A, key: 'PEN-A1', overdue: false, daysLeft: 20 });
    id = r.body.id;
    const [flagged] = (await server.services.aggregation.records(A, 'ADMIN_PENALTY', null)).filter((x) => x.key === 'PEN-A1');
    expect(flagged.objection).toMatchObject({ id, state: 'open' });
    const own = await ent.get(`/api/v1/aggregation/records/${A}/ADMIN_PENALTY`);
    expect(own.body.records.find((x: { key: string }) => x.key === 'PEN-A1').objection).toMatchObject({ id, state: 'open' });
    const data = await bank.get(`/api/v1/consent/data/${A}?items=ADMIN_PENALTY`);
    expect(data.status, JSON.stringify(data.body)).toBe(200);
    const records = data.body.items[0].records as { key: string; objection: unknown }[];
    expect(records.find((x) => x.key === 'PEN-A1')?.objection).toMatchObject({ id, state: 'open' });
    expect(records.find((x) => x.key === 'PEN-A2')?.objection).toBeNull();
  });

  it('refuses a second live objection on the same record', async () => {
    const r = await file(ent, { item: 'ADMIN_PENALTY', key: 'PEN-A1' });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('OBJECTION_ALREADY_OPEN');
  });

  it("refuses enterprise A an objection on B's records", async () => {
    const named = await file(ent, { uscc: B, item: 'ADMIN_PENALTY', key: 'PEN-B1' });
    expect(named.status).toBe(403);
    expect(named.body.code).toBe('NOT_YOUR_ENTERPRISE');
    const guessed = await file(ent, { item: 'ADMIN_PENALTY', key: 'PEN-B1' });
    expect(guessed.status).toBe(404);
    expect((await entB.get(`/api/v1/objections/${id}`)).status).toBe(404);
  });

  it('asks for a reason a person can act on', async () => {
    const r = await ent.post('/api/v1/objections', { type: 'record', item: 'ADMIN_PENALTY', key: 'PEN-A2', reason: '错' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('OBJECTION_REASON_TOO_SHORT');
    const bad = await file(ent, { item: 'ADMIN_PENALTY', key: 'PEN-A2', evidence: [{ name: 'x.pdf', contentType: 'application/pdf', base64: Buffer.from('not a pdf').toString('base64') }] });
    expect(bad.body.code).toBe('EVIDENCE_TYPE_MISMATCH');
  });

  it("routes to the record's provider only: another provider sees nothing", async () => {
    expect((await provider.get('/api/v1/objections')).body.items.map((o: { id: string }) => o.id)).toContain(id);
    expect((await utility.get('/api/v1/objections')).body.items).toEqual([]);
    expect((await utility.get(`/api/v1/objections/${id}`)).status).toBe(404);
    const decide = await utility.post(`/api/v1/objections/${id}/decision`, { outcome: 'upheld', reason: '记录与原始文书一致无误' });
    expect(decide.status).toBe(404);
    const detail = await provider.get(`/api/v1/objections/${id}`);
    expect(detail.body.party).toBe('handler');
    expect(detail.body.record.data.record_uid).toBe('PEN-A1');
    expect(detail.body.documents).toHaveLength(1);
  });

  it('carries the flag in batch pushes of public information', async () => {
    const sub = await bank.request('PUT', '/api/v1/pushes/subscription', { regionPrefixes: [], industryPrefixes: [], items: ['ADMIN_PENALTY'], frequency: 'daily' });
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    await penalties('obj-push', [{ uscc: A, uid: 'PEN-A1', fine: '5100' }]);
    const run = await operator.post('/api/v1/pushes/runs', {});
    const batch = (run.body.batches as { batchId: string }[])[0];
    const entries = (await bank.get(`/api/v1/pushes/batches/${batch.batchId}/entries`)).body.items as { recordKey: string; objection: unknown }[];
    expect(entries.find((e) => e.recordKey === 'PEN-A1')?.objection).toMatchObject({ id, state: 'open' });
  });

  it('corrects the record as a new version (the old one kept), clears the flag, and shows the history to the enterprise', async () => {
    const r = await provider.post(`/api/v1/objections/${id}/decision`, { outcome: 'corrected', reason: '经核实罚款金额录入错误，已更正', values: { fine_amount: '500' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ state: 'decided', outcome: 'corrected', decidedByKind: 'provider', mayAppeal: false });
    const history = await server.services.aggregation.history(A, 'ADMIN_PENALTY', 'PEN-A1');
    expect(history.map((h) => h.data.fine_amount)).toEqual(['5000', '5100', '500']);
    expect(history.at(-1)).toMatchObject({ objection: null, batchId: expect.any(String) });
    expect(r.body.correctedVersion).toBe(3);
    const seen = await ent.get(`/api/v1/objections/${id}`);
    expect(seen.body.objection.mayAppeal).toBe(true);
    expect(seen.body.events.map((e: { action: string; actorRole: string }) => `${e.action}:${e.actorRole}`)).toEqual(['file:enterprise_legal_rep', 'decide:provider_admin']);
    expect(seen.body.events[1].details).toMatchObject({ outcome: 'corrected', reason: '经核实罚款金额录入错误，已更正' });
  });

  it('lets the subject appeal once; the operator decides finally', async () => {
    const appeal = await ent.post(`/api/v1/objections/${id}/appeal`, { reason: '更正后的金额仍与处罚决定书不符' });
    expect(appeal.status, JSON.stringify(appeal.body)).toBe(200);
    expect(appeal.body.state).toBe('appealed');
    const [flagged] = (await server.services.aggregation.records(A, 'ADMIN_PENALTY', null)).filter((x) => x.key === 'PEN-A1');
    expect(flagged.objection).toMatchObject({ id, state: 'escalated' });
    expect((await provider.post(`/api/v1/objections/${id}/decision`, { outcome: 'upheld', reason: '维持更正后的记录内容' })).body.code).toBe('OBJECTION_APPEAL_OPERATOR_ONLY');
    const final = await operator.post(`/api/v1/objections/${id}/decision`, { outcome: 'upheld', reason: '经复核，更正后的记录与决定书一致' });
    expect(final.body).toMatchObject({ state: 'closed', appealOutcome: 'upheld' });
    const again = await ent.post(`/api/v1/objections/${id}/appeal`, { reason: '仍然不服，再次申诉处理结果' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('OBJECTION_APPEAL_ONCE');
  });

  it('deletes a record: no longer published, kept in history', async () => {
    const r = await file(ent, { item: 'ADMIN_PENALTY', key: 'PEN-A2' });
    const d = await provider.post(`/api/v1/objections/${r.body.id}/decision`, { outcome: 'deleted', reason: '该记录主体登记错误，予以删除' });
    expect(d.body.outcome).toBe('deleted');
    expect((await server.services.aggregation.records(A, 'ADMIN_PENALTY', null)).map((x) => x.key)).not.toContain('PEN-A2');
    const [internal] = await server.services.aggregation.history(A, 'ADMIN_PENALTY', 'PEN-A2');
    expect(internal.withheld).toMatchObject({ reason: 'deleted', ref: r.body.id });
  });

  it('lets an institution flag a public record, routed the same way, and tells the enterprise', async () => {
    const r = await file(bank, { uscc: A, item: 'ADMIN_PENALTY', key: 'PEN-A3' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ filerKind: 'institution', handlerKind: 'provider' });
    const notes = await ent.get('/api/v1/notifications');
    expect(JSON.stringify(notes.body)).toContain('华北示范商业银行廊坊分行 对贵企业的一条记录（ADMIN_PENALTY / PEN-A3）提出了异议');
    expect((await bank.get('/api/v1/objections')).body.items.map((o: { id: string }) => o.id)).toEqual([r.body.id]);
    const d = await provider.post(`/api/v1/objections/${r.body.id}/decision`, { outcome: 'upheld', reason: '记录与处罚决定书一致，维持' });
    expect(d.body).toMatchObject({ outcome: 'upheld', state: 'decided' });
    expect((await bank.get(`/api/v1/objections/${r.body.id}`)).body.record).toBeNull();
  });

  it('routes a complaint about the platform to the operator with 30 days', async () => {
    const r = await ent.post('/api/v1/objections', { type: 'platform_conduct', reason: '平台未经授权向机构展示了我司信息' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ handlerKind: 'operator', escalateAt: null, daysLeft: 30 });
    expect((await provider.get(`/api/v1/objections/${r.body.id}`)).status).toBe(404);
    const d = await operator.post(`/api/v1/objections/${r.body.id}/decision`, { outcome: 'resolved', reason: '已核查访问日志并向企业说明情况' });
    expect(d.body).toMatchObject({ state: 'decided', outcome: 'resolved', mayAppeal: false });
  });
});

describe('deadlines on the server clock', () => {
  it('escalates on day 15 (not at 23:59 of day 14), then counts the case overdue after day 20', async () => {
    const r = await file(entB, { item: 'ADMIN_PENALTY', key: 'PEN-B1' });
    const { id, escalateAt, dueAt } = r.body as { id: string; escalateAt: string; dueAt: string };
    server.advance(Date.parse(escalateAt) - server.now() - 60_000);
    expect(await server.services.objections.escalateDue()).toBe(0);
    server.advance(60_000);
    expect(await server.services.objections.escalateDue()).toBe(1);
    const [flagged] = await server.services.aggregation.records(B, 'ADMIN_PENALTY', null);
    expect(flagged.objection).toMatchObject({ id, state: 'escalated' });
    const op = await loginAs(server, 'operator');
    const notes = await op.get('/api/v1/notifications');
    expect(JSON.stringify(notes.body)).toContain('异议（ADMIN_PENALTY / PEN-B1）第 15 日仍未答复，已升级至运营方');
    let stats = (await op.get('/api/v1/objections/statistics')).body;
    expect(stats.total).toMatchObject({ escalated: 1, overdue: 0 });

    // the server clock runs on in real time: just before the due time, then just after (the exact instant: deadlines.test.ts)
    server.advance(Date.parse(dueAt) - server.now() - 5_000);
    expect((await op.get('/api/v1/objections?overdue=true')).body.items).toEqual([]);
    server.advance(10_000);
    const overdue = (await op.get('/api/v1/objections?overdue=true')).body.items as { id: string; overdue: boolean }[];
    expect(overdue.map((o) => o.id)).toEqual([id]);
    stats = (await op.get('/api/v1/objections/statistics')).body;
    expect(stats.total.overdue).toBe(1);
    expect(stats.handlers.find((h: { handlerName: string }) => h.handlerName === '廊坊市发展和改革委员会')).toMatchObject({ overdue: 1 });
    const timeline = (await op.get(`/api/v1/objections/${id}`)).body.events.map((e: { action: string; actorRole: string }) => `${e.action}:${e.actorRole}`);
    expect(timeline).toEqual(['file:enterprise_legal_rep', 'escalate:system']);
  });
});
