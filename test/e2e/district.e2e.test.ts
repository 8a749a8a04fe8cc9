import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { Client, loginAs } from '../support/http.ts';
import { DESKTOP, LOCALE, PHONE, SCREENSHOTS, useJourney } from '../support/journey.ts';
import type { TestServer } from '../support/server.ts';
import { totpCode } from '../../src/platform/auth/totp.ts';
import { disburseThroughWorkflow } from '../../src/modules/policies/test-fixtures.ts';

const JOURNEY_TIMEOUT = 150_000;
const POLL = { timeout: 15_000 };
const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const PASSWORD = 'County-operator-2026';

/**
 * District editions (SPEC C15: a city node serves its counties as district editions — own home page, statistics and
 * operators scoped to their region): a visitor goes from the city's home page to a county's, which shows the county's
 * own figures, products and policies; the county's operator sees its county's statistics and nothing above.
 */
describeBrowser('district editions (区县专区) in a real browser', () => {
  let server: TestServer;
  let county: string;
  let countyName: string;
  let totpSecret: string;
  let year: number;
  const journey = useJourney({
    seedEnterprises: 20,
    setup: async (started) => {
      server = started;
      const operator = await loginAs(started, 'operator');
      const enterprise = await loginAs(started, 'ent_demo');
      const today = chinaDay(started.now());
      year = Number(today.slice(0, 4));
      const c = { bankAdmin: await loginAs(started, 'bank_admin'), operator, officer: await loginAs(started, 'bank_officer'), enterprise };
      await disburseThroughWorkflow(c, { amountFen: '30000000', rateBp: 420, today });
      // the demo enterprise's county is the district of this journey
      const uscc = (await enterprise.get('/api/v1/auth/me')).body.org.uscc as string;
      county = (await operator.get(`/api/v1/entities/${uscc}`)).body.regionCode;
      countyName = (await new Client(started.url).get(`/api/v1/codes/regions/${county}`)).body.name;
      // the county's operator department and its supervisor (activated as the person would)
      const dept = await operator.post('/api/v1/accounts/organisations', { kind: 'operator', name: `${countyName}行政审批局`, regionCode: county });
      const made = await operator.post(`/api/v1/accounts/organisations/${dept.body.id}/users`, { username: 'county_supervisor', displayName: '县级统计员', roles: ['op_supervisor'] });
      const act = await new Client(started.url).post('/api/v1/auth/activate', { username: 'county_supervisor', code: made.body.activation.code, password: PASSWORD });
      totpSecret = act.body.totp.secret;
    },
  });
  const { newPage, pageWidth } = journey;

  async function shot(page: Page, name: string) {
    await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton').count(), POLL).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  }

  /** This year's loans to borrowers of the county, by direct SQL. */
  async function sqlCountyLoans(): Promise<number> {
    const [r] = await server.platform.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM marketplace_applications a JOIN entities e ON e.uscc = a.uscc
      WHERE e.region_code = $1 AND a.disbursed_on >= $2::date AND a.disbursed_on < $3::date`, [county, `${year}-01-01`, `${year + 1}-01-01`]);
    return r.n;
  }

  it("a visitor goes from the city's home page to the county's: its own figures, the products serving it and its policies", async () => {
    const context = await journey.browser.newContext({ viewport: DESKTOP, ...LOCALE });
    const page = await newPage(context);
    await page.goto(server.url);
    const link = page.getByTestId(`district-link-${county}`);
    await link.waitFor();
    await link.click();
    await expect.poll(() => page.getByTestId('district-title').innerText(), POLL).toContain(countyName);
    const loans = await sqlCountyLoans();
    expect(loans).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.getByTestId('headline-loans').locator('.ant-statistic-content-value').innerText(), POLL).toBe(String(loans));
    await page.getByTestId('district-product').first().waitFor();
    expect(await page.getByTestId('district-product').count()).toBeGreaterThan(0);
    await shot(page, 'district-home');

    // all products serving the county: the supermarket opens with the county as its region filter
    await page.getByTestId('district-all-products').click();
    await page.waitForURL(/\/products\?region=/);
    await expect.poll(() => page.locator('input#region').inputValue(), POLL).toBe(county);
    await context.close();
  }, JOURNEY_TIMEOUT);

  it("the county's operator sees the county's statistics and cannot rise above them; no city targets", async () => {
    const context = await journey.browser.newContext({ viewport: DESKTOP, ...LOCALE });
    const page = await newPage(context);
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('county_supervisor');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('totp-code').waitFor();
    server.advance(30_000);
    await page.getByTestId('totp-code').fill(totpCode(totpSecret, server.now()));
    await page.getByTestId('totp-submit').click();
    await page.getByTestId('portal-title').waitFor();
    await page.getByTestId('menu-item-/operator/statistics').click();
    await page.getByTestId('statistics-page').waitFor();
    await expect.poll(() => page.getByTestId('statistics-scope').innerText(), POLL).toContain(countyName);
    await expect.poll(() => page.getByTestId('statistics-total-loans').innerText(), POLL).toContain(String(await sqlCountyLoans()));
    expect(await page.getByTestId('statistics-drill-up').count()).toBe(0);
    expect(await page.getByTestId('statistics-targets').count()).toBe(0);
    await shot(page, 'district-operator-statistics');

    // the city-wide view, asked for by address, is refused with the reason
    await page.goto(`${server.url}/operator/statistics?dimension=region&from=${year}-01&to=${year}-12&region=131000`);
    await expect.poll(() => page.getByTestId('statistics-error').innerText(), POLL).toContain(countyName);
    await context.close();
  }, JOURNEY_TIMEOUT);

  it("the county's home page works at phone width and in English", async () => {
    const context = await journey.browser.newContext({ viewport: PHONE, ...LOCALE, locale: 'en' });
    const page = await newPage(context);
    await page.goto(server.url);
    await page.evaluate(() => window.localStorage.setItem('xinrong.lang', 'en'));
    await page.goto(`${server.url}/district/${county}`);
    await expect.poll(() => page.getByTestId('district-title').innerText(), POLL).toContain('financing credit services');
    await page.getByTestId('district-product').first().waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'district-home-phone');
    await context.close();
  }, JOURNEY_TIMEOUT);
});
