import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { uuidv7 } from '../../src/platform/crypto/index.ts';
import { describeBrowser } from '../support/browser.ts';
import { loginAs, type Client } from '../support/http.ts';
import { PHONE, SCREENSHOTS, useJourney } from '../support/journey.ts';
import type { TestServer } from '../support/server.ts';

const JOURNEY_TIMEOUT = 150_000;
const POLL = { timeout: 60_000 };
const DAY = 86_400_000;
const ENFORCEMENT = '统一社会信用代码,被执行人名称,案号,执行法院,立案日期,执行标的,案件状态';

describeBrowser('risk monitoring and early warning (风险监测预警) in a real browser', () => {
  let server: TestServer;
  let operatorApi: Client;
  let officerApi: Client;
  let borrower: string;
  let bankId: string;
  let loanId: string;
  const journey = useJourney({
    seedEnterprises: 12,
    setup: async (started) => {
      server = started;
      operatorApi = await loginAs(started, 'operator');
      officerApi = await loginAs(started, 'bank_officer');
      bankId = (await started.services.identity.organisations('institution')).find((o) => o.name.includes('华北示范商业银行'))!.id;
      [{ uscc: borrower }] = await started.platform.db.query<{ uscc: string }>("SELECT o.uscc FROM organisations o JOIN users u ON u.org_id = o.id WHERE u.username = 'ent_demo'");
      // a platform loan of the demo enterprise from the demo bank, being repaid (the workflow's end state)
      loanId = uuidv7();
      const at = new Date(started.now() - 60 * DAY);
      await started.platform.db.query(`INSERT INTO marketplace_applications (id, origin, uscc, institution_org_id, status, amount_fen, term_months, submitted_at, updated_at,
          disbursed_amount_fen, disbursed_rate_bp, disbursed_term_months, disbursed_security, disbursed_on, repayment_status, overdue_days)
        VALUES ($1, 'apply', $2, $3, 'repaying', 200000000, 12, $4::timestamptz, $4::timestamptz, 200000000, 420, 12, 'credit', $5::date, 'performing', 0)`,
      [loanId, borrower, bankId, at, at.toISOString().slice(0, 10)]);
    },
  });
  const { newPage, signIn, chooseOption, pageWidth } = journey;

  async function shot(page: Page, name: string) {
    await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-spin-spinning, .ant-skeleton').count(), { timeout: 15_000 }).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  }

  it('a court enforcement record arrives for a borrower; the loan officer finds the alert, acknowledges and closes it with notes', async () => {
    const csv = `\uFEFF${ENFORCEMENT}\r\n${borrower},示范企业,(2026)冀1002执888号,廊坊市广阳区人民法院,2026-11-25,420000.00,执行中\r\n`;
    const submitted = await operatorApi.request('POST', '/api/v1/aggregation/batches?item=COURT_ENFORCEMENT&batchId=mon-e2e-1&source=portal', csv, { 'content-type': 'text/csv' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBeLessThan(300);
    await expect.poll(async () => (await officerApi.get('/api/v1/monitoring/alerts')).body.items.length, POLL).toBe(1);

    const context = await signIn('bank_officer');
    const page = await newPage(context);
    await page.goto(`${server.url}/institution`);
    await page.getByTestId('menu-item-/institution/monitoring').click();
    await page.getByTestId('monitoring-inbox-page').waitFor();
    const row = page.getByTestId('monitoring-alert-row').first();
    await row.waitFor();
    expect(await row.getAttribute('data-rule')).toBe('court_enforcement');
    expect(await row.getByTestId('monitoring-alert-title').innerText()).toContain('被执行人');
    await shot(page, 'monitoring-inbox');

    await row.getByTestId('monitoring-alert-open').click();
    const drawer = page.getByTestId('monitoring-alert-drawer');
    await drawer.getByTestId('monitoring-drawer-fact').waitFor();
    expect(await drawer.getByTestId('monitoring-drawer-fact').innerText()).toContain('执行中');
    await drawer.getByTestId('monitoring-drawer-note').fill('已致电企业财务负责人核实案情');
    await drawer.getByTestId('monitoring-drawer-acknowledge').click();
    await expect.poll(() => drawer.getAttribute('data-status'), POLL).toBe('acknowledged');
    // closing needs a note: the server refuses an empty one and the drawer says so
    await drawer.getByTestId('monitoring-drawer-close').click();
    await drawer.getByTestId('monitoring-drawer-action-error').waitFor();
    await drawer.getByTestId('monitoring-drawer-note').fill('执行标的已和解，企业追加保证担保');
    await drawer.getByTestId('monitoring-drawer-close').click();
    await expect.poll(() => drawer.getAttribute('data-status'), POLL).toBe('closed');
    expect(await drawer.getByTestId('monitoring-history-entry').count()).toBe(3);
    await shot(page, 'monitoring-alert-closed');
    const alerts = (await officerApi.get('/api/v1/monitoring/alerts')).body.items;
    expect(alerts[0]).toMatchObject({ status: 'closed', closedBy: 'bank_officer' });
    await context.close();
  }, JOURNEY_TIMEOUT);

  it('the operator sees the risk dashboard with the trend and the enterprises at a default level, and publishes a rule change', async () => {
    // the loan falls 100 days overdue: the enterprise is put at 一般失信
    await server.platform.db.query("UPDATE marketplace_applications SET repayment_status = 'overdue', overdue_days = 100 WHERE id = $1", [loanId]);
    await server.services.monitoring.sweepLevels();
    // a second alert stays unacknowledged: the borrower's public-credit grade falls from A to B-
    await server.platform.db.query(`INSERT INTO enterprise_scores (uscc, model_version, score, grade, dimensions, reasons, computed_at, changed_at)
      VALUES ($1, 1, 760, 'A', '[]', '[]', $2, $2) ON CONFLICT (uscc) DO UPDATE SET grade = 'A', computed_at = $2, changed_at = $2`, [borrower, new Date(server.now())]);
    // the consumer (every 2 s) takes grade A as the borrower's baseline before it falls
    await expect.poll(async () => (await server.platform.db.query<{ grade: string }>('SELECT grade FROM monitoring_grade_baselines WHERE uscc = $1', [borrower]))[0]?.grade, POLL).toBe('A');
    await server.platform.db.query("UPDATE enterprise_scores SET grade = 'B-', changed_at = $2, computed_at = $2 WHERE uscc = $1", [borrower, new Date(server.now() + 1000)]);
    await expect.poll(async () => (await officerApi.get('/api/v1/monitoring/alerts?status=open')).body.items.length, POLL).toBe(1);

    const context = await signIn('operator');
    const page = await newPage(context);
    await page.goto(`${server.url}/operator`);
    await page.getByTestId('menu-item-/operator/monitoring').click();
    await page.getByTestId('monitoring-dashboard').waitFor();
    await page.getByTestId('monitoring-trend-chart').waitFor();
    expect(await page.getByTestId('monitoring-total-open').innerText()).toContain('1');
    await page.getByTestId('monitoring-oldest').getByTestId('monitoring-alert-row').first().waitFor();
    const level = page.getByTestId('monitoring-level-row');
    await expect.poll(() => level.count(), POLL).toBe(1);
    expect(await level.getAttribute('data-uscc')).toBe(borrower);
    expect(await level.getByTestId('monitoring-level').getAttribute('data-level')).toBe('general');
    await shot(page, 'monitoring-dashboard');

    await page.getByTestId('monitoring-tab-rules').click();
    const editor = page.getByTestId('monitoring-rule-editor');
    await editor.waitFor();
    expect(await editor.getAttribute('data-version')).toBe('1');
    const water = editor.locator('[data-testid="monitoring-rule-row"][data-rule="water_arrears"]');
    await water.getByTestId('monitoring-rule-severity').click();
    await chooseOption(page, '中');
    await editor.getByTestId('monitoring-rules-publish').click();
    await expect.poll(async () => editor.getAttribute('data-version'), POLL).toBe('2');
    const active = (await operatorApi.get('/api/v1/monitoring/rules')).body.active;
    expect(active.definition.rules.find((r: { id: string }) => r.id === 'water_arrears').severity).toBe('medium');
    await shot(page, 'monitoring-rules');
    await context.close();
  }, JOURNEY_TIMEOUT);

  it('the enterprise at 一般失信 is refused a new application; the officer reads the inbox on a phone', async () => {
    const ent = await loginAs(server, 'ent_demo');
    const refused = await ent.post('/api/v1/marketplace/applications', { productId: uuidv7(), amountFen: '100000000', termMonths: 12, materials: [] });
    expect([refused.status, refused.body.code]).toEqual([403, 'APPLICATION_RESTRICTED_DEFAULT_LEVEL']);
    // the enterprise sees its own level, what it means and its history
    const own = await signIn('ent_demo');
    const ownPage = await newPage(own);
    await ownPage.goto(`${server.url}/enterprise`);
    await ownPage.getByTestId('menu-item-/enterprise/credit-level').click();
    await ownPage.getByTestId('monitoring-my-level-page').waitFor();
    expect(await ownPage.getByTestId('monitoring-level').getAttribute('data-level')).toBe('general');
    expect(await ownPage.getByTestId('monitoring-my-level-page').innerText()).toContain('暂停新的融资申请');
    await shot(ownPage, 'monitoring-enterprise-level');
    await own.close();
    const context = await signIn('bank_officer', PHONE);
    const page = await newPage(context);
    await page.goto(`${server.url}/institution/monitoring`);
    await page.getByTestId('monitoring-alert-row').first().waitFor();
    await page.getByTestId('monitoring-level-row').first().waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
    await shot(page, 'monitoring-inbox-phone');
    await context.close();
  }, JOURNEY_TIMEOUT);
});
