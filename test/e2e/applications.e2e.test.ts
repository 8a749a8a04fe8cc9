import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { loginAs, type Client } from '../support/http.ts';
import { DESKTOP, LOCALE, SCREENSHOTS, useJourney } from '../support/journey.ts';
import type { TestServer } from '../support/server.ts';

const JOURNEY_TIMEOUT = 150_000;
const POLL = { timeout: 15_000 };
const PRODUCT = '税易信用贷（浏览器）';

/**
 * Issue #6 item 4 acceptance: an enterprise finds a product in the browser, applies granting the authorisation, a
 * loan officer accepts and approves and records the disbursement, both sides see the same timeline, and the
 * operator's workflow statistics count it.
 */
describeBrowser('financing workflow (融资申请) in a real browser', () => {
  let server: TestServer;
  let officerApi: Client;
  let applicationId = '';
  const journey = useJourney({
    seedEnterprises: 20,
    setup: async (started) => {
      server = started;
      await started.services.evaluation.evaluateAll();
      const bank = await loginAs(started, 'bank_admin');
      const operator = await loginAs(started, 'operator');
      officerApi = await loginAs(started, 'bank_officer');
      const created = await bank.post('/api/v1/marketplace/my/products', {
        name: PRODUCT, productType: 'credit', programme: 'tax', amountMinFen: '10000000', amountMaxFen: '300000000', termMinMonths: 6, termMaxMonths: 36,
        rateMinBp: 385, rateMaxBp: 600, repaymentModes: ['equal_instalment'], regionPrefixes: ['13'], rules: [], requiredAuthorisations: ['TAX_PAYMENT'],
        requiredMaterials: ['营业执照', '近一年财务报表'], description: '按纳税信用发放的信用贷款',
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      await bank.post(`/api/v1/marketplace/my/products/${created.body.id}/submit`);
      expect((await operator.post(`/api/v1/marketplace/review/${created.body.id}`, { version: 1, decision: 'approve' })).status).toBe(200);
    },
  });
  const { newPage, signIn } = journey;

  async function shot(page: Page, name: string) {
    await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-spin-spinning, .ant-skeleton').count(), POLL).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  }
  const timelineOf = (page: Page) => page.getByTestId('timeline-entry').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-action')}: ${e.textContent}`));
  const confirm = (page: Page) => page.locator('.ant-popconfirm:not(.ant-popover-hidden)').getByRole('button', { name: /确\s*定|OK/ }).click();

  it('the enterprise finds the product in the supermarket and applies, granting the authorisation', async () => {
    const ent = await signIn('ent_demo');
    const page = await newPage(ent);
    await page.goto(`${server.url}/products`);
    const card = page.getByTestId('product-card').filter({ hasText: PRODUCT });
    await card.getByTestId('apply-link').click();
    await page.getByTestId('apply-page').waitFor();
    await expect.poll(() => page.getByTestId('apply-product').innerText(), POLL).toBe(PRODUCT);
    await page.getByTestId('apply-amount').fill('1000000');
    await page.getByTestId('apply-materials').getByText('营业执照').click();
    await page.getByTestId('apply-materials').getByText('近一年财务报表').click();
    await page.getByTestId('apply-authorise-check').click();
    await shot(page, 'applications-apply');
    await page.getByTestId('apply-submit').click();
    await page.getByTestId('application-detail').waitFor();
    applicationId = (await page.getByTestId('application-detail').getAttribute('data-application-id')) ?? '';
    expect(applicationId).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('timeline-entry').count(), POLL).toBe(1);
    await expect.poll(() => page.getByTestId('application-facts').getByTestId('application-status').getAttribute('data-status'), POLL).toBe('submitted');
    await shot(page, 'applications-enterprise-submitted');
    // the authorisation was granted in the same flow: ACTIVE for the bank
    const auths = await officerApi.get('/api/v1/consent/authorisations');
    expect(JSON.stringify(auths.body)).toContain('TAX_PAYMENT');
    await ent.close();
  }, JOURNEY_TIMEOUT);

  it('the loan officer accepts, approves with terms and records the disbursement', async () => {
    const bank = await signIn('bank_officer');
    const page = await newPage(bank);
    await page.goto(`${server.url}/institution`);
    await page.getByTestId('menu-item-/institution/applications').click();
    const table = page.getByTestId('applications-table');
    await table.waitFor();
    await expect.poll(() => table.getByTestId('days-left').count(), POLL).toBe(1);
    await shot(page, 'applications-institution-queue');
    await table.getByTestId('application-open').first().click();
    const detail = page.getByTestId('application-detail');
    await detail.waitFor();
    await detail.getByTestId('action-accept').click();
    await confirm(page);
    await detail.getByTestId('action-approve').click();
    const approve = page.getByTestId('form-approve');
    await approve.waitFor();
    await approve.getByTestId('form-rate').fill('4.2');
    await page.getByTestId('action-submit').click();
    await approve.waitFor({ state: 'detached' });
    await expect.poll(() => detail.getByTestId('terms').innerText(), POLL).toContain('4.20%');
    await detail.getByTestId('action-disburse').click();
    const disburse = page.getByTestId('form-disburse');
    await disburse.waitFor();
    await page.getByTestId('action-submit').click();
    await disburse.waitFor({ state: 'detached' });
    await expect.poll(() => detail.getByTestId('disbursement').innerText(), POLL).toContain('1,000,000');
    await expect.poll(() => page.getByTestId('timeline-entry').count(), POLL).toBe(4);
    await shot(page, 'applications-institution-detail');
    const officerTimeline = await timelineOf(page);
    expect(officerTimeline.map((e) => e.split(':')[0])).toEqual(['submit', 'accept', 'approve', 'disburse']);

    // the enterprise sees the same timeline
    const ent = await signIn('ent_demo');
    const entPage = await newPage(ent);
    await entPage.goto(`${server.url}/enterprise`);
    await entPage.getByTestId('menu-item-/enterprise/applications').click();
    await entPage.getByTestId('applications-table').getByTestId('application-open').first().click();
    await entPage.getByTestId('application-detail').waitFor();
    await expect.poll(() => entPage.getByTestId('timeline-entry').count(), POLL).toBe(4);
    expect(await timelineOf(entPage)).toEqual(officerTimeline);
    await shot(entPage, 'applications-enterprise-timeline');
    const loans = await officerApi.get('/api/v1/scorecards/loans');
    expect(JSON.stringify(loans.body)).toContain(applicationId);
    await bank.close();
    await ent.close();
  }, JOURNEY_TIMEOUT);

  it("the operator's workflow statistics count the loan", async () => {
    const op = await signIn('operator');
    const page = await newPage(op);
    await page.goto(`${server.url}/operator`);
    await page.getByTestId('menu-item-/operator/applications').click();
    await page.getByTestId('stats-total').waitFor();
    await expect.poll(() => page.getByTestId('stats-disbursed-fen').textContent(), POLL).toBe('100000000');
    const [sql] = await server.platform.db.query<{ fen: string; n: number }>('SELECT sum(disbursed_amount_fen)::text AS fen, count(disbursed_amount_fen)::int AS n FROM marketplace_applications');
    expect(sql).toEqual({ fen: '100000000', n: 1 });
    await expect.poll(() => page.getByTestId('stats-table').innerText(), POLL).toContain('华北示范商业银行廊坊分行');
    await shot(page, 'applications-operator');
    await op.close();
  }, JOURNEY_TIMEOUT);

  it('the public league table of institutions counts the loan, for a visitor without an account', async () => {
    const visitor = await journey.browser.newContext({ viewport: DESKTOP, ...LOCALE });
    const page = await newPage(visitor);
    await page.goto(server.url);
    await page.getByTestId('league-link').click();
    const row = page.locator('[data-testid="league-row"][data-institution="华北示范商业银行廊坊分行"]');
    await row.waitFor();
    await expect.poll(() => row.getByTestId('league-disbursed').textContent(), POLL).toBe('1');
    expect((await row.innerText()).split('\t')).toContain('100'); // 100,000,000 fen = 1,000,000 yuan = 100 万元
    await shot(page, 'applications-league');
    await visitor.close();
  }, JOURNEY_TIMEOUT);

  it('an officer takes an open demand from the work queue (接单); the enterprise sees who took it', async () => {
    const entApi = await loginAs(server, 'ent_demo');
    const demand = await entApi.post('/api/v1/marketplace/my/demands', { amountFen: '50000000', termMonths: 12, purpose: '采购原材料', guarantees: ['credit'], urgency: 'normal' });
    expect(demand.status, JSON.stringify(demand.body)).toBe(201);
    const bank = await signIn('bank_officer');
    const page = await newPage(bank);
    await page.goto(`${server.url}/institution`);
    await page.getByTestId('menu-item-/institution/queue').click();
    const take = page.locator(`[data-testid="take-demand"][data-demand-id="${demand.body.id}"]`);
    await take.waitFor();
    await shot(page, 'applications-take-queue');
    await take.click();
    await confirm(page);
    const detail = page.getByTestId('application-detail');
    await detail.waitFor();
    await expect.poll(() => detail.getByTestId('application-status').first().getAttribute('data-status'), POLL).toBe('accepted');
    expect(await timelineOf(page)).toHaveLength(1);
    const mine = await entApi.get('/api/v1/marketplace/applications');
    expect(mine.body.items.find((a: { demandId: string | null }) => a.demandId === demand.body.id)).toMatchObject({ origin: 'take', institution: { name: '华北示范商业银行廊坊分行' } });
    await bank.close();
  }, JOURNEY_TIMEOUT);
});
