import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { loginAs } from '../support/http.ts';
import { DESKTOP, LOCALE, PHONE, SCREENSHOTS, useJourney } from '../support/journey.ts';
import type { TestServer } from '../support/server.ts';
import { codes } from '../../src/modules/entities/index.ts';

const JOURNEY_TIMEOUT = 170_000;
const POLL = { timeout: 15_000 };
const PASSWORD = 'Xr-Journey-Register-2026!';
const REP_USERNAME = 'zhuge_qiye';
const AGENT = 'zhuge_jingban';
const USCC = codes.makeUscc({ authority: '9', entityType: '1', region: '131082', orgBody: 'MA0XRQ01' });
const REP = { name: '诸葛明远', idNumber: codes.makeIdNumber('131082', '19820415', '031') };
// the same number with a wrong check character (GB 11643-1999): the server names the position and the expected one
const WRONG_CHECK_ID = `${REP.idNumber.slice(0, 17)}${REP.idNumber[17] === '1' ? '2' : '1'}`;
const ENTERPRISE = '三河旅程注册示范有限公司';
const ENTITY = {
  uscc: USCC, name: ENTERPRISE, entityType: 'enterprise', registrationAuthority: '三河市市场监督管理局', regionCode: '131082',
  industryCode: 'C3484', registeredCapital: '3000000.00', establishedOn: '2016-03-01',
  legalRep: { name: REP.name, idType: 'RESIDENT_ID', idNumber: REP.idNumber, mobile: '13812340000' },
  employees: 24, revenue: '12000000.00', assets: '18000000.00',
};

/**
 * 企业注册 in a real browser: a visitor follows 企业注册 from the login page, is told under the field that the ID
 * number's check character is wrong, then that name and ID number are not the registry's (without which), registers
 * as the legal representative, signs in with the username carried over and opens an agent's (经办人) account under
 * 账号管理; the agent activates it on a phone and signs in to the enterprise portal. On a phone, a second try for the
 * same enterprise is sent to the login page.
 */
