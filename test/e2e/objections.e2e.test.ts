import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { loginAs, type Client } from '../support/http.ts';
import { PHONE, SCREENSHOTS, useJourney } from '../support/journey.ts';
import type { TestServer } from '../support/server.ts';
import { addPeriod } from '../../src/modules/repair/index.ts';
import { localDate, offsetMs } from '../../src/modules/objections/index.ts';

const JOURNEY_TIMEOUT = 150_000;
const POLL = { timeout: 15_000 };
const PDF = { name: '复议决定书.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% e2e evidence\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') };
const HEADER = 'uscc,subject_name,record_uid,penalty_category,penalty_content,fine_amount,decision_date,authority_name';

describeBrowser('objections (异议申诉) and credit repair (信用修复) in a real browser', () => {
  let server: TestServer;
  let uscc: string;
  let entApi: Client;
  const journey = useJourney({
    seedEnterprises: 20,
    setup: async (started) => {
      server = started;
      const { identity, aggregation } = started.services;
      // the unit that provides administrative penalties, with a person who answers objections
      const orgId = await identity.createOrganisation({ kind: 'provider', name: '廊坊市发展和改革委员会', regionCode: '131000', category: 'development_reform' });
      await identity.createUser({ orgId, username: 'dr_provider', displayName: '数据专员 周洁', password: started.demo.password, roles: ['provider_admin'], realNameVerified: true });
      started.demo.users.push({ username: 'dr_provider', displayName: '数据专员 周洁', roles: ['provider_admin'], portal: 'provider', org: '廊坊市发展和改革委员会', totpSecret: null });
      entApi = await loginAs(started, 'ent_demo');
      uscc = (await entApi.get('/api/v1/auth/me')).body.org.uscc;
      const today = localDate(started.now(), offsetMs('+08:00'));
      const rows = [
        [uscc, '示范企业', 'E2E-OBJ', '罚款', '罚款', '8000', addPeriod(today, { months: 2 }, -1), '廊坊市生态环境局'],
        [uscc, '示范企业', 'E2E-REPAIR', '罚款', '罚款', '20000', addPeriod(today, { months: 6 }, -1), '廊坊市生态环境局'],
      ];
      const body = Buffer.from([HEADER, ...rows.map((r) => r.join(','))].join('\n') + '\n');
      await aggregation.submit({
        submitter: { orgId, orgKind: 'provider', category: 'development_reform', actor: 'e2e' }, batchKey: 'e2e-penalties', itemCode: 'ADMIN_PENALTY',
        format: 'csv', source: 'api', open: () => (async function* () { yield body; })(),
      });
      // the legal representative has signed the credit commitment (self-report) already
      const text = (await entApi.get('/api/v1/self-reports/commitment')).body.text;
      expect((await entApi.post('/api/v1/self-reports/commitment', { textVersion: text.version, accept: true })).status).toBe(201);
    },
  });
  const { newPage, signIn, pageWidth } = journey;

  async function shot(page: Page, name: string) {
    await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton, .ant-message-notice').count(), POLL).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  }

  it('the enterprise objects to a record; the provider corrects it; the enterprise sees the whole history', async () => {
    const ent = await signIn('ent_demo');
    const page = await newPage(ent);
    await page.goto(`${server.url}/enterprise`);
    await page.getByTestId('menu-item-/enterprise/objections').click();
    await page.getByTestId('objections-page').waitFor();
    const row = page.locator('[data-testid="objections-record-row"][data-key="E2E-OBJ"]');
    await row.getByTestId('objections-record-object').click();
    await page.getByTestId('objection-file-reason').fill('该罚款已经行政复议决定撤销，请核实更正');
    await page.getByTestId('objection-file-evidence').locator('input[type="file"]').setInputFiles(PDF);
    await page.getByTestId('objection-file-submit').click();
    await page.getByTestId('objection-drawer').getByTestId('objection-timeline').waitFor();
    await page.keyboard.press('Escape');
    await row.getByTestId('objections-record-flag').waitFor();
    // flagged at once for an institution reading the public data too
    const bank = await loginAs(server, 'bank_officer');
    const data = await bank.get(`/api/v1/consent/data/${uscc}?items=ADMIN_PENALTY`);
    expect(data.body.items[0].records.find((r: { key: string }) => r.key === 'E2E-OBJ').objection).toMatchObject({ state: 'open' });
    await page.locator('[data-testid="objection-row"][data-key="E2E-OBJ"]').waitFor();
    await shot(page, 'objections-enterprise-filed');

    const provider = await signIn('dr_provider');
    const pp = await newPage(provider);
    await pp.goto(`${server.url}/provider`);
    await pp.getByTestId('menu-item-/provider/objections').click();
    await pp.getByTestId('objections-handler-page').waitFor();
    const todo = pp.locator('[data-testid="objection-row"][data-key="E2E-OBJ"]');
    expect(await todo.getByTestId('objection-countdown').innerText()).toContain('20');
    await shot(pp, 'objections-provider-todo');
    await todo.getByTestId('objection-open').click();
    await pp.getByTestId('objection-decision-form').waitFor();
    await pp.getByTestId('objection-outcome-corrected').click();
    await pp.getByTestId('objection-value-fine_amount').fill('800');
    await pp.getByTestId('objection-decision-reason').fill('经核实原罚款金额录入错误，已更正为 800 元');
    await pp.getByTestId('objection-decision-submit').click();
    await expect.poll(() => pp.getByTestId('objection-outcome').getAttribute('data-outcome'), POLL).toBe('corrected');
    await shot(pp, 'objections-provider-answered');
    const history = await server.services.aggregation.history(uscc, 'ADMIN_PENALTY', 'E2E-OBJ');
    expect(history.map((h) => h.data.fine_amount)).toEqual(['8000', '800']);

    await page.reload();
    await page.locator('[data-testid="objection-row"][data-key="E2E-OBJ"]').getByTestId('objection-open').click();
    const events = page.getByTestId('objection-drawer').getByTestId('objection-event');
    await expect.poll(() => events.count(), POLL).toBe(2);
    expect(await events.nth(1).innerText()).toContain('数据提供单位');
    expect(await events.nth(1).innerText()).toContain('经核实原罚款金额录入错误');
    await page.getByTestId('objection-appeal-form').waitFor();
    await shot(page, 'objections-enterprise-history');
    await ent.close();
    await provider.close();
  }, JOURNEY_TIMEOUT);

  it('the enterprise applies for credit repair; the operator approves; the record stops being published (phone too)', async () => {
    const ent = await signIn('ent_demo');
    const page = await newPage(ent);
    await page.goto(`${server.url}/enterprise/repair`);
    await page.getByTestId('repair-page').waitFor();
    const row = page.locator('[data-testid="repair-record-row"][data-key="E2E-REPAIR"]');
    expect(await row.locator('[data-code="shortest_period"]').getAttribute('data-satisfied')).toBe('true');
    expect(await row.locator('[data-code="commitment"]').getAttribute('data-satisfied')).toBe('true');
    // the other penalty is too recent: the server names the first allowed date
    await page.locator('[data-testid="repair-record-row"][data-key="E2E-OBJ"]').getByTestId('repair-apply').click();
    await page.getByTestId('repair-apply-statement').fill('罚款已全额缴纳，整改已完成并通过复查');
    await page.getByTestId('repair-apply-performance').locator('input[type="file"]').setInputFiles({ ...PDF, name: '缴款凭证.pdf' });
    await page.getByTestId('repair-apply-submit').click();
    expect(await page.getByTestId('repair-apply-error').innerText()).toContain('起方可申请信用修复');
    await page.keyboard.press('Escape');

    await row.getByTestId('repair-apply').click();
    await page.getByTestId('repair-apply-statement').fill('罚款已全额缴纳，整改已完成并通过复查');
    await page.getByTestId('repair-apply-performance').locator('input[type="file"]').setInputFiles({ ...PDF, name: '缴款凭证.pdf' });
    await page.getByTestId('repair-apply-submit').click();
    await expect.poll(() => row.getByTestId('repair-status').getAttribute('data-status'), POLL).toBe('pending');
    await shot(page, 'repair-enterprise-applied');

    const op = await signIn('operator');
    const opPage = await newPage(op);
    await opPage.goto(`${server.url}/operator`);
    await opPage.getByTestId('menu-item-/operator/repair').click();
    await opPage.getByTestId('repair-decisions-page').waitFor();
    expect(await opPage.getByTestId('repair-count-pending').innerText()).toContain('1');
    await opPage.locator('[data-testid="repair-application-row"][data-key="E2E-REPAIR"]').getByTestId('repair-open').click();
    await opPage.getByTestId('repair-document').waitFor();
    await opPage.getByTestId('repair-decide-approve').click();
    await opPage.getByTestId('repair-decide-reason').fill('缴款凭证齐全，符合修复条件');
    await shot(opPage, 'repair-operator-decide');
    await opPage.getByTestId('repair-decide-submit').click();
    await expect.poll(() => opPage.locator('[data-testid="repair-application-row"][data-key="E2E-REPAIR"]').count(), POLL).toBe(0);
    expect((await server.services.aggregation.records(uscc, 'ADMIN_PENALTY', null)).map((r) => r.key)).not.toContain('E2E-REPAIR');

    const phone = await signIn('ent_demo', PHONE);
    const pp = await newPage(phone);
    await pp.goto(`${server.url}/enterprise/repair`);
    const repaired = pp.locator('[data-testid="repair-record-row"][data-key="E2E-REPAIR"]');
    await expect.poll(() => repaired.getByTestId('repair-withheld').getAttribute('data-reason'), POLL).toBe('repaired');
    expect(await repaired.getByTestId('repair-status').getAttribute('data-status')).toBe('approved');
    expect(await pageWidth(pp)).toBeLessThanOrEqual(PHONE.width + 1);
    await shot(pp, 'repair-enterprise-phone');
    await pp.goto(`${server.url}/enterprise/objections`);
    await pp.getByTestId('objections-page').waitFor();
    await pp.locator('[data-testid="objection-row"]').first().waitFor();
    expect(await pageWidth(pp)).toBeLessThanOrEqual(PHONE.width + 1);
    await shot(pp, 'objections-enterprise-phone');
    await ent.close();
    await op.close();
    await phone.close();
  }, JOURNEY_TIMEOUT);
});
