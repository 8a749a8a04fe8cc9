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
/** UTILITY_WATER (水费信息): an L2 item that needs the enterprise's authorisation. */
const WATER_HEADER = ['主体名称', '主体类别', '统一社会信用代码', '水用户信息（户名户号）', '近3个月月均用水量', '当前是否欠费', '统计时间'];

/** A day `days` from the server's today, as the date picker takes it. */
function dayAfter(server: TestServer, days: number): string {
  return new Date(server.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** ADMIN_LICENSE (行政许可信息): a public L1 item whose legal representative's name and ID number are personal. */
const LICENCE_HEADER = ['统一社会信用代码', '行政相对人名称', '法定代表人', '法定代表人证件号码', '许可编号', '唯一标识'];

/** One batch of `item` for the demo enterprise, submitted as a portal upload would be. */
async function seedRecord(server: TestServer, username: string, item: string, header: string[], row: string[]): Promise<void> {
  const provider = await loginAs(server, username);
  const csv = `\uFEFF${header.join(',')}\r\n${row.join(',')}\r\n`;
  const submitted = await provider.request('POST', `/api/v1/aggregation/batches?item=${item}&batchId=${item}-consent-e2e&source=portal`, csv, { 'content-type': 'text/csv' });
  expect(submitted.status, JSON.stringify(submitted.body)).toBeLessThan(300);
  // setup runs outside a test, where expect.poll is not available
  let batch = submitted.body;
  for (let tries = 0; batch.status === 'processing' && tries < 100; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    batch = (await provider.get(`/api/v1/aggregation/batches/${submitted.body.id}`)).body;
  }
  expect(batch.status).toBe('completed');
  expect(batch.counts.inserted).toBe(1);
}

describeBrowser('consent (授权管理) and who-accessed in a real browser', () => {
  let server: TestServer;
  let enterprise: { uscc: string; name: string };
  let entContext: BrowserContext;
  let bankContext: BrowserContext;
  const journey = useJourney({
    seedEnterprises: 20,
    setup: async (started) => {
      server = started;
      const me = (await (await loginAs(started, 'ent_demo')).get('/api/v1/auth/me')).body as { org: { uscc: string; name: string } };
      enterprise = { uscc: me.org.uscc, name: me.org.name };
      await seedRecord(started, 'utility_provider', 'UTILITY_WATER', WATER_HEADER, [enterprise.name, '法人及非法人组织', enterprise.uscc, 'W-8801', '120.5', '否', '2026-10-31']);
      // the operator may submit any item; the licence gives the bank public data with personal fields to mask
      await seedRecord(started, 'operator', 'ADMIN_LICENSE', LICENCE_HEADER, [enterprise.uscc, enterprise.name, '张伟', '11010519491231002X', 'XK-2026-001', 'LIC-0001']);
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

  /** Reads the enterprise's water-fee data on the bank's Enterprise data page. */
  async function bankReads(page: Page, water = true) {
    await page.goto(`${server.url}/institution/data`);
    await page.getByTestId('consent-data-page').waitFor();
    await page.getByTestId('consent-data-uscc').fill(enterprise.uscc);
    await page.getByTestId('consent-data-purpose').click();
    await chooseOption(page, '信用贷款');
    if (water) {
      await page.getByTestId('consent-data-items').click();
      await chooseOption(page, '水费信息');
      await page.keyboard.press('Escape');
    }
    await page.getByTestId('consent-data-submit').click();
    await page.getByTestId('consent-data-result').or(page.getByTestId('consent-data-refused')).or(page.getByTestId('consent-data-error')).first().waitFor();
  }

  it('the enterprise grants the bank an authorisation for water-fee data and sees the signed document', async () => {
    entContext = await signIn('ent_demo');
    const page = await newPage(entContext);
    await page.goto(`${server.url}/enterprise`);
    await page.getByTestId('menu-item-/enterprise/consent').click();
    await page.getByTestId('consent-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/enterprise/consent');

    // an empty grant is stopped by the form, each missing field named
    await page.getByTestId('consent-grant-submit').click();
    await expect
      .poll(() => page.getByTestId('consent-grant').locator('.ant-form-item-explain-error').allInnerTexts())
      .toEqual(expect.arrayContaining(['请填写金融机构', '请填写用途', '请填写信息项', '请填写有效期至']));

    await page.getByTestId('consent-grant-institution').click();
    await chooseOption(page, BANK);
    await page.getByTestId('consent-grant-purpose').click();
    await chooseOption(page, '信用贷款');
    await page.getByTestId('consent-grant-items').click();
    await chooseOption(page, '水费信息');
    await page.keyboard.press('Escape');
    await pickDate(page, 'consent-grant-valid-to', dayAfter(server, 180));
    await page.getByTestId('consent-grant-submit').click();
    await page.getByTestId('consent-granted').waitFor();
    expect(await page.getByTestId('consent-granted').innerText()).toContain(BANK);
    // the form is ready for the next grant: emptied, without complaints
    expect(await page.getByTestId('consent-grant').locator('.ant-form-item-explain-error').count()).toBe(0);

    const row = page.getByTestId('consent-list-row').filter({ hasText: BANK }).first();
    await expect.poll(() => row.getAttribute('data-status'), POLL).toBe('ACTIVE');
    const rowText = await row.innerText();
    for (const part of ['生效中', '信用贷款', '水费信息', '已用 0 次 · 限 10 次/月']) expect(rowText).toContain(part);
    await shot(page, 'consent-granted');

    // the detail drawer: the platform's signature over the terms, and the history
    await row.getByTestId('consent-open').click();
    const drawer = page.getByTestId('consent-detail');
    await drawer.getByTestId('consent-artefact').waitFor();
    expect(await drawer.getByTestId('consent-artefact-alg').innerText()).toMatch(/^(sm2|ed25519)$/);
    const payload = await drawer.getByTestId('consent-artefact-payload').innerText();
    expect(payload).toContain('xinrong.authorisation.v1');
    expect(payload).toContain('UTILITY_WATER');
    expect(await drawer.getByTestId('consent-history').innerText()).toContain('生效中');
    // the drawer is fixed to the viewport: a full-page capture would cut it
    await shot(page, 'consent-detail', false);
  }, JOURNEY_TIMEOUT);

  it('the bank reads the enterprise\'s water-fee records on the Enterprise data page', async () => {
    bankContext = await signIn('bank_officer');
    const page = await newPage(bankContext);
    await page.goto(`${server.url}/institution`);
    // the bell tells the bank it has been authorised; opening an unread notification marks it read
    await page.getByTestId('notification-bell').click();
    const note = page.getByTestId('notification-item').filter({ hasText: `${enterprise.name}对${BANK}的信息使用授权（用途：信用贷款）已生效` });
    await note.waitFor();
    await note.click();
    await expect.poll(() => page.locator('[data-testid="notification-count"] .ant-scroll-number').count(), POLL).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByTestId('menu-item-/institution/data').click();
    await bankReads(page);
    const item = page.getByTestId('consent-data-item').filter({ hasText: '水费信息' });
    await item.waitFor();
    expect(await page.getByTestId('consent-data-result').innerText()).toContain(enterprise.name);
    const record = await item.getByTestId('consent-data-record').first().innerText();
    expect(record).toContain('W-8801');
    expect(record).toContain('120.5');
    await shot(page, 'consent-bank-reads');

    // without naming items: everything the bank may see, public items included, personal fields masked on the server
    await bankReads(page, false);
    const licence = page.getByTestId('consent-data-item').filter({ hasText: '行政许可信息' });
    await licence.waitFor();
    const masked = await licence.getByTestId('consent-data-masked').allInnerTexts();
    expect(masked).toEqual(expect.arrayContaining([expect.stringContaining('张*'), expect.stringContaining('110***********002X')]));
    for (const text of masked) expect(text).toContain('已脱敏');
    expect(await licence.innerText()).not.toContain('张伟');
    await shot(page, 'consent-bank-reads-all');
  }, JOURNEY_TIMEOUT);

  it('the enterprise sees the bank\'s read on its Who-accessed page and the usage on the authorisation', async () => {
    const page = await newPage(entContext);
    await page.goto(`${server.url}/enterprise`);
    await page.getByTestId('menu-item-/enterprise/access').click();
    await page.getByTestId('access-log-page').waitFor();
    const row = page.getByTestId('access-log-row').filter({ hasText: BANK }).first();
    await row.waitFor();
    // item and purpose names arrive with the catalog, a moment after the rows (codes until then)
    await expect.poll(() => row.innerText(), POLL).toContain('水费信息');
    expect(await row.innerText()).toContain('信用贷款');
    expect(await row.getByTestId('access-log-outcome').getAttribute('data-outcome')).toBe('allowed');
    await shot(page, 'consent-who-accessed');

    await page.goto(`${server.url}/enterprise/consent`);
    const authorisation = page.getByTestId('consent-list-row').filter({ hasText: BANK }).first();
    await expect.poll(() => authorisation.innerText(), POLL).toContain('已用 2 次');
  }, JOURNEY_TIMEOUT);

  it('the enterprise revokes the authorisation after confirming', async () => {
    const page = await newPage(entContext);
    await page.goto(`${server.url}/enterprise/consent`);
    const row = page.getByTestId('consent-list-row').filter({ hasText: BANK }).first();
    await expect.poll(() => row.getAttribute('data-status'), POLL).toBe('ACTIVE');
    // the page has finished loading (item names come with the catalog) before the person acts
    await expect.poll(() => row.innerText(), POLL).toContain('水费信息');
    await row.getByTestId('consent-revoke').click();
    const confirm = page.locator('.ant-popconfirm').filter({ hasText: '撤销该授权？' });
    await confirm.waitFor();
    await confirm.getByTestId('consent-revoke-reason').fill('贷款已结清，不再需要');
    // the open confirmation in view (a full-page shot resizes the viewport, which can close an open popover)
    await shot(page, 'consent-revoke-confirm', false);
    const ok = confirm.getByRole('button', { name: '确认撤销' });
    for (let attempt = 0; attempt < 3 && !(await ok.isVisible()); attempt++) {
      // closed under the person's hands (a re-layout on a loaded machine): they open it again and retype the reason
      await row.getByTestId('consent-revoke').click();
      await confirm.getByTestId('consent-revoke-reason').fill('贷款已结清，不再需要');
    }
    await ok.click();
    await expect.poll(() => row.getAttribute('data-status'), POLL).toBe('REVOKED');
    expect(await row.innerText()).toContain('已撤销');
    expect(await row.getByTestId('consent-revoke').count()).toBe(0);
    await shot(page, 'consent-revoked');
    // the reason stays in the authorisation's history
    await row.getByTestId('consent-open').click();
    await expect.poll(() => page.getByTestId('consent-history').innerText(), POLL).toContain('理由：贷款已结清，不再需要');
  }, JOURNEY_TIMEOUT);

  it('the bank\'s next read is refused with a message naming the item', async () => {
    const page = await newPage(bankContext);
    await bankReads(page);
    const refused = page.getByTestId('consent-data-refused');
    await refused.waitFor();
    expect(await refused.innerText()).toContain('未获企业授权');
    expect(await refused.getByTestId('consent-data-refused-items').innerText()).toContain('水费信息');
    expect(await page.getByTestId('consent-data-result').count()).toBe(0);
    await shot(page, 'consent-bank-refused');

    // the refusal is on the enterprise's Who-accessed page too
    const ent = await newPage(entContext);
    await ent.goto(`${server.url}/enterprise/access`);
    const refusal = ent.getByTestId('access-log-row').filter({ has: ent.locator('[data-outcome="refused"]') }).first();
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain(BANK);
  }, JOURNEY_TIMEOUT);

  it('a request from the bank waits for the enterprise, which approves it', async () => {
    const bank = await newPage(bankContext);
    await bank.goto(`${server.url}/institution`);
    await bank.getByTestId('menu-item-/institution/consent').click();
    await bank.getByTestId('consent-requests-page').waitFor();
    await bank.getByTestId('consent-request-uscc').fill(enterprise.uscc);
    await bank.getByTestId('consent-request-purpose').click();
    await chooseOption(bank, '流动资金贷款');
    await bank.getByTestId('consent-request-items').click();
    await chooseOption(bank, '水费信息');
    await bank.keyboard.press('Escape');
    await pickDate(bank, 'consent-request-valid-to', dayAfter(server, 90));
    await bank.getByTestId('consent-request-note').fill('流动资金贷款贷前调查');
    await bank.getByTestId('consent-request-submit').click();
    await bank.getByTestId('consent-request-sent').waitFor();
    const mine = bank.getByTestId('consent-requests-row').filter({ hasText: '流动资金贷款' }).first();
    await expect.poll(() => mine.getAttribute('data-status'), POLL).toBe('PENDING');
    await shot(bank, 'consent-bank-request');

    const page = await newPage(entContext);
    await page.goto(`${server.url}/enterprise/consent`);
    const pending = page.getByTestId('consent-pending-row').filter({ hasText: BANK }).first();
    await pending.waitFor();
    await pending.getByTestId('consent-approve').click();
    await page.locator('.ant-popconfirm').filter({ hasText: '同意该授权申请？' }).getByRole('button', { name: '确认同意' }).click();
    await expect.poll(async () => {
      const failure = page.getByTestId('consent-action-error');
      return (await failure.count()) > 0 ? await failure.innerText() : page.getByTestId('consent-pending-row').count();
    }, POLL).toBe(0);
    const approved = page.getByTestId('consent-list-row').filter({ hasText: '流动资金贷款' }).first();
    await expect.poll(() => approved.getAttribute('data-status'), POLL).toBe('ACTIVE');

    await bank.reload();
    await expect.poll(() => bank.getByTestId('consent-requests-row').filter({ hasText: '流动资金贷款' }).first().getAttribute('data-status'), POLL).toBe('ACTIVE');
  }, JOURNEY_TIMEOUT);

  it('the consent page works at phone width and in English', async () => {
    const phone = await journey.browser.newContext({ viewport: PHONE, isMobile: true, ...LOCALE, storageState: await entContext.storageState() });
    const page = await newPage(phone);
    await page.goto(`${server.url}/enterprise/consent`);
    await page.getByTestId('consent-list-row').first().waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
    await shot(page, 'consent-375');
    await phone.close();

    const english = await newPage(entContext);
    await english.goto(`${server.url}/enterprise/consent`);
    await english.evaluate(() => window.localStorage.setItem('xinrong.lang', 'en'));
    await english.reload();
    const row = english.getByTestId('consent-list-row').filter({ hasText: 'Revoked' }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain('Water');
    expect(await english.getByTestId('consent-page').innerText()).toContain('Grant an authorisation');
    await english.evaluate(() => window.localStorage.setItem('xinrong.lang', 'zh-CN'));
  }, JOURNEY_TIMEOUT);

  it('the auditor finds the refused read in the audit log next to the latest signed checkpoint', async () => {
    const auditor = await signIn('auditor');
    const page = await newPage(auditor);
    await page.goto(`${server.url}/operator`);
    await page.getByTestId('menu-item-/operator/audit').click();
    await page.getByTestId('audit-log-page').waitFor();
    await expect.poll(async () => Number(await page.getByTestId('audit-checkpoint-size').innerText()), POLL).toBeGreaterThan(0);
    await page.getByTestId('audit-filter-subject').fill(enterprise.uscc);
    await page.getByTestId('audit-filter-outcome').click();
    await chooseOption(page, '已拒绝');
    await page.getByTestId('audit-filter-submit').click();
    const rows = page.getByTestId('audit-entry-row');
    await rows.first().waitFor();
    expect(await rows.first().innerText()).toContain(enterprise.uscc);
    await shot(page, 'consent-audit-log');

    const download = page.waitForEvent('download');
    await page.getByTestId('audit-export-download').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^audit-0-\d+\.ndjson$/);
    await auditor.close();
  }, JOURNEY_TIMEOUT);
});
