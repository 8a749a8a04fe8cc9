import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform, type Platform } from '../../platform/platform.ts';
import { createTestDb, testConfig } from '../../../test/support/db.ts';
import { createIdentityService } from '../identity/index.ts';
import { createEntityService } from '../entities/index.ts';
import { createEvaluationService } from '../evaluation/index.ts';
import { actorOf } from '../audit/index.ts';
import { seedDemo, seedDemoLoans } from '../demo/index.ts';
import { createScorecardService } from './service.ts';

/** `npm start --demo`: the demo bank's simulated loan book is enough to train a first scorecard with the defaults. */
let platform: Platform;
beforeAll(async () => {
  platform = await createPlatform(testConfig(), { db: await createTestDb(), migrate: false });
}, 60_000);
afterAll(async () => platform?.db.close());

describe('demo loan book', () => {
  it('seeds 1,000 loans with outcomes once, and a scorecard trains on them with the default minimums', async () => {
    const identity = createIdentityService(platform.db, platform.config, platform.keys);
    const entities = createEntityService(platform.db, platform.keys);
    const evaluation = createEvaluationService({ db: platform.db });
    await seedDemo(platform, { identity, entities }, { enterprises: 1200 });
    expect(await seedDemoLoans(platform, { identity, entities, evaluation })).toBe(1000);
    expect(await seedDemoLoans(platform, { identity, entities, evaluation })).toBe(0);
    const scorecards = createScorecardService({ db: platform.db, features: evaluation });
    const pop = await scorecards.population({});
    expect(pop.lateSnapshot).toBe(0);
    expect(pop.bad).toBeGreaterThanOrEqual(50);
    expect(pop.good).toBeGreaterThanOrEqual(50);
    const id = await scorecards.startTraining({}, { actor: actorOf(null), name: 'operator' });
    await scorecards.drain();
    const job = await scorecards.job(id);
    expect(job?.status, JSON.stringify(job?.error)).toBe('completed');
    const m = await scorecards.model(job!.model_version!);
    expect(m.cv_auc).toBeGreaterThan(0.65);
  }, 120_000);
});
