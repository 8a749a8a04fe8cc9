import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { loginAs, type Client } from '../support/http.ts';
import { PHONE, SCREENSHOTS, useJourney } from '../support/journey.ts';
import type { TestServer } from '../support/server.ts';

const JOURNEY_TIMEOUT = 120_000;
const POLL = { timeout: 15_000 };
/** ADMIN_LICENSE (行政许可信息): public L1, with the legal representative's name and ID number as personal fields. */
const LICENCE_HEADER = ['统一社会信用代码', '行政相对人名称', '法定代表人', '法定代表人证件号码', '许可编号', '唯一标识'];

describeBrowser('public information pushes (公开信息批量推送) in a real browser', () => {
  let server: TestServer;
  let bankAdminApi: Client;
  let operatorApi: Client;
  /** an enterprise inside the subscribed region and one outside it */
  let inside: { uscc: string; name: string; region: string };
  let outside: { uscc: string; name: string } | undefined;
  const journey = useJourney({
    seedEnterprises: 20,
    setup: async (started) => {
      server = started;
      bankAdminApi = await loginAs(started, 'bank_admin');
      operatorApi = await loginAs(started, 'operator');
      const rows = await started.platform.db.query<{ uscc: string; name: string; region_code: string }>('SELECT uscc, name, region_code FROM entities ORDER BY uscc');
      const first = rows[0];
      inside = { uscc: first.uscc, name: first.name, region: first.region_code };
      const other = rows.find((r) => r.region_code !== first.region_code);
      outside = other ? { uscc: other.uscc, name: other.name } : undefined;
    },
  });
  const { newPage, signIn, chooseOption, pageWidth } = journey;

  async function shot(page: Page, name: string) {
    await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-spin-spinning, .ant-spin-blur, .ant-skeleton').count(), POLL).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  }

  /** A provider batch of licences arrives, as an operator's portal upload would submit it. */
  async function licences(batchId: string, rows: { uscc: string; name: string; uid: string }[]) {
    const csv = `\uFEFF${LICENCE_HEADER.join(',')}\r\n${rows.map((r) => [r.uscc, r.name, '张伟', '11010519491231002X', `XK-${r.uid}`, r.uid].join(',')).join('\r\n')}\r\n`;
    const submitted = await operatorApi.request('POST', `/api/v1/aggregation/batches?item=ADMIN_LICENSE&batchId=${batchId}&source=portal`, csv, { 'content-type': 'text/csv' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBeLessThan(300);
    await expect.poll(async () => (await operatorApi.get(`/api/v1/aggregation/batches/${submitted.body.id}`)).body.status, POLL).toBe('completed');
  }

  it('the institution admin subscribes; a provider batch arrives; the batch shows the region\'s records, masked', async () => {
    const context = await signIn('bank_admin');
    const page = await newPage(context);
    await page.goto(`${server.url}/institution`);
    await page.getByTestId('menu-item-/institution/pushes').click();
    await page.getByTestId('pushes-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/institution/pushes');
    await page.getByTestId('pushes-batches-none').waitFor();

    // items: only public ones are offered
    await page.getByTestId('pushes-subscription-items-input').click();
    await chooseOption(page, '(ADMIN_LICENSE)');
    await page.keyboard.press('Escape');
    await page.getByTestId('pushes-subscription-regions-input').click();
    await page.keyboard.type(inside.region);
    await page.keyboard.press('Enter');
    await page.getByTestId('pushes-subscription-save').click();
    await expect.poll(async () => (await bankAdminApi.get('/api/v1/pushes/subscription')).body, POLL)
      .toMatchObject({ subscribed: true, items: ['ADMIN_LICENSE'], regionPrefixes: [inside.region], frequency: 'daily' });
    await page.getByTestId('pushes-subscription-next').waitFor();
    const offered = (await bankAdminApi.get('/api/v1/pushes/items')).body.items.map((i: { code: string }) => i.code);
    expect(offered).not.toContain('UTILITY_WATER');
    await shot(page, 'pushes-subscription');

    // a provider batch arrives (one record in the region, one outside it), and the batch job runs
    await licences('push-e2e-1', [{ ...inside, uid: 'E2E-IN' }, ...(outside ? [{ ...outside, uid: 'E2E-OUT' }] : [])]);
    const run = await operatorApi.post('/api/v1/pushes/runs', {});
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    const batch = (run.body.batches as { batchId: string; entries: number }[])[0];
    expect(batch.entries).toBe(1);

    await page.reload();
    const row = page.locator(`[data-testid="pushes-batch-row"][data-batch-id="${batch.batchId}"]`);
    await row.waitFor();
    expect(await row.getByTestId('pushes-batch-count').innerText()).toBe('1');
    await shot(page, 'pushes-batches');

    await row.getByTestId('pushes-batch-open').click();
    await page.getByTestId('push-batch-page').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/institution/pushes/${batch.batchId}`);
    const entry = page.getByTestId('push-entry-row');
    await expect.poll(() => entry.count(), POLL).toBe(1);
    expect(await entry.getAttribute('data-uscc')).toBe(inside.uscc);
    expect(await entry.getAttribute('data-key')).toBe('E2E-IN');
    const data = entry.getByTestId('push-entry-data');
    expect(await data.locator('[data-field="legal_rep_name"]').innerText()).toContain('张*');
    expect(await data.innerText()).not.toContain('11010519491231002X');
    expect(await page.getByTestId('push-batch-count').innerText()).toBe('1');
    await shot(page, 'pushes-batch-detail');
    await context.close();
  }, JOURNEY_TIMEOUT);

  it('a loan officer reads the batches but not the subscription editor, on a phone too', async () => {
    const context = await signIn('bank_officer', PHONE);
    const page = await newPage(context);
    await page.goto(`${server.url}/institution/pushes`);
    await page.getByTestId('pushes-page').waitFor();
    await page.getByTestId('pushes-batch-row').first().waitFor();
    expect(await page.getByTestId('pushes-subscription-save').count()).toBe(0);
    expect(await page.getByTestId('pushes-subscription-items').innerText()).toContain('行政许可');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
    await shot(page, 'pushes-officer-phone');
    await context.close();
  }, JOURNEY_TIMEOUT);
});
