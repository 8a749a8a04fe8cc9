import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { loginAs } from '../support/http.ts';
import { PHONE, SCREENSHOTS, runFullEvaluation, useJourney } from '../support/journey.ts';
import type { TestServer } from '../support/server.ts';

const JOURNEY_TIMEOUT = 120_000;
const POLL = { timeout: 15_000 };

describeBrowser('standardized credit report (标准化信用信息报告) in a real browser', () => {
  let server: TestServer;
  let uscc: string;
  let name: string;
  const journey = useJourney({
    seedEnterprises: 12,
    setup: async (started) => {
      server = started;
      const ent = await loginAs(started, 'ent_demo');
      uscc = (await ent.get('/api/v1/auth/me')).body.org.uscc;
      name = (await started.services.entities.store.byUscc(uscc))!.name;
      const write = async (code: string, values: Record<string, unknown>) => {
        const item = await started.services.catalog.item(code);
        await started.services.aggregation.writer.writeChunk({ item: item!, rows: [{ rowNumber: 1, values }], batchId: null, providerOrgId: null, seq: null, at: new Date() });
      };
      await write('ADMIN_LICENSE', { uscc, subject_name: name, legal_rep_name: '欧阳娜娜', legal_rep_id_number: '11010519491231002X', record_uid: 'E2E-LIC', licence_no: 'JY11310020001', licence_content: '食品经营许可：预包装食品销售（含冷藏冷冻食品）、散装食品销售', decision_date: '2025-06-01', authority_name: '廊坊市市场监督管理局' });
      await write('ADMIN_PENALTY', { uscc, subject_name: name, record_uid: 'E2E-PEN', penalty_content: '警告', violation_type: '未按规定公示年度报告', decision_date: '2026-02-01', authority_name: '廊坊市市场监督管理局' });
      await started.platform.db.tx((q) => started.services.aggregation.marks.flagObjection(q, { uscc, item: 'ADMIN_PENALTY', key: 'E2E-PEN' }, { id: '0190a0b0-0000-7000-8000-0000000000e2', state: 'open', filedAt: new Date() }, new Date()));
      await runFullEvaluation(await loginAs(started, 'operator'));
    },
  });
  const { newPage, signIn, pageWidth } = journey;

  async function shot(page: Page, name: string) {
    await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton').count(), POLL).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  }

  it('an institution opens a public report, downloads its PDF, and the public verify page calls the file authentic', async () => {
    const context = await signIn('bank_officer');
    const page = await newPage(context);
    await page.goto(`${server.url}/institution`);
    await page.getByTestId('menu-item-/institution/reports').click();
    await page.getByTestId('report-request-page').waitFor();
    await page.getByTestId('report-uscc').fill(uscc);
    await page.getByTestId('report-submit').click();
    const view = page.getByTestId('report-view');
    await view.waitFor();
    expect(await view.getAttribute('data-version')).toBe('public');
    await expect.poll(() => page.getByTestId('report-enterprise').innerText(), POLL).toBe(name);
    // the record under objection carries its flag; personal fields arrive masked
    await page.getByTestId('report-objection').first().waitFor();
    expect(await page.locator('[data-testid="report-item"][data-item="ADMIN_LICENSE"]').innerText()).toContain('110***********002X');
    expect(await page.locator('[data-testid="report-section"][data-section="UTILITIES"]').count()).toBe(0);
    await shot(page, 'reports-institution');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-pdf').click()]);
    const file = await download.path();
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(download.suggestedFilename()).toMatch(/^XR-131000-\d{8}-[0-9A-Z]{10}\.pdf$/);

    // the public verification page, without signing in
    const anon = await journey.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const verify = await newPage(anon);
    await verify.goto(`${server.url}/verify-report`);
    await verify.getByTestId('verify-report-page').waitFor();
    await verify.locator('input[type=file]').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/pdf', buffer: bytes });
    const result = verify.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.getAttribute('data-authentic')).toBe('true');
    expect(await verify.getByTestId('verify-enterprise').innerText()).toBe(name);
    await shot(verify, 'reports-verify-authentic');

    // one changed byte and the same file is refused
    const changed = Buffer.from(bytes);
    changed[Math.floor(changed.length / 2)] ^= 0x01;
    await verify.locator('input[type=file]').setInputFiles({ name: 'changed.pdf', mimeType: 'application/pdf', buffer: changed });
    await expect.poll(() => verify.getByTestId('verify-result').getAttribute('data-authentic'), POLL).toBe('false');
    await anon.close();
    await context.close();
  }, JOURNEY_TIMEOUT);

  it('the report\'s own verify link checks its number and digest', async () => {
    const context = await signIn('bank_officer');
    const page = await newPage(context);
    await page.goto(`${server.url}/institution/reports?uscc=${uscc}`);
    await page.getByTestId('report-submit').click();
    await page.getByTestId('report-view').waitFor();
    const number = await page.getByTestId('report-view').getAttribute('data-number');
    await page.getByTestId('report-verify-link').click();
    await page.getByTestId('verify-report-page').waitFor();
    expect(await page.getByTestId('verify-number').inputValue()).toBe(number);
    await page.getByTestId('verify-submit').click();
    await expect.poll(() => page.getByTestId('verify-result').getAttribute('data-authentic'), POLL).toBe('true');
    await context.close();
  }, JOURNEY_TIMEOUT);

  it('the enterprise sees its own full report at phone width without sideways scrolling', async () => {
    const context = await signIn('ent_demo', PHONE);
    const page = await newPage(context);
    await page.goto(`${server.url}/enterprise/report`);
    const view = page.getByTestId('report-view');
    await view.waitFor();
    expect(await view.getAttribute('data-version')).toBe('subject');
    await page.getByTestId('report-grade').waitFor();
    // its own data in clear, the objection flagged
    expect(await page.locator('[data-testid="report-item"][data-item="ADMIN_LICENSE"]').innerText()).toContain('11010519491231002X');
    await page.getByTestId('report-objection').first().waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
    await shot(page, 'reports-enterprise-phone');
    // what a phone user sees: the top of the report, and the record under objection
    await page.screenshot({ path: `${SCREENSHOTS}reports-enterprise-phone-top.png` });
    await page.getByTestId('report-objection').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}reports-enterprise-phone-objection.png` });
    await context.close();
  }, JOURNEY_TIMEOUT);
});
