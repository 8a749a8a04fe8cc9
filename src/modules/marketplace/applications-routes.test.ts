import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { Client, loginAs } from '../../../test/support/http.ts';
import { createWorkingDayCalendar, loadShippedCalendar, type CalendarData } from '../../platform/calendar/index.ts';

/** The C9 workflow through the real server: apply with authorisation, isolation, transitions, 接单, SLA, statistics. */
let server: TestServer;
let bankAdmin: Client;
let officer: Client;
let otherOfficer: Client;
let operator: Client;
let enterprise: Client;
let enterpriseEn: Client;
let productId: string;
let bankId: string;
let entUscc: string;

const DAY = 86_400_000;
const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 20 });
  await server.services.evaluation.evaluateAll();
  bankAdmin = await loginAs(server, 'bank_admin');
  officer = await loginAs(server, 'bank_officer');
  operator = await loginAs(server, 'operator');
  enterprise = await loginAs(server, 'ent_demo');
  enterpriseEn = new Client(server.url, 'en');
  expect((await enterpriseEn.post('/api/v1/auth/login', { username: 'ent_demo', password: server.demo.password })).status).toBe(200);
  const orgs = await server.services.identity.organisations('institution');
  const rural = orgs.find((o) => o.name.includes('农村商业银行'))!;
  bankId = orgs.find((o) => o.name.includes('华北示范商业银行'))!.id;
  await server.services.identity.createUser({ orgId: rural.id, username: 'rural_officer', displayName: '客户经理', password: server.demo.password, roles: ['inst_loan_officer'], realNameVerified: true });
  otherOfficer = new Client(server.url);
  expect((await otherOfficer.post('/api/v1/auth/login', { username: 'rural_officer', password: server.demo.password })).status).toBe(200);
  [{ uscc: entUscc }] = await server.platform.db.query<{ uscc: string }>("SELECT o.uscc FROM organisations o JOIN users u ON u.org_id = o.id WHERE u.username = 'ent_demo'");
  const created = await bankAdmin.post('/api/v1/marketplace/my/products', {
    name: '税易信用贷', productType: 'credit', programme: 'tax', amountMinFen: '10000000', amountMaxFen: '300000000', termMinMonths: 6, termMaxMonths: 36,
    rateMinBp: 385, rateMaxBp: 600, repaymentModes: ['equal_instalment'], regionPrefixes: ['13'], rules: [], requiredAuthorisations: ['TAX_PAYMENT'],
    requiredMaterials: ['营业执照', '近一年财务报表'], description: '',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  productId = created.body.id;
  await bankAdmin.post(`/api/v1/marketplace/my/products/${productId}/submit`);
  expect((await operator.post(`/api/v1/marketplace/review/${productId}`, { version: 1, decision: 'approve' })).status).toBe(200);
}, 120_000);
afterAll(async () => server?.close());

const applyBody = (over: Record<string, unknown> = {}) => ({
  productId, amountFen: '100000000', termMonths: 12, materials: ['营业执照', '近一年财务报表'],
  authorise: { purpose: 'CREDIT_LOAN', validTo: chinaDay(server.now() + 365 * DAY) }, ...over,
});

