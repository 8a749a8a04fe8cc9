import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { uuidv7 } from '../../src/platform/crypto/index.ts';
import { describeBrowser } from '../support/browser.ts';
import { loginAs, type Client } from '../support/http.ts';
import { PHONE, runFullEvaluation, SCREENSHOTS, useJourney } from '../support/journey.ts';
import type { TestServer } from '../support/server.ts';
import { openDemands } from '../support/demands.ts';

const JOURNEY_TIMEOUT = 120_000;
const POLL = { timeout: 15_000 };

interface Reason { rule: string; zh: string; en: string; value?: string | null }
interface Entry { uscc: string; regionCode: string; industryCode: string; grade: string | null; score: number | null; change: 'joined' | 'stayed'; reasons: Reason[] }
interface Run { id: string; listed: number; joined: number; stayed: number; left: number; pushes: number; status: string; ruleVersion: number }

describeBrowser('white-list (信易贷白名单) screens in a real browser', () => {
  let server: TestServer;
  let operatorApi: Client;
  let bankAdminApi: Client;
  /** the run the operator starts from the page, and one of its entries */
  let firstRun: Run;
  let entry: Entry;
  const journey = useJourney({
    seedEnterprises: 20,
    setup: async (started) => {
      server = started;
      operatorApi = await loginAs(started, 'operator');
      bankAdminApi = await loginAs(started, 'bank_admin');
      await runFullEvaluation(operatorApi);
      // The demo data has no signed credit commitments (a mandatory rule): every enterprise signs one, as the
      // self-report page would record it, so the list is not empty.
      const [signer] = await started.platform.db.query<{ org_id: string; id: string }>("SELECT org_id, id FROM users WHERE username = 'ent_demo'");
      await started.platform.db.query(`INSERT INTO credit_commitments (uscc, id, org_id, user_id, text_version, text_sm3, signed_at, receipt)
        SELECT uscc, $1::uuid, $2, $3, '1', $4, now(), '{}' FROM entities`, [uuidv7(), signer.org_id, signer.id, 'a'.repeat(64)]);
      // ... and has a live financing demand (the financing-need rule), as the marketplace would store it.
      await openDemands(started.platform.db, 'all');
    },
  });
  const { newPage, signIn, chooseOption, pageWidth } = journey;

  async function shot(page: Page, name: string) {
    await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-spin-spinning, .ant-skeleton').count(), POLL).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  }

  it('the operator reads the rules, is refused a set without a mandatory rule, and publishes a looser grade', async () => {
    const context = await signIn('operator');
    const page = await newPage(context);
    await page.goto(`${server.url}/operator`);
    await page.getByTestId('menu-item-/operator/whitelist').click();
    await page.getByTestId('whitelist-admin-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/operator/whitelist');
    await page.getByTestId('whitelist-tab-rules').click();
    const rules = page.getByTestId('whitelist-rules');
    await rules.waitFor();

    const active = (await operatorApi.get('/api/v1/whitelist/rules')).body as { active: { version: number; definition: { rules: { id: string; zh: string }[] } }; mandatory: string[] };
    expect(await rules.getAttribute('data-version')).toBe(String(active.active.version));
    const rows = rules.getByTestId('whitelist-rule-table').getByTestId('whitelist-rule-row');
    expect(await rows.count()).toBe(active.active.definition.rules.length);
    for (const rule of active.active.definition.rules) {
      const row = rules.locator(`[data-testid="whitelist-rule-row"][data-rule="${rule.id}"]`);
      expect(await row.innerText()).toContain(rule.zh);
      expect(await row.getByTestId('whitelist-rule-mandatory').count()).toBe(active.mandatory.includes(rule.id) ? 1 : 0);
    }
    expect(await rules.locator('[data-rule="credit_grade"] [data-param="minGrade"]').innerText()).toContain('B-');
    await shot(page, 'whitelist-operator-rules');

    // switching off the credit commitment (mandatory) is refused by the server, and the page says which rule
    await page.getByTestId('whitelist-rules-edit').click();
    const editor = page.getByTestId('whitelist-rules-editor');
    await editor.waitFor();
    const commitment = editor.locator('[data-testid="whitelist-editor-rule"][data-rule="credit_commitment"]');
    await commitment.getByTestId('whitelist-editor-enabled').click();
    await page.getByTestId('whitelist-rules-publish').click();
    await page.getByTestId('whitelist-rules-confirm').click();
    const refusal = page.getByTestId('whitelist-rules-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('白名单规则不合法');
    expect(await refusal.innerText()).toContain('已签署《信用承诺书》');
    expect(await refusal.innerText()).toContain('不可停用');
    expect((await operatorApi.get('/api/v1/whitelist/rules')).body.active.version).toBe(active.active.version);

    // switched on again and the lowest grade lowered to D-: a new active version
    await commitment.getByTestId('whitelist-editor-enabled').click();
    await editor.locator('[data-rule="credit_grade"]').getByTestId('whitelist-param-minGrade').click();
    await chooseOption(page, /^D-$/);
    await page.getByTestId('whitelist-rules-publish').click();
    await page.getByTestId('whitelist-rules-confirm').click();
    await editor.waitFor({ state: 'detached' });
    const published = active.active.version + 1;
    await expect.poll(() => rules.getAttribute('data-version'), POLL).toBe(String(published));
    expect(await rules.locator('[data-rule="credit_grade"] [data-param="minGrade"]').innerText()).toContain('D-');
    expect(await page.getByTestId('whitelist-version-row').count()).toBe(published);
    expect((await operatorApi.get('/api/v1/whitelist/rules')).body.active).toMatchObject({ version: published, createdBy: 'operator' });
    await context.close();
  }, JOURNEY_TIMEOUT);

  it('the operator runs the white-list, finds the run in the history and reads an entry\'s reasons', async () => {
    const context = await signIn('operator');
    const page = await newPage(context);
    await page.goto(`${server.url}/operator/whitelist`);
    await page.getByTestId('whitelist-runs').waitFor();
    await page.getByTestId('whitelist-run-start').click();
    const result = page.getByTestId('whitelist-run-result');
    await result.waitFor({ timeout: 60_000 });
    const runId = await result.getAttribute('data-run-id');
    firstRun = (await operatorApi.get(`/api/v1/whitelist/runs/${runId}`)).body.run as Run;
    expect(firstRun).toMatchObject({ status: 'completed', ruleVersion: 2 });
    expect(firstRun.listed).toBeGreaterThan(0);
    expect(await result.innerText()).toContain(`入选 ${firstRun.listed} 家`);

    // the history lists it with the listed count the API gives
    const row = page.locator(`[data-testid="whitelist-run-row"][data-run-id="${runId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('completed');
    expect(await row.getByTestId('whitelist-run-listed').innerText()).toBe(String(firstRun.listed));
    expect(await row.innerText()).toContain('手动');
    expect(await row.innerText()).toContain('已完成');
    expect(await row.innerText()).toContain(`v${firstRun.ruleVersion}`);
    await shot(page, 'whitelist-operator-runs');

    // the run's page: its counts, and every entry with the reasons it is listed
    await row.click();
    const detail = page.getByTestId('whitelist-run-page');
    await detail.waitFor();
    expect(new URL(page.url()).pathname).toBe(`/operator/whitelist/runs/${runId}`);
    expect(await page.getByTestId('whitelist-run-listed').innerText()).toContain(String(firstRun.listed));
    const entries = page.getByTestId('whitelist-entries').getByTestId('whitelist-entry-row');
    await expect.poll(() => entries.count(), POLL).toBe(Math.min(firstRun.listed, 50));
    const firstPage = (await operatorApi.get(`/api/v1/whitelist/runs/${runId}/entries?limit=50`)).body as { items: Entry[] };
    entry = firstPage.items[0];
    const entryRow = page.locator(`[data-testid="whitelist-entry-row"][data-uscc="${entry.uscc}"]`);
    expect(entry.reasons.length).toBeGreaterThan(0);
    expect(await entryRow.getByTestId('whitelist-reason').count()).toBe(entry.reasons.length);
    const reasonsText = await entryRow.getByTestId('whitelist-reasons').innerText();
    for (const reason of entry.reasons) expect(reasonsText).toContain(reason.zh);
    expect(reasonsText).toContain('已签署《信用承诺书》');
    // joined, unless the monthly job listed it first (the test server runs it two minutes after starting)
    expect(await entryRow.getByTestId('whitelist-change').innerText()).toBe(entry.change === 'joined' ? '新增' : '保留');
    await shot(page, 'whitelist-operator-run');

    // narrowed to the entry's region: what the API lists for the same prefix
    const region = entry.regionCode;
    const narrowed = (await operatorApi.get(`/api/v1/whitelist/runs/${runId}/entries?region=${region}&limit=50`)).body as { items: Entry[] };
    await page.getByTestId('whitelist-filter-region').fill(region);
    await page.getByTestId('whitelist-filter-submit').click();
    await expect.poll(() => entries.count(), POLL).toBe(narrowed.items.length);
    for (const text of await entries.allInnerTexts()) expect(text).toContain(region);
    await context.close();
  }, JOURNEY_TIMEOUT);

  it('the bank admin subscribes to a region, a new run pushes to it, and the bank sees what was pushed', async () => {
    const context = await signIn('bank_admin');
    const page = await newPage(context);
    await page.goto(`${server.url}/institution`);
    await page.getByTestId('menu-item-/institution/whitelist').click();
    await page.getByTestId('whitelist-institution-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/institution/whitelist');
    // nothing was pushed yet: the run above found no subscription
    await page.getByTestId('whitelist-pushed-none').waitFor();

    const subscription = page.getByTestId('whitelist-subscription');
    expect(await subscription.getAttribute('data-editable')).toBe('true');
    const region = entry.regionCode.slice(0, 4);
    await page.getByTestId('whitelist-subscription-regions-input').click();
    await page.keyboard.type(region);
    await page.keyboard.press('Enter');
    await page.getByTestId('whitelist-subscription-save').click();
    await expect.poll(async () => (await bankAdminApi.get('/api/v1/whitelist/subscription')).body.regionPrefixes, POLL).toEqual([region]);
    await expect.poll(() => page.getByTestId('whitelist-subscription-updated').innerText(), POLL).not.toContain('尚未设置');

    // the next run (the monthly job, or an operator) pushes the matching entries to the bank
    const next = await operatorApi.post('/api/v1/whitelist/runs', {});
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    const pushed = (await bankAdminApi.get('/api/v1/whitelist/pushed?limit=500')).body as { runId: string; entryCount: number; items: Entry[] };
    expect(pushed.runId).toBe(next.body.id);
    expect(pushed.entryCount).toBeGreaterThan(0);
    expect(pushed.items).toHaveLength(pushed.entryCount);

    await page.reload();
    const list = page.getByTestId('whitelist-pushed');
    await expect.poll(() => list.getAttribute('data-run-id'), POLL).toBe(pushed.runId);
    expect(await page.getByTestId('whitelist-pushed-count').innerText()).toBe(String(pushed.entryCount));
    const rows = page.getByTestId('whitelist-pushed-entries').getByTestId('whitelist-entry-row');
    await expect.poll(() => rows.count(), POLL).toBe(Math.min(pushed.entryCount, 50));
    for (const text of await rows.allInnerTexts()) expect(text).toContain(region);
    const pushedEntry = pushed.items.find((e) => e.uscc === entry.uscc) ?? pushed.items[0];
    const row = page.locator(`[data-testid="whitelist-pushed-entries"] [data-testid="whitelist-entry-row"][data-uscc="${pushedEntry.uscc}"]`);
    const text = await row.innerText();
    if (pushedEntry.grade !== null) expect(text).toContain(pushedEntry.grade);
    if (pushedEntry.score !== null) expect(text).toContain(String(pushedEntry.score));
    expect(text).toContain(pushedEntry.industryCode);
    for (const reason of pushedEntry.reasons) expect(text).toContain(reason.zh);
    // listed in the operator's run as well
    expect(pushedEntry.change).toBe('stayed');
    expect(await row.getByTestId('whitelist-change').innerText()).toBe('保留');
    await shot(page, 'whitelist-institution');
    await context.close();
  }, JOURNEY_TIMEOUT);

  it('a loan officer reads the subscription without changing it, and the pages fit a phone', async () => {
    const officer = await signIn('bank_officer', PHONE);
    const page = await newPage(officer);
    await page.goto(`${server.url}/institution/whitelist`);
    const subscription = page.getByTestId('whitelist-subscription');
    await subscription.waitFor();
    expect(await subscription.getAttribute('data-editable')).toBe('false');
    await expect.poll(() => page.getByTestId('whitelist-subscription-regions').innerText(), POLL).toBe(entry.regionCode.slice(0, 4));
    expect(await page.getByTestId('whitelist-subscription-save').count()).toBe(0);
    const pushed = (await bankAdminApi.get('/api/v1/whitelist/pushed')).body as { entryCount: number };
    await expect.poll(() => page.getByTestId('whitelist-pushed-count').innerText(), POLL).toBe(String(pushed.entryCount));
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width + 1);
    await shot(page, 'whitelist-institution-375');
    await officer.close();

    const operator = await signIn('operator', PHONE);
    const opPage = await newPage(operator);
    await opPage.goto(`${server.url}/operator/whitelist/runs/${firstRun.id}`);
    await opPage.getByTestId('whitelist-entries').getByTestId('whitelist-entry-row').first().waitFor();
    expect(await pageWidth(opPage)).toBeLessThanOrEqual(PHONE.width + 1);
    await shot(opPage, 'whitelist-operator-run-375');
    await opPage.goto(`${server.url}/operator/whitelist`);
    await opPage.getByTestId('whitelist-run-row').first().waitFor();
    expect(await pageWidth(opPage)).toBeLessThanOrEqual(PHONE.width + 1);
    await operator.close();
  }, JOURNEY_TIMEOUT);
});
