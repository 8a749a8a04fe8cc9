import type { Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { loginAs, type Client } from '../support/http.ts';
import { PHONE, SCREENSHOTS, useJourney } from '../support/journey.ts';
import type { TestServer } from '../support/server.ts';
import { startTestNode, type TestNode } from '../../src/modules/federation/test-fixtures.ts';

const JOURNEY_TIMEOUT = 150_000;
const POLL = { timeout: 15_000 };

/**
 * 平台网络 in a real browser: the journey's node is a city (廊坊); a province node above it and a county node below it
 * run beside it on 127.0.0.1. The city's operator registers with the province, reports statistics, retries, and
 * approves the county — all from the operator screen.
 */
describeBrowser('platform network (平台网络) in a real browser', () => {
  let city: TestServer;
  let province: TestNode;
  let county: TestNode;
  let provinceOp: Client;
  const journey = useJourney({
    seedEnterprises: 20,
    setup: async (started) => {
      city = started;
      province = await startTestNode({ nodeTier: 'province', regionCode: '130000', nodeName: '河北省融资信用服务平台' }, 10);
      county = await startTestNode({ nodeTier: 'county', regionCode: '131003', nodeName: '广阳区融资信用服务平台' }, 10);
      city.platform.config.publicUrl = city.url;
      city.platform.config.upperNodeUrl = province.url;
      county.platform.config.upperNodeUrl = city.url;
      provinceOp = await loginAs(province.server, 'operator');
      // the county registers with the city through its own API; the city's operator approves it on screen
      const registered = await (await loginAs(county.server, 'operator')).post('/api/v1/federation/upper/registration', {});
      if (registered.status !== 200) throw new Error(`county registration failed: ${JSON.stringify(registered.body)}`);
    },
  });
  afterAll(async () => {
    await county?.close();
    await province?.close();
  });
  const { newPage, signIn, pageWidth } = journey;

  async function shot(page: Page, name: string) {
    await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton, .ant-message-notice').count(), POLL).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  }

  it('the city operator registers with the province, reports a month once approved, and approves its county', async () => {
    const context = await signIn('operator');
    const page = await newPage(context);
    await page.goto(`${city.url}/operator`);
    await page.getByTestId('menu-item-/operator/federation').click();
    await page.getByTestId('federation-page').waitFor();
    expect(await page.getByTestId('federation-self-tier').innerText()).toBe('市级');
    expect(await page.getByTestId('federation-self-id').innerText()).toBe(city.platform.keys.signing.keyId);

    await page.getByTestId('federation-register').click();
    await expect.poll(() => page.getByTestId('federation-upper-status').innerText().catch(() => ''), POLL).toBe('待审批');
    expect(await page.getByTestId('federation-upper-name').innerText()).toBe('河北省融资信用服务平台');
    await page.getByTestId('federation-report').click();
    await expect.poll(() => page.getByTestId('federation-upper-pending').innerText(), POLL).toBe('1');
    await page.getByTestId('federation-retry').click();
    await expect.poll(() => page.getByTestId('federation-upper-error').innerText().catch(() => ''), POLL).toContain('FEDERATION_NOT_APPROVED');
    await shot(page, 'federation-pending');

    // the province's operator approves the city (checked the key by phone); the city retries and the month goes up
    const approved = await provinceOp.post(`/api/v1/federation/nodes/${city.platform.keys.signing.keyId}/approve`, {});
    expect(approved.status).toBe(200);
    await page.getByTestId('federation-retry').click();
    await expect.poll(() => page.getByTestId('federation-upper-status').innerText(), POLL).toBe('已批准');
    await expect.poll(() => page.getByTestId('federation-upper-pending').innerText(), POLL).toBe('0');
    const lower = (await provinceOp.get('/api/v1/statistics/lower-nodes')).body.items;
    expect(lower).toEqual([expect.objectContaining({ nodeId: city.platform.keys.signing.keyId })]);

    const row = page.locator(`[data-testid="federation-lower-row"][data-node-id="${county.platform.keys.signing.keyId}"]`);
    expect(await row.getByTestId('federation-lower-name').innerText()).toBe('广阳区融资信用服务平台');
    await row.getByTestId('federation-approve').click();
    await page.getByTestId('federation-approve-confirm').click();
    await page.locator(`[data-testid="federation-lower-row"][data-status="approved"]`).waitFor();
    await shot(page, 'federation-desktop');
    await context.close();

    const phone = await signIn('operator', PHONE);
    const small = await newPage(phone);
    await small.goto(`${city.url}/operator/federation`);
    await small.getByTestId('federation-lowers').waitFor();
    await small.locator('[data-testid="federation-lower-row"][data-status="approved"]').waitFor();
    expect(await pageWidth(small)).toBeLessThanOrEqual(PHONE.width + 1);
    await shot(small, 'federation-phone');
    await phone.close();
  }, JOURNEY_TIMEOUT);
});
