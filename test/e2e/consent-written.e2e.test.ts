import { createHash } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { LOCALE, PHONE, SCREENSHOTS, useJourney } from '../support/journey.ts';
import { loginAs } from '../support/http.ts';
import type { TestServer } from '../support/server.ts';

const JOURNEY_TIMEOUT = 120_000;
/** state changes go through the server and a reload: allow for a busy machine */
const POLL = { timeout: 15_000 };
const BANK = '华北示范商业银行廊坊分行';
const PAGE = '/operator/consent/written';

/** The smallest file the server takes for a PDF: it recognises a scan by its first bytes (%PDF-). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

/** A day `days` from the server's today, as the date picker takes it. */
function dayAfter(server: TestServer, days: number): string {
  return new Date(server.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describeBrowser('written authorisations (书面授权) entered by an operator, in a real browser', () => {
  let server: TestServer;
  let enterprise: { uscc: string; name: string };
  let operator: BrowserContext;
  const journey = useJourney({
    seedEnterprises: 20,
    setup: async (started) => {
      server = started;
      const me = (await (await loginAs(started, 'ent_demo')).get('/api/v1/auth/me')).body as { org: { uscc: string; name: string } };
      enterprise = { uscc: me.org.uscc, name: me.org.name };
    },
  });
  const { newPage, signIn, chooseOption, pageWidth } = journey;

  /** Types a day into an antd date picker and leaves it (Enter would also submit the form). */
  async function pickDate(page: Page, testId: string, day: string) {
    const input = page.getByTestId(testId);
    await input.click();
    await input.fill(day);
    await page.keyboard.press('Tab');
    await expect.poll(() => input.inputValue(), POLL).toBe(day);
  }

  /** A screenshot once closed dropdowns and table spinners have finished fading out. */
  async function shot(page: Page, name: string, fullPage = true) {
    await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-spin-spinning').count(), POLL).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage });
  }

  /** Waits until the detail drawer has slid fully in and the success toast has gone, for a clean capture. */
  async function drawerSettled(page: Page) {
    const right = () => page.locator('.ant-drawer-content-wrapper').first().evaluate((el) => Math.round(el.getBoundingClientRect().right));
    await expect.poll(right, POLL).toBe(page.viewportSize()?.width);
    await expect.poll(() => page.locator('.ant-message-notice').count(), POLL).toBe(0);
  }

  /** Picks a file in the form's Upload, as the file chooser would. */
  async function pickFile(page: Page, name: string, mimeType: string, buffer: Buffer) {
    await page.getByTestId('written-form-card').locator('input[type="file"]').setInputFiles({ name, mimeType, buffer });
  }

  const formErrors = (page: Page) => page.getByTestId('written-form').locator('.ant-form-item-explain-error').allInnerTexts();
  const row = (page: Page) => page.getByTestId('written-list-row').filter({ hasText: enterprise.name }).first();

  it('the operator enters a written authorisation with its scan; the form and the server explain what is wrong', async () => {
    operator = await signIn('operator');
    const page = await newPage(operator);
    await page.goto(`${server.url}/operator`);
    await page.getByTestId('menu-item-/operator/consent/written').click();
    await page.getByTestId('written-consent-page').waitFor();
    expect(new URL(page.url()).pathname).toBe(PAGE);

    // an empty form is stopped in the browser, each missing field named
    await page.getByTestId('written-submit').click();
    await expect
      .poll(() => formErrors(page), POLL)
      .toEqual(expect.arrayContaining(['请填写统一社会信用代码', '请填写金融机构', '请填写用途', '请填写信息项', '请填写有效期至', '请上传授权书扫描件']));

    await page.getByTestId('written-uscc').fill('12345');
    await expect.poll(() => formErrors(page), POLL).toContain('统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）');
    await page.getByTestId('written-uscc').fill(enterprise.uscc.toLowerCase());
    await page.getByTestId('written-institution').click();
    await chooseOption(page, BANK);
    await page.getByTestId('written-purpose').click();
    await chooseOption(page, '信用贷款');
    await page.getByTestId('written-items').click();
    await chooseOption(page, '水费信息');
    await page.keyboard.press('Escape');
    await pickDate(page, 'written-valid-to', dayAfter(server, 365));
    await page.getByTestId('written-note').fill('纸质授权书 SQ-2026-018，11 月 27 日收件');

    // a file type the server does not take is refused before anything is sent
    await pickFile(page, 'authorisation.txt', 'text/plain', Buffer.from('signed on paper'));
    await expect.poll(() => formErrors(page), POLL).toEqual(['文件类型不支持：请上传 PDF、PNG、JPEG 或 TIFF 文件']);

    // a "PDF" that is not one passes the browser's check; the server looks at the content and says so
    await pickFile(page, 'authorisation.pdf', 'application/pdf', Buffer.from('not really a PDF'));
    await expect.poll(() => formErrors(page), POLL).toEqual([]);
    await page.getByTestId('written-submit').click();
    const refused = page.getByTestId('written-error');
    await refused.waitFor();
    expect(await refused.innerText()).toContain('文件内容与声明的类型不符');
    // typed in lower case, kept in upper case
    expect(await page.getByTestId('written-uscc').inputValue()).toBe(enterprise.uscc);
    await refused.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await shot(page, 'consent-written-refused', false);

    await pickFile(page, '书面授权书.pdf', 'application/pdf', PDF);
    await page.getByTestId('written-submit').click();
    const uploaded = page.getByTestId('written-uploaded');
    await uploaded.waitFor();
    expect(await uploaded.innerText()).toContain(`${enterprise.name} 对 ${BANK} 的书面授权`);
    expect(await page.getByTestId('written-error').count()).toBe(0);
    // the form is ready for the next document: emptied, without complaints
    expect(await page.getByTestId('written-uscc').inputValue()).toBe('');
    expect(await formErrors(page)).toEqual([]);

    const pending = row(page);
    await expect.poll(() => pending.getAttribute('data-status'), POLL).toBe('PENDING');
    const text = await pending.innerText();
    for (const part of ['待审批', '书面', enterprise.uscc, BANK, '信用贷款', '水费信息']) expect(text).toContain(part);
    expect(await pending.getByTestId('written-revoke').count()).toBe(0);
    await shot(page, 'consent-written-pending');
  }, JOURNEY_TIMEOUT);

  it('the operator activates it after confirming; the signed artefact carries the SM3 of the scan', async () => {
    const page = await newPage(operator);
    await page.goto(`${server.url}${PAGE}`);
    const pending = row(page);
    await expect.poll(() => pending.getAttribute('data-status'), POLL).toBe('PENDING');
    await pending.getByTestId('written-activate').click();
    const confirm = page.locator('.ant-popconfirm').filter({ hasText: '激活该书面授权？' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: '确认激活' }).click();
    await expect.poll(() => pending.getAttribute('data-status'), POLL).toBe('ACTIVE');
    expect(await pending.innerText()).toContain('生效中');
    expect(await pending.getByTestId('written-activate').count()).toBe(0);
    expect(await page.getByTestId('written-action-error').count()).toBe(0);

    await pending.getByTestId('consent-open').click();
    const drawer = page.getByTestId('consent-detail');
    await drawer.getByTestId('consent-artefact').waitFor();
    const payload = JSON.parse(await drawer.getByTestId('consent-artefact-payload').innerText()) as Record<string, unknown>;
    expect(payload).toMatchObject({
      type: 'xinrong.authorisation.v1',
      channel: 'written',
      enterprise: { uscc: enterprise.uscc },
      items: ['UTILITY_WATER'],
      documentSm3: createHash('sm3').update(PDF).digest('hex'),
    });
    expect(await drawer.innerText()).toContain('书面授权书.pdf');
    await drawerSettled(page);
    await drawer.getByTestId('consent-artefact-payload').scrollIntoViewIfNeeded();
    // the drawer is fixed to the viewport: a full-page capture would cut it
    await shot(page, 'consent-written-detail', false);
  }, JOURNEY_TIMEOUT);

  it('the enterprise sees the written authorisation on its consent page, marked 书面', async () => {
    const ent = await signIn('ent_demo');
    const page = await newPage(ent);
    await page.goto(`${server.url}/enterprise/consent`);
    const written = page.getByTestId('consent-list-row').filter({ has: page.locator('[data-channel="written"]') }).first();
    await expect.poll(() => written.getAttribute('data-status'), POLL).toBe('ACTIVE');
    const text = await written.innerText();
    for (const part of ['生效中', '书面', BANK, '水费信息']) expect(text).toContain(part);
    await written.getByTestId('consent-open').click();
    await expect.poll(() => page.getByTestId('consent-detail').innerText(), POLL).toContain('书面授权');
    // The activation is in the audit log, with a receipt the enterprise can take away and check offline.
    await expect.poll(() => page.getByTestId('consent-evidence').innerText(), POLL).toContain('authorisation.active');
    const receiptHref = await page.getByTestId('consent-evidence').locator('a').last().getAttribute('href');
    const receipt = await page.evaluate(async (href) => (await fetch(href!)).json(), receiptHref);
    expect(receipt).toMatchObject({ format: 'xinrong-audit-receipt/v1', entry: { action: 'authorisation.active' } });
    await drawerSettled(page);
    await shot(page, 'consent-written-enterprise', false);
    await ent.close();
  }, JOURNEY_TIMEOUT);

  it('the screen works at phone width', async () => {
    const phone = await journey.browser.newContext({ viewport: PHONE, isMobile: true, ...LOCALE, storageState: await operator.storageState() });
    const page = await newPage(phone);
    await page.goto(`${server.url}${PAGE}`);
    await row(page).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
    await shot(page, 'consent-written-375');
    await phone.close();
  }, JOURNEY_TIMEOUT);

  it('the operator revokes it only with a reason of at least four characters', async () => {
    const page = await newPage(operator);
    await page.goto(`${server.url}${PAGE}`);
    const active = row(page);
    await expect.poll(() => active.getAttribute('data-status'), POLL).toBe('ACTIVE');
    await active.getByTestId('written-revoke').click();
    const confirm = page.locator('.ant-popconfirm').filter({ hasText: '撤销该授权？' });
    await confirm.waitFor();
    const ok = confirm.getByRole('button', { name: '确认撤销' });
    await confirm.getByTestId('written-revoke-reason').fill('原件');
    expect(await ok.isDisabled()).toBe(true);
    await confirm.getByTestId('written-revoke-reason').fill('企业书面撤回授权');
    await expect.poll(() => ok.isDisabled(), POLL).toBe(false);
    await ok.click();
    await expect.poll(() => active.getAttribute('data-status'), POLL).toBe('REVOKED');
    expect(await active.getByTestId('written-revoke').count()).toBe(0);
    await active.getByTestId('consent-open').click();
    await expect.poll(() => page.getByTestId('consent-history').innerText(), POLL).toContain('理由：企业书面撤回授权');
  }, JOURNEY_TIMEOUT);
});
