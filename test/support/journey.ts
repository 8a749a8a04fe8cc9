import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchBrowser } from './browser.ts';
import type { Client } from './http.ts';
import { startTestServer, type TestServer } from './server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL('../e2e/__screenshots__/', import.meta.url));
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };
/** a user in China: Chinese browser, China Standard Time */
export const LOCALE = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

export interface Journey {
  readonly server: TestServer;
  readonly browser: Browser;
  /** A page that records uncaught errors and console errors (each test fails on any). */
  newPage(context: BrowserContext): Promise<Page>;
  /** A signed-in context of a demo user: password, then a TOTP code where the role needs one. */
  signIn(username: string, viewport?: { width: number; height: number }): Promise<BrowserContext>;
  /** Picks `option` in the antd Select that is open now (closed dropdowns stay in the page, hidden). */
  chooseOption(page: Page, option: string | RegExp): Promise<void>;
  /** The page's full width: more than the viewport means a phone user scrolls sideways. */
  pageWidth(page: Page): Promise<number>;
}

/**
 * The frame of a browser journey file, registered inside `describeBrowser`: builds the portal, starts a test
 * server with the demo data, launches Chromium, runs `setup` (API calls that prepare data), and checks after
 * each test that no page raised an error. Chromium logs every 4xx answer as "Failed to load resource"; journeys
 * provoke some on purpose, so those lines are not errors.
 */
export function useJourney(opts: { seedEnterprises: number; setup?: (server: TestServer) => Promise<void> }): Journey {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // The server serves web/dist: make sure it is built from the current sources (a no-op when it is).
    execFileSync(process.execPath, ['scripts/build-web.mjs'], { cwd: ROOT, stdio: 'inherit' });
    server = await startTestServer({ seedEnterprises: opts.seedEnterprises });
    await opts.setup?.(server);
    const launched = await launchBrowser();
    if (launched === null) throw new Error('Chromium disappeared after the check');
    browser = launched;
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(() => {
    const errors = pageErrors.splice(0);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the journey's ${what} is not started`);
    return value;
  };

  const journey: Journey = {
    get server() {
      return ready(server, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    async newPage(context) {
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
          pageErrors.push(`${page.url()}: console.error ${message.text()}`);
        }
      });
      return page;
    },
    async signIn(username, viewport = DESKTOP) {
      const s = journey.server;
      const demoUser = s.demo.users.find((candidate) => candidate.username === username);
      if (demoUser === undefined) throw new Error(`the demo data has no user ${username}`);
      const context = await journey.browser.newContext({ viewport, ...LOCALE });
      const page = await journey.newPage(context);
      await page.goto(`${s.url}/login`);
      await page.getByTestId('login-username').fill(demoUser.username);
      await page.getByTestId('login-password').fill(s.demo.password);
      await page.getByTestId('login-submit').click();
      const totp = page.getByTestId('totp-code');
      await totp.or(page.getByTestId('portal-title')).or(page.getByTestId('login-error')).first().waitFor();
      if (await page.getByTestId('login-error').isVisible()) {
        throw new Error(`login of ${username} failed: ${await page.getByTestId('login-error').innerText()}`);
      }
      if (await totp.isVisible()) {
        await totp.fill(s.nextTotp(username));
        await page.getByTestId('totp-submit').click();
      }
      await page.getByTestId('portal-title').waitFor();
      await page.close();
      return context;
    },
    async chooseOption(page, option) {
      // the open list once its opening motion has finished (antd marks it -appear/-enter meanwhile): a click during
      // the motion can land while the list moves and select nothing on a loaded machine
      const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden):not([class*="-appear"]):not([class*="-enter"]):not([class*="-leave"])');
      await open.locator('.ant-select-item-option').filter({ hasText: option }).first().click();
    },
    async pageWidth(page) {
      return page.evaluate(() => document.documentElement.scrollWidth);
    },
  };
  return journey;
}

/**
 * Starts a full evaluation as the given operator through the API and waits for it to complete (the test server,
 * unlike `npm start`, starts none by itself). Runs in setup, outside a test, so it polls by hand.
 */
export async function runFullEvaluation(operator: Client): Promise<void> {
  const started = await operator.post('/api/v1/evaluation/runs', {});
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  let run = started.body as { id: string; status: string };
  for (let tries = 0; run.status === 'running' && tries < 300; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    run = (await operator.get(`/api/v1/evaluation/runs/${run.id}`)).body;
  }
  expect(run.status).toBe('completed');
}