describeBrowser('enterprise self-registration (企业注册) in a real browser', () => {
  let server: TestServer;
  const journey = useJourney({
    seedEnterprises: 20,
    setup: async (started) => {
      server = started;
      // the market regulator's record of the enterprise, with its legal representative, as the registry holds it
      const operator = await loginAs(server, 'operator');
      const created = await operator.post('/api/v1/entities', ENTITY);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    },
  });
  const { newPage, pageWidth } = journey;

  async function shot(page: Page, name: string) {
    await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton, .ant-message-notice, .ant-btn-loading').count(), POLL).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true, animations: 'disabled' });
  }

  const fieldErrors = (page: Page, testId: string) =>
    page.locator('.ant-form-item').filter({ has: page.getByTestId(testId) }).locator('.ant-form-item-explain-error');

  /** The registration form filled as the legal representative would, with the given name and ID number. */
  async function fillRegistration(page: Page, who: { name: string; idNumber: string; username: string }) {
    await page.getByTestId('register-uscc').fill(USCC.toLowerCase());
    await page.getByTestId('register-legal-rep-name').fill(who.name);
    await page.getByTestId('register-id-number').fill(who.idNumber);
    await page.getByTestId('register-username').fill(who.username);
    await page.getByTestId('register-password').fill(PASSWORD);
    await page.getByTestId('register-confirm').fill(PASSWORD);
  }

  it('the legal representative registers from the login page, signs in and opens an agent account; the agent activates it and signs in', async () => {
    const context = await journey.browser.newContext({ viewport: DESKTOP, ...LOCALE });
    const page = await newPage(context);
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-register').click();
    await page.getByTestId('register-form').waitFor();
    expect(new URL(page.url()).pathname).toBe('/register');
    const notes = await page.getByTestId('register-notes').innerText();
    for (const phrase of ['法定代表人本人', '不会向您显示', '经办人无需注册']) expect(notes).toContain(phrase);

    // the code typed in lower case is shown in capitals; the ID number's check character is wrong: said under the field
    await fillRegistration(page, { name: REP.name, idNumber: WRONG_CHECK_ID, username: REP_USERNAME });
    await expect.poll(() => page.getByTestId('register-uscc').inputValue(), POLL).toBe(USCC);
    await page.getByTestId('register-submit').click();
    await expect.poll(() => fieldErrors(page, 'register-id-number').allInnerTexts(), POLL).toEqual([expect.stringContaining('第18位校验码错误')]);
    expect(await page.getByTestId('register-error').count()).toBe(0);
    await shot(page, 'registration-id-error');

    // the right number with a name that is not the registry's: one alert above the form, naming neither part
    await page.getByTestId('register-id-number').fill(REP.idNumber);
    await expect.poll(() => fieldErrors(page, 'register-id-number').count(), POLL).toBe(0);
    await page.getByTestId('register-legal-rep-name').fill('诸葛明');
    await page.getByTestId('register-submit').click();
    const alert = page.getByTestId('register-error');
    await expect.poll(() => alert.getAttribute('data-code').catch(() => null), POLL).toBe('REAL_NAME_MISMATCH');
    const mismatch = await alert.innerText();
    expect(mismatch).toContain('不一致');
    expect(mismatch).not.toContain(REP.name);
    expect(await page.locator('.ant-form-item-explain-error').count()).toBe(0);
    await shot(page, 'registration-mismatch');

    // the registered name: the enterprise and the username are confirmed
    await page.getByTestId('register-legal-rep-name').fill(REP.name);
    await page.getByTestId('register-submit').click();
    await page.getByTestId('register-result').waitFor();
    expect(await page.getByTestId('register-done-enterprise').innerText()).toBe(ENTERPRISE);
    expect(await page.getByTestId('register-done-uscc').innerText()).toBe(USCC);
    expect(await page.getByTestId('register-done-username').innerText()).toBe(REP_USERNAME);
    expect(await page.getByTestId('register-done').innerText()).toContain('实名核验通过');
    expect(await page.getByTestId('register-replaced').count()).toBe(0);
    await shot(page, 'registration-done');

    // the login page has the new username filled in
    await page.getByTestId('register-to-login').click();
    await page.getByTestId('login-form').waitFor();
    await expect.poll(() => page.getByTestId('login-username').inputValue(), POLL).toBe(REP_USERNAME);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('portal-title').innerText().catch(() => ''), POLL).toBe('企业服务');
    expect(new URL(page.url()).pathname).toMatch(/^\/enterprise/);
    expect(await page.getByTestId('current-user-org').innerText()).toBe(ENTERPRISE);

    // 账号管理: the legal representative is listed and cannot be acted on here; an agent's account is opened
    await page.getByTestId('menu-item-/enterprise/accounts').click();
    await page.getByTestId('own-accounts-page').waitFor();
    expect(await page.getByTestId('own-accounts-org').innerText()).toContain(ENTERPRISE);
    const self = page.locator(`[data-testid="account-user-row"][data-username="${REP_USERNAME}"]`);
    await self.waitFor();
    expect(await self.innerText()).toContain('法定代表人');
    expect(await self.innerText()).toContain('（本人）');
    expect(await self.locator('button').count()).toBe(0);
    await page.getByTestId('account-user-new').click();
    await page.getByTestId('account-user-form').waitFor();
    // an enterprise gives the agent role only, already ticked
    const roles = page.getByTestId('account-user-roles');
    expect(await roles.innerText()).toBe('企业经办人');
    expect(await roles.locator('input[type="checkbox"]').isChecked()).toBe(true);
    await page.getByTestId('account-user-username').fill(AGENT);
    await page.getByTestId('account-user-display-name').fill('经办人 诸葛小敏');
    await page.getByTestId('account-user-submit').click();
    const codeModal = page.getByTestId('activation-code-modal');
    await codeModal.waitFor();
    const code = (await codeModal.getByTestId('activation-code').innerText()).trim();
    expect(code.length).toBeGreaterThanOrEqual(6);
    expect(await codeModal.getByTestId('activation-code-username').innerText()).toBe(AGENT);
    expect(await codeModal.getByTestId('activation-code-address').innerText()).toBe(`${server.url}/activate`);
    await shot(page, 'registration-activation-code');
    await page.getByTestId('activation-code-done').click();
    await codeModal.waitFor({ state: 'detached' });
    const agentRow = page.locator(`[data-testid="account-user-row"][data-username="${AGENT}"]`);
    await expect.poll(() => agentRow.getAttribute('data-state').catch(() => null), POLL).toBe('pending_activation');
    expect(await agentRow.innerText()).toContain('企业经办人');
    await shot(page, 'registration-accounts');
    await context.close();

    // the agent, on a phone, in a browser of their own: activation without a second factor, then the enterprise portal
    const phone = await journey.browser.newContext({ viewport: PHONE, ...LOCALE });
    const small = await newPage(phone);
    await small.goto(`${server.url}/activate`);
    await small.getByTestId('activate-form').waitFor();
    await small.getByTestId('activate-username').fill(AGENT);
    await small.getByTestId('activate-code').fill(code);
    await small.getByTestId('activate-password').fill(PASSWORD);
    await small.getByTestId('activate-confirm').fill(PASSWORD);
    await small.getByTestId('activate-submit').click();
    await small.getByTestId('activate-done').waitFor();
    await small.getByTestId('activate-to-login').click();
    await small.getByTestId('login-form').waitFor();
    await small.getByTestId('login-username').fill(AGENT);
    await small.getByTestId('login-password').fill(PASSWORD);
    await small.getByTestId('login-submit').click();
    await small.getByTestId('totp-code').or(small.getByTestId('portal-title')).or(small.getByTestId('login-error')).first().waitFor();
    expect(await small.getByTestId('login-error').isVisible()).toBe(false);
    expect(await small.getByTestId('totp-code').isVisible(), 'an agent signs in without a second factor').toBe(false);
    await expect.poll(() => small.getByTestId('portal-title').innerText().catch(() => ''), POLL).toBe('企业服务');
    expect(new URL(small.url()).pathname).toMatch(/^\/enterprise/);
    // an agent does not manage accounts: the page, reached by its address, says who does
    await small.goto(`${server.url}/enterprise/accounts`);
    await small.getByTestId('own-accounts-page').waitFor();
    expect(await small.getByTestId('own-accounts-page').innerText()).toContain('只有本企业的法定代表人可以管理经办人账号');
    expect(await small.getByTestId('account-users').count()).toBe(0);
    await phone.close();
  }, JOURNEY_TIMEOUT);

  it('on a phone a visitor finds 企业注册 on the home page; registering the same enterprise again leads to the login page', async () => {
    const phone = await journey.browser.newContext({ viewport: PHONE, ...LOCALE });
    const page = await newPage(phone);
    await page.goto(server.url);
    await page.getByTestId('hero').waitFor();
    expect(await page.getByTestId('header-register').isVisible()).toBe(true);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
    await page.getByTestId('hero-register').click();
    await page.getByTestId('register-form').waitFor();
    // the form checks the shape of the codes before sending anything
    await page.getByTestId('register-uscc').fill('91131082MA0');
    await page.getByTestId('register-id-number').fill('13108219820415');
    await page.getByTestId('register-submit').click();
    await expect.poll(() => fieldErrors(page, 'register-uscc').allInnerTexts(), POLL).toEqual(['统一社会信用代码应为 18 位']);
    await expect.poll(() => fieldErrors(page, 'register-id-number').allInnerTexts(), POLL).toEqual(['居民身份证号码应为 18 位']);
    await expect.poll(() => fieldErrors(page, 'register-confirm').allInnerTexts(), POLL).toEqual(['请再次输入密码']);

    // the same legal representative again: told to sign in, with the username half hidden
    await fillRegistration(page, { name: REP.name, idNumber: REP.idNumber, username: 'zhuge_2' });
    await expect.poll(() => page.locator('.ant-form-item-explain-error').count(), POLL).toBe(0);
    await page.getByTestId('register-submit').click();
    const alert = page.getByTestId('register-error');
    await expect.poll(() => alert.getAttribute('data-code').catch(() => null), POLL).toBe('ENTERPRISE_ALREADY_REGISTERED');
    const text = await alert.innerText();
    expect(text).toContain('请直接登录');
    expect(text).toContain(REP_USERNAME.slice(0, 2));
    expect(text).not.toContain(REP_USERNAME);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
    await shot(page, 'registration-phone');

    // the same page in English, still without sideways scrolling
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('register-card').locator('h3').innerText(), POLL).toBe('Register your enterprise');
    expect(await page.getByTestId('register-submit').innerText()).toBe('Check and register');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
    await page.getByTestId('register-error-login').click();
    await page.getByTestId('login-form').waitFor();
    expect(await page.getByTestId('login-register').innerText()).toBe('Register your enterprise');
    await page.goto(server.url);
    await page.getByTestId('hero-register').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
    await phone.close();
  }, JOURNEY_TIMEOUT);
});
