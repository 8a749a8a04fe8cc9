import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import type { Principal } from '../../platform/http/index.ts';
import { seedDemoPolicies } from '../demo/index.ts';
import { insertDisbursedLoan, principalOf } from './test-fixtures.ts';

/**
 * C13 rules against the database: proactive notices once per (policy, loan), the no-double-benefit rule at application
 * and at approval (also when two approvals race), budget exhaustion, the per-enterprise cap and the payout record.
 */
let server: TestServer;
let operator: Principal;
let enterprise: Principal;
let ent: { uscc: string; orgId: string; region: string };
let bankId: string;

const policy = (over: Record<string, unknown> = {}) => ({
  name: '信用贷款贴息', kind: 'interest_subsidy', authority: '示范财政局', regionPrefixes: [ent.region.slice(0, 4)], validFrom: '2026-01-01', validTo: '2027-12-31',
  budgetFen: '100000000', formula: { rateBp: 150, maxDays: 365, capFen: '50000000' }, enterpriseRules: [], loanRules: [{ rule: 'security', securities: ['credit'] }],
  sections: [], requiredMaterials: ['借款合同'], summary: '', source: 'test', ...over,
});

async function published(over: Record<string, unknown> = {}): Promise<string> {
  const d = await server.services.policies.createDraft(operator, policy(over));
  await server.services.policies.publish(operator, d.policy_id, d.version);
  return d.policy_id;
}

const loan = (over: Record<string, unknown> = {}) => insertDisbursedLoan(server.platform.db, { uscc: ent.uscc, enterpriseOrgId: ent.orgId, institutionOrgId: bankId, ...over });
const noticeCount = async () => (await server.platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM notifications WHERE kind = 'policies.eligible' AND recipient_org_id = $1", [ent.orgId]))[0].n;

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 10 });
  operator = await principalOf(server.services.identity, 'operator');
  enterprise = await principalOf(server.services.identity, 'ent_demo');
  const [row] = await server.platform.db.query<{ uscc: string; region_code: string }>('SELECT uscc, region_code FROM entities WHERE uscc = $1', [enterprise.uscc]);
  ent = { uscc: row.uscc, orgId: enterprise.orgId, region: row.region_code };
  bankId = (await server.services.identity.organisations('institution')).find((o) => o.category === 'bank')!.id;
}, 120_000);
afterAll(async () => server?.close());

describe('policy matching and notices', () => {
  it('notices an eligible loan on publication and on disbursement, once per (policy, loan), and skips ineligible loans', async () => {
    const before = await noticeCount();
    await loan();
    await loan({ security: 'mortgage' });
    const id = await published();
    expect(await noticeCount()).toBe(before + 1);
    await server.services.policies.sweepDisbursed();
    expect(await noticeCount()).toBe(before + 1);
    // a newly disbursed loan is noticed by the sweep
    await loan({ at: new Date(server.now() + 1000) });
    expect(await server.services.policies.sweepDisbursed()).toBe(1);
    expect(await server.services.policies.matchPolicy(id)).toBe(0);
    expect(await noticeCount()).toBe(before + 2);
    await server.services.policies.withdraw(operator, id, '测试结束');
  });
});

