import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser } from '../support/browser.ts';
import { loginAs } from '../support/http.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { signRequest } from '../../src/platform/auth/request-signing.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('./__screenshots__/', import.meta.url));
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
/** a user in China: Chinese browser, China Standard Time */
const LOCALE = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const UTILITIES = '廊坊市供水供电供气（示范）';
const WATER = 'uscc,entity_name,entity_type,water_account,avg_monthly_water_3m,in_arrears,stat_date';

describeBrowser('data quality and usage feedback in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let usccs: string[];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-web.mjs'], { cwd: ROOT, stdio: 'inherit' });
    server = await startTestServer({ seedEnterprises: 20 });
    usccs = (await server.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities ORDER BY uscc LIMIT 2')).map((r) => r.uscc);
    // the utilities provider's system pushes a water-fee batch: 2 good rows, 1 with a broken USCC
    const body = [WATER, `${usccs[0]},示范企业甲,法人及非法人组织,A1,120.5,否,2026-10-31`, `${usccs[1]},示范企业乙,,B1,,,`, '91110000MA01ABCD1X,坏代码企业,,X1,,,', ''].join('\n');
    const path = '/api/v1/aggregation/batches?item=UTILITY_WATER&batchId=e2e-quality-1';
    const key = server.demo.apiKeys.find((k) => k.org === UTILITIES)!;
    const headers = signRequest({ method: 'POST', pathWithQuery: path, body, keyId: key.keyId, secret: key.secret, now: new Date(server.now()) });
    const res = await fetch(server.url + path, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body });
    expect(res.status).toBe(201);
    const launched = await launchBrowser();
    if (launched === null) throw new Error('Chromium disappeared after the check');
    browser = launched;
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(() => {
    const errors = pageErrors.splice(0);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  async function newPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`${page.url()}: console.error ${message.text()}`);
    });
    return page;
  }

  async function signIn(username: string, viewport = DESKTOP): Promise<BrowserContext> {
    const demoUser = server.demo.users.find((candidate) => candidate.username === username);
    if (demoUser === undefined) throw new Error(`the demo data has no user ${username}`);
    const context = await browser.newContext({ viewport, ...LOCALE });
    const page = await newPage(context);
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(demoUser.username);
    await page.getByTestId('login-password').fill(server.demo.password);
    await page.getByTestId('login-submit').click();
    const totp = page.getByTestId('totp-code');
    await totp.or(page.getByTestId('portal-title')).or(page.getByTestId('login-error')).first().waitFor();
    if (await totp.isVisible()) {
      await totp.fill(server.nextTotp(username));
      await page.getByTestId('totp-submit').click();
    }
    await page.getByTestId('portal-title').waitFor();
    await page.close();
    return context;
  }

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
