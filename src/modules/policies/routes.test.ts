import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { Client, loginAs } from '../../../test/support/http.ts';
import { disburseThroughWorkflow, insertDisbursedLoan } from './test-fixtures.ts';

/** The policies API over real HTTP: roles, validation in zh/en, public filters, another's loan, budget exhaustion, the full path. */
let server: TestServer;
let operator: Client;
let auditor: Client;
let officer: Client;
let enterprise: Client;
let enterpriseEn: Client;
let loanId: string;
let otherLoan: string;
let region: string;

const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const body = (over: Record<string, unknown> = {}) => ({
  name: '科技贷款贴息', kind: 'interest_subsidy', authority: '示范科技局', regionPrefixes: [region.slice(0, 4)], validFrom: '2026-01-01', validTo: '2027-12-31',
  budgetFen: '100000000', formula: { rateBp: 150, maxDays: 365, capFen: '50000000' }, enterpriseRules: [], loanRules: [{ rule: 'security', securities: ['credit'] }],
  sections: ['sci_tech'], requiredMaterials: ['借款合同'], summary: '示范', source: 'seed 004 §5', ...over,
});

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 10 });
  operator = await loginAs(server, 'operator');
  auditor = await loginAs(server, 'auditor');
  officer = await loginAs(server, 'bank_officer');
  enterprise = await loginAs(server, 'ent_demo');
  enterpriseEn = new Client(server.url, 'en');
  expect((await enterpriseEn.post('/api/v1/auth/login', { username: 'ent_demo', password: server.demo.password })).status).toBe(200);
  const [ent] = await server.platform.db.query<{ uscc: string; region_code: string }>(
    "SELECT e.uscc, e.region_code FROM entities e JOIN organisations o ON o.uscc = e.uscc JOIN users u ON u.org_id = o.id WHERE u.username = 'ent_demo'");
  region = ent.region_code;
  loanId = await disburseThroughWorkflow({ bankAdmin: await loginAs(server, 'bank_admin'), operator, officer, enterprise }, { amountFen: '200000000', rateBp: 420, today: chinaDay(server.now()) });
  // another enterprise's loan from the same bank
  const [other] = await server.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities WHERE uscc <> $1 ORDER BY uscc LIMIT 1', [ent.uscc]);
  const bank = (await server.services.identity.organisations('institution')).find((o) => o.category === 'bank')!;
  otherLoan = await insertDisbursedLoan(server.platform.db, { uscc: other.uscc, enterpriseOrgId: null, institutionOrgId: bank.id });
}, 180_000);
afterAll(async () => server?.close());

