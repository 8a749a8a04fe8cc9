import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/support/server.ts';
import { codes } from '../../entities/index.ts';
import type { Submitter } from '../index.ts';
import { createQualityService, createQualityScheduler, dayOf, type ItemQuality, type QualityService } from './index.ts';

/**
 * Each indicator computed on a known fixture, against numbers worked out by hand below. The fixture is ingested
 * through the aggregation service as the demo utilities provider (UTILITY_WATER: 9 fields, 3 of them required,
 * updated monthly → expected every 31 days) and, for personal fields, as the operator (ADMIN_CONFIRMATION).
 */
let server: TestServer;
let quality: QualityService;
let usccs: string[];
let registered: number;
let utilities: Submitter;
const DAY = 86_400_000;

const WATER = 'uscc,entity_name,entity_type,water_account,avg_monthly_water_3m,in_arrears,stat_date';

async function submit(submitter: Submitter, item: string, batchKey: string, lines: string[]) {
  const bytes = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  return server.services.aggregation.submit({
    submitter, batchKey, itemCode: item, format: 'csv', source: 'api',
    open: () => (async function* () {
      yield bytes;
    })(),
  });
}

const of = (items: ItemQuality[], code: string) => {
  const found = items.find((i) => i.item === code);
  if (!found) throw new Error(`no quality row for ${code}`);
  return found;
};

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 30 });
  usccs = (await server.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities ORDER BY uscc LIMIT 5')).map((r) => r.uscc);
  registered = (await server.platform.db.query<{ n: number }>('SELECT count(*) AS n FROM entities'))[0].n;
  const [org] = await server.services.identity.organisations('provider', 'utilities');
  utilities = { orgId: org.id, orgKind: 'provider', category: 'utilities', actor: 'test' };
  quality = createQualityService({
    db: server.platform.db, catalog: server.services.catalog, entities: server.services.entities, identity: server.services.identity, clock: server.now,
  });
});
afterAll(async () => server?.close());

