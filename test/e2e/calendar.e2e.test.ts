import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { SCREENSHOTS, useJourney } from '../support/journey.ts';
import type { TestServer } from '../support/server.ts';

const JOURNEY_TIMEOUT = 120_000;
const POLL = { timeout: 15_000 };

describeBrowser('working-day calendar (工作日历) administration in a real browser', () => {
  let server: TestServer;
  const journey = useJourney({ seedEnterprises: 2, setup: async (started) => { server = started; } });
  const { newPage, signIn } = journey;

  async function shot(page: Page, name: string) {
    await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton').count(), POLL).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  }

  it('shows a shipped year, flags a year not loaded, shows the server\'s problems and loads the year', async () => {
    const context = await signIn('operator');
    const page = await newPage(context);
    await page.goto(`${server.url}/operator`);
    await page.getByTestId('menu-item-/operator/calendar').click();
    await page.getByTestId('calendar-page').waitFor();
    const yearInput = page.getByTestId('calendar-year');
    await yearInput.fill('2026');
    await page.locator('[data-testid="calendar-year-view"][data-year="2026"]').waitFor();
    expect(await page.locator('[data-day="2026-10-01"]').getAttribute('data-kind')).toBe('holiday');
    expect(await page.getByTestId('calendar-month').count()).toBe(12);
    expect(await page.getByTestId('calendar-not-covered').count()).toBe(0);
    await shot(page, 'calendar-2026');

    await yearInput.fill('2030');
    await page.locator('[data-testid="calendar-year-view"][data-year="2030"]').waitFor();
    expect(await page.getByTestId('calendar-not-covered').innerText()).toContain('只知道周末');
    await page.getByTestId('calendar-edit').click();
    const editor = page.getByTestId('calendar-editor-json');
    // 2030-01-07 is a Monday: not an adjusted working day
    await editor.fill(JSON.stringify({ holidays: [{ name: '元旦', from: '2030-01-01', to: '2030-01-01' }], workdays: ['2030-01-07'] }));
    await page.getByTestId('calendar-editor-save').click();
    await page.getByTestId('calendar-editor-problems').waitFor();
    expect(await page.getByTestId('calendar-editor-problems').innerText()).toContain('2030-01-07 is not a weekend day');
    await shot(page, 'calendar-editor-problems');

    await editor.fill(JSON.stringify({ holidays: [{ name: '元旦', from: '2030-01-01', to: '2030-01-01' }], workdays: ['2030-01-05'], note: '示范' }));
    await page.getByTestId('calendar-editor-save').click();
    await page.getByTestId('calendar-editor').waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('[data-testid="calendar-year-view"]').getAttribute('data-covered'), POLL).toBe('true');
    expect(await page.locator('[data-day="2030-01-05"]').getAttribute('data-kind')).toBe('adjusted_workday');
    expect(await page.getByTestId('calendar-source').innerText()).toContain('第 1 版');
    expect(await page.getByTestId('calendar-versions').innerText()).toContain('operator');
    expect((await server.services.calendar.current()).isWorkingDay('2030-01-05')).toBe(true);
    await shot(page, 'calendar-2030-loaded');
    await context.close();
  }, JOURNEY_TIMEOUT);
});
