import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { LOCALE, PHONE, SCREENSHOTS, useJourney } from '../support/journey.ts';
import type { TestServer } from '../support/server.ts';
import { makeUscc } from '../../src/modules/entities/codes/index.ts';
import { totpCode } from '../../src/platform/auth/totp.ts';

const JOURNEY_TIMEOUT = 170_000;
const POLL = { timeout: 15_000 };
const BANK = '廊坊旅程村镇银行';
const USCC = makeUscc({ authority: '9', entityType: '1', region: '131000', orgBody: 'MA0XRJ01' });
// the same code with a wrong check character (GB 32100-2015 §4.5): the server names the position
const WRONG_CHECK = `${USCC.slice(0, 17)}${USCC[17] === '0' ? '1' : '0'}`;
const OFFICER = 'zhao_xindai';
const PASSWORD = 'Xr-Journey-Activate-2026!';
const SECOND_ADMIN = 'sun_admin';

/**
 * 机构与账号管理 in a real browser: the operator registers an institution, records its information-security
 * assessment and opens a loan officer's account; the officer activates it with the one-time code on /activate and
 * signs in to the institution portal. The demo bank's own admin re-issues a code, disables and enables an account and
 * opens a second admin, who enrols an authenticator while activating; an auditor only reads.
 */
