import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { createSignedTransport } from '../../src/modules/privacy/institution/transport.ts';
import { runPsi } from '../../src/modules/privacy/institution/psi-client.ts';
import { runTraining } from '../../src/modules/privacy/institution/train-client.ts';
import { createWorkerPool } from '../../src/modules/privacy/worker-pool.ts';
import { describeBrowser } from '../support/browser.ts';
import { loginAs } from '../support/http.ts';
import { SCREENSHOTS, useJourney } from '../support/journey.ts';

const JOURNEY_TIMEOUT = 150_000;
const POLL = { timeout: 20_000 };

describeBrowser('data lab (数据实验室): a federated model becomes a clean-room model', () => {
  let trainingId = '';
  const journey = useJourney({
    seedEnterprises: 70,
    setup: async (server) => {
      // The bank's side of a PSI and a short federated training over the signed machine API, as its CLI runs them.
      const bank = (await server.services.identity.organisations('institution')).find((o) => o.name === '华北示范商业银行廊坊分行')!;
      const key = await server.services.identity.issueApiKey(bank.id, 'privacy cli', ['inst_loan_officer']);
      const transport = createSignedTransport({ baseUrl: server.url, keyId: key.keyId, secret: key.secret });
      const ids = (await server.services.entities.store.search({ limit: 1000 })).map((r: { uscc: string }) => r.uscc).slice(0, 60);
      const workers = createWorkerPool(1);
      try {
        const psi = await runPsi(transport, ids, { chunkSize: 100, workers, pollMs: 20 });
        const rows = new Map(ids.map((id, i) => [id, [1000 + ((i * 37) % 101) * 13.5, (i * 7919) % 23]]));
        const labels = new Map(ids.map((id, i) => [id, (i * 31) % 5 === 0 ? 1 : 0]));
        const model = await runTraining(transport, { ids, names: ['deposit_avg', 'overdue_days'], rows, labels }, {
          psiJobId: psi.jobId, batchSize: 30, maxIterations: 2, learningRate: 0.5, workers,
        });
        trainingId = model.trainingId;
      } finally {
        await workers.close();
      }
    },
  });
  const { newPage, signIn } = journey;

  async function shot(page: Page, name: string) {
    await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton').count(), POLL).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  }

  it('the institution takes its finished training into the clean room, with its own intercept and bands, for approval', async () => {
    const context = await signIn('bank_admin');
    const page = await newPage(context);
    await page.goto(`${journey.server.url}/institution/datalab`);
    await page.getByTestId('datalab-tab-privacy').click();
    const trainings = page.getByTestId('datalab-trainings');
    await expect.poll(() => trainings.getAttribute('data-available'), POLL).toBe('true');
    await trainings.getByTestId('datalab-trainings-action').first().click();
    const modal = page.getByTestId('datalab-from-training');
    await page.getByTestId('datalab-from-training-name').waitFor();
    await page.getByTestId('datalab-from-training-name').fill('联邦逻辑回归模型');
    await page.getByTestId('datalab-from-training-intercept').fill('-1.2');
    await shot(page, 'datalab-from-training');
    await page.getByTestId('datalab-from-training-submit').click();
    await modal.waitFor({ state: 'detached', timeout: 20_000 });

    // back on the models tab: the new model, version 1 pending the operator's approval
    const row = page.getByTestId('datalab-model-row').filter({ hasText: '联邦逻辑回归模型' });
    await row.waitFor();
    expect(await row.innerText()).toContain(trainingId);
    await shot(page, 'datalab-from-training-submitted');
    const api = await loginAs(journey.server, 'bank_admin');
    const spec = (await api.get('/api/v1/cleanroom/specs')).body.items.find((s: { name: string }) => s.name === '联邦逻辑回归模型');
    expect(spec.versions[0]).toMatchObject({ status: 'pending', kind: 'logistic' });
    expect(spec.versions[0].spec.intercept).toBe(-1.2);
    expect(spec.versions[0].spec.cutoffs).toEqual([{ band: 'A', min: 0.6 }, { band: 'B', min: 0.3 }, { band: 'C' }]);
    await context.close();
  }, JOURNEY_TIMEOUT);
});
