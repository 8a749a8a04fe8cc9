import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Platform } from '../../platform/platform.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import { createIdentityService } from '../identity/index.ts';
import { createAggregationService, type AggregationService, type Submitter } from '../aggregation/index.ts';
import type { AuditEvent } from '../audit/index.ts';
import { createEvaluationService, type EvaluationService } from './service.ts';
import { createEvaluationConsumer, type EvaluationConsumer } from './consumer.ts';
import { evaluationStore } from './store.ts';
import { seededTestPlatform } from '../../../test/support/platform.ts';

let platform: Platform;
let aggregation: AggregationService;
let evaluation: EvaluationService;
let consumer: EvaluationConsumer;
let regulator: Submitter;
let usccs: string[];
const audited: AuditEvent[] = [];
let now = Date.parse('2026-11-01T08:00:00+08:00');
const clock = () => now;
const ENTERPRISES = 60;

const PENALTY_HEADER = 'uscc,subject_name,record_uid,penalty_category,penalty_content,fine_amount,decision_date,publicity_end_date,authority_name';

function penalty(uscc: string, uid: string, o: { category?: string; fine?: string; decided?: string; publicUntil: string }): string {
  return [uscc, '示范企业', uid, o.category ?? '罚款', '罚款', o.fine ?? '5000', o.decided ?? '2026-10-15', o.publicUntil, '廊坊市市场监督管理局'].join(',');
}

async function submitPenalties(batchKey: string, rows: string[]) {
  const body = Buffer.from([PENALTY_HEADER, ...rows].join('\n') + '\n', 'utf8');
  const r = await aggregation.submit({
    submitter: regulator, batchKey, itemCode: 'ADMIN_PENALTY', format: 'csv', source: 'api', open: () => (async function* () { yield body; })(),
  });
  expect(r.counts.quarantined).toBe(0);
  return r;
}

async function scoreOf(uscc: string) {
  const e = await evaluation.enterprise(uscc);
  if (!e) throw new Error(`${uscc} has no evaluation`);
  return e;
}

beforeAll(async () => {
  const seeded = await seededTestPlatform(ENTERPRISES);
  platform = seeded.platform;
  const { db, catalog, identity } = seeded;
  const orgId = await identity.createOrganisation({ kind: 'provider', name: '廊坊市发展和改革委员会', regionCode: '131000', category: 'development_reform' });
  regulator = { orgId, orgKind: 'provider', category: 'development_reform', actor: 'test' };
  aggregation = createAggregationService({ db, keys: platform.keys, catalog, clock });
  evaluation = createEvaluationService({ db, clock, chunkSize: 25, audit: { append: async (e) => { audited.push(e); return { index: audited.length - 1 }; } } });
  consumer = createEvaluationConsumer({ db, evaluation });
  usccs = (await db.query<{ uscc: string }>("SELECT uscc FROM entities WHERE status = 'active' AND entity_type = 'enterprise' ORDER BY uscc")).map((r) => r.uscc);
});
afterAll(async () => platform?.db.close());

describe('full coverage', () => {
  it('evaluates every registered enterprise in chunks, reporting progress, and records the run', async () => {
    const progress: number[] = [];
    const r = await evaluation.evaluateAll({ onProgress: (done, total) => { progress.push(done); expect(total).toBe(ENTERPRISES); } });
    expect(r).toMatchObject({ total: ENTERPRISES, modelVersion: 1 });
    expect(progress.length).toBe(3);
    expect(progress[progress.length - 1]).toBe(ENTERPRISES);
    const [counts] = await platform.db.query<{ scores: number; features: number; tagged: number }>(`SELECT
      (SELECT count(*)::int FROM enterprise_scores) AS scores, (SELECT count(*)::int FROM enterprise_features) AS features,
      (SELECT count(*)::int FROM enterprise_scores WHERE cardinality(tags) > 0) AS tagged`);
    expect(counts).toEqual({ scores: ENTERPRISES, features: ENTERPRISES, tagged: ENTERPRISES });
    expect(await evaluation.run(r.runId)).toMatchObject({ status: 'completed', total: ENTERPRISES, done: ENTERPRISES, model_version: 1 });
    expect(audited.filter((e) => e.action === 'evaluation.run.completed')).toEqual([
      expect.objectContaining({ kind: 'change', target: { type: 'evaluation_run', id: r.runId }, details: expect.objectContaining({ enterprises: ENTERPRISES }) }),
    ]);
  });

  it('keeps the first score once (no history copy) and writes nothing when a second run finds nothing changed', async () => {
    const snapshot = () => platform.db.query<{ uscc: string; computed_at: Date; tags: string[] }>('SELECT uscc, computed_at, tags FROM enterprise_scores ORDER BY uscc');
    const [{ n: before }] = await platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM enterprise_score_history');
    expect(before).toBe(0);
    const scoresBefore = await snapshot();
    now += 60_000;
    await evaluation.evaluateAll();
    const [{ n: after }] = await platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM enterprise_score_history');
    expect(after).toBe(0);
    expect(await snapshot()).toEqual(scoresBefore);
  });
});

