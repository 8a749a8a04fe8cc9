import type { Browser, BrowserContext } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { LOCALE, PHONE, SCREENSHOTS, useJourney } from '../support/journey.ts';
import { loginAs } from '../support/http.ts';
import type { TestServer } from '../support/server.ts';

const JOURNEY_TIMEOUT = 120_000;

describeBrowser('enterprise self-report (自愿填报 + 信用承诺) in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let enterprise: BrowserContext;
  const journey = useJourney({
    seedEnterprises: 20,
    setup: async (started) => {
      server = started;
    },
  });
  const { newPage, signIn, chooseOption, pageWidth } = journey;
  beforeAll(() => {
    browser = journey.browser;
  });

  it('the legal representative signs the credit commitment, reports operating data and sees it tagged 自主申报', async () => {
    enterprise = await signIn('ent_demo');
    const page = await newPage(enterprise);
    await page.goto(`${server.url}/enterprise`);
    await page.getByTestId('self-report-link').click();
    await page.getByTestId('self-report-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/enterprise/self-report');

    // before signing: the full text, the status and a sign button that needs the box ticked
    await expect.poll(() => page.getByTestId('commitment-status').innerText()).toContain('尚未签署');
    const text = await page.getByTestId('commitment-text').innerText();
    for (const phrase of ['信用承诺书', '真实、准确、完整', '失信惩戒']) expect(text).toContain(phrase);
    expect(await page.getByTestId('commitment-sign').isDisabled()).toBe(true);
    await page.getByTestId('self-report-needs-commitment').first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}self-report-commitment.png`, fullPage: true });

    await page.getByTestId('commitment-accept').click();
    await page.getByTestId('commitment-sign').click();
    await page.getByTestId('commitment-confirm').click();
    await page.getByTestId('commitment-receipt-id').waitFor();
    expect(await page.getByTestId('commitment-status').innerText()).toContain('已签署');

    // operating data for Q3 2026: an amount that is not a number comes back with the server's message
    await page.getByTestId('self-report-tab-SELF_OPERATING').click();
    const form = page.getByTestId('self-report-form-SELF_OPERATING');
    await form.getByTestId('self-report-field-period_type').click();
    await chooseOption(page, '季度');
    await form.getByTestId('self-report-field-period_end').click();
    await form.getByTestId('self-report-field-period_end').fill('2026-09-30');
    await form.getByTestId('self-report-field-period_end').press('Enter');
    await form.getByTestId('self-report-field-operating_revenue').fill('125万');
    await form.getByTestId('self-report-field-employees').fill('42');
    await form.getByTestId('self-report-submit').click();
    await expect.poll(() => form.locator('.ant-form-item-explain-error').allInnerTexts()).toEqual([expect.stringContaining('不是数值')]);

    await form.getByTestId('self-report-field-operating_revenue').fill('1250000.50');
    await form.getByTestId('self-report-submit').click();
    await form.getByTestId('self-report-saved').waitFor();
    expect(await form.getByTestId('self-report-saved').innerText()).toContain('第 1 版');

    const row = page.getByTestId('self-report-row').first();
    await row.waitFor();
    const rowText = await row.innerText();
    expect(rowText).toContain('生产经营信息（自主申报）');
    expect(rowText).toContain('1250000.5');
    expect(await row.getByTestId('self-report-origin').innerText()).toBe('自主申报');
    await page.screenshot({ path: `${SCREENSHOTS}self-report.png`, fullPage: true });

    // the operator sees the same record with its origin
    const operator = await loginAs(server, 'operator');
    const me = (await (await loginAs(server, 'ent_demo')).get('/api/v1/auth/me')).body as { org: { uscc: string } };
    const seen = await operator.get(`/api/v1/aggregation/records/${me.org.uscc}/SELF_OPERATING`);
    expect(seen.body.records).toEqual([expect.objectContaining({ origin: 'self_report', version: 1 })]);
  }, JOURNEY_TIMEOUT);

  it('changing a reported record submits a new version', async () => {
    const page = await newPage(enterprise);
    await page.goto(`${server.url}/enterprise/self-report`);
    await page.getByTestId('self-report-edit').first().click();
    const form = page.getByTestId('self-report-form-SELF_OPERATING');
    await expect.poll(() => form.getByTestId('self-report-field-operating_revenue').inputValue()).toBe('1250000.5');
    await form.getByTestId('self-report-field-operating_revenue').fill('1300000');
    await form.getByTestId('self-report-submit').click();
    await form.getByTestId('self-report-saved').waitFor();
    expect(await form.getByTestId('self-report-saved').innerText()).toContain('第 2 版');
    await expect.poll(() => page.getByTestId('self-report-row').first().innerText()).toContain('1300000');
  }, JOURNEY_TIMEOUT);

  it('works at phone width', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, ...LOCALE, storageState: await enterprise.storageState() });
    const page = await newPage(phone);
    await page.goto(`${server.url}/enterprise/self-report`);
    await page.getByTestId('self-report-row').first().waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
    await page.screenshot({ path: `${SCREENSHOTS}self-report-375.png`, fullPage: true });
    await phone.close();
  }, JOURNEY_TIMEOUT);
});
