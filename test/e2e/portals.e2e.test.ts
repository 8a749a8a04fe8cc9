import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type DemoUser = TestServer['demo']['users'][number];

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('./__screenshots__/', import.meta.url));
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
/** a user in China: Chinese browser, China Standard Time */
const LOCALE = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const JOURNEY_TIMEOUT = 90_000;

/** What a Chinese-speaking user reads as the portal title (zh-CN is the default language). */
const PORTAL_TITLES: Record<string, string> = {
  enterprise: '企业服务',
  institution: '金融机构',
  provider: '数据提供单位',
  operator: '运营管理',
};
const SIZE_LABELS = ['大型', '中型', '小型', '微型', '暂无法划型'];

describeBrowser('portals in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  /** one signed-in desktop context per demo user, reused so each TOTP code is used once */
  const sessions = new Map<string, BrowserContext>();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // The server serves web/dist: make sure it is built from the current sources (a no-op when it is).
    execFileSync(process.execPath, ['scripts/build-web.mjs'], { cwd: ROOT, stdio: 'inherit' });
    server = await startTestServer({ seedEnterprises: 40 });
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

  async function newPage(viewport = DESKTOP, context?: BrowserContext): Promise<Page> {
    const owner = context ?? (await browser.newContext({ viewport, ...LOCALE, isMobile: viewport === PHONE }));
    const page = await owner.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      // Chromium logs every 4xx answer (e.g. the 401 of /auth/me before login) as a console error; those are
      // expected. Anything else logged as an error is a defect.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        pageErrors.push(`${page.url()}: console.error ${message.text()}`);
      }
    });
    return page;
  }

  function user(portal: string): DemoUser {
    const found = server.demo.users.find((candidate) => candidate.portal === portal);
    if (found === undefined) throw new Error(`the demo data has no ${portal} user`);
    return found;
  }

  /** A TOTP code from a time step this user has not used yet (the server refuses replayed steps). */
  function freshTotp(demoUser: DemoUser): string {
    if (demoUser.totpSecret === null) throw new Error(`${demoUser.username} was asked for a TOTP code but has no secret`);
    return server.nextTotp(demoUser.username);
  }

  async function login(page: Page, demoUser: DemoUser): Promise<void> {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(demoUser.username);
    await page.getByTestId('login-password').fill(server.demo.password);
    await page.getByTestId('login-submit').click();
    const totp = page.getByTestId('totp-code');
    await totp.or(page.getByTestId('portal-title')).or(page.getByTestId('login-error')).first().waitFor();
    if (await page.getByTestId('login-error').isVisible()) {
      throw new Error(`login of ${demoUser.username} failed: ${await page.getByTestId('login-error').innerText()}`);
    }
    if (await totp.isVisible()) {
      await totp.fill(freshTotp(demoUser));
      await page.getByTestId('totp-submit').click();
    }
    await page.getByTestId('portal-title').waitFor();
  }

  /** The signed-in desktop context of the first demo user of `portal`. */
  async function sessionOf(portal: string): Promise<BrowserContext> {
    const demoUser = user(portal);
    const existing = sessions.get(demoUser.username);
    if (existing !== undefined) return existing;
    const context = await browser.newContext({ viewport: DESKTOP, ...LOCALE });
    const page = await newPage(DESKTOP, context);
    await login(page, demoUser);
    await page.close();
    sessions.set(demoUser.username, context);
    return context;
  }

  async function pageWidth(page: Page): Promise<number> {
    return page.evaluate(() => document.documentElement.scrollWidth);
  }

  it('sends a visitor who is not signed in to the login page', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/operator/entities`);
    await page.getByTestId('login-username').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/operator/entities');
    await page.getByTestId('login-username').fill('nobody-here');
    await page.getByTestId('login-password').fill('wrong password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').innerText()).not.toBe('');
    await page.context().close();
  }, JOURNEY_TIMEOUT);

  it('signs every demo user in and shows the portal of its role', async () => {
    expect(server.demo.users.length).toBeGreaterThan(0);
    for (const portal of Object.keys(PORTAL_TITLES)) {
      expect(server.demo.users.some((demoUser) => demoUser.portal === portal), `a demo ${portal} user`).toBe(true);
    }
    for (const demoUser of server.demo.users) {
      const context = await browser.newContext({ viewport: DESKTOP, ...LOCALE });
      const page = await newPage(DESKTOP, context);
      await login(page, demoUser);
      expect(await page.getByTestId('portal-title').innerText(), demoUser.username).toBe(PORTAL_TITLES[demoUser.portal]);
      expect(new URL(page.url()).pathname, demoUser.username).toBe(`/${demoUser.portal}`);
      await page.close();
      if (!sessions.has(demoUser.username)) sessions.set(demoUser.username, context);
      else await context.close();
    }
  }, JOURNEY_TIMEOUT * 2);

  it('shows the enterprise user its own profile with the size class and the rule behind it', async () => {
    const page = await newPage(DESKTOP, await sessionOf('enterprise'));
    await page.goto(`${server.url}/enterprise`);
    await page.getByTestId('size-rule').waitFor();
    expect(SIZE_LABELS).toContain(await page.getByTestId('size-class').innerText());
    expect((await page.getByTestId('size-rule').innerText()).trim()).not.toBe('');
    expect(await page.getByTestId('size-table-version').innerText()).not.toBe('');
    expect(await page.getByTestId('entity-uscc').innerText()).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
    expect(await page.getByTestId('entity-name').innerText()).not.toBe('');
    // the subject sees its own personal data in clear (信息主体免费查询); masking is the server's job
    expect(await page.getByTestId('legal-rep-id-number').innerText()).toMatch(/^[0-9]{17}[0-9X]$/);
    expect(await page.getByTestId('legal-rep-masked').count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}enterprise-profile.png`, fullPage: true });
    await page.close();
  }, JOURNEY_TIMEOUT);

  it('lets the operator find entities by a name keyword and open one', async () => {
    const page = await newPage(DESKTOP, await sessionOf('operator'));
    await page.goto(`${server.url}/operator/entities`);
    const rows = page.getByTestId('entity-row');
    await rows.first().waitFor();
    const firstName = (await rows.first().getByTestId('entity-row-name').innerText()).trim();
    // the API matches a name prefix; two characters match a handful of the demo entities
    const keyword = [...firstName].slice(0, 2).join('');

    await page.getByTestId('entity-search-q').fill(keyword);
    const answered = page.waitForResponse((response) => {
      const url = new URL(response.url());
      return url.pathname === '/api/v1/entities' && url.searchParams.get('q') === keyword;
    });
    await page.getByTestId('entity-search-submit').click();
    expect((await answered).status()).toBe(200);
    await rows.first().waitFor();
    const names = await rows.getByTestId('entity-row-name').allInnerTexts();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toContain(keyword);
    await page.screenshot({ path: `${SCREENSHOTS}operator-search.png`, fullPage: true });

    // narrow by region: pick, in the cascader, the province of the first result
    const regionName = await rows.first().getByTestId('entity-row-region').innerText();
    await page.getByTestId('entity-search-region').click();
    const province = page.locator('.ant-cascader-menu-item').filter({ hasText: /\S/ });
    await province.first().waitFor();
    const provinceNames = await province.allInnerTexts();
    const chosen = provinceNames.map((name) => name.trim()).find((name) => regionName.startsWith(name));
    expect(chosen, `a province prefixing ${regionName}`).toBeDefined();
    await province.filter({ hasText: chosen }).first().click();
    await page.keyboard.press('Escape');
    const byRegion = page.waitForResponse((response) => {
      const url = new URL(response.url());
      return url.pathname === '/api/v1/entities' && url.searchParams.has('region');
    });
    await page.getByTestId('entity-search-submit').click();
    expect((await byRegion).status()).toBe(200);
    await rows.first().waitFor();
    for (const region of await rows.getByTestId('entity-row-region').allInnerTexts()) expect(region.startsWith(chosen ?? '')).toBe(true);

    const uscc = await rows.first().getAttribute('data-uscc');
    await rows.first().click();
    const drawer = page.getByTestId('entity-detail');
    await drawer.getByTestId('size-rule').waitFor();
    expect(await drawer.getByTestId('entity-uscc').innerText()).toBe(uscc);
    expect(SIZE_LABELS).toContain(await drawer.getByTestId('size-class').innerText());
    // an operator reads personal data only as the server masked it
    expect(await drawer.getByTestId('legal-rep-id-number').innerText()).toContain('*');
    await drawer.getByTestId('legal-rep-masked').waitFor();
    // let the drawer finish sliding in before the picture: its position stops changing
    let previousX = Number.NaN;
    await expect
      .poll(async () => {
        const x = (await drawer.boundingBox())?.x ?? Number.NaN;
        const settled = x === previousX && x < DESKTOP.width;
        previousX = x;
        return settled;
      }, { interval: 150 })
      .toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}operator-entity-detail.png` });
    await page.close();
  }, JOURNEY_TIMEOUT);

  it('lets an institution user search entities but refuses it the operator console', async () => {
    const page = await newPage(DESKTOP, await sessionOf('institution'));
    await page.goto(`${server.url}/institution/entities`);
    await page.getByTestId('entity-row').first().click();
    // business data the server withheld is labelled as needing the enterprise's authorisation
    await page.getByTestId('entity-detail').getByTestId('entity-revenue-restricted').waitFor();
    await page.goto(`${server.url}/operator/entities`);
    await page.getByTestId('forbidden-page').waitFor();
    expect(await page.getByTestId('portal-title').innerText()).toBe(PORTAL_TITLES.institution);
    expect(await page.getByTestId('entity-search').count()).toBe(0);
    await page.close();
  }, JOURNEY_TIMEOUT);

  it('switches the interface to English and keeps the choice after a reload', async () => {
    const page = await newPage(DESKTOP, await sessionOf('operator'));
    await page.goto(`${server.url}/operator`);
    const menu = page.getByTestId('side-menu');
    await menu.waitFor();
    expect(await menu.innerText()).toContain('市场主体查询');

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => menu.innerText()).toContain('Entity search');
    expect(await page.getByTestId('portal-title').innerText()).toBe('Operations');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    await page.reload();
    await menu.waitFor();
    expect(await menu.innerText()).toContain('Entity search');

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => menu.innerText()).toContain('市场主体查询');
    await page.close();
  }, JOURNEY_TIMEOUT);

  it('is usable at phone width: login, enterprise profile and entity search fit 375 px', async () => {
    const page = await newPage(PHONE);
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-submit').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
    await page.screenshot({ path: `${SCREENSHOTS}login-375.png` });

    await login(page, user('enterprise'));
    await page.getByTestId('size-rule').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
    await page.screenshot({ path: `${SCREENSHOTS}enterprise-profile-375.png`, fullPage: true });

    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('side-menu').waitFor();
    expect(await page.getByTestId('side-menu').innerText()).toContain('企业档案');
    await page.context().close();

    const operatorState = await (await sessionOf('operator')).storageState();
    const phoneContext = await browser.newContext({ viewport: PHONE, isMobile: true, ...LOCALE, storageState: operatorState });
    const searchPage = await newPage(PHONE, phoneContext);
    await searchPage.goto(`${server.url}/operator/entities`);
    await searchPage.getByTestId('entity-row').first().waitFor();
    expect(await pageWidth(searchPage)).toBeLessThanOrEqual(PHONE.width + 1);
    await searchPage.screenshot({ path: `${SCREENSHOTS}operator-search-375.png`, fullPage: true });
    await phoneContext.close();
  }, JOURNEY_TIMEOUT);

  it('shows the public headline numbers and explains a wrong USCC check character', async () => {
    const page = await newPage(PHONE);
    await page.goto(`${server.url}/`);
    await page.getByTestId('summary-enterprises').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);

    // Start from an all-zero body and let the server name each wrong character until the code is valid.
    let code = '911100000000000000';
    let sawExpected = false;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await page.getByTestId('uscc-input').fill(code);
      const answered = page.waitForResponse((response) => new URL(response.url()).pathname === `/api/v1/codes/uscc/${code}`);
      await page.getByTestId('uscc-check').click();
      expect((await answered).status()).toBe(200);
      await page.getByTestId('uscc-result').waitFor();
      const message = page.getByTestId('uscc-message');
      if ((await message.count()) === 0) break;
      expect((await message.innerText()).trim()).not.toBe('');
      const expected = page.getByTestId('uscc-expected');
      if ((await expected.count()) === 0) break;
      sawExpected = true;
      const position = Number((await page.getByTestId('uscc-position').innerText()).match(/\d+/)?.[0]);
      const chars = [...code];
      chars[position - 1] = (await expected.innerText()).trim();
      code = chars.join('');
    }
    expect(sawExpected).toBe(true);
    expect(await page.getByTestId('uscc-message').count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}public-home-375.png`, fullPage: true });
    await page.context().close();
  }, JOURNEY_TIMEOUT);

  it('signs out and then asks for a login again', async () => {
    const context = await sessionOf('enterprise');
    const page = await newPage(DESKTOP, context);
    await page.goto(`${server.url}/enterprise`);
    await page.getByTestId('logout').click();
    await page.getByTestId('login-username').waitFor();
    await page.goto(`${server.url}/enterprise`);
    await page.getByTestId('login-username').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
    sessions.delete(user('enterprise').username);
  }, JOURNEY_TIMEOUT);

  it('lists the information catalog publicly: categories, items, provider, sharing mode and level', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/`);
    await page.getByTestId('catalog-link').click();
    await page.getByTestId('catalog-page').waitFor();
    await expect.poll(() => page.getByTestId('catalog-category').count()).toBeGreaterThanOrEqual(16);
    await page.getByTestId('catalog-category').filter({ hasText: '纳税信息' }).waitFor();
    const items = await page.getByTestId('catalog-item').allTextContents();
    expect(items).toContain('欠税信息');
    const row = page.locator('tr', { hasText: '欠税信息' });
    expect(await row.textContent()).toMatch(/L[123]/);
    await page.getByTestId('catalog-category').filter({ hasText: '住房公积金' }).click();
    await page.getByTestId('catalog-item').filter({ hasText: '住房公积金缴纳情况' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}catalog.png`, fullPage: true });
    await page.context().close();
  }, JOURNEY_TIMEOUT);
});