describe('no double benefit (符合多个专项政策支持范围的不重复享受)', () => {
  it('a loan eligible for two interest-subsidy policies receives only one; the refusal names the policy enjoyed', async () => {
    const loanId = await loan();
    const first = await published({ name: '市级贴息' });
    const second = await published({ name: '省级贴息' });
    const a1 = await server.services.benefits.apply(enterprise, { policyId: first, loanId, materials: ['借款合同'] });
    const a2 = await server.services.benefits.apply(enterprise, { policyId: second, loanId, materials: ['借款合同'] });
    const approved = await server.services.benefits.approve(operator, a1.id);
    expect(approved.status).toBe('approved');
    expect(approved.approved_fen).toBe('1500000');
    const refused = await server.services.benefits.approve(operator, a2.id).catch((e: unknown) => e as { code: string; text: { zh: string } });
    expect(refused).toMatchObject({ code: 'POLICY_ALREADY_ENJOYED' });
    expect((refused as { text: { zh: string } }).text.zh).toContain('市级贴息');
    // and at application, for a third policy of the kind
    const third = await published({ name: '区级贴息' });
    await expect(server.services.benefits.apply(enterprise, { policyId: third, loanId, materials: ['借款合同'] })).rejects.toMatchObject({ code: 'POLICY_ALREADY_ENJOYED' });
    // a policy of another kind is still open to the same loan
    const fee = await published({ name: '担保费补贴', kind: 'guarantee_fee_subsidy', formula: { shareBp: 5000, capFen: '100000000' }, loanRules: [] });
    expect((await server.services.benefits.apply(enterprise, { policyId: fee, loanId, materials: ['借款合同'], declared: { guaranteeFeeFen: '200000' } })).computation.amountFen).toBe('100000');
    const rows = await server.platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM policy_applications WHERE loan_id = $1 AND kind = 'interest_subsidy' AND status IN ('approved', 'paid')", [loanId]);
    expect(rows[0].n).toBe(1);
  });

  it('two approvals racing for one loan under two policies of one kind: exactly one wins', async () => {
    const loanId = await loan();
    const p1 = await published({ name: '竞争贴息甲' });
    const p2 = await published({ name: '竞争贴息乙' });
    const a1 = await server.services.benefits.apply(enterprise, { policyId: p1, loanId, materials: ['借款合同'] });
    const a2 = await server.services.benefits.apply(enterprise, { policyId: p2, loanId, materials: ['借款合同'] });
    const results = await Promise.allSettled([server.services.benefits.approve(operator, a1.id), server.services.benefits.approve(operator, a2.id)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failed.reason).toMatchObject({ code: 'POLICY_ALREADY_ENJOYED' });
  });
});

describe('budget, cap and payout', () => {
  it('refuses an approval the budget cannot cover, leaving the budget untouched', async () => {
    const id = await published({ name: '小额预算贴息', budgetFen: '1000000' });
    const a = await server.services.benefits.apply(enterprise, { policyId: id, loanId: await loan(), materials: ['借款合同'] });
    await expect(server.services.benefits.approve(operator, a.id)).rejects.toMatchObject({ code: 'POLICY_BUDGET_EXHAUSTED' });
    const [p] = await server.platform.db.query<{ committed_fen: string; paid_fen: string }>('SELECT committed_fen::text, paid_fen::text FROM policies WHERE id = $1', [id]);
    expect(p).toEqual({ committed_fen: '0', paid_fen: '0' });
  });

  it('caps per enterprise across its loans and records the payout with a unique voucher', async () => {
    const id = await published({ name: '封顶贴息', formula: { rateBp: 150, maxDays: 365, capFen: '2000000' } });
    const first = await server.services.benefits.apply(enterprise, { policyId: id, loanId: await loan(), materials: ['借款合同'] });
    const second = await server.services.benefits.apply(enterprise, { policyId: id, loanId: await loan(), materials: ['借款合同'] });
    expect((await server.services.benefits.approve(operator, first.id)).approved_fen).toBe('1500000');
    const capped = await server.services.benefits.approve(operator, second.id);
    expect(capped.approved_fen).toBe('500000');
    expect(capped.computation).toMatchObject({ capped: true, uncappedFen: '1500000', inputs: { alreadyFen: '1500000', capFen: '2000000' } });

    await expect(server.services.benefits.payout(operator, first.id, { amountFen: '1500001', paidOn: '2026-11-01', voucherNo: 'V-1' })).rejects.toMatchObject({ code: 'POLICY_PAYOUT_EXCEEDS' });
    const paid = await server.services.benefits.payout(operator, first.id, { amountFen: '1500000', paidOn: '2026-11-01', voucherNo: 'V-1' });
    expect(paid).toMatchObject({ status: 'paid', payout_amount_fen: '1500000', payout_voucher_no: 'V-1' });
    await expect(server.services.benefits.payout(operator, second.id, { amountFen: '500000', paidOn: '2026-11-01', voucherNo: 'V-1' })).rejects.toMatchObject({ code: 'POLICY_VOUCHER_USED' });
    await expect(server.services.benefits.payout(operator, first.id, { amountFen: '1', paidOn: '2026-11-01', voucherNo: 'V-2' })).rejects.toMatchObject({ code: 'POLICY_APPLICATION_STATE' });
    const [p] = await server.platform.db.query<{ committed_fen: string; paid_fen: string }>('SELECT committed_fen::text, paid_fen::text FROM policies WHERE id = $1', [id]);
    expect(p).toEqual({ committed_fen: '500000', paid_fen: '1500000' });
  });

  it('refuses a risk-compensation application by the enterprise and before the loan defaults', async () => {
    const id = await published({ name: '风险补偿', kind: 'risk_compensation', formula: { shareBp: 4000, capFen: '100000000' }, loanRules: [] });
    const loanId = await loan();
    await expect(server.services.benefits.apply(enterprise, { policyId: id, loanId, materials: ['借款合同'] })).rejects.toMatchObject({ code: 'POLICY_WRONG_APPLICANT' });
    const banker = await principalOf(server.services.identity, 'bank_officer');
    await expect(server.services.benefits.apply(banker, { policyId: id, loanId, materials: ['借款合同'], declared: { lossFen: '1000' } })).rejects.toMatchObject({ code: 'POLICY_LOAN_STATUS' });
    const defaulted = await loan({ status: 'defaulted' });
    const a = await server.services.benefits.apply(banker, { policyId: id, loanId: defaulted, materials: ['借款合同'], declared: { lossFen: '50000000' } });
    expect(a.computation.amountFen).toBe('20000000');
  });
});

describe('demo policies', () => {
  it('ships demo policies (src/data/policies) that validate and publish on first start, once', async () => {
    const before = (await server.services.policies.live()).length;
    expect(await seedDemoPolicies(server.services)).toBe(0); // policies exist already: nothing is seeded twice
    await server.platform.db.query('DELETE FROM policy_notices');
    await server.platform.db.query('DELETE FROM policy_payouts');
    await server.platform.db.query('DELETE FROM policy_applications');
    await server.platform.db.query('DELETE FROM policy_versions');
    await server.platform.db.query('DELETE FROM policies');
    expect(await seedDemoPolicies(server.services)).toBe(5);
    const live = await server.services.policies.live();
    expect(live.map((p) => p.kind).sort()).toEqual(['guarantee_fee_subsidy', 'interest_subsidy', 'interest_subsidy', 're_guarantee', 'risk_compensation']);
    expect(live.every((p) => p.source.includes('seed'))).toBe(true);
    expect((await server.services.policies.live({ section: 'rural' })).map((p) => p.kind)).toEqual(['guarantee_fee_subsidy']);
    expect(before).toBeGreaterThan(0);
  });
});