describe('policies API', () => {
  let policyId: string;

  it('lets only op_admin draft; lists every problem of a bad draft in zh and en', async () => {
    expect((await officer.post('/api/v1/policies/manage', body())).body.code).toBe('FORBIDDEN_ROLE');
    expect((await auditor.post('/api/v1/policies/manage', body())).body.code).toBe('FORBIDDEN_ROLE');
    const bad = await operator.post('/api/v1/policies/manage', body({ budgetFen: '12.50', validTo: '2025-01-01', formula: { rateBp: 150, capFen: '1' } }));
    expect([bad.status, bad.body.code]).toEqual([400, 'POLICY_INVALID']);
    expect(bad.body.detail).toMatch(/预算.*分/);
    expect(bad.body.problems.map((p: { path: string }) => p.path)).toEqual(['/validTo', '/budgetFen', '/formula/maxDays']);
    const created = await operator.post('/api/v1/policies/manage', body());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', version: 1, kindName: { zh: '贷款贴息' }, beneficiary: 'enterprise' });
    policyId = created.body.id;
    // a draft is not public
    expect((await new Client(server.url).get(`/api/v1/policies/${policyId}`)).status).toBe(404);
    expect((await auditor.get('/api/v1/policies/manage/list')).body.items.map((p: { id: string }) => p.id)).toContain(policyId);
  });

  it('publishes (noticing the eligible loan in the enterprise inbox) and shows the policy publicly with filters', async () => {
    const pub = await operator.post(`/api/v1/policies/manage/${policyId}/publish`, { version: 1 });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    // both disbursed loans are eligible (the other enterprise has no account to tell, but its pair is recorded once)
    expect(pub.body.noticed).toBe(2);
    const inbox = await enterprise.get('/api/v1/notifications');
    expect(JSON.stringify(inbox.body)).toContain('科技贷款贴息');
    const anon = new Client(server.url);
    expect((await anon.get('/api/v1/policies?section=sci_tech')).body.items.map((p: { id: string }) => p.id)).toEqual([policyId]);
    expect((await anon.get('/api/v1/policies?section=green')).body.items).toEqual([]);
    expect((await anon.get(`/api/v1/policies?kind=interest_subsidy&region=${region}`)).body.items).toHaveLength(1);
    expect((await anon.get('/api/v1/policies?region=11')).body.items).toEqual([]);
    const detail = await anon.get(`/api/v1/policies/${policyId}`);
    expect(detail.body).toMatchObject({ budgetFen: '100000000', availableFen: '100000000', formula: { rateBp: 150, maxDays: 365 }, formulaText: { zh: expect.stringContaining('向下取整') } });
  });

  it('shows the enterprise its eligible loans with reasons', async () => {
    const mine = await enterprise.get('/api/v1/policies/my/eligible');
    expect(mine.status).toBe(200);
    const entry = mine.body.items.find((i: { policy: { id: string } }) => i.policy.id === policyId);
    expect(entry.loans).toHaveLength(1);
    expect(entry.loans[0]).toMatchObject({ loan: { id: loanId, amountFen: '200000000', rateBp: 420, security: 'credit' }, judgement: { eligible: true } });
    expect(entry.loans[0].judgement.loan[0].zh).toContain('政策有效期');
    expect((await auditor.get('/api/v1/policies/my/eligible')).body.code).toBe('FORBIDDEN_ROLE');
  });

  it("refuses an application with another enterprise's loan as not found, and missing materials", async () => {
    const foreign = await enterprise.post('/api/v1/policies/applications', { policyId, loanId: otherLoan, materials: ['借款合同'] });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'POLICY_LOAN_NOT_FOUND']);
    const en = await enterpriseEn.post('/api/v1/policies/applications', { policyId, loanId, materials: [] });
    expect([en.status, en.body.code]).toEqual([400, 'MATERIALS_MISSING']);
    expect(en.body.detail).toMatch(/Materials the policy requires/);
  });

  it('applies, is approved with the formula inputs shown, and paid; the enterprise sees each step', async () => {
    const applied = await enterprise.post('/api/v1/policies/applications', { policyId, loanId, materials: ['借款合同'] });
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    // 2,000,000 yuan × 1.50 % × 365 / 365 = 30,000 yuan
    expect(applied.body.computation).toMatchObject({ amountFen: '3000000', inputs: { principalFen: '200000000', appliedRateBp: 150, days: 365 } });
    const id = applied.body.id;
    const queue = await operator.get('/api/v1/policies/applications?status=submitted');
    expect(queue.body.items.map((a: { id: string }) => a.id)).toContain(id);
    const detail = await operator.get(`/api/v1/policies/applications/${id}`);
    expect(detail.body).toMatchObject({ judgement: { eligible: true }, preview: { amountFen: '3000000' }, loan: { id: loanId } });
    expect((await officer.post(`/api/v1/policies/applications/${id}/approve`)).body.code).toBe('FORBIDDEN_ROLE');
    const approved = await operator.post(`/api/v1/policies/applications/${id}/approve`);
    expect(approved.body).toMatchObject({ status: 'approved', approvedFen: '3000000' });
    const paid = await operator.post(`/api/v1/policies/applications/${id}/payout`, { amountFen: '3000000', paidOn: chinaDay(server.now()), voucherNo: 'LF-2026-001' });
    expect(paid.body).toMatchObject({ status: 'paid', payout: { amountFen: '3000000', voucherNo: 'LF-2026-001' } });
    const mine = await enterprise.get('/api/v1/policies/applications');
    expect(mine.body.items[0]).toMatchObject({ id, status: 'paid' });
    expect((await officer.get(`/api/v1/policies/applications/${id}`)).status).toBe(404);
    const p = await operator.get(`/api/v1/policies/${policyId}`);
    expect(p.body).toMatchObject({ paidFen: '3000000', committedFen: '0', availableFen: '97000000' });
    await server.services.audit.flush();
    const audited = await server.platform.db.query<{ action: string }>("SELECT action FROM audit_entries WHERE action LIKE 'policies.%' ORDER BY seq");
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['policies.policy.drafted', 'policies.policy.published', 'policies.application.submitted', 'policies.application.approved', 'policies.application.paid', 'policies.application.read', 'policies.eligibility.read']));
  });

  it('refuses an approval beyond the budget with 409 and edits a published policy as a new version', async () => {
    const small = await operator.post('/api/v1/policies/manage', body({ name: '预算不足贴息', kind: 'guarantee_fee_subsidy', formula: { shareBp: 5000, capFen: '100000000' }, budgetFen: '100', loanRules: [], sections: [] }));
    await operator.post(`/api/v1/policies/manage/${small.body.id}/publish`, { version: 1 });
    const a = await enterprise.post('/api/v1/policies/applications', { policyId: small.body.id, loanId, materials: ['借款合同'], declared: { guaranteeFeeFen: '400000' } });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const r = await operator.post(`/api/v1/policies/applications/${a.body.id}/approve`);
    expect([r.status, r.body.code]).toEqual([409, 'POLICY_BUDGET_EXHAUSTED']);
    const edited = await operator.request('PUT', `/api/v1/policies/manage/${small.body.id}/draft`, body({ name: '预算不足贴息', kind: 'guarantee_fee_subsidy', formula: { shareBp: 5000, capFen: '100000000' }, budgetFen: '100000000', loanRules: [], sections: [] }));
    expect(edited.body).toMatchObject({ version: 2, status: 'draft', liveVersion: 1 });
    await operator.post(`/api/v1/policies/manage/${small.body.id}/publish`, { version: 2 });
    expect((await operator.post(`/api/v1/policies/applications/${a.body.id}/approve`)).body).toMatchObject({ status: 'approved', approvedFen: '200000' });
    const withdrawn = await operator.post(`/api/v1/policies/manage/${small.body.id}/withdraw`, { reason: '资金用完' });
    expect(withdrawn.body).toMatchObject({ liveVersion: null, withdrawReason: '资金用完' });
    expect((await new Client(server.url).get(`/api/v1/policies/${small.body.id}`)).status).toBe(404);
  });

  it('shows the lender its risk-sharing policies over its loans and takes its claim once the loan defaults', async () => {
    const rc = await operator.post('/api/v1/policies/manage', body({ name: '风险补偿（测试）', kind: 'risk_compensation', formula: { shareBp: 4000, capFen: '100000000' }, loanRules: [{ rule: 'institution_category', categories: ['bank'] }], sections: [] }));
    expect((await operator.post(`/api/v1/policies/manage/${rc.body.id}/publish`, { version: 1 })).status).toBe(200);
    const seen = await officer.get('/api/v1/policies/my/eligible');
    const entry = seen.body.items.find((i: { policy: { id: string } }) => i.policy.id === rc.body.id);
    expect(entry.loans.map((l: { loan: { id: string } }) => l.loan.id)).toEqual(expect.arrayContaining([loanId, otherLoan]));
    expect((await enterprise.get('/api/v1/policies/my/eligible')).body.items.map((i: { policy: { id: string } }) => i.policy.id)).not.toContain(rc.body.id);
    const early = await officer.post('/api/v1/policies/applications', { policyId: rc.body.id, loanId, materials: ['借款合同'], declared: { lossFen: '1000000' } });
    expect([early.status, early.body.code]).toEqual([409, 'POLICY_LOAN_STATUS']);
    await officer.post(`/api/v1/marketplace/applications/${loanId}/repayment`, { status: 'defaulted', on: chinaDay(server.now()) });
    const claim = await officer.post('/api/v1/policies/applications', { policyId: rc.body.id, loanId, materials: ['借款合同'], declared: { lossFen: '150000000' } });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    expect(claim.body.computation).toMatchObject({ amountFen: '60000000', inputs: { lossFen: '150000000', shareBp: 4000 } });
    const tooMuch = await officer.post('/api/v1/policies/applications', { policyId: rc.body.id, loanId: otherLoan, materials: ['借款合同'], declared: { lossFen: '100000001' } });
    expect(tooMuch.body.code).toBe('POLICY_LOAN_STATUS');
  });
});
