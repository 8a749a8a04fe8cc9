import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { SCREENSHOTS, useJourney } from '../support/journey.ts';
import type { TestServer } from '../support/server.ts';
import { cstDay, simulateLoanBook } from '../../src/modules/scorecards/index.ts';

const JOURNEY_TIMEOUT = 180_000;
const POLL = { timeout: 30_000, interval: 250 };
const DAY = 86_400_000;
/** the loans wait this long for their outcomes: past the 12-month performance window */
const LATER = 400 * DAY;

describeBrowser('scorecards (评分卡) in a real browser: loans fed back, a model trained and promoted', () => {
  let server: TestServer;
  let disbursements = '';
  let outcomes = '';
  let loans = 0;
  const journey = useJourney({
    seedEnterprises: 360,
    setup: async (started) => {
      server = started;
      // a simulated loan book over the demo registry: disbursed today, outcomes known 400 days later
      const usccs = (await started.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities ORDER BY uscc LIMIT 340')).map((r) => r.uscc);
      const features = await started.services.evaluation.currentFeatures(usccs);
      const today = cstDay(started.now());
      const book = simulateLoanBook([...features].map(([uscc, f]) => ({ uscc, features: f.features })), {
        seed: 5, today: cstDay(started.now() + LATER), refPrefix: 'HB-', disbursedOn: () => today,
      });
      loans = book.length;
      disbursements = ['loan_ref,uscc,disbursed_on,amount_fen,term_months', ...book.map((l) => [l.loanRef, l.uscc, l.disbursedOn, l.amountFen, l.termMonths].join(','))].join('\n');
      outcomes = ['loan_ref,outcome,outcome_on', ...book.map((l) => [l.loanRef, l.outcome, l.outcomeOn].join(','))].join('\n');
    },
  });
  const { newPage, signIn } = journey;

  async function shot(page: Page, name: string) {
    await expect.poll(() => page.locator('.ant-spin-spinning').count(), POLL).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  }

  async function upload(page: Page, name: string, csv: string) {
    await page.locator('[data-testid="loans-page"] input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('loans-result').waitFor();
  }

  it('the bank uploads its loans at disbursement and, a year later, their outcomes', async () => {
    const bank = await signIn('bank_officer');
    const page = await newPage(bank);
    await page.goto(`${server.url}/institution`);
    await page.getByTestId('menu-item-/institution/loans').click();
    await page.getByTestId('loans-page').waitFor();
    await upload(page, 'disbursements.csv', disbursements);
    expect(await page.getByTestId('loans-result').innerText()).toContain(`新增 ${loans} 笔`);
    await expect.poll(() => page.getByTestId('loan-row').count(), POLL).toBe(50);
    expect(await page.getByTestId('loans-counts').innerText()).toContain(`共 ${loans} 笔`);
    await bank.close();

    // 400 days later (the server's clock; sessions have expired meanwhile)
    server.advance(LATER);
    const later = await signIn('bank_officer');
    const next = await newPage(later);
    await next.goto(`${server.url}/institution/loans`);
    await next.getByTestId('loans-page').waitFor();
    await upload(next, 'outcomes.csv', outcomes);
    expect(await next.getByTestId('loans-result').innerText()).toContain(`更新 ${loans} 笔`);
    expect(await next.getByTestId('loans-result').getAttribute('data-rejected')).toBe('0');
    await expect.poll(() => next.locator('[data-testid="loan-row"][data-outcome="none"]').count(), POLL).toBe(0);
    await shot(next, 'scorecards-institution-loans');
    await later.close();
  }, JOURNEY_TIMEOUT);

  it('the operator trains a challenger, reads its model card with AUC and promotes it to champion', async () => {
    const operator = await signIn('operator');
    const page = await newPage(operator);
    await page.goto(`${server.url}/operator`);
    await page.getByTestId('menu-item-/operator/scorecards').click();
    await page.getByTestId('scorecards-admin-page').waitFor();
    await expect.poll(async () => Number(await page.getByTestId('scorecards-population-bad').innerText()), POLL).toBeGreaterThan(20);
    await page.getByTestId('scorecards-min-bads').fill('20');
    await page.getByTestId('scorecards-min-goods').fill('20');
    await page.getByTestId('scorecards-train').click();
    const job = page.getByTestId('scorecards-job');
    await job.waitFor();
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 90_000, interval: 500 }).toBe('completed');
    const row = page.locator('[data-testid="scorecards-model-row"][data-version="1"]');
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('challenger');
    await shot(page, 'scorecards-operator-registry');

    await row.getByTestId('scorecards-open-card').click();
    const card = page.getByTestId('scorecard-card');
    await card.waitFor();
    const auc = Number((await card.getByTestId('scorecard-card-auc').innerText()).trim());
    expect(auc).toBeGreaterThan(0.6);
    expect(await card.getByTestId('scorecard-card-cv-auc').innerText()).toMatch(/^0\.\d{3} ± 0\.\d{3}$/);
    expect(await card.getByTestId('scorecard-card-variable').count()).toBeGreaterThan(0);
    expect(await card.getByTestId('scorecard-card-bin').count()).toBeGreaterThan(1);
    expect(await card.getByTestId('scorecard-card-data').innerText()).toContain('12 个月');
    await page.screenshot({ path: `${SCREENSHOTS}scorecards-model-card.png` });
    await card.getByTestId('scorecard-card-variable').first().screenshot({ path: `${SCREENSHOTS}scorecards-model-card-row.png` });
    await page.getByTestId('scorecards-card-drawer').locator('.ant-drawer-close').click();

    await row.getByTestId('scorecards-promote').click();
    await page.getByTestId('scorecards-promote-ok').click();
    await expect.poll(() => row.getAttribute('data-status'), POLL).toBe('champion');
    expect(await row.getByTestId('scorecards-model-status').innerText()).toBe('冠军');
    await shot(page, 'scorecards-operator-champion');

    // the approval history on the card names the promotion
    await row.getByTestId('scorecards-open-card').click();
    await expect.poll(() => page.locator('[data-testid="scorecard-approval"][data-action="promoted"]').count(), POLL).toBe(1);
    await page.getByTestId('scorecards-card-drawer').locator('.ant-drawer-close').click();

    // shadow scoring: the champion scores an enterprise, with the points it lost most on
    const [{ uscc }] = await server.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities ORDER BY uscc LIMIT 1');
    await page.getByTestId('scorecards-shadow-uscc').fill(uscc);
    await page.getByTestId('scorecards-shadow-submit').click();
    const scored = page.locator('[data-testid="scorecards-shadow-row"][data-status="champion"]');
    await scored.waitFor();
    expect(await scored.innerText()).toMatch(/v1/);
    await page.getByTestId('scorecards-shadow').screenshot({ path: `${SCREENSHOTS}scorecards-shadow.png` });
    await operator.close();
  }, JOURNEY_TIMEOUT);
});
