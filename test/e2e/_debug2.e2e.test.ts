import { it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
it('dev', async () => {
  const browser = (await launchBrowser())!;
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('console', m.type(), m.text()); });
  await page.goto('http://127.0.0.1:5207/login');
  await page.getByTestId('login-username').waitFor({ timeout: 30000 });
  await page.getByTestId('lang-switch').click();
  await page.waitForTimeout(500);
  console.log(await page.evaluate(() => document.body.innerText));
  await page.goto('http://127.0.0.1:5207/');
  await page.waitForTimeout(2000);
  await browser.close();
}, 60000);