describe('financing workflow API', () => {
  let appId: string;

  it('refuses floats and fractional fen in zh and en', async () => {
    expect((await enterprise.post('/api/v1/marketplace/applications', applyBody({ amountFen: 1.5 }))).body.code).toBe('AMOUNT_NOT_INTEGER_FEN');
    const zh = await enterprise.post('/api/v1/marketplace/applications', applyBody({ amountFen: '1000000.50' }));
    const en = await enterpriseEn.post('/api/v1/marketplace/applications', applyBody({ amountFen: '1000000.50' }));
    expect([zh.status, zh.body.code, en.body.code]).toEqual([400, 'AMOUNT_NOT_INTEGER_FEN', 'AMOUNT_NOT_INTEGER_FEN']);
    expect(zh.body.detail).toMatch(/分/);
    expect(en.body.detail).toMatch(/fen/);
    expect((await enterprise.post('/api/v1/marketplace/applications', applyBody({ authorise: undefined }))).body.code).toBe('AUTHORISATION_REQUIRED');
  });

  it('applies granting the required authorisation in the same request; the institution gets it ACTIVE', async () => {
    const r = await enterprise.post('/api/v1/marketplace/applications', applyBody());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ status: 'submitted', amountFen: '100000000', institution: { id: bankId }, product: { id: productId, version: 1, name: '税易信用贷' }, overdue: false });
    expect(r.body.workingDaysLeft).toBeGreaterThanOrEqual(1);
    appId = r.body.id;
    const auths = await officer.get('/api/v1/consent/authorisations');
    expect(auths.body.items ?? auths.body).toContainEqual(expect.objectContaining({ id: r.body.authorisationIds[0], status: 'ACTIVE', items: ['TAX_PAYMENT'] }));
  });

  it('shows an application only to its enterprise, its institution and operators', async () => {
    expect((await otherOfficer.get('/api/v1/marketplace/applications')).body.items).toEqual([]);
    expect((await otherOfficer.get(`/api/v1/marketplace/applications/${appId}`)).status).toBe(404);
    expect((await otherOfficer.post(`/api/v1/marketplace/applications/${appId}/accept`)).status).toBe(404);
    expect((await officer.get('/api/v1/marketplace/applications')).body.items.map((a: { id: string }) => a.id)).toEqual([appId]);
    expect((await operator.get('/api/v1/marketplace/applications')).body.items).toHaveLength(1);
    expect((await enterprise.post(`/api/v1/marketplace/applications/${appId}/accept`)).status).toBe(403);
    expect((await bankAdmin.get('/api/v1/marketplace/applications/statistics')).body.institutions.map((i: { institutionOrgId: string }) => i.institutionOrgId)).toEqual([bankId]);
  });

  it('escalates an application not accepted in time and counts it', async () => {
    const r = await enterprise.post('/api/v1/marketplace/applications', applyBody({ amountFen: '20000000' }));
    const late = r.body.id as string;
    expect((await operator.post('/api/v1/marketplace/applications/escalate')).body.escalated).toBe(0);
    server.advance(10 * DAY);
    expect((await operator.post('/api/v1/marketplace/applications/escalate')).body.escalated).toBe(2);
    const esc = await operator.get('/api/v1/marketplace/applications?escalated=true');
    expect(esc.body.items.map((a: { id: string }) => a.id).sort()).toEqual([appId, late].sort());
    const detail = await enterprise.get(`/api/v1/marketplace/applications/${late}`);
    expect(detail.body.timeline.map((e: { action: string }) => e.action)).toEqual(['submit', 'escalate']);
    expect(detail.body.timeline[1].label).toEqual({ zh: '超时未受理，已升级至运营方', en: 'Not accepted in time; escalated to the operator' });
    expect((await enterprise.post(`/api/v1/marketplace/applications/${late}/withdraw`)).body.application.status).toBe('withdrawn');
  });

  it('runs accept → approve → disburse → repayment with the same timeline on both sides, reported to scorecards', async () => {
    expect((await officer.post(`/api/v1/marketplace/applications/${appId}/approve`, { amountFen: '90000000', rateBp: 420, termMonths: 12, repaymentMode: 'equal_instalment', security: 'credit' })).status).toBe(409);
    expect((await officer.post(`/api/v1/marketplace/applications/${appId}/accept`)).body.application.status).toBe('accepted');
    expect((await officer.post(`/api/v1/marketplace/applications/${appId}/approve`, { amountFen: '90000000', rateBp: 4.2, termMonths: 12, repaymentMode: 'equal_instalment', security: 'credit' })).status).toBe(400);
    expect((await officer.post(`/api/v1/marketplace/applications/${appId}/approve`, { amountFen: '90000000', rateBp: 420, termMonths: 12, repaymentMode: 'equal_instalment', security: 'credit' })).body.application.terms)
      .toEqual({ amountFen: '90000000', rateBp: 420, termMonths: 12, repaymentMode: 'equal_instalment', security: 'credit' });
    const today = chinaDay(server.now());
    const d = await officer.post(`/api/v1/marketplace/applications/${appId}/disburse`, { amountFen: '90000000', rateBp: 420, termMonths: 12, security: 'credit', disbursedOn: today });
    expect(d.body.application.disbursement).toEqual({ amountFen: '90000000', rateBp: 420, termMonths: 12, security: 'credit', disbursedOn: today });
    const loans = await officer.get('/api/v1/scorecards/loans');
    expect(JSON.stringify(loans.body)).toContain(appId);
    await officer.post(`/api/v1/marketplace/applications/${appId}/repayment`, { status: 'performing', on: today });
    const mine = await enterprise.get(`/api/v1/marketplace/applications/${appId}`);
    const theirs = await officer.get(`/api/v1/marketplace/applications/${appId}`);
    expect(mine.body.timeline).toEqual(theirs.body.timeline);
    expect(mine.body.timeline.map((e: { action: string }) => e.action)).toEqual(['submit', 'escalate', 'accept', 'approve', 'disburse', 'repayment']);
    // every transition is a domain audit event too
    await server.services.audit.flush();
    const logged = await server.platform.db.query<{ action: string }>("SELECT action FROM audit_entries WHERE action LIKE 'marketplace.application.%' ORDER BY seq");
    expect(new Set(logged.map((r) => r.action))).toEqual(new Set(['submit', 'escalate', 'withdraw', 'accept', 'approve', 'disburse', 'repayment'].map((a) => `marketplace.application.${a}`)));
  });

  it('statistics equal the database', async () => {
    const s = (await operator.get('/api/v1/marketplace/applications/statistics')).body;
    const [sql] = await server.platform.db.query<{ n: number; disbursed: string; escalated: number; approvals: number; credit: number; avg_rate: number }>(`SELECT count(*)::int AS n,
      coalesce(sum(disbursed_amount_fen), 0)::text AS disbursed, count(*) FILTER (WHERE escalated_at IS NOT NULL)::int AS escalated,
      count(*) FILTER (WHERE approved_amount_fen IS NOT NULL)::int AS approvals, (count(*) FILTER (WHERE disbursed_security = 'credit') * 10000 / nullif(count(disbursed_amount_fen), 0))::int AS credit,
      (sum(disbursed_rate_bp) / nullif(count(disbursed_rate_bp), 0))::int AS avg_rate FROM marketplace_applications`);
    expect(s.total).toMatchObject({ total: sql.n, disbursedFen: sql.disbursed, escalated: sql.escalated, approvals: sql.approvals, creditShareBp: sql.credit, averageRateBp: sql.avg_rate });
    expect(s.total.byStatus).toMatchObject({ repaying: 1, withdrawn: 1 });
    expect(s.institutions[0]).toMatchObject({ institutionName: '华北示范商业银行廊坊分行', disbursedFen: '90000000' });
  });

  it('publishes the institutions\' league table to anyone, with the same figures and nothing about enterprises', async () => {
    const anonymous = new Client(server.url);
    const league = await anonymous.get('/api/v1/marketplace/league');
    expect(league.status).toBe(200);
    const stats = (await operator.get('/api/v1/marketplace/applications/statistics')).body.institutions.find((i: { institutionOrgId: string }) => i.institutionOrgId === bankId);
    const row = league.body.institutions.find((i: { institutionOrgId: string }) => i.institutionOrgId === bankId);
    const [sql] = await server.platform.db.query<{ approved: number; declined: number }>(`SELECT count(*) FILTER (WHERE approved_amount_fen IS NOT NULL)::int AS approved,
      count(*) FILTER (WHERE status = 'declined')::int AS declined FROM marketplace_applications WHERE institution_org_id = $1`, [bankId]);
    expect(row).toEqual({
      institutionOrgId: bankId, institutionName: '华北示范商业银行廊坊分行', applications: stats.total,
      approvalRateBp: Math.floor((sql.approved * 10_000) / (sql.approved + sql.declined)), disbursedCount: stats.disbursedCount,
      disbursedFen: '90000000', creditShareBp: stats.creditShareBp, averageRateBp: stats.averageRateBp,
      averageResponseWorkingDaysX100: stats.averageResponseWorkingDaysX100, escalated: stats.escalated,
    });
    expect(JSON.stringify(league.body)).not.toContain(entUscc);
  });

  it('lets one institution take an open demand (抢单); the enterprise sees who took it', async () => {
    const demand = await enterprise.post('/api/v1/marketplace/my/demands', { amountFen: '50000000', termMonths: 12, purpose: '采购原材料', guarantees: ['credit'], urgency: 'normal' });
    expect(demand.status, JSON.stringify(demand.body)).toBe(201);
    const inQueue = async () => (await officer.get('/api/v1/marketplace/queue?limit=200')).body.items.some((i: { demand: { id: string } }) => i.demand.id === demand.body.id);
    expect(await inQueue()).toBe(true);
    const taken = await officer.post(`/api/v1/marketplace/demands/${demand.body.id}/take`, {});
    expect(taken.status, JSON.stringify(taken.body)).toBe(201);
    expect(taken.body.application).toMatchObject({ origin: 'take', status: 'accepted', demandId: demand.body.id });
    const again = await otherOfficer.post(`/api/v1/marketplace/demands/${demand.body.id}/take`, {});
    expect([again.status, again.body.code]).toEqual([409, 'DEMAND_ALREADY_TAKEN']);
    expect(await inQueue()).toBe(false); // a taken demand leaves the work queues
    const mine = await enterprise.get('/api/v1/marketplace/applications');
    const seen = mine.body.items.find((a: { id: string }) => a.id === taken.body.application.id);
    expect(seen).toMatchObject({ uscc: entUscc, institution: { name: '华北示范商业银行廊坊分行' } });
  });
});

