import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { loginAs, type Client } from '../support/http.ts';
import { PHONE, SCREENSHOTS, useJourney } from '../support/journey.ts';
import type { TestServer } from '../support/server.ts';
import { disburseThroughWorkflow, insertDisbursedLoan } from '../../src/modules/policies/test-fixtures.ts';

const JOURNEY_TIMEOUT = 150_000;
const POLL = { timeout: 15_000 };
const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
/** What a county node (固安县) reports upward for this month: 4 credit loans of 200,000 yuan at 4.50 %. */
const COUNTY = '131022';
const COUNTY_LOANS = { loans: 4, loanFen: '80000000', creditLoans: 4, creditLoanFen: '80000000', rateWeight: String(450n * 80_000_000n) };
/** fen → 万元 with two decimals, as the page draws it (integer arithmetic, half up). */
const wan = (fen: string) => Number((BigInt(fen) + 5_000n) / 10_000n) / 100;

describeBrowser('statistics (统计分析) in a real browser', () => {
  let server: TestServer;
  let operatorApi: Client;
  let year: number;
  const journey = useJourney({
    seedEnterprises: 20,
    setup: async (started) => {
      server = started;
      operatorApi = await loginAs(started, 'operator');
      const today = chinaDay(started.now());
      year = Number(today.slice(0, 4));
      const c = { bankAdmin: await loginAs(started, 'bank_admin'), operator: operatorApi, officer: await loginAs(started, 'bank_officer'), enterprise: await loginAs(started, 'ent_demo') };
      // 900,000 yuan at 4.00 % and 100,000 yuan at 8.00 % on credit, and a 500,000 yuan collateral loan elsewhere
      await disburseThroughWorkflow(c, { amountFen: '90000000', rateBp: 400, today });
      await disburseThroughWorkflow(c, { amountFen: '10000000', rateBp: 800, today });
      const [other] = await started.platform.db.query<{ uscc: string }>(
        "SELECT e.uscc FROM entities e WHERE e.region_code <> (SELECT e2.region_code FROM entities e2 JOIN organisations o ON o.uscc = e2.uscc JOIN users u ON u.org_id = o.id WHERE u.username = 'ent_demo') ORDER BY e.uscc LIMIT 1");
      const bank = (await started.services.identity.organisations('institution')).find((o) => o.category === 'bank')!;
      await insertDisbursedLoan(started.platform.db, { uscc: other.uscc, enterpriseOrgId: null, institutionOrgId: bank.id, amountFen: '50000000', rateBp: 500, security: 'collateral', disbursedOn: today });
      // the county node's monthly report, as the federation module hands it over (C15)
      const month = today.slice(0, 7);
      const report = {
        format: 'xinrong.monthly-statistics/v1', node: { name: '固安县融资信用服务平台', tier: 'county', regionCode: COUNTY, regionName: '河北省廊坊市固安县' },
        month, generatedAt: new Date(started.now()).toISOString(), total: COUNTY_LOANS, byRegion: [{ key: COUNTY, label: '固安县', figures: COUNTY_LOANS }],
        byIndustry: [], bySize: [], byProduct: [], byInstitution: [], quality: { physicalItems: 0, onTimeItems: 0, averageCoverageBp: null, averageCompletenessBp: null, errorRateBp: null },
      };
      await started.services.statistics.recordLowerNodeReport({ nodeId: 'xr-sm2-00000000000000aa', nodeName: '固安县融资信用服务平台', regionCode: COUNTY, month, report: report as never });
    },
  });
  const { newPage, signIn, pageWidth } = journey;

  async function shot(page: Page, name: string) {
    await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-spin-spinning, .ant-skeleton').count(), POLL).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  }

  /** Loans of this year per county by direct SQL (the registry's region of the borrower). */
  async function sqlLoansByCounty(): Promise<Map<string, { n: number; fen: string }>> {
    const rows = await server.platform.db.query<{ k: string; n: number; fen: string }>(`SELECT e.region_code AS k, count(*)::int AS n, sum(a.disbursed_amount_fen)::text AS fen
      FROM marketplace_applications a JOIN entities e ON e.uscc = a.uscc WHERE a.disbursed_on >= $1::date AND a.disbursed_on < $2::date GROUP BY 1`, [`${year}-01-01`, `${year + 1}-01-01`]);
    return new Map(rows.map((r) => [r.k, { n: r.n, fen: r.fen }]));
  }

  it('the operator opens the dashboard: the chart is drawn with the figures SQL counts, by county and by institution', async () => {
    const context = await signIn('operator');
    const page = await newPage(context);
    await page.goto(`${server.url}/operator`);
    await page.getByTestId('menu-item-/operator/statistics').click();
    await page.getByTestId('statistics-page').waitFor();
    const chart = page.getByTestId('statistics-chart');
    await chart.waitFor();
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    await expect.poll(() => chart.getAttribute('data-drawn'), POLL).not.toBeNull();
    const [amounts, counts] = JSON.parse((await chart.getAttribute('data-drawn'))!) as [number[], number[]];
    const keys = await page.locator('[data-testid="statistics-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')!));
    expect(keys.length).toBe(amounts.length);
    const sql = await sqlLoansByCounty();
    // the county node's reported loans are part of its county's bar
    const own = sql.get(COUNTY) ?? { n: 0, fen: '0' };
    sql.set(COUNTY, { n: own.n + COUNTY_LOANS.loans, fen: (BigInt(own.fen) + BigInt(COUNTY_LOANS.loanFen)).toString() });
    let drawn = 0;
    keys.forEach((k, i) => {
      expect(counts[i], `loans of ${k}`).toBe(sql.get(k)?.n ?? 0);
      expect(amounts[i], `amount of ${k}`).toBe(wan(sql.get(k)?.fen ?? '0'));
      drawn += counts[i];
    });
    expect(drawn).toBe([...sql.values()].reduce((n, v) => n + v.n, 0));
    expect(drawn).toBeGreaterThanOrEqual(3);
    // the accessible table beside the chart says the same
    for (const [k, v] of sql) expect(await page.locator(`[data-testid="statistics-row"][data-key="${k}"] [data-testid="statistics-cell-loans"]`).innerText()).toBe(String(v.n));
    expect(await page.getByTestId('statistics-total-loans').innerText()).toContain(String(drawn));
    expect(await page.getByTestId('statistics-lower-nodes').innerText()).toContain('固安县融资信用服务平台');
    await shot(page, 'statistics-dashboard');

    await page.getByTestId('statistics-dimension-institution').click();
    const bankRow = page.locator('[data-testid="statistics-row"]').filter({ hasText: '华北示范商业银行廊坊分行' });
    await bankRow.waitFor();
    // the bank's own loans (the county node's report carries no institution breakdown)
    expect(await bankRow.getByTestId('statistics-cell-loans').innerText()).toBe(String(drawn - COUNTY_LOANS.loans));
    expect(await page.getByTestId('statistics-export-xlsx').getAttribute('href')).toContain('dimension=institution');
    await shot(page, 'statistics-by-institution');
    await context.close();
  }, JOURNEY_TIMEOUT);

  it('op_admin sets this year\'s target with the region\'s total and sees the progress', async () => {
    const context = await signIn('operator');
    const page = await newPage(context);
    await page.goto(`${server.url}/operator/statistics`);
    const row = page.locator('[data-testid="statistics-target-row"][data-metric="platform_credit_share"]');
    await row.waitFor();
    await row.getByTestId('statistics-target-edit').click();
    await page.getByTestId('statistics-target-value').fill('80');
    await page.getByTestId('statistics-target-external').fill('2000000');
    await page.getByTestId('statistics-target-save').click();
    // this year's platform credit loans ÷ the 2,000,000 yuan the region lent on credit in all (1,000,000 yuan made above)
    const [credit] = await server.platform.db.query<{ fen: string }>(`SELECT coalesce(sum(disbursed_amount_fen), 0)::text AS fen FROM marketplace_applications
      WHERE disbursed_security = 'credit' AND disbursed_on >= $1::date AND disbursed_on < $2::date`, [`${year}-01-01`, `${year + 1}-01-01`]);
    // …plus the county node's reported credit loans
    const actualBp = Number(((BigInt(credit.fen) + BigInt(COUNTY_LOANS.creditLoanFen)) * 20_000n + 200_000_000n) / 400_000_000n);
    const pct = (bp: number) => `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
    await expect.poll(() => row.getByTestId('statistics-target-actual').innerText(), POLL).toBe(pct(actualBp));
    expect(await row.getAttribute('data-status')).toBe(actualBp >= 8000 ? 'met' : 'behind');
    expect(await row.innerText()).toContain(pct(Math.round((actualBp * 10_000) / 8000)));
    await shot(page, 'statistics-targets');
    await context.close();
  }, JOURNEY_TIMEOUT);

  it('works at phone width without sideways scrolling', async () => {
    const context = await signIn('auditor', PHONE);
    const page = await newPage(context);
    await page.goto(`${server.url}/operator/statistics`);
    await page.getByTestId('statistics-chart').waitFor();
    await shot(page, 'statistics-phone');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
    await context.close();
  }, JOURNEY_TIMEOUT);

  it('the public home page shows the headline with the year\'s loans', async () => {
    const total = [...(await sqlLoansByCounty()).values()].reduce((n, v) => n + v.n, 0) + COUNTY_LOANS.loans;
    for (const [name, viewport] of [['statistics-home', { width: 1280, height: 900 }], ['statistics-home-phone', PHONE]] as const) {
      const context = await journey.browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await newPage(context);
      await page.goto(`${server.url}/`);
      await page.getByTestId('statistics-headline').waitFor();
      await expect.poll(() => page.getByTestId('headline-loans').innerText(), POLL).toContain(String(total));
      expect(await page.getByTestId('headline-credit-share').innerText()).toMatch(/%/);
      await page.getByTestId('statistics-headline').scrollIntoViewIfNeeded();
      await shot(page, name);
      await context.close();
    }
  }, JOURNEY_TIMEOUT);
});
