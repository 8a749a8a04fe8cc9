import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { SCREENSHOTS, useJourney } from '../support/journey.ts';
import type { TestServer } from '../support/server.ts';

const JOURNEY_TIMEOUT = 120_000;
const POLL = { timeout: 15_000 };
const BANK = '华北示范商业银行廊坊分行';

describeBrowser('financing coordination (小微企业融资协调工作机制) in a real browser', () => {
  let server: TestServer;
  let uscc: string;
  const journey = useJourney({
    seedEnterprises: 20,
    setup: async (started) => {
      server = started;
      [{ uscc }] = await started.platform.db.query<{ uscc: string }>("SELECT uscc FROM entities WHERE status = 'active' ORDER BY uscc LIMIT 1");
    },
  });
  const { newPage, signIn, chooseOption } = journey;

  async function shot(page: Page, name: string) {
    await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-spin-spinning, .ant-skeleton').count(), POLL).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  }

  it('an operator records a visit with a need, builds the list, sees the enterprise included with reasons and pushes it to a bank', async () => {
    const context = await signIn('operator');
    const page = await newPage(context);
    await page.goto(`${server.url}/operator`);
    await page.getByTestId('menu-item-/operator/coordination').click();
    await page.getByTestId('coordination-operator-page').waitFor();

    await page.getByTestId('coordination-visit-new').click();
    await page.getByTestId('coordination-visit-uscc').fill(uscc);
    const visitors = page.getByTestId('coordination-visit-visitors').locator('input');
    await visitors.fill('专班 张三');
    await visitors.press('Enter');
    await page.getByTestId('coordination-visit-amount').fill('5000000');
    await page.getByTestId('coordination-visit-purpose').fill('购买原材料');
    await page.getByTestId('coordination-visit-save').click();
    const visitRow = page.getByTestId('coordination-visit-table').locator('tr', { hasText: uscc });
    await visitRow.waitFor();
    expect(await visitRow.innerText()).toContain('500 万元');
    await shot(page, 'coordination-visits');

    await page.getByTestId('coordination-tab-lists').click();
    await page.getByTestId('coordination-list-build-submit').click();
    const drawer = page.getByTestId('coordination-list-detail');
    const candidate = drawer.getByTestId(`coordination-candidate-${uscc}`);
    await candidate.waitFor();
    await candidate.getByTestId('coordination-candidate-included').waitFor();
    expect(await candidate.getByTestId('coordination-reason-serious_dishonesty').innerText()).toContain('未列入严重失信主体名单');
    expect(await candidate.getByTestId('coordination-reason-enforcement_active').getAttribute('data-outcome')).toBe('pass');
    await candidate.getByTestId(`coordination-banks-${uscc}`).click();
    await chooseOption(page, BANK);
    await page.keyboard.press('Escape');
    await shot(page, 'coordination-list-draft');
    await drawer.getByTestId('coordination-list-confirm').click();
    await expect.poll(() => drawer.getByTestId('coordination-list-status').innerText(), POLL).toBe('已确认推送');
    await candidate.getByText(BANK).waitFor();
    await context.close();
  }, JOURNEY_TIMEOUT);

  it("the bank's loan officer sees the enterprise in the work queue and records credit granted", async () => {
    const context = await signIn('bank_officer');
    const page = await newPage(context);
    await page.goto(`${server.url}/institution`);
    await page.getByTestId('menu-item-/institution/coordination').click();
    const row = page.getByTestId(`coordination-queue-${uscc}`);
    await row.waitFor();
    expect(await row.getByTestId('coordination-status').innerText()).toBe('待反馈');
    await page.getByTestId(`coordination-respond-${uscc}`).click();
    await page.getByTestId('coordination-response-kind').click();
    await chooseOption(page, /^授信$/);
    await page.getByTestId('coordination-response-amount').fill('3000000');
    await shot(page, 'coordination-response-form');
    await page.getByTestId('coordination-response-save').click();
    await expect.poll(() => row.getByTestId('coordination-status').innerText(), POLL).toBe('已授信');
    expect(await row.getByTestId('coordination-queue-granted').innerText()).toContain('300 万元');
    await shot(page, 'coordination-institution');
    await context.close();
  }, JOURNEY_TIMEOUT);

  it("the operator's tracking shows the credit granted", async () => {
    const context = await signIn('operator');
    const page = await newPage(context);
    await page.goto(`${server.url}/operator/coordination?tab=tracking`);
    await expect.poll(() => page.getByTestId('coordination-tracking-granted').locator('.ant-statistic-content-value').innerText(), POLL).toBe('1');
    expect(await page.getByTestId('coordination-tracking-recommended').locator('.ant-statistic-content-value').innerText()).toBe('1');
    expect(await page.getByTestId('coordination-tracking-granted-amount').innerText()).toContain('300 万元');
    await shot(page, 'coordination-tracking');
    await context.close();
  }, JOURNEY_TIMEOUT);
});