describe('incremental evaluation through the event path', () => {
  let baseline: number;

  it('lowers the score when a new administrative penalty arrives, names it in the reasons, and touches no other enterprise', async () => {
    const [target, other] = usccs;
    baseline = (await scoreOf(target)).score;
    const otherBefore = await scoreOf(other);
    now += 60_000;
    await submitPenalties('penalty-1', [penalty(target, 'P-2026-001', { publicUntil: '2027-10-15' })]);
    expect(await consumer.pollOnce()).toBe(1);
    const after = await scoreOf(target);
    expect(after.score).toBeLessThan(baseline);
    expect(after.reasons[0]).toMatchObject({ code: 'penalties_active.one', direction: 'down', zh: '有 1 起行政处罚在公示期内', en: 'One administrative penalty still publicised' });
    expect(after.reasons.map((r) => r.code)).toContain('penalties_recent.one');
    expect(after.tags.map((t) => t.tag)).toContain('admin_penalty');
    expect((await scoreOf(other)).computedAt.getTime()).toBe(otherBefore.computedAt.getTime());
    expect(await consumer.pollOnce()).toBe(0);
    expect(audited.at(-1)).toMatchObject({ kind: 'change', action: 'evaluation.incremental', details: { events: 1, enterprises: 1 } });
  });

  it('restores the score when a later version ends the penalty\'s publicity (credit repair)', async () => {
    const [target] = usccs;
    now += 60_000;
    await submitPenalties('penalty-1-repaired', [penalty(target, 'P-2026-001', { publicUntil: '2026-10-31' })]);
    expect(await consumer.pollOnce()).toBe(1);
    const repaired = await scoreOf(target);
    expect(repaired.score).toBe(baseline);
    expect(repaired.reasons.map((r) => r.code).filter((c) => c.startsWith('penalties'))).toEqual([]);
    expect(repaired.tags.map((t) => t.tag)).not.toContain('admin_penalty');
    const features = await evaluation.features(target);
    expect(features?.features).toMatchObject({ penalties_active: 0, penalties_repaired: 1 });
    const history = await evaluation.history(target, null, 10);
    expect(history.map((h) => h.score)).toEqual([baseline, expect.any(Number), baseline]);
    expect(history[1].score).toBeLessThan(baseline);
  });

  it('counts a licence revocation as severe and lowers the score more than a fine', async () => {
    const [, , light, heavy] = usccs;
    const lightBefore = (await scoreOf(light)).score;
    const heavyBefore = (await scoreOf(heavy)).score;
    now += 60_000;
    await submitPenalties('penalty-2', [
      penalty(light, 'P-2026-002', { publicUntil: '2027-10-15' }),
      penalty(heavy, 'P-2026-003', { category: '吊销许可证', publicUntil: '2029-10-15' }),
    ]);
    expect(await consumer.pollOnce()).toBe(1);
    const lightDrop = lightBefore - (await scoreOf(light)).score;
    const heavyAfter = await scoreOf(heavy);
    expect(heavyBefore - heavyAfter.score).toBeGreaterThan(lightDrop);
    expect(heavyAfter.reasons.map((r) => r.code)).toContain('penalties_severe.one');
  });

  it('stops counting a penalty whose publicity was ended by a repair decision, and keeps it hidden after the provider re-sends it', async () => {
    const [, , , , target] = usccs;
    const before = (await scoreOf(target)).score;
    now += 60_000;
    const row = penalty(target, 'P-2026-009', { publicUntil: '2029-10-15' });
    await submitPenalties('penalty-9', [row]);
    expect(await consumer.pollOnce()).toBe(1);
    expect((await scoreOf(target)).score).toBeLessThan(before);
    const [record] = await aggregation.records(target, 'ADMIN_PENALTY', null);
    const ref = { uscc: target, item: 'ADMIN_PENALTY', key: record.key };

    now += 60_000;
    await platform.db.tx((q) => aggregation.marks.withhold(q, ref, { reason: 'repaired', ref: 'repair-1' }, new Date(now)));
    expect(await consumer.pollOnce()).toBe(1);
    expect((await scoreOf(target)).score).toBe(before);
    expect((await evaluation.features(target))?.features).toMatchObject({ penalties_active: 0, penalties_repaired: 1 });
    expect(await aggregation.records(target, 'ADMIN_PENALTY', null)).toEqual([]);

    // the same source row again, and a changed version of it: still withheld, still not counted
    now += 60_000;
    expect((await submitPenalties('penalty-9-again', [row])).counts.unchanged).toBe(1);
    await submitPenalties('penalty-9-changed', [penalty(target, 'P-2026-009', { fine: '6000', publicUntil: '2029-10-15' })]);
    await consumer.pollOnce();
    expect(await aggregation.records(target, 'ADMIN_PENALTY', null)).toEqual([]);
    const [internal] = await aggregation.records(target, 'ADMIN_PENALTY', null, { includeWithheld: true });
    expect(internal).toMatchObject({ version: 2, withheld: { reason: 'repaired', ref: 'repair-1' }, objection: null });
    expect((await scoreOf(target)).score).toBe(before);
  });

  it('flags a record under objection on every read without changing what the evaluation counts', async () => {
    const [, , light] = usccs;
    const [record] = await aggregation.records(light, 'ADMIN_PENALTY', null);
    const filedAt = new Date(now);
    await platform.db.tx((q) => aggregation.marks.flagObjection(q, { uscc: light, item: 'ADMIN_PENALTY', key: record.key }, { id: uuidv7(), state: 'open', filedAt }, filedAt));
    const [flagged] = await aggregation.records(light, 'ADMIN_PENALTY', null);
    expect(flagged.objection).toMatchObject({ state: 'open', filedAt: filedAt.toISOString() });
    expect(await aggregation.marks.objectionsOf(light)).toHaveLength(1);
    const score = (await scoreOf(light)).score;
    await consumer.pollOnce();
    expect((await scoreOf(light)).score).toBe(score);
  });

  it('re-evaluates an enterprise whose legal representative signs the credit commitment', async () => {
    const target = usccs[4];
    const identity = createIdentityService(platform.db, platform.config, platform.keys);
    const orgId = await identity.createOrganisation({ kind: 'enterprise', name: '示范企业', uscc: target, regionCode: '131000' });
    const { id: userId } = await identity.createUser({ orgId, username: 'ent_commit', displayName: '法定代表人', password: 'Xr-commitment-1', roles: ['enterprise_legal_rep'] });
    expect((await scoreOf(target)).reasons.map((r) => r.code)).not.toContain('commitment_signed.yes');
    now += 60_000;
    await platform.db.query(`INSERT INTO credit_commitments (uscc, id, org_id, user_id, text_version, text_sm3, signed_at, receipt)
      VALUES ($1, $2, $3, $4, '1', $5, $6, '{}')`, [target, uuidv7(), orgId, userId, 'a'.repeat(64), new Date(now)]);
    await consumer.pollOnce();
    const after = await scoreOf(target);
    expect(after.reasons.map((r) => r.code)).toContain('commitment_signed.yes');
    expect(after.tags.map((t) => t.tag)).toContain('commitment_signed');
  });

  it('re-evaluates one enterprise on demand quickly', async () => {
    const uscc = usccs[5];
    await evaluation.evaluateOne(uscc);
    const runs = 20;
    const started = performance.now();
    for (let i = 0; i < runs; i++) await evaluation.evaluateOne(uscc);
    const ms = (performance.now() - started) / runs;
    console.log(`evaluateOne on ${platform.db.kind}: ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(250);
    expect(await evaluation.evaluateOne('91110000MA01ABCD1X')).toBe(false);
  });
});

describe('writing a chunk', () => {
  it('falls back to the upsert when a first-run chunk meets scores another writer stored meanwhile', async () => {
    // A full run COPYs the chunk of enterprises it found unscored straight into enterprise_scores; here every one
    // of them already has a score (as if the event path had scored them after the chunk's feature statement).
    const some = usccs.slice(10, 50);
    const scored = some.map((uscc) => ({ uscc, score: 1, grade: 'D', dimensions: {}, reasons: [], tags: ['fallback'] }));
    await platform.db.tx((q) => evaluationStore.saveScores(q, { changed: scored, archive: [], retagged: [], fresh: true },
      { modelVersion: 1, at: new Date(now), runId: null }));
    const rows = await platform.db.query<{ score: number; tags: string[] }>('SELECT score, tags FROM enterprise_scores WHERE uscc = ANY($1::text[])', [some]);
    expect(rows).toHaveLength(some.length);
    expect(rows.every((r) => r.score === 1 && r.tags.join() === 'fallback')).toBe(true);
  });

  it('moves changed_at, not the score\'s computed_at, when only the tags change (sweeps of other modules see it)', async () => {
    const uscc = usccs.at(-1)!;
    const read = async () => (await platform.db.query<{ computed_at: Date; changed_at: Date; tags: string[] }>(
      'SELECT computed_at, changed_at, tags FROM enterprise_scores WHERE uscc = $1', [uscc]))[0];
    const before = await read();
    const at = new Date(now + 3_600_000);
    expect(await evaluation.scoresChangedSince([uscc], new Date(at.getTime() - 1000))).toEqual([]);
    await platform.db.tx((q) => evaluationStore.saveScores(q, {
      changed: [], archive: [], fresh: false, retagged: [{ uscc, score: 0, grade: '', dimensions: {}, reasons: [], tags: ['established'] }],
    }, { modelVersion: 1, at, runId: null }));
    const after = await read();
    expect(after.tags).toEqual(['established']);
    expect(after.computed_at.getTime()).toBe(before.computed_at.getTime());
    expect(after.changed_at.getTime()).toBe(at.getTime());
    expect((await evaluation.scoresChangedSince([uscc], new Date(at.getTime() - 1000))).map((r) => r.uscc)).toEqual([uscc]);
  });
});
