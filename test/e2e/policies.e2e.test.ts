import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { loginAs, type Client } from '../support/http.ts';
import { PHONE, SCREENSHOTS, useJourney } from '../support/journey.ts';
import type { TestServer } from '../support/server.ts';
import { disburseThroughWorkflow } from '../../src/modules/policies/test-fixtures.ts';

const JOURNEY_TIMEOUT = 150_000;
const POLL = { timeout: 15_000 };
const NAME = '廊坊市信用贷款贴息（旅程）';
const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

describeBrowser('policies (惠企政策直达) in a real browser', () => {
  let server: TestServer;
  let operatorApi: Client;
  let enterpriseApi: Client;
  let loanId: string;
  let region: string;
  const journey = useJourney({
    seedEnterprises: 20,
    setup: async (started) => {
      server = started;
      operatorApi = await loginAs(started, 'operator');
      enterpriseApi = await loginAs(started, 'ent_demo');
      const [ent] = await started.platform.db.query<{ region_code: string }>(
        "SELECT e.region_code FROM entities e JOIN organisations o ON o.uscc = e.uscc JOIN users u ON u.org_id = o.id WHERE u.username = 'ent_demo'");
      region = ent.region_code;
      // the enterprise's platform loan, the real way: product → application → accept → approve → disburse (2,000,000 yuan at 4.20 %)
      loanId = await disburseThroughWorkflow({
        bankAdmin: await loginAs(started, 'bank_admin'), operator: operatorApi, officer: await loginAs(started, 'bank_officer'), enterprise: enterpriseApi,
      }, { amountFen: '200000000', rateBp: 420, today: chinaDay(started.now()) });
    },
  });
  const { newPage, signIn, chooseOption, pageWidth } = journey;

  async function shot(page: Page, name: string) {
    await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-spin-spinning, .ant-skeleton').count(), POLL).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  }

  const policyId = async () => ((await operatorApi.get('/api/v1/policies/manage/list')).body.items as { id: string; name: string }[]).find((p) => p.name === NAME)?.id;

  it('the operator drafts an interest subsidy in the editor and publishes it; the enterprise is told', async () => {
    const context = await signIn('operator');
    const page = await newPage(context);
    await page.goto(`${server.url}/operator`);
    await page.getByTestId('menu-item-/operator/policies').click();
    await page.getByTestId('operator-policies-page').waitFor();
    await page.getByTestId('policy-new').click();
    await page.getByTestId('policy-editor').waitFor();
    await page.getByTestId('policy-name-input').fill(NAME);
    await page.getByTestId('policy-authority-input').fill('廊坊市财政局');
    await page.getByTestId('policy-regions-input').click();
    await page.keyboard.type(region.slice(0, 4));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByTestId('policy-from-input').fill('2026-01-01');
    await page.getByTestId('policy-to-input').fill('2027-12-31');
    await page.getByTestId('policy-budget-input').fill('1000000');
    await page.getByTestId('policy-rate-input').fill('1.5');
    await page.getByTestId('policy-cap-input').fill('50000');
    await page.getByTestId('policy-securities-input').click();
    await chooseOption(page, '信用');
    await page.keyboard.press('Escape');
    await page.getByTestId('policy-materials-input').click();
    await page.keyboard.type('借款合同');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await shot(page, 'policies-editor');
    await page.getByTestId('policy-editor-save').click();
    const row = page.locator('[data-testid="policy-row"][data-status="draft"]').filter({ hasText: NAME });
    await row.waitFor();
    await row.getByTestId('policy-publish').click();
    await page.getByTestId('policy-publish-confirm').click();
    await page.locator('[data-testid="policy-row"][data-status="published"]').filter({ hasText: NAME }).waitFor();
    const id = await policyId();
    const live = await operatorApi.get(`/api/v1/policies/${id}`);
    expect(live.body).toMatchObject({ budgetFen: '100000000', formula: { rateBp: 150, maxDays: 365, capFen: '5000000' }, loanRules: [{ rule: 'security', securities: ['credit'] }], requiredMaterials: ['借款合同'] });
    await expect.poll(async () => JSON.stringify((await enterpriseApi.get('/api/v1/notifications')).body), POLL).toContain(NAME);
    await shot(page, 'policies-operator-list');
    await context.close();
  }, JOURNEY_TIMEOUT);

  it('the enterprise sees the policy with its loan eligible and the reasons, and applies with the materials checklist', async () => {
    const context = await signIn('ent_demo');
    const page = await newPage(context);
    await page.goto(`${server.url}/enterprise`);
    await page.getByTestId('menu-item-/enterprise/policies').click();
    await page.getByTestId('enterprise-policies-page').waitFor();
    const card = page.locator(`[data-testid="policies-eligible-card"][data-policy-id="${await policyId()}"]`);
    await card.waitFor();
    const loanRow = card.locator(`[data-testid="policy-loan-row"][data-loan-id="${loanId}"]`);
    expect(await loanRow.getAttribute('data-eligible')).toBe('true');
    await loanRow.getByTestId('policy-apply').click();
    await page.getByTestId('policy-apply-form').waitFor();
    await page.getByTestId('policy-apply-materials').getByText('借款合同').click();
    await shot(page, 'policies-enterprise-apply');
    await page.getByTestId('policy-apply-submit').click();
    const mine = page.locator('[data-testid="my-policy-application-row"][data-status="submitted"]');
    await mine.waitFor();
    // 2,000,000 yuan × 1.50 % × 365 days ÷ 365 = 30,000 yuan
    expect(await mine.innerText()).toContain('30,000');
    await card.getByTestId('policy-applied').waitFor();
    await shot(page, 'policies-enterprise');
    await context.close();
  }, JOURNEY_TIMEOUT);

  it('the operator reviews with the formula inputs, approves, records the payout; the public site shows the budget used', async () => {
    const context = await signIn('operator');
    const page = await newPage(context);
    await page.goto(`${server.url}/operator/policies`);
    await page.getByTestId('policies-tab-review').click();
    const queued = page.locator('[data-testid="policy-application-row"][data-status="submitted"]').filter({ hasText: NAME });
    await queued.getByTestId('policy-review-open').click();
    await page.getByTestId('policy-review').waitFor();
    expect(await page.getByTestId('policy-review-formula').innerText()).toContain('× 1.5% × 365 天 ÷ 365');
    expect(await page.getByTestId('policy-review-amount').innerText()).toContain('30,000');
    await shot(page, 'policies-review');
    await page.getByTestId('policy-approve').click();
    await expect.poll(async () => (await enterpriseApi.get('/api/v1/policies/applications')).body.items[0]?.status, POLL).toBe('approved');

    await page.getByTestId('policies-tab-payouts').click();
    const approvedRow = page.locator('[data-testid="policy-application-row"][data-status="approved"]').filter({ hasText: NAME });
    await approvedRow.getByTestId('policy-payout-open').click();
    await page.getByTestId('policy-payout-voucher').fill('LF-TX-2026-0001');
    await page.getByTestId('policy-payout-submit').click();
    await page.getByTestId('policy-payout-records').locator('[data-testid="policy-application-row"][data-status="paid"]').filter({ hasText: 'LF-TX-2026-0001' }).waitFor();
    const app = (await enterpriseApi.get('/api/v1/policies/applications')).body.items[0];
    expect(app).toMatchObject({ status: 'paid', approvedFen: '3000000', payout: { amountFen: '3000000', voucherNo: 'LF-TX-2026-0001' } });
    await shot(page, 'policies-payouts');
    await context.close();

    // public: list, special-section filter, detail with the budget used
    const visitor = await journey.browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const pub = await newPage(visitor);
    await pub.goto(`${server.url}/`);
    await pub.getByTestId('policies-link').click();
    await pub.getByTestId('policies-page').waitFor();
    const card = pub.locator(`[data-testid="policy-card"][data-policy-id="${await policyId()}"]`);
    await card.waitFor();
    await pub.getByTestId('policies-section-sci_tech').click();
    await expect.poll(() => card.count(), POLL).toBe(0);
    await pub.getByRole('tab', { name: '全部政策' }).click();
    await card.getByTestId('policy-name').click();
    await pub.getByTestId('policy-detail-page').waitFor();
    expect(await pub.getByTestId('policy-budget').innerText()).toContain('已兑付 30,000');
    expect(await pageWidth(pub)).toBeLessThanOrEqual(PHONE.width + 1);
    await shot(pub, 'policies-public-detail-phone');
    await visitor.close();
  }, JOURNEY_TIMEOUT);

  it('the lender sees a risk-compensation policy over its loan, open to a claim only after default', async () => {
    const created = await operatorApi.post('/api/v1/policies/manage', {
      name: '平台信用贷款风险补偿（旅程）', kind: 'risk_compensation', authority: '廊坊市地方金融监督管理局', regionPrefixes: [region.slice(0, 4)], validFrom: '2026-01-01',
      validTo: '2027-12-31', budgetFen: '1000000000', formula: { shareBp: 4000, capFen: '200000000' }, enterpriseRules: [], loanRules: [{ rule: 'institution_category', categories: ['bank'] }],
      sections: [], requiredMaterials: ['违约认定材料'], summary: '', source: 'seed 004 §8',
    });
    expect((await operatorApi.post(`/api/v1/policies/manage/${created.body.id}/publish`, { version: 1 })).status).toBe(200);
    const context = await signIn('bank_officer');
    const page = await newPage(context);
    await page.goto(`${server.url}/institution`);
    await page.getByTestId('menu-item-/institution/policies').click();
    await page.getByTestId('institution-policies-page').waitFor();
    const row = page.locator(`[data-testid="policies-eligible-card"][data-policy-id="${created.body.id}"] [data-testid="policy-loan-row"][data-loan-id="${loanId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-eligible')).toBe('true');
    expect(await row.getByTestId('policy-apply-later').innerText()).toContain('违约后');
    await shot(page, 'policies-institution');
    await context.close();
  }, JOURNEY_TIMEOUT);
});