describeBrowser('organisations and accounts (机构与账号管理) in a real browser', () => {
  let server: TestServer;
  const journey = useJourney({ seedEnterprises: 20, setup: async (started) => { server = started; } });
  const { newPage, signIn, chooseOption, pageWidth } = journey;

  async function shot(page: Page, name: string) {
    await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-spin-spinning, .ant-skeleton, .ant-message-notice').count(), POLL).toBe(0);
    // transitions (a table's loading fade, a tab's ink bar) finished, so the picture shows the settled page
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true, animations: 'disabled' });
  }

  /**
   * After the activation form is sent: the authenticator step where the role has a second factor (its key read
   * the way a person types it), then signing in with the new password — and the TOTP code — to the institution portal.
   */
  async function signInAfterActivation(page: Page, username: string, expected: { totp: boolean; shot?: string }) {
    const enrolment = page.getByTestId('activate-totp');
    await enrolment.or(page.getByTestId('activate-done')).first().waitFor();
    expect(await enrolment.isVisible(), 'the activation answer shows the authenticator step').toBe(expected.totp);
    let secret = '';
    if (expected.totp) {
      secret = (await enrolment.getByTestId('activate-totp-secret').innerText()).replace(/\s+/g, '');
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      expect(await enrolment.getByTestId('activate-totp-uri').innerText()).toContain('otpauth://totp/');
      // the QR code an authenticator app scans is drawn
      await enrolment.getByTestId('activate-totp-qr').locator('canvas').waitFor();
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
      if (expected.shot) await shot(page, expected.shot);
    }
    await page.getByTestId('activate-to-login').click();
    await page.getByTestId('login-form').waitFor();
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    const totp = page.getByTestId('totp-code');
    await totp.or(page.getByTestId('portal-title')).or(page.getByTestId('login-error')).first().waitFor();
    expect(await page.getByTestId('login-error').isVisible()).toBe(false);
    expect(await totp.isVisible(), 'the login asks for the second factor').toBe(expected.totp);
    if (expected.totp) {
      await totp.fill(totpCode(secret, server.now()));
      await page.getByTestId('totp-submit').click();
    }
    await expect.poll(() => page.getByTestId('portal-title').innerText().catch(() => ''), POLL).toBe('金融机构');
    expect(new URL(page.url()).pathname).toMatch(/^\/institution/);
  }

  const usccError = (page: Page) => page.locator('.ant-form-item').filter({ has: page.getByTestId('org-uscc') }).locator('.ant-form-item-explain-error');

  it('the operator registers an institution, records a passed assessment and opens an account; the officer activates it and signs in', async () => {
    const context = await signIn('operator');
    const page = await newPage(context);
    await page.goto(`${server.url}/operator`);
    await page.getByTestId('menu-item-/operator/accounts').click();
    await page.getByTestId('accounts-page').waitFor();
    // the demo bank is listed among the institutions before anything is added
    await page.locator('[data-testid="org-row"][data-name="华北示范商业银行廊坊分行"]').waitFor();

    await page.getByTestId('org-new').click();
    await page.getByTestId('org-form').waitFor();
    await page.getByTestId('org-name').fill(BANK);
    await page.getByTestId('org-uscc').fill('91131000MA0');
    await page.getByTestId('org-submit').click();
    // what is wrong is said under each field, in Chinese, before anything is sent
    await expect.poll(() => usccError(page).allInnerTexts(), POLL).toEqual([expect.stringContaining('18 位')]);
    await expect.poll(() => page.locator('.ant-form-item-explain-error').allInnerTexts(), POLL).toEqual(
      expect.arrayContaining(['请选择所在地区', '请选择类别']));
    await page.getByTestId('org-region').click();
    await chooseOption(page, '廊坊市（131000）');
    await page.getByTestId('org-category').click();
    await chooseOption(page, '银行');
    // a code of the right shape whose check character is wrong: the server's answer appears under the field
    await page.getByTestId('org-uscc').fill(WRONG_CHECK);
    await page.getByTestId('org-submit').click();
    await expect.poll(() => usccError(page).allInnerTexts(), POLL).toEqual([expect.not.stringContaining('18 位')]);
    expect((await usccError(page).innerText()).length).toBeGreaterThan(4);
    await shot(page, 'accounts-org-form');
    await page.getByTestId('org-uscc').fill(USCC);
    await page.getByTestId('org-submit').click();

    // the new institution opens in the drawer, not yet assessed
    const drawer = page.getByTestId('org-drawer');
    await expect.poll(() => drawer.getByTestId('org-detail-name').innerText().catch(() => ''), POLL).toBe(BANK);
    expect(await drawer.getByTestId('org-detail-assessment').innerText()).toBe('未评估');
    await drawer.getByTestId('assessment-record').click();
    await drawer.getByTestId('assessment-form').waitFor();
    await drawer.getByTestId('assessment-assessor').fill('河北省信息安全测评中心');
    await drawer.getByTestId('assessment-save').click();
    await expect.poll(() => drawer.getByTestId('org-detail-assessment').getAttribute('data-state').catch(() => null), POLL).toBe('valid');
    expect(await drawer.getByTestId('org-detail-assessment').innerText()).toContain('通过');
    expect(await drawer.getByTestId('assessment-history').locator('tbody').innerText()).toContain('河北省信息安全测评中心');

    // a loan officer's account: the code is shown once, with its expiry and the address to hand over
    await drawer.getByTestId('account-user-new').click();
    await page.getByTestId('account-user-form').waitFor();
    await page.getByTestId('account-user-username').fill(OFFICER);
    await page.getByTestId('account-user-display-name').fill('信贷经理 赵新');
    await page.getByTestId('account-user-submit').click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error').allInnerTexts(), POLL).toEqual(['请至少选择一个角色']);
    await page.getByTestId('account-role-inst_loan_officer').click();
    await page.getByTestId('account-user-submit').click();
    const codeModal = page.getByTestId('activation-code-modal');
    await codeModal.waitFor();
    const code = (await codeModal.getByTestId('activation-code').innerText()).trim();
    expect(code.length).toBeGreaterThanOrEqual(6);
    expect(await codeModal.getByTestId('activation-code-username').innerText()).toBe(OFFICER);
    expect(await codeModal.getByTestId('activation-code-address').innerText()).toBe(`${server.url}/activate`);
    expect(await codeModal.getByTestId('activation-code-expires').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await shot(page, 'accounts-activation-code');
    await page.getByTestId('activation-code-done').click();
    await codeModal.waitFor({ state: 'detached' });
    const officerRow = drawer.locator(`[data-testid="account-user-row"][data-username="${OFFICER}"]`);
    await expect.poll(() => officerRow.getAttribute('data-state').catch(() => null), POLL).toBe('pending_activation');
    expect(await officerRow.innerText()).toContain('信贷经理');
    await shot(page, 'accounts-drawer');
    await drawer.locator('.ant-drawer-close').click();
    const row = page.locator(`[data-testid="org-row"][data-name="${BANK}"]`);
    await expect.poll(() => row.getByTestId('org-row-assessment').innerText().catch(() => ''), POLL).toBe('通过（有效期内）');
    await expect.poll(() => row.getByTestId('org-row-users').innerText(), POLL).toBe('1');
    await shot(page, 'accounts-organisations');
    await context.close();

    // the officer, on a phone, from the login page: activation, then the authenticator where the role needs one
    const phone = await journey.browser.newContext({ viewport: PHONE, ...LOCALE });
    const small = await newPage(phone);
    await small.goto(`${server.url}/login`);
    await small.getByTestId('login-activate').click();
    await small.getByTestId('activate-form').waitFor();
    await small.getByTestId('activate-username').fill(OFFICER);
    await small.getByTestId('activate-code').fill(code);
    await small.getByTestId('activate-password').fill(PASSWORD);
    await small.getByTestId('activate-confirm').fill(`${PASSWORD}x`);
    await small.getByTestId('activate-submit').click();
    await expect.poll(() => small.locator('.ant-form-item-explain-error').allInnerTexts(), POLL).toEqual(['两次输入的密码不一致']);
    await small.getByTestId('activate-confirm').fill(PASSWORD);
    await expect.poll(() => small.locator('.ant-form-item-explain-error').count(), POLL).toBe(0);
    expect(await pageWidth(small)).toBeLessThanOrEqual(PHONE.width + 1);
    await shot(small, 'accounts-activate');
    await small.getByTestId('activate-submit').click();
    // a loan officer's role signs in without a second factor
    await signInAfterActivation(small, OFFICER, { totp: false });
    await phone.close();
  }, JOURNEY_TIMEOUT);

  it('the demo bank admin manages its own accounts and opens a second admin, who enrols an authenticator; an auditor only reads', async () => {
    const context = await signIn('bank_admin');
    const page = await newPage(context);
    await page.goto(`${server.url}/institution`);
    await page.getByTestId('menu-item-/institution/accounts').click();
    await page.getByTestId('own-accounts-page').waitFor();
    expect(await page.getByTestId('own-accounts-org').innerText()).toContain('华北示范商业银行廊坊分行');
    await page.locator('[data-testid="account-user-row"][data-username="bank_officer"]').waitFor();
    const self = page.locator('[data-testid="account-user-row"][data-username="bank_admin"]');
    expect(await self.innerText()).toContain('（本人）');
    // an admin cannot disable their own account: the button is not offered
    expect(await self.getByTestId('account-disable').count()).toBe(0);
    await page.getByTestId('account-user-new').click();
    await page.getByTestId('account-user-form').waitFor();
    // an institution gives institution roles only
    expect(await page.getByTestId('account-user-roles').innerText()).toContain('风控专员');
    expect(await page.getByTestId('account-user-roles').innerText()).not.toContain('平台管理员');
    await page.keyboard.press('Escape');
    await page.getByTestId('account-user-form').waitFor({ state: 'detached' });
    await shot(page, 'accounts-institution-admin');

    // the officer forgot the password: a new code, after a warning that the password goes with it
    const officer = page.locator('[data-testid="account-user-row"][data-username="bank_officer"]');
    await officer.getByTestId('account-reissue').click();
    await page.getByTestId('account-reissue-confirm').click();
    const codeModal = page.getByTestId('activation-code-modal');
    await codeModal.waitFor();
    expect(await codeModal.getByTestId('activation-code-username').innerText()).toBe('bank_officer');
    await page.getByTestId('activation-code-done').click();
    await codeModal.waitFor({ state: 'detached' });
    await expect.poll(() => officer.getAttribute('data-state'), POLL).toBe('pending_activation');
    // disabled, then enabled again
    await officer.getByTestId('account-disable').click();
    await page.getByTestId('account-disable-confirm').click();
    await expect.poll(() => officer.getAttribute('data-state'), POLL).toBe('disabled');
    expect(await officer.getByTestId('account-reissue').count()).toBe(0);
    await officer.getByTestId('account-enable').click();
    await expect.poll(() => officer.getAttribute('data-state'), POLL).not.toBe('disabled');
    // the same page in English
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('own-accounts-page').locator('h3').innerText(), POLL).toBe('Accounts');
    expect(await self.getByTestId('account-user-state').innerText()).toBe('Active');
    await shot(page, 'accounts-institution-admin-en');

    // a second administrator: an admin role enrols its authenticator while activating
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('own-accounts-page').locator('h3').innerText(), POLL).toBe('账号管理');
    await page.getByTestId('account-user-new').click();
    await page.getByTestId('account-user-form').waitFor();
    await page.getByTestId('account-user-username').fill(SECOND_ADMIN);
    await page.getByTestId('account-user-display-name').fill('机构管理员 孙敏');
    await page.getByTestId('account-role-inst_admin').click();
    await page.getByTestId('account-user-submit').click();
    await codeModal.waitFor();
    const code = (await codeModal.getByTestId('activation-code').innerText()).trim();
    await page.getByTestId('activation-code-done').click();
    await codeModal.waitFor({ state: 'detached' });
    await page.locator(`[data-testid="account-user-row"][data-username="${SECOND_ADMIN}"][data-state="pending_activation"]`).waitFor();

    const other = await journey.browser.newContext({ viewport: PHONE, ...LOCALE });
    const otherPage = await newPage(other);
    await otherPage.goto(`${server.url}/activate`);
    await otherPage.getByTestId('activate-username').fill(SECOND_ADMIN);
    // typed from paper: lower case, without the dashes
    await otherPage.getByTestId('activate-code').fill(code.replace(/-/g, '').toLowerCase());
    await otherPage.getByTestId('activate-password').fill(PASSWORD);
    await otherPage.getByTestId('activate-confirm').fill(PASSWORD);
    await otherPage.getByTestId('activate-submit').click();
    await signInAfterActivation(otherPage, SECOND_ADMIN, { totp: true, shot: 'accounts-activate-totp' });
    await other.close();
    await page.reload();
    await page.locator(`[data-testid="account-user-row"][data-username="${SECOND_ADMIN}"][data-state="active"]`).waitFor();
    await context.close();

    const phone = await signIn('auditor', PHONE);
    const small = await newPage(phone);
    await small.goto(`${server.url}/operator/accounts`);
    await small.getByTestId('accounts-page').waitFor();
    await small.locator('[data-testid="org-row"][data-name="华北示范商业银行廊坊分行"]').waitFor();
    expect(await small.getByTestId('org-new').count()).toBe(0);
    await small.getByTestId('accounts-tab-provider').click();
    await small.locator('[data-testid="org-row"][data-name="廊坊市税务局（示范）"]').waitFor();
    expect(await pageWidth(small)).toBeLessThanOrEqual(PHONE.width + 1);
    await shot(small, 'accounts-phone');
    await phone.close();
  }, JOURNEY_TIMEOUT);

  it("the operator helps an enterprise at the counter: finds it in the entity search and issues its legal representative a new activation code", async () => {
    const entDemo = server.demo.users.find((u) => u.username === 'ent_demo')!;
    const orgs = await server.platform.db.query<{ uscc: string; name: string }>(
      "SELECT o.uscc, e.name FROM organisations o JOIN users u ON u.org_id = o.id JOIN entities e ON e.uscc = o.uscc WHERE u.username = $1", [entDemo.username]);
    const { name } = orgs[0];
    const context = await signIn('operator');
    const page = await newPage(context);
    await page.goto(`${server.url}/operator/entities`);
    await page.getByTestId('entity-row').first().waitFor();
    await page.getByTestId('entity-search-q').fill(name);
    await page.getByTestId('entity-search-submit').click();
    const row = page.getByTestId('entity-row').filter({ hasText: name }).first();
    await row.waitFor();
    await row.getByTestId('entity-row-name').click();
    const card = page.getByTestId('enterprise-accounts');
    await card.waitFor();
    const legalRep = card.locator('[data-testid="account-user-row"][data-username="ent_demo"]');
    await legalRep.waitFor();
    // no account is opened here: the legal representative registers
    expect(await card.getByTestId('account-user-new').count()).toBe(0);
    await legalRep.getByTestId('account-reissue').click();
    await page.getByTestId('account-reissue-confirm').click();
    const codeModal = page.getByTestId('activation-code-modal');
    await codeModal.waitFor();
    expect(await codeModal.getByTestId('activation-code-username').innerText()).toBe('ent_demo');
    expect((await codeModal.getByTestId('activation-code').innerText()).trim()).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await shot(page, 'accounts-enterprise-counter');
    await page.getByTestId('activation-code-done').click();
    await card.locator('[data-testid="account-user-row"][data-username="ent_demo"][data-state="pending_activation"]').waitFor();
    await context.close();
  }, JOURNEY_TIMEOUT);
});
