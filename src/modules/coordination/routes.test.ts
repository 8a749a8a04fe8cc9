import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { loginAs, type Client } from '../../../test/support/http.ts';

/** The coordination API over real HTTP against the whole node (src/app.ts) with the demo data. */
let server: TestServer;
let operator: Client;
let officer: Client;
let bankAdmin: Client;
let enterprise: Client;
let auditor: Client;
let entUscc: string;
let activeUscc: string;
let cancelledUscc: string;
let bankId: string;
let otherBankId: string;
let listId: string;
const today = () => new Date(server.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const period = () => today().slice(0, 7);

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 40 });
  const db = server.platform.db;
  [{ uscc: entUscc }] = await db.query<{ uscc: string }>("SELECT uscc FROM organisations WHERE kind = 'enterprise' LIMIT 1");
  [{ uscc: activeUscc }] = await db.query<{ uscc: string }>("SELECT uscc FROM entities WHERE status = 'active' AND uscc <> $1 ORDER BY uscc LIMIT 1", [entUscc]);
  const cancelled = await db.query<{ uscc: string }>("SELECT uscc FROM entities WHERE status <> 'active' ORDER BY uscc LIMIT 1");
  if (cancelled.length === 0) {
    [{ uscc: cancelledUscc }] = await db.query<{ uscc: string }>("UPDATE entities SET status = 'cancelled' WHERE uscc = (SELECT uscc FROM entities WHERE status = 'active' AND uscc NOT IN ($1, $2) ORDER BY uscc DESC LIMIT 1) RETURNING uscc", [entUscc, activeUscc]);
  } else {
    cancelledUscc = cancelled[0].uscc;
  }
  operator = await loginAs(server, 'operator');
  officer = await loginAs(server, 'bank_officer');
  bankAdmin = await loginAs(server, 'bank_admin');
  enterprise = await loginAs(server, 'ent_demo');
  auditor = await loginAs(server, 'auditor');
  const banks = (await operator.get('/api/v1/coordination/institutions')).body.items as { id: string; name: string }[];
  bankId = banks.find((b) => b.name === '华北示范商业银行廊坊分行')!.id;
  otherBankId = banks.find((b) => b.name === '廊坊示范农村商业银行')!.id;
}, 120_000);
afterAll(async () => server?.close());

const visit = (uscc: string, extra: Record<string, unknown> = {}) => ({
  uscc, visitedOn: today(), visitors: ['专班 张三', '客户经理 李明'], channel: 'on_site',
  need: { amountFen: '500000000', termMonths: 12, purpose: '购买原材料', guarantee: '信用' }, difficulties: ['no_collateral'], difficultyNote: '缺少抵押物', ...extra,
});

describe('visits (走访)', () => {
  it('records a visit with a need in fen and reads it back with the registry name and region', async () => {
    const res = await operator.post('/api/v1/coordination/visits', visit(activeUscc));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ uscc: activeUscc, channel: 'on_site', need: { amountFen: '500000000', termMonths: 12 }, difficulties: ['no_collateral'], recordedBy: 'operator' });
    expect(res.body.enterpriseName.length).toBeGreaterThan(0);
    expect(res.body.regionCode).toMatch(/^\d{6}$/);
  });

  it('refuses a float amount, a malformed USCC, an unknown enterprise, a future date and unknown codes, each with zh and en text', async () => {
    const float = await operator.post('/api/v1/coordination/visits', visit(activeUscc, { need: { amountFen: 1234.5 } }));
    expect(float.status).toBe(400);
    const decimal = await operator.post('/api/v1/coordination/visits', visit(activeUscc, { need: { amountFen: '12.50' } }));
    expect(decimal.status).toBe(400);
    const bad = await operator.post('/api/v1/coordination/visits', visit('91131002MA0CXR1Q0Y'));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('USCC_INVALID');
    const unknown = await operator.post('/api/v1/coordination/visits', visit('91131002MA0CXR1Q0X'));
    expect([400, 404]).toContain(unknown.status);
    const future = await operator.post('/api/v1/coordination/visits', visit(activeUscc, { visitedOn: '2999-01-01' }));
    expect(future.body.code).toBe('COORDINATION_DATE_IN_FUTURE');
    const code = await operator.request('POST', '/api/v1/coordination/visits', visit(activeUscc, { difficulties: ['nope'] }), { 'accept-language': 'en' });
    expect(code.body).toMatchObject({ code: 'COORDINATION_CODE_UNKNOWN', detail: 'Unknown difficulty codes: nope' });
  });

  it('lets a loan officer record visits and shows an institution only the visits it recorded', async () => {
    expect((await officer.post('/api/v1/coordination/visits', visit(entUscc, { need: null, channel: 'phone' }))).status).toBe(201);
    const mine = (await officer.get('/api/v1/coordination/visits')).body.items as { uscc: string; recordedBy: string }[];
    expect(mine.length).toBe(1);
    expect(mine[0]).toMatchObject({ uscc: entUscc, recordedBy: 'bank_officer' });
    expect((await operator.get('/api/v1/coordination/visits')).body.items.length).toBeGreaterThanOrEqual(2);
    expect((await auditor.post('/api/v1/coordination/visits', visit(activeUscc))).status).toBe(403);
  });

  it('shows an enterprise only the visits about itself, whatever it asks for', async () => {
    const own = await enterprise.get(`/api/v1/coordination/visits?uscc=${activeUscc}`);
    expect(own.status).toBe(200);
    expect(own.body.items.map((v: { uscc: string }) => v.uscc)).toEqual([entUscc]);
  });

  it('filters by region, period and enterprise', async () => {
    const region = (await operator.get(`/api/v1/coordination/visits?uscc=${activeUscc}`)).body.items[0].regionCode as string;
    expect((await operator.get(`/api/v1/coordination/visits?region=${region}`)).body.items.length).toBeGreaterThan(0);
    expect((await operator.get('/api/v1/coordination/visits?region=65')).body.items).toEqual([]);
    expect((await operator.get('/api/v1/coordination/visits?from=2000-01-01&to=2000-12-31')).body.items).toEqual([]);
  });
});

