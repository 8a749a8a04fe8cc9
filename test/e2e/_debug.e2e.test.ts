import { it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { startTestServer } from './_mock-server.ts';
import { totpCode } from '../../src/platform/auth/totp.ts';
it('debug', async () => {
  const server = await startTestServer();
  const browser = (await launchBrowser())!;
  for (const [u, path, shot, lang] of [['tax', '/provider', 'provider', 'zh-CN'], ['bank', '/operator', 'inst-403', 'zh-CN'], ['op', '/operator/entities', 'op-en', 'en'], ['ent', '/enterprise', 'ent-en-375', 'en']] as const) {
    const mobile = shot.endsWith('375');
    const ctx = await browser.newContext({ viewport: mobile ? { width: 375, height: 800 } : { width: 1280, height: 900 }, timezoneId: 'Asia/Shanghai' });
    await ctx.addInitScript((l) => localStorage.setItem('xinrong.lang', l), lang);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.log('pageerror', e.message));
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(u);
    await page.getByTestId('login-password').fill(server.demo.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('totp-code').or(page.getByTestId('portal-title')).first().waitFor();
    if (await page.getByTestId('totp-code').isVisible()) {
      const s = server.demo.users.find((x) => x.username === u)!.totpSecret!;
      await page.getByTestId('totp-code').fill(totpCode(s, Date.now() + (u === 'op' ? 30000 : 0)));
      await page.screenshot({ path: `/tmp/shot-totp-${u}.png` });
      await page.getByTestId('totp-submit').click();
    }
    await page.getByTestId('portal-title').waitFor();
    await page.goto(`${server.url}${path}`);
    await page.waitForTimeout(1500);
    if (shot === 'op-en') { await page.locator('[data-testid=entity-search-region]').click(); await page.waitForTimeout(500); await page.locator('.ant-cascader-menu-item', { hasText: '河北省' }).click(); await page.waitForTimeout(800); }
    await page.screenshot({ path: `/tmp/shot-${shot}.png`, fullPage: true });
    if (mobile) { await page.getByTestId('menu-toggle').click(); await page.waitForTimeout(800); await page.screenshot({ path: `/tmp/shot-${shot}-menu.png` }); }
    await ctx.close();
  }
  await browser.close(); await server.close();
}, 90000);
