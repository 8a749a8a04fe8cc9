import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeBrowser } from '../support/browser.ts';
import { LOCALE, PHONE, runFullEvaluation, SCREENSHOTS, useJourney } from '../support/journey.ts';
import { loginAs } from '../support/http.ts';
import type { TestServer } from '../support/server.ts';

const JOURNEY_TIMEOUT = 120_000;
const POLL = { timeout: 15_000 };
/** a full run over the 20 demo enterprises takes a few seconds; allow for a busy machine */
const RUN_POLL = { timeout: 60_000, interval: 500 };

interface Evaluation {
  score: number;
  grade: string;
  reasons: { direction: 'up' | 'down'; zh: string; en: string }[];
  tags: { tag: string; zh: string; en: string }[];
}

/** Tags without a parameter that the tag search offers by name (web/src/api/evaluation.ts PROFILE_TAGS). */
const TAG_NAMES: Record<string, string> = {
  high_tech: '高新技术企业', tax_good: '纳税良好', utility_stable: '水电气缴费稳定', commitment_signed: '已签信用承诺', honoured: '获荣誉表彰',
  patent_holder: '发明专利', established: '成立十年以上', startup: '初创企业', admin_penalty: '行政处罚', foreign_trade: '外贸企业',
};

describeBrowser('credit evaluation (信用评价) and profiles in a real browser', () => {
  let server: TestServer;
  let enterprise: { uscc: string; name: string };
  let evaluation: Evaluation;
  let entContext: BrowserContext;
  const journey = useJourney({
    seedEnterprises: 20,
    setup: async (started) => {
      server = started;
      // the test server, unlike `npm start`, starts no evaluation run by itself
      await runFullEvaluation(await loginAs(started, 'operator'));
      const ent = await loginAs(started, 'ent_demo');
      const me = (await ent.get('/api/v1/auth/me')).body as { org: { uscc: string; name: string } };
      enterprise = { uscc: me.org.uscc, name: me.org.name };
      const read = await ent.get(`/api/v1/evaluation/enterprises/${enterprise.uscc}`);
      expect(read.status, JSON.stringify(read.body)).toBe(200);
      evaluation = read.body as Evaluation;
    },
  });
  const { newPage, signIn, chooseOption, pageWidth } = journey;

  async function shot(page: Page, name: string, fullPage = true) {
    await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-spin-spinning').count(), POLL).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage });
  }

  it('the enterprise sees its grade, score, reasons up and down and its profile tags', async () => {
    entContext = await signIn('ent_demo');
    const page = await newPage(entContext);
    await page.goto(`${server.url}/enterprise`);
    await page.getByTestId('menu-item-/enterprise/evaluation').click();
    await page.getByTestId('evaluation-profile').waitFor();
    expect(new URL(page.url()).pathname).toBe('/enterprise/evaluation');
    expect(await page.getByTestId('evaluation-grade').innerText()).toBe(evaluation.grade);
    expect(await page.getByTestId('evaluation-score').innerText()).toContain(String(evaluation.score));
    expect(await page.getByTestId('evaluation-model-version').innerText()).toMatch(/^v\d+/);
    await page.getByTestId('evaluation-radar').locator('canvas').waitFor();

    const up = evaluation.reasons.filter((r) => r.direction === 'up');
    const down = evaluation.reasons.filter((r) => r.direction === 'down');
    expect(up.length + down.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('evaluation-reasons-up').getByTestId('evaluation-reason').count(), POLL).toBe(up.length);
    expect(await page.getByTestId('evaluation-reasons-down').getByTestId('evaluation-reason').count()).toBe(down.length);
    for (const reason of up) expect(await page.getByTestId('evaluation-reasons-up').innerText()).toContain(reason.zh);
    for (const reason of down) expect(await page.getByTestId('evaluation-reasons-down').innerText()).toContain(reason.zh);

    expect(evaluation.tags.length).toBeGreaterThan(0);
    expect(await page.getByTestId('evaluation-tag').count()).toBe(evaluation.tags.length);
    for (const tag of evaluation.tags) expect(await page.locator(`[data-testid="evaluation-tag"][data-tag="${tag.tag}"]`).innerText()).toContain(tag.zh);
    await expect.poll(() => page.getByTestId('evaluation-history-row').count(), POLL).toBeGreaterThan(0);
    await shot(page, 'evaluation-enterprise');
  }, JOURNEY_TIMEOUT);

  it('the bank officer looks the enterprise up by USCC and finds it by tag search', async () => {
    const bank = await signIn('bank_officer');
    const page = await newPage(bank);
    await page.goto(`${server.url}/institution`);
    await page.getByTestId('menu-item-/institution/evaluation').click();
    await page.getByTestId('evaluation-profile-page').waitFor();
    await page.getByTestId('evaluation-uscc').fill(enterprise.uscc.toLowerCase());
    await page.getByTestId('evaluation-uscc-submit').click();
    const profile = page.locator(`[data-testid="evaluation-profile"][data-uscc="${enterprise.uscc}"]`);
    await profile.waitFor();
    expect(await profile.getByTestId('evaluation-grade').innerText()).toBe(evaluation.grade);
    expect(await profile.getByTestId('evaluation-tags').innerText()).toContain(evaluation.tags[0].zh);
    await shot(page, 'evaluation-bank-profile');

    // a tag the enterprise carries, its grade letter and its region narrow the list down to include it
    const tag = evaluation.tags.find((t) => TAG_NAMES[t.tag] !== undefined);
    const region = evaluation.tags.find((t) => t.tag.startsWith('region:'))?.tag.slice('region:'.length);
    await page.reload();
    await page.getByTestId('evaluation-tag-search').waitFor();
    if (tag !== undefined) {
      // the option list is virtual: type to bring the tag into view
      await page.getByTestId('evaluation-search-tag').click();
      await page.keyboard.type(TAG_NAMES[tag.tag]);
      await chooseOption(page, TAG_NAMES[tag.tag]);
    }
    if (region !== undefined) await page.getByTestId('evaluation-search-region').fill(region.slice(0, 4));
    await page.getByTestId('evaluation-search-grade').click();
    await chooseOption(page, new RegExp(`^${evaluation.grade.charAt(0)}$`));
    await page.getByTestId('evaluation-search-submit').click();
    const row = page.locator(`[data-testid="evaluation-search-row"][data-uscc="${enterprise.uscc}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain(enterprise.name);
    expect(await row.innerText()).toContain(String(evaluation.score));
    await shot(page, 'evaluation-bank-tag-search');
    await row.click();
    await page.locator(`[data-testid="evaluation-profile"][data-uscc="${enterprise.uscc}"]`).waitFor();
    expect(await page.getByTestId('evaluation-uscc').inputValue()).toBe(enterprise.uscc);
    await bank.close();
  }, JOURNEY_TIMEOUT);

  it('the operator starts a full run, sees it complete, and reads the indicator system', async () => {
    const operator = await signIn('operator');
    const page = await newPage(operator);
    await page.goto(`${server.url}/operator`);
    await page.getByTestId('menu-item-/operator/evaluation').click();
    await page.getByTestId('evaluation-admin-page').waitFor();
    await page.getByTestId('evaluation-model-row').first().waitFor();
    expect(await page.getByTestId('evaluation-model-structure').first().innerText()).toContain('行政监管');

    await page.getByTestId('evaluation-run-start').click();
    const progress = page.getByTestId('evaluation-run-progress');
    await progress.waitFor();
    await expect.poll(() => progress.getAttribute('data-status'), RUN_POLL).toBe('completed');
    expect(await progress.innerText()).toContain('已完成');
    expect(await page.getByTestId('evaluation-run-row').first().getAttribute('data-status')).toBe('completed');
    await shot(page, 'evaluation-operator');

    // the same tag search opens a profile in a drawer
    await page.getByTestId('evaluation-search-submit').click();
    const first = page.getByTestId('evaluation-search-row').first();
    await first.waitFor();
    await first.click();
    await page.getByTestId('evaluation-profile-drawer').getByTestId('evaluation-grade').waitFor();
    await operator.close();
  }, JOURNEY_TIMEOUT);

  it('the enterprise page works at phone width and in English', async () => {
    const phone = await journey.browser.newContext({ viewport: PHONE, isMobile: true, ...LOCALE, storageState: await entContext.storageState() });
    const page = await newPage(phone);
    await page.goto(`${server.url}/enterprise/evaluation`);
    await page.getByTestId('evaluation-profile').waitFor();
    await page.getByTestId('evaluation-radar').locator('canvas').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
    await shot(page, 'evaluation-375');
    await phone.close();

    const english = await newPage(entContext);
    await english.goto(`${server.url}/enterprise/evaluation`);
    await english.evaluate(() => window.localStorage.setItem('xinrong.lang', 'en'));
    await english.reload();
    await english.getByTestId('evaluation-profile').waitFor();
    const text = await english.getByTestId('evaluation-page').innerText();
    expect(text).toContain('Credit evaluation');
    expect(text).toContain('Raising the score');
    for (const reason of evaluation.reasons) expect(text).toContain(reason.en);
    for (const tag of evaluation.tags) expect(text).toContain(tag.en);
    await shot(english, 'evaluation-english');
    await english.evaluate(() => window.localStorage.setItem('xinrong.lang', 'zh-CN'));
  }, JOURNEY_TIMEOUT);
});