describe('recommendation list (推荐清单) and bank feedback', () => {
  it('builds a draft from the visits with a need, every candidate with its reasons, and excludes by the negative list', async () => {
    await operator.post('/api/v1/coordination/visits', visit(cancelledUscc, { need: { amountFen: '100000' } }));
    await operator.post('/api/v1/coordination/visits', visit(entUscc, { need: { amountFen: '20000000' } }));
    const built = await operator.post('/api/v1/coordination/lists', { period: period() });
    expect(built.status, JSON.stringify(built.body)).toBe(201);
    expect(built.body).toMatchObject({ status: 'draft', candidates: 3, included: 2, deadlineDays: 7, rulesVersion: '1' });
    listId = built.body.id;
    const detail = (await operator.get(`/api/v1/coordination/lists/${listId}`)).body;
    const byUscc = new Map(detail.candidates.map((c: { uscc: string }) => [c.uscc, c]));
    const out = byUscc.get(cancelledUscc) as { included: boolean; reasons: { rule: string; outcome: string; zh: string; en: string }[] };
    expect(out.included).toBe(false);
    expect(out.reasons.find((r) => r.outcome === 'fail')).toMatchObject({ rule: 'abnormal_status', zh: '登记状态非在营（吊销、注销或迁出）' });
    const inn = byUscc.get(activeUscc) as { included: boolean; needAmountFen: string; reasons: { rule: string; outcome: string }[] };
    expect(inn).toMatchObject({ included: true, needAmountFen: '500000000' });
    expect(inn.reasons.map((r) => r.rule)).toEqual(['serious_dishonesty', 'dishonest_debtor', 'enforcement_active', 'abnormal_status', 'financing_need', 'whitelist']);
    expect((await auditor.post('/api/v1/coordination/lists', { period: period() })).status).toBe(403);
    const empty = await operator.request('POST', '/api/v1/coordination/lists', { period: '2001-01' }, { 'accept-language': 'en' });
    expect(empty.body).toMatchObject({ status: 400, code: 'COORDINATION_NO_CANDIDATES', detail: 'No visit with a financing need in 2001-01; there is nothing to list' });
  });

  it('refuses to push an excluded enterprise or leave an included one without a bank', async () => {
    const excluded = await operator.post(`/api/v1/coordination/lists/${listId}/confirm`, { assignments: [{ uscc: cancelledUscc, institutionIds: [bankId] }] });
    expect(excluded.body.code).toBe('COORDINATION_EXCLUDED');
    const partial = await operator.post(`/api/v1/coordination/lists/${listId}/confirm`, { assignments: [{ uscc: activeUscc, institutionIds: [bankId] }] });
    expect(partial.body).toMatchObject({ code: 'COORDINATION_UNASSIGNED', usccs: [entUscc] });
  });

  it('confirms and pushes; each bank sees only the enterprises assigned to it', async () => {
    const confirmed = await operator.post(`/api/v1/coordination/lists/${listId}/confirm`, {
      assignments: [{ uscc: activeUscc, institutionIds: [bankId, otherBankId] }, { uscc: entUscc, institutionIds: [otherBankId] }],
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.status).toBe('confirmed');
    expect((await operator.post(`/api/v1/coordination/lists/${listId}/confirm`, { assignments: [{ uscc: activeUscc, institutionIds: [bankId] }] })).status).toBe(409);
    const queue = (await officer.get('/api/v1/coordination/assignments')).body;
    expect(queue.items.map((i: { uscc: string }) => i.uscc)).toEqual([activeUscc]);
    expect(queue.items[0]).toMatchObject({ status: 'pending', overdue: false, need: { amountFen: '500000000', purpose: '购买原材料' }, institutionId: bankId });
    // the other bank's item is invisible to this bank: not in its queue, and not answerable
    const detail = (await operator.get(`/api/v1/coordination/lists/${listId}`)).body;
    const foreign = detail.candidates.find((c: { uscc: string }) => c.uscc === entUscc).assignments[0].id as string;
    expect((await officer.post(`/api/v1/coordination/assignments/${foreign}/responses`, { kind: 'accepted' })).status).toBe(404);
    expect((await enterprise.get('/api/v1/coordination/assignments')).status).toBe(403);
    // the bank is told in the app (the notification bell), once per push
    const notes = (await officer.get('/api/v1/notifications')).body.items as { kind: string; text: { zh: string } }[];
    expect(notes.filter((n) => n.kind === 'coordination.pushed').map((n) => n.text.zh)).toEqual([expect.stringContaining('1 户申贷企业')]);
  });

  it('records accepted then credit granted, refuses going back, and tracking counts it', async () => {
    const id = (await officer.get('/api/v1/coordination/assignments')).body.items[0].id as string;
    expect((await officer.post(`/api/v1/coordination/assignments/${id}/responses`, { kind: 'accepted' })).status).toBe(201);
    const noAmount = await officer.post(`/api/v1/coordination/assignments/${id}/responses`, { kind: 'granted' });
    expect(noAmount.body.code).toBe('COORDINATION_AMOUNT_REQUIRED');
    const granted = await officer.post(`/api/v1/coordination/assignments/${id}/responses`, { kind: 'granted', amountFen: '300000000', on: today() });
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);
    expect(granted.body).toMatchObject({ status: 'granted', grantedAmountFen: '300000000', grantedOn: today() });
    const back = await officer.post(`/api/v1/coordination/assignments/${id}/responses`, { kind: 'declined', reasonCode: 'credit_issue' });
    expect(back.body.code).toBe('COORDINATION_RESPONSE_NOT_ALLOWED');
    const queue = (await bankAdmin.get('/api/v1/coordination/assignments')).body.items[0];
    expect(queue.responses.map((r: { kind: string }) => r.kind)).toEqual(['accepted', 'granted']);
    const t = (await operator.get(`/api/v1/coordination/tracking?period=${period()}`)).body;
    expect(t.total).toMatchObject({ recommended: 2, assignments: 3, responded: 1, granted: 1, grantedFen: '300000000', disbursed: 0, declined: 0, overdue: 0 });
    expect(t.lists[0]).toMatchObject({ listId, figures: { granted: 1 } });
    expect(t.regions.length).toBeGreaterThan(0);
  });

  it('flags the unanswered items overdue after the deadline and counts declines by reason', async () => {
    server.advance(8 * 86_400_000);
    operator = await loginAs(server, 'operator');
    const t = (await operator.get('/api/v1/coordination/tracking')).body;
    expect(t.total.overdue).toBe(2);
    const detail = (await operator.get(`/api/v1/coordination/lists/${listId}`)).body;
    const overdue = detail.candidates.flatMap((c: { assignments: { overdue: boolean }[] }) => c.assignments).filter((a: { overdue: boolean }) => a.overdue);
    expect(overdue.length).toBe(2);
    // a decline recorded directly (the other bank has no users in the demo data): the service with the same rules
    const other = overdue[0] as { id: string };
    const requester = { actor: { userId: null, keyId: null, role: 'inst_loan_officer', orgId: otherBankId, orgKind: 'institution' }, name: 'other', orgId: otherBankId };
    await server.services.coordination.respond(other.id, { kind: 'declined', reasonCode: 'no_real_need' }, requester);
    const after = (await operator.get('/api/v1/coordination/tracking')).body;
    expect(after.total).toMatchObject({ overdue: 1, declined: 1, declinedByReason: { no_real_need: 1 } });
  });

  it('writes domain audit events for the list and the responses', async () => {
    await server.services.audit.flush();
    const rows = await server.platform.db.query<{ action: string }>("SELECT action FROM audit_entries WHERE action LIKE 'coordination.%' ORDER BY seq");
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['coordination.list.built', 'coordination.list.confirmed', 'coordination.pushed', 'coordination.response.recorded']));
  });
});