describe('the SLA counts with the calendar operators load', () => {
  it('skips a holiday an operator loaded for the year: the due time moves past it', async () => {
    const submittedAt = server.now();
    const year = Number(chinaDay(submittedAt).slice(0, 4));
    const shipped = createWorkingDayCalendar(loadShippedCalendar());
    // The next five calendar days after the submission day (within the year) become a holiday.
    const first = chinaDay(submittedAt + DAY);
    const last = [5, 4, 3, 2, 1].map((n) => chinaDay(submittedAt + n * DAY)).find((d) => d.startsWith(`${year}-`))!;
    const loaded: CalendarData = { ...loadShippedCalendar(), years: { [year]: { holidays: [{ name: '测试假期', from: first, to: last }], workdays: [] } } };
    if (first.startsWith(`${year}-`)) {
      const put = await operator.request('PUT', `/api/v1/calendar/years/${year}`, { holidays: [{ name: '测试假期', from: first, to: last }], workdays: [], note: 'test' });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
    }
    const r = await enterprise.post('/api/v1/marketplace/applications', applyBody({ amountFen: '30000000' }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const expected = createWorkingDayCalendar(first.startsWith(`${year}-`) ? loaded : loadShippedCalendar()).deadline(new Date(submittedAt), 2);
    expect(r.body.dueAt).toBe(expected.toISOString());
    if (first.startsWith(`${year}-`)) expect(expected.getTime()).toBeGreaterThan(shipped.deadline(new Date(submittedAt), 2).getTime());
  });
});