describe('data quality of an item', () => {
  // A valid USCC (right check character) that is not in the registry: its record is accepted but covers nobody.
  const unregistered = () => codes.makeUscc({ authority: '9', entityType: '1', region: '131002', orgBody: 'MA0QXYW0' });

  it('computes coverage, completeness and error rate of the first batch as worked out by hand', async () => {
    expect(registered).toBe(30);
    const first = await submit(utilities, 'UTILITY_WATER', 'q-1', [
      WATER,
      `${usccs[0]},示范企业甲,法人及非法人组织,A1,120.5,否,2026-10-31`, // 7 of 9 fields filled, 4 of 6 optional
      `${usccs[1]},示范企业乙,,B1,,,`, // 3 filled (the required ones), 0 optional
      `${usccs[1]},示范企业乙,,B2,80,是,`, // a second account of the same enterprise: 5 filled, 2 optional
      `91110000MA01ABCD1X,坏代码企业,,X1,,,`, // wrong check character → quarantined
      `${unregistered()},未登记企业,,U1,,,`, // accepted; 3 filled, 0 optional; not a registered enterprise
    ]);
    expect(first.counts).toMatchObject({ total: 5, inserted: 4, quarantined: 1 });

    const water = of(await quality.items('utilities'), 'UTILITY_WATER');
    expect(water).toMatchObject({
      registeredEnterprises: 30,
      coveredEnterprises: 2, // usccs[0] and usccs[1]; the unregistered USCC does not count
      currentRecords: 4,
      coverageBp: 667, // 2 / 30 = 6.67 %
      completeness: { fields: 9, optionalFields: 6, allBp: 5000, optionalBp: 2500 }, // (7+3+5+3)/(4×9) = 18/36; (4+0+2+0)/(4×6) = 6/24
      errors: { windowDays: 30, batches: 1, rowsReceived: 5, rowsQuarantined: 1, rateBp: 2000 }, // 1 / 5
      timeliness: { status: 'on_time', expectedDays: 31, ageDays: 0 },
    });
    expect(water.timeliness.lastReceivedAt).not.toBeNull();
  });

  it('counts only current versions for completeness and every batch of the window for the error rate', async () => {
    const second = await submit(utilities, 'UTILITY_WATER', 'q-2', [
      WATER,
      `${usccs[0]},示范企业甲,法人及非法人组织,A1,,否,2026-10-31`, // A1 loses its 3-month figure: 6 filled, 3 optional
      `91110000MA01ABCD2X,坏代码企业,,X2,,,`, // quarantined
    ]);
    expect(second.counts).toMatchObject({ total: 2, updated: 1, quarantined: 1 });
    const water = of(await quality.items('utilities'), 'UTILITY_WATER');
    expect(water).toMatchObject({
      coveredEnterprises: 2,
      currentRecords: 4, // the old A1 version is kept but is not current
      completeness: { allBp: 4722, optionalBp: 2083 }, // 17/36 = 47.22 %, 5/24 = 20.83 %
      errors: { batches: 2, rowsReceived: 7, rowsQuarantined: 2, rateBp: 2857 }, // 2 / 7 = 28.57 %
    });
  });

  it('counts personal fields as filled when the record carries personal data, without decrypting it', async () => {
    const [op] = await server.services.identity.organisations('operator');
    const operator: Submitter = { orgId: op.id, orgKind: 'operator', category: null, actor: 'test' };
    // ADMIN_CONFIRMATION: 16 fields, 3 required (uscc, subject_name, decision_doc_no), 2 personal (legal_rep_name, legal_rep_id_number)
    await submit(operator, 'ADMIN_CONFIRMATION', 'q-p1', [
      'uscc,subject_name,decision_doc_no,legal_rep_name,confirmation_matter',
      `${usccs[2]},示范企业丙,DOC-1,张三,确认事项`, // 3 required + 2 personal (personal_enc set) + 1 = 6 filled, 3 optional
      `${usccs[3]},示范企业丁,DOC-2,,`, // 3 filled, 0 optional
    ]);
    const confirmation = of(await quality.items('development_reform'), 'ADMIN_CONFIRMATION');
    expect(confirmation).toMatchObject({
      currentRecords: 2, coveredEnterprises: 2, coverageBp: 667,
      completeness: { fields: 16, optionalFields: 13, allBp: 2813, optionalBp: 1154 }, // 9/32 = 28.125 %, 3/26 = 11.54 %
      timeliness: { status: 'on_time', expectedDays: 1 },
    });
  });

  it('reports an item never delivered, and marks interface items as not measured', async () => {
    const items = await quality.items('utilities');
    expect(of(items, 'UTILITY_GAS')).toMatchObject({
      currentRecords: 0, coverageBp: 0, completeness: { allBp: null, optionalBp: null },
      timeliness: { status: 'never', lastReceivedAt: null, ageDays: null }, errors: { rowsReceived: 0, rateBp: null },
    });
    expect(of(items, 'UTILITY_ELECTRICITY')).toMatchObject({
      sharingMode: 'interface', coverageBp: null, timeliness: { status: 'not_applicable' }, errors: { rateBp: null },
    });
    expect(items.every((i) => i.providerCategory === 'utilities')).toBe(true);
  });

  it('takes one snapshot per day and item, however often it is taken', async () => {
    const first = await quality.takeSnapshot();
    const again = await quality.takeSnapshot();
    expect(again.day).toBe(first.day);
    expect(first.day).toBe(dayOf(server.now()));
    const [{ n }] = await server.platform.db.query<{ n: number }>('SELECT count(*) AS n FROM quality_snapshots WHERE item_code = $1', ['UTILITY_WATER']);
    expect(n).toBe(1);
    const [{ items }] = await server.platform.db.query<{ items: number }>('SELECT count(*) AS items FROM quality_snapshots');
    expect(items).toBe(first.items);
    const trend = await quality.trend('UTILITY_WATER', 90);
    expect(trend).toEqual([expect.objectContaining({ day: first.day, coverageBp: 667, completenessAllBp: 4722, errorRateBp: 2857, timeliness: 'on_time' })]);
  });

  it('has the daily timer take a snapshot only when today has none', async () => {
    let taken = 0;
    const scheduler = createQualityScheduler({
      quality: { hasTodaysSnapshot: quality.hasTodaysSnapshot, takeSnapshot: async () => { taken++; return quality.takeSnapshot(); } },
      onError: (err) => { throw err; },
    });
    await scheduler.tick();
    expect(taken).toBe(0); // today's snapshot exists already
    server.advance(DAY);
    await scheduler.tick();
    await scheduler.tick();
    expect(taken).toBe(1);
    await scheduler.stop();
    expect((await quality.trend('UTILITY_WATER', 90)).map((p) => p.day)).toEqual([dayOf(server.now() - DAY), dayOf(server.now())]);
  });

  it('turns late once the newest accepted batch is older than the update interval, and the error window moves on', async () => {
    server.advance(31 * DAY); // 32 days after the batches: monthly promises 31
    const water = of(await quality.items('utilities'), 'UTILITY_WATER');
    expect(water.timeliness).toMatchObject({ status: 'late', ageDays: 32, expectedDays: 31 });
    expect(water.errors).toMatchObject({ batches: 0, rowsReceived: 0, rateBp: null }); // no batch in the last 30 days
    expect(of(await quality.items('utilities', 60), 'UTILITY_WATER').errors.rateBp).toBe(2857);
    // a fresh batch that only repeats an unchanged row still shows the provider delivered
    await submit(utilities, 'UTILITY_WATER', 'q-3', [WATER, `${usccs[1]},示范企业乙,,B1,,,`]);
    expect(of(await quality.items('utilities'), 'UTILITY_WATER').timeliness).toMatchObject({ status: 'on_time', ageDays: 0 });
  });
});
