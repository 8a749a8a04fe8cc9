import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { loginAs, type Client } from '../support/http.ts';
import { SCREENSHOTS, useJourney } from '../support/journey.ts';
import type { TestServer } from '../support/server.ts';

const JOURNEY_TIMEOUT = 120_000;
const POLL = { timeout: 15_000 };
const PRODUCT = '科创信用贷（浏览器）';

describeBrowser('marketplace (产品超市 / 智能匹配) in a real browser', () => {
  let server: TestServer;
  let bankApi: Client;
  let excludedName: string;
  const journey = useJourney({
    seedEnterprises: 20,
    setup: async (started) => {
      server = started;
      await started.services.evaluation.evaluateAll();
      bankApi = await loginAs(started, 'bank_admin');
      const operatorApi = await loginAs(started, 'operator');
      // A product whose rules exclude the demo enterprise (another entity type): it must show as a near miss only.
      const [ent] = await started.platform.db.query<{ entity_type: string }>(
        "SELECT e.entity_type FROM entities e JOIN organisations o ON o.uscc = e.uscc JOIN users u ON u.org_id = o.id WHERE u.username = 'ent_demo'");
      const other = ent.entity_type === 'farmer_cooperative' ? 'individual_business' : 'farmer_cooperative';
      excludedName = '合作社专享贷';
      const created = await bankApi.post('/api/v1/marketplace/my/products', {
        name: excludedName, productType: 'credit', programme: 'agri', amountMinFen: '1000000', amountMaxFen: '500000000', termMinMonths: 3, termMaxMonths: 36,
        rateMinBp: 400, rateMaxBp: 650, repaymentModes: ['equal_instalment'], regionPrefixes: ['13'], rules: [{ rule: 'entity_type', types: [other] }],
        requiredAuthorisations: [], requiredMaterials: [], description: '',
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      await bankApi.post(`/api/v1/marketplace/my/products/${created.body.id}/submit`);
      expect((await operatorApi.post(`/api/v1/marketplace/review/${created.body.id}`, { version: 1, decision: 'approve' })).status).toBe(200);
    },
  });
  const { newPage, signIn, chooseOption } = journey;

  async function shot(page: Page, name: string) {
    await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-spin-spinning, .ant-skeleton').count(), POLL).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  }

  it('an institution creates a product with rules and submits it; the operator approves it; the public supermarket lists it', async () => {
    const bank = await signIn('bank_admin');
    let page = await newPage(bank);
    await page.goto(`${server.url}/institution`);
    await page.getByTestId('menu-item-/institution/products').click();
    await page.getByTestId('product-create').click();
    const form = page.getByTestId('product-form');
    await form.waitFor();
    await page.getByTestId('product-name-input').fill(PRODUCT);
    await page.getByTestId('product-programme').click();
    await chooseOption(page, '科技贷');
    await page.getByTestId('product-amount-min').fill('100000');
    await page.getByTestId('product-amount-max').fill('3000000');
    await page.getByTestId('product-term-min').fill('6');
    await page.getByTestId('product-term-max').fill('36');
    await page.getByTestId('product-rate-min').fill('3.85');
    await page.getByTestId('product-rate-max').fill('6');
    await page.getByTestId('product-regions').locator('input').fill('13');
    await page.keyboard.press('Enter');
    // the builder starts with "excluded profile tags: dishonest_debtor, serious_dishonesty"; add a minimum grade
    await page.getByTestId('rule-add').click();
    const second = page.getByTestId('rule-card').nth(1);
    await second.getByTestId('rule-kind').click();
    await chooseOption(page, '最低信用等级');
    await second.getByTestId('rule-grade').click();
    await chooseOption(page, /^D$/);
    await shot(page, 'marketplace-product-form');
    await page.getByTestId('product-save').click();
    await form.waitFor({ state: 'detached' });
    const row = page.getByTestId('products-table').locator('tr', { hasText: PRODUCT });
    await expect.poll(() => row.getByTestId('product-status').innerText(), POLL).toBe('草稿');
    await row.getByTestId('product-submit').click();
    await expect.poll(() => row.getByTestId('product-status').innerText(), POLL).toBe('待审核');
    const mine = (await bankApi.get('/api/v1/marketplace/my/products')).body.items.find((p: { name: string }) => p.name === PRODUCT);
    expect(mine).toMatchObject({ amountMinFen: '10000000', amountMaxFen: '300000000', rateMinBp: 385, rateMaxBp: 600, regionPrefixes: ['13'] });
    expect(mine.rules).toEqual([{ rule: 'tags_excluded', tags: ['dishonest_debtor', 'serious_dishonesty'] }, { rule: 'min_grade', grade: 'D' }]);
    await shot(page, 'marketplace-institution-products');
    await page.close();

    const operator = await signIn('operator');
    page = await newPage(operator);
    await page.goto(`${server.url}/operator`);
    await page.getByTestId('menu-item-/operator/products').click();
    const item = page.getByTestId('review-item').filter({ hasText: PRODUCT });
    await item.waitFor();
    expect(await item.getByTestId('review-diff').innerText()).toContain('准入规则');
    await shot(page, 'marketplace-operator-review');
    await item.getByTestId('review-approve').click();
    await item.waitFor({ state: 'detached' });
    await operator.close();

    const anonymous = await journey.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    page = await newPage(anonymous);
    await page.goto(`${server.url}/`);
    await page.getByTestId('supermarket-link').click();
    const card = page.getByTestId('product-card').filter({ hasText: PRODUCT });
    await card.waitFor();
    expect(await card.innerText()).toContain('10–300 万元');
    expect(await card.innerText()).toContain('3.85% – 6.00%');
    await page.getByTestId('supermarket-sections').getByText('科技金融').click();
    await expect.poll(() => page.getByTestId('product-card').count(), POLL).toBe(1);
    await shot(page, 'marketplace-supermarket');
    await anonymous.close();
    await bank.close();
  }, JOURNEY_TIMEOUT);

  it('an enterprise publishes a demand and sees the product recommended with its reasons; the institution sees the demand', async () => {
    const enterprise = await signIn('ent_demo');
    let page = await newPage(enterprise);
    await page.goto(`${server.url}/enterprise`);
    await page.getByTestId('menu-item-/enterprise/financing').click();
    await page.getByTestId('demand-amount').fill('1000000');
    await page.getByTestId('demand-purpose').fill('采购原材料，补充流动资金');
    await page.getByTestId('demand-submit').click();
    const demand = page.getByTestId('inbox-demand').first();
    await demand.waitFor();
    const recommended = demand.getByTestId('recommended');
    await expect.poll(() => recommended.getByTestId('match-product-name').allInnerTexts(), POLL).toEqual([PRODUCT]);
    await recommended.getByTestId('match-header').first().click();
    const rules = recommended.getByTestId('match-rules');
    await rules.waitFor();
    expect(await rules.innerText()).toContain('无产品排除的画像标签');
    expect(await rules.getByTestId('rule-failed').count()).toBe(0);
    expect(await recommended.getByTestId('match-fit').innerText()).toContain('需求金额 1000000 元在产品额度 100000–3000000 元内');
    // the product whose rules exclude the enterprise is only a near miss, with the failing rule named
    const near = demand.getByTestId('near-misses');
    expect(await near.innerText()).toContain(excludedName);
    expect(await near.getByTestId('near-miss-reason').first().innerText()).toContain('主体类型');
    expect(await recommended.innerText()).not.toContain(excludedName);
    await shot(page, 'marketplace-enterprise-inbox');
    await enterprise.close();

    const bank = await signIn('bank_officer');
    page = await newPage(bank);
    await page.goto(`${server.url}/institution`);
    await page.getByTestId('menu-item-/institution/queue').click();
    const table = page.getByTestId('queue-table');
    await table.waitFor();
    const entName = (await server.platform.db.query<{ name: string }>("SELECT o.name FROM organisations o JOIN users u ON u.org_id = o.id WHERE u.username = 'ent_demo'"))[0].name;
    expect(await table.getByTestId('queue-enterprise').allInnerTexts()).toEqual([entName]);
    expect(await table.getByTestId('queue-amount').innerText()).toBe('100 万元');
    await table.locator('.ant-table-row-expand-icon').first().click();
    await table.getByTestId('match-rules').waitFor();
    // enterprises meeting every rule of a live product, with or without a demand
    const candidates = page.getByTestId('candidates-table');
    await candidates.locator('tr.ant-table-row').first().waitFor();
    expect(await candidates.locator('tr.ant-table-row').count()).toBeGreaterThan(0);
    await shot(page, 'marketplace-institution-queue');
    await bank.close();
  }, JOURNEY_TIMEOUT);
});
