import type { Browser } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { LOCALE, PHONE, SCREENSHOTS, useJourney } from '../support/journey.ts';
import { loginAs } from '../support/http.ts';
import type { TestServer } from '../support/server.ts';
import { signRequest } from '../../src/platform/auth/request-signing.ts';

const UTILITIES = '廊坊市供水供电供气（示范）';
const WATER = 'uscc,entity_name,entity_type,water_account,avg_monthly_water_3m,in_arrears,stat_date';

describeBrowser('data quality and usage feedback in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let usccs: string[];
  const journey = useJourney({
    seedEnterprises: 20,
    setup: async (started) => {
      server = started;
      usccs = (await started.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities ORDER BY uscc LIMIT 2')).map((r) => r.uscc);
      // the utilities provider's system pushes a water-fee batch: 2 good rows, 1 with a broken USCC
      const body = [WATER, `${usccs[0]},示范企业甲,法人及非法人组织,A1,120.5,否,2026-10-31`, `${usccs[1]},示范企业乙,,B1,,,`, '91110000MA01ABCD1X,坏代码企业,,X1,,,', ''].join('\n');
      const path = '/api/v1/aggregation/batches?item=UTILITY_WATER&batchId=e2e-quality-1';
      const key = started.demo.apiKeys.find((k) => k.org === UTILITIES)!;
      const headers = signRequest({ method: 'POST', pathWithQuery: path, body, keyId: key.keyId, secret: key.secret, now: new Date(started.now()) });
      const res = await fetch(started.url + path, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body });
      expect(res.status).toBe(201);
    },
  });
  const { newPage, signIn } = journey;
  beforeAll(() => {
    browser = journey.browser;
  });

  it('shows the operator the water item’s figures, takes a snapshot and draws the trend chart', async () => {
    const operator = await signIn('operator');
    const page = await newPage(operator);
    await page.goto(`${server.url}/operator`);
    await page.getByTestId('quick-quality').click();
    await page.getByTestId('quality-dashboard').waitFor();
    const row = page.locator('[data-testid="quality-row"][data-item="UTILITY_WATER"]');
    await row.waitFor();
    // 2 of 20 registered enterprises; (7+3)/18 fields filled; 1 of 3 rows quarantined
    await expect.poll(() => row.getByTestId('quality-coverage').innerText()).toBe('10.00%');
    expect(await row.getByTestId('quality-completeness').innerText()).toBe('55.56%');
    expect(await row.getByTestId('quality-error-rate').innerText()).toBe('33.33%');
    expect(await row.getByTestId('quality-timeliness').innerText()).toBe('按时');
    expect(await page.locator('[data-testid="quality-row"][data-item="UTILITY_GAS"]').getByTestId('quality-timeliness').innerText()).toBe('从未报送');

    await row.getByTestId('quality-show-trend').click();
    // no snapshot yet (unless the daily timer already took one): the operator takes today's now
    await page.getByTestId('quality-trend-empty').or(page.getByTestId('quality-chart')).first().waitFor();
    await page.getByTestId('quality-take-snapshot').click();
    const canvas = page.getByTestId('quality-chart').locator('canvas').first();
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(100);
    expect(box?.height ?? 0).toBeGreaterThan(100);
    await page.waitForTimeout(600); // the line animation
    await page.screenshot({ path: `${SCREENSHOTS}quality-operator.png`, fullPage: true });
    await operator.close();
  });

  it('shows the provider its usage table after a bank verified a claim, also at phone width', async () => {
    const bank = await loginAs(server, 'bank_officer');
    const verified = await bank.post('/api/v1/verifications', { uscc: usccs[0], item: 'UTILITY_WATER', field: 'in_arrears', op: 'equals', value: false, purpose: '贷前审查' });
    expect(verified.status).toBe(200);

    const provider = await signIn('utility_provider');
    const page = await newPage(provider);
    await page.goto(`${server.url}/provider`);
    await page.getByTestId('quick-quality').click();
    await page.getByTestId('quality-feedback').waitFor();
    const usage = page.getByTestId('usage-row');
    await usage.first().waitFor();
    expect(await usage.count()).toBe(1);
    expect(await usage.first().getByTestId('usage-institution').innerText()).toBe('华北示范商业银行廊坊分行');
    expect(await usage.first().innerText()).toContain('贷前审查');
    expect(await usage.first().innerText()).toContain('数据核验');
    expect(await usage.first().getByTestId('usage-count').innerText()).toBe('1');
    // only its own category's items
    const items = await page.getByTestId('quality-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-item')));
    expect(items).toContain('UTILITY_WATER');
    expect(items).not.toContain('TAX_PAYMENT');
    await page.screenshot({ path: `${SCREENSHOTS}quality-provider.png`, fullPage: true });

    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, ...LOCALE, storageState: await provider.storageState() });
    const phonePage = await newPage(phone);
    await phonePage.goto(`${server.url}/provider/quality`);
    await phonePage.getByTestId('usage-row').first().waitFor();
    expect(await phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width + 1);
    await phonePage.getByTestId('quality-trend-empty').or(phonePage.getByTestId('quality-chart')).first().waitFor();
    await phonePage.waitForTimeout(600); // the line animation
    await phonePage.screenshot({ path: `${SCREENSHOTS}quality-provider-375.png`, fullPage: true });
    await phone.close();
    await provider.close();
  });
});
