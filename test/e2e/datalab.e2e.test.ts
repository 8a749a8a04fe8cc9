import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { sm3Hex } from '../../src/platform/crypto/index.ts';
import { writtenAuthorisation } from '../../src/modules/cleanroom/test-fixtures.ts';
import { describeBrowser } from '../support/browser.ts';
import { loginAs, type Client } from '../support/http.ts';
import { PHONE, SCREENSHOTS, useJourney } from '../support/journey.ts';
import type { TestServer } from '../support/server.ts';

const JOURNEY_TIMEOUT = 150_000;
const POLL = { timeout: 20_000 };
const DAY = 86_400_000;
/** a spec whose score is an invertible function of one raw value: the editor shows the leak before anything is sent */
const LEAKING = { kind: 'logistic', intercept: 0, terms: [{ feature: 'tax_paid_12m', coefficient: 1 }], cutoffs: [{ band: 'all' }] };

describeBrowser('data lab (数据实验室): clean-room models in a real browser', () => {
  let server: TestServer;
  let bankAdminApi: Client;
  let authorised: string[];
  const journey = useJourney({
    seedEnterprises: 20,
    setup: async (started) => {
      server = started;
      bankAdminApi = await loginAs(started, 'bank_admin');
      const operatorApi = await loginAs(started, 'operator');
      const bank = (await started.services.identity.organisations('institution')).find((o) => o.name === '华北示范商业银行廊坊分行')!;
      authorised = (await started.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities ORDER BY uscc LIMIT 12')).map((r) => r.uscc);
      const validTo = new Date(started.now() + 30 * DAY).toISOString();
      // twelve enterprises let the bank run models over their data (written authorisations entered by the operator)
      for (const uscc of authorised) await writtenAuthorisation(operatorApi, { uscc, institutionId: bank.id, validTo });
    },
  });
  const { newPage, signIn, pageWidth } = journey;

  async function shot(page: Page, name: string) {
    await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton, .ant-message-notice').count(), POLL).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  }

  it('the institution submits a spec, the operator approves it, the institution runs it and downloads the scores', async () => {
    const bank = await signIn('bank_admin');
    const page = await newPage(bank);
    await page.goto(`${server.url}/institution`);
    await page.getByTestId('menu-item-/institution/datalab').click();
    await page.getByTestId('datalab-page').waitFor();
    await page.getByTestId('datalab-models-none').waitFor();

    // the editor checks on the server: a leaking spec shows its reason and is not submitted
    await page.getByTestId('datalab-new-model').click();
    await page.getByTestId('datalab-editor-name').fill('小微企业信用评分卡');
    await page.getByTestId('datalab-editor-spec').fill(JSON.stringify(LEAKING, null, 2));
    await page.getByTestId('datalab-editor-check').click();
    const leak = page.getByTestId('datalab-editor-leaks-item');
    await leak.first().waitFor();
    expect(await leak.first().getAttribute('data-code')).toBe('LEAK_INVERTIBLE_LOGISTIC');
    expect(await leak.first().innerText()).toContain('可逆函数');
    await page.getByTestId('datalab-editor-submit').click();
    await page.getByTestId('datalab-editor-error').waitFor();
    expect((await bankAdminApi.get('/api/v1/cleanroom/specs')).body.items).toEqual([]);
    await shot(page, 'datalab-editor-leak');

    // the scorecard template passes and is submitted for review
    await page.getByTestId('datalab-template-scorecard').click();
    await page.getByTestId('datalab-editor-check').click();
    await page.getByTestId('datalab-editor-valid').waitFor();
    await page.getByTestId('datalab-editor-submit').click();
    const model = page.getByTestId('datalab-model-row');
    await model.waitFor();
    expect(await model.getByTestId('datalab-model-versions').innerText()).toContain('待审核');
    expect(await model.getByTestId('datalab-model-run').isDisabled()).toBe(true);

    // the operator sees it pending (first version, full spec) and approves
    const op = await signIn('operator');
    const opPage = await newPage(op);
    await opPage.goto(`${server.url}/operator`);
    await opPage.getByTestId('menu-item-/operator/datalab').click();
    const pending = opPage.getByTestId('datalab-pending-item');
    await pending.waitFor();
    expect(await pending.innerText()).toContain('小微企业信用评分卡');
    await shot(opPage, 'datalab-operator-pending');
    await pending.getByTestId('datalab-approve').click();
    await opPage.getByTestId('datalab-pending-none').waitFor();

    // the institution runs the approved version over its authorised enterprises
    await page.reload();
    await model.getByTestId('datalab-model-run').click();
    const row = page.getByTestId('datalab-run-row').first();
    await row.waitFor();
    await expect.poll(() => row.getAttribute('data-status'), POLL).toBe('completed');
    expect(await row.getByTestId('datalab-run-population').innerText()).toBe('12');
    expect(await row.getByTestId('datalab-run-scored').innerText()).toBe('12');
    const outputSm3 = await row.getByTestId('datalab-run-output-sm3').getAttribute('data-hash');
    await shot(page, 'datalab-runs');

    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('datalab-run-download-csv').click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(sm3Hex(csv)).toBe(outputSm3);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('uscc,score,band');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([...authorised].sort());

    // the operator's audit view shows the run's hashes and digests, never the scores
    await opPage.getByTestId('datalab-tab-audit').click();
    const audited = opPage.getByTestId('datalab-audit').getByTestId('datalab-run-row').first();
    await audited.waitFor();
    expect(await audited.getByTestId('datalab-run-output-sm3').getAttribute('data-hash')).toBe(outputSm3);
    expect(await audited.getByTestId('datalab-run-population-sm3').getAttribute('data-hash')).toBe(sm3Hex([...authorised].sort().join('\n')));
    expect(await audited.getByTestId('datalab-run-download-csv').count()).toBe(0);
    await shot(opPage, 'datalab-operator-audit');

    // a changed spec is a new version: the operator reviews it with its difference from the approved one
    const spec = (await bankAdminApi.get('/api/v1/cleanroom/specs')).body.items[0];
    const changed = structuredClone(spec.versions[0].spec);
    changed.cutoffs[0].min = 650;
    expect((await bankAdminApi.post(`/api/v1/cleanroom/specs/${spec.id}/versions`, { spec: changed })).status).toBe(201);
    await opPage.getByTestId('datalab-tab-pending').click();
    const diff = opPage.getByTestId('datalab-diff-row');
    await diff.first().waitFor();
    expect(await diff.count()).toBe(1);
    expect(await diff.first().innerText()).toContain('cutoffs[0].min');
    expect(await diff.first().innerText()).toContain('650');
    await shot(opPage, 'datalab-operator-diff');
    await op.close();
    await bank.close();
  }, JOURNEY_TIMEOUT);

  it('shows PSI jobs and federated trainings, or says the service is not offered yet, on a phone too', async () => {
    const context = await signIn('bank_officer', PHONE);
    const page = await newPage(context);
    await page.goto(`${server.url}/institution/datalab`);
    await page.getByTestId('datalab-tab-privacy').click();
    for (const id of ['datalab-psi', 'datalab-trainings']) {
      const card = page.getByTestId(id);
      await card.waitFor();
      await expect.poll(() => card.getAttribute('data-available'), POLL).not.toBe('loading');
      const available = await card.getAttribute('data-available');
      if (available === 'false') await card.getByTestId(`${id}-unavailable`).waitFor();
    }
    await shot(page, 'datalab-privacy-phone');
    // a loan officer reads but does not write models
    await page.getByTestId('datalab-tab-models').click();
    await page.getByTestId('datalab-model-row').waitFor();
    expect(await page.getByTestId('datalab-new-model').count()).toBe(0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
    await shot(page, 'datalab-models-phone');
    await context.close();
  }, JOURNEY_TIMEOUT);
});
