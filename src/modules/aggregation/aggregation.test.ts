import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Platform } from '../../platform/platform.ts';
import { createCatalogService } from '../catalog/index.ts';
import { createEventConsumer, type OutboxEvent } from '../../platform/events/index.ts';
import type { Db } from '../../platform/db/index.ts';
import { createAggregationService, type AggregationService, type Submitter } from './service.ts';
import { RECORDS_CHANGED, changesOf, type RecordsChanged } from './ingest.ts';
import { seededTestPlatform } from '../../../test/support/platform.ts';

let platform: Platform;
let aggregation: AggregationService;
let utilities: Submitter;
let usccs: string[];
let now = Date.parse('2026-11-01T08:00:00+08:00');
const clock = () => now;

const WATER_HEADER = '主体名称,主体类别,统一社会信用代码,水用户信息（户名户号）,缴纳水费明细,近3个月月均用水量,近6个月月均用水量,当前是否欠费,统计时间';

function waterRow(uscc: string, i: number, overrides: Partial<Record<'use3' | 'arrears' | 'date' | 'uscc', string>> = {}): string {
  return [`示范企业${i}`, '法人及非法人组织', overrides.uscc ?? uscc, `W${String(i).padStart(6, '0')}`, '', overrides.use3 ?? `${100 + (i % 50)}.5`, '98.25', overrides.arrears ?? '否', overrides.date ?? '2026-10-31'].join(',');
}

function csv(lines: string[]): string {
  return [WATER_HEADER, ...lines].join('\n') + '\n';
}

function bytes(text: string | Uint8Array) {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  return () => (async function* () {
    // odd chunk sizes: the readers must not depend on where the transport splits the bytes
    for (let i = 0; i < buf.length; i += 7919) yield buf.subarray(i, i + 7919);
  })();
}

async function submit(batchKey: string, content: string | Uint8Array, format: 'csv' | 'json' | 'ndjson' = 'csv') {
  return aggregation.submit({ submitter: utilities, batchKey, itemCode: 'UTILITY_WATER', format, source: 'api', open: bytes(content) });
}

async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const [r] = await db.query<{ n: number }>(sql, params);
  return r.n;
}

beforeAll(async () => {
  const seeded = await seededTestPlatform(300);
  platform = seeded.platform;
  const { db, catalog, identity } = seeded;
  const orgId = await identity.createOrganisation({ kind: 'provider', name: '供水公司', regionCode: '131000', category: 'utilities' });
  utilities = { orgId, orgKind: 'provider', category: 'utilities', actor: 'test' };
  aggregation = createAggregationService({ db, keys: platform.keys, catalog, clock, chunkRows: 1000 });
  usccs = (await db.query<{ uscc: string }>('SELECT uscc FROM entities ORDER BY uscc LIMIT 300')).map((r) => r.uscc);
});
afterAll(async () => platform?.db.close());

describe('physical aggregation', () => {
  it('stores valid rows and quarantines a bad one with its row number, field and reason', async () => {
    const lines = usccs.slice(0, 20).map((u, i) => waterRow(u, i));
    lines[6] = waterRow(usccs[6], 6, { date: '2026-02-30' });
    const r = await submit('first-20', csv(lines));
    expect(r).toMatchObject({ status: 'completed', counts: { total: 20, inserted: 19, quarantined: 1, updated: 0, unchanged: 0 }, encoding: 'utf-8' });
    const q = await aggregation.quarantine((await aggregation.store.batch(r.id))!, { limit: 10 });
    expect(q).toEqual([expect.objectContaining({ rowNumber: 7, status: 'open', problems: [expect.objectContaining({ field: 'stat_date', code: 'FIELD_DATE' })] })]);
    expect(q[0].problems[0].zh).toContain('不是有效日期');
    expect(q[0].values.stat_date).toBe('2026-02-30');
  });

  it('changes nothing when the same batch arrives again', async () => {
    const before = await count(platform.db, 'SELECT count(*) AS n FROM records');
    const events = await count(platform.db, 'SELECT count(*) AS n FROM outbox_events');
    const lines = usccs.slice(0, 20).map((u, i) => waterRow(u, i));
    lines[6] = waterRow(usccs[6], 6, { date: '2026-02-30' });
    const again = await submit('first-20', csv(lines));
    expect(again).toMatchObject({ replayed: true, counts: { inserted: 19, quarantined: 1 } });
    expect(await count(platform.db, 'SELECT count(*) AS n FROM records')).toBe(before);
    expect(await count(platform.db, 'SELECT count(*) AS n FROM outbox_events')).toBe(events);
    // The same rows under a new batch id are recognised as unchanged.
    const copy = await submit('first-20-copy', csv(lines));
    expect(copy.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 19, quarantined: 1 });
    expect(await count(platform.db, 'SELECT count(*) AS n FROM records')).toBe(before);
  });

  it('refuses other content under a used batch id', async () => {
    await expect(submit('first-20', csv([waterRow(usccs[0], 0, { use3: '1.5' })]))).rejects.toMatchObject({ code: 'BATCH_ID_REUSED', status: 409 });
  });

  it('keeps the old version readable when a row changes, and answers what the record said on a date', async () => {
    const t1 = new Date(now);
    now += 86_400_000;
    const r = await submit('second', csv([waterRow(usccs[0], 0, { arrears: '是' })]));
    expect(r.counts).toMatchObject({ updated: 1, inserted: 0 });
    const current = await aggregation.records(usccs[0], 'UTILITY_WATER', null);
    expect(current).toEqual([expect.objectContaining({ version: 2, validTo: null, data: expect.objectContaining({ in_arrears: true }) })]);
    const then = await aggregation.records(usccs[0], 'UTILITY_WATER', t1);
    expect(then).toEqual([expect.objectContaining({ version: 1, data: expect.objectContaining({ in_arrears: false }) })]);
    const history = await aggregation.history(usccs[0], 'UTILITY_WATER');
    expect(history.map((h) => [h.version, h.validTo !== null])).toEqual([[1, true], [2, false]]);
  });

  it('of 10,000 rows with 1 bad stores 9,999 and quarantines 1 with a clear reason', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) lines.push(waterRow(usccs[i % 300], 1000 + i).replace(`W${String(1000 + i).padStart(6, '0')}`, `BULK${i}`));
    lines[4321] = waterRow('91110000MA01ABCD1X', 99, {}).replace('W000099', 'BULK4321');
    const r = await submit('bulk-10000', csv(lines));
    expect(r.counts).toMatchObject({ total: 10_000, inserted: 9_999, quarantined: 1 });
    const [bad] = await aggregation.quarantine((await aggregation.store.batch(r.id))!, { limit: 5 });
    expect(bad).toMatchObject({ rowNumber: 4322, problems: [expect.objectContaining({ field: 'uscc', code: expect.stringMatching(/^USCC_/) })] });
    expect(await count(platform.db, "SELECT count(*) AS n FROM records WHERE batch_id = $1", [r.id])).toBe(9_999);
  });

  it('reads a GBK-encoded CSV with Chinese headers', async () => {
    const text = csv([waterRow(usccs[50], 50), waterRow(usccs[51], 51)]).replace('示范企业50', '廊坊市示范供热有限公司');
    const r = await submit('gbk', iconv.encode(text, 'gbk'));
    expect(r).toMatchObject({ encoding: 'gbk', counts: { inserted: 2, quarantined: 0 } });
    const rec = (await aggregation.records(usccs[50], 'UTILITY_WATER', null)).find((x) => x.key === 'W000050')!;
    expect(rec.data.entity_name).toBe('廊坊市示范供热有限公司');
  });

  it('refuses a truncated or binary file whole, storing nothing', async () => {
    const before = await count(platform.db, 'SELECT count(*) AS n FROM records');
    const full = csv(usccs.slice(100, 110).map((u, i) => waterRow(u, 100 + i)));
    const truncated = full.slice(0, full.length - 12);
    await expect(submit('truncated', truncated)).rejects.toMatchObject({ code: 'BATCH_TRUNCATED', status: 400 });
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.alloc(200, 1)]);
    await expect(submit('binary', png)).rejects.toMatchObject({ code: 'BATCH_BINARY', status: 400 });
    const json = JSON.stringify(usccs.slice(100, 103).map((u) => ({ uscc: u, entity_name: 'x', water_account: 'W1' })));
    await expect(submit('json-cut', json.slice(0, -5), 'json')).rejects.toMatchObject({ code: 'BATCH_TRUNCATED' });
    expect(await count(platform.db, 'SELECT count(*) AS n FROM records')).toBe(before);
    // The failed attempt is visible, and the corrected file can be sent under the same batch id.
    expect((await aggregation.store.batchByKey(utilities.orgId, 'truncated'))?.status).toBe('failed');
    const fixed = await submit('truncated', full);
    expect(fixed).toMatchObject({ status: 'completed', counts: { inserted: 10 } });
  });

  it('resumes an interrupted batch without writing any row twice', async () => {
    const lines = usccs.slice(0, 250).map((u, i) => waterRow(u, i).replace(/,W\d+,/, `,CRASH${i},`));
    const content = csv(lines);
    // Simulate the process dying after two chunks: the third chunk's transaction never commits.
    const db = platform.db;
    let n = 0;
    const failingDb = { ...db, tx: async (fn: Parameters<Db['tx']>[0]) => { if (++n === 3) throw new Error('killed'); return db.tx(fn); } } as Db;
    const dying = createAggregationService({ db: failingDb, keys: platform.keys, catalog: createCatalogService(db), clock, chunkRows: 100 });
    const restarted = createAggregationService({ db, keys: platform.keys, catalog: createCatalogService(db), clock, chunkRows: 100 });
    await expect(dying.submit({ submitter: utilities, batchKey: 'crash', itemCode: 'UTILITY_WATER', format: 'csv', source: 'api', open: bytes(content) })).rejects.toThrow('killed');
    expect(await count(db, "SELECT count(*) AS n FROM records WHERE record_key LIKE 'CRASH%'")).toBe(200);
    const resent = await restarted.submit({ submitter: utilities, batchKey: 'crash', itemCode: 'UTILITY_WATER', format: 'csv', source: 'api', open: bytes(content) });
    expect(resent).toMatchObject({ status: 'completed', counts: { total: 250, inserted: 250, unchanged: 0 } });
    expect(await count(db, "SELECT count(*) AS n FROM records WHERE record_key LIKE 'CRASH%'")).toBe(250);
    expect(await count(db, "SELECT count(*) AS n FROM (SELECT uscc, record_key FROM records WHERE record_key LIKE 'CRASH%' GROUP BY 1, 2 HAVING count(*) > 1) d")).toBe(0);
  });

  it('numbers versions of a key changed in consecutive chunks of one batch (current versions read ahead)', async () => {
    // chunkRows 1000: rows 1000 and 1001 fall in chunks 1 and 2; chunk 2's versions are read while chunk 1 commits.
    const lines: string[] = [];
    for (let i = 0; i < 2100; i++) lines.push(waterRow(usccs[i % 300], i).replace(/,W\d+,/, `,AHEAD${i},`));
    lines[999] = waterRow(usccs[7], 7, { use3: '10.5' }).replace(/,W\d+,/, ',AHEAD-KEY,');
    lines[1000] = waterRow(usccs[7], 7, { use3: '20.5' }).replace(/,W\d+,/, ',AHEAD-KEY,');
    lines[2099] = waterRow(usccs[7], 7, { use3: '20.5' }).replace(/,W\d+,/, ',AHEAD-KEY,');
    const r = await submit('read-ahead', csv(lines));
    expect(r.counts).toMatchObject({ total: 2100, inserted: 2098, updated: 1, unchanged: 1, quarantined: 0 });
    const history = await aggregation.history(usccs[7], 'UTILITY_WATER', 'AHEAD-KEY');
    expect(history.map((h) => [h.version, h.data.avg_monthly_water_3m, h.validTo === null])).toEqual([[1, '10.5', false], [2, '20.5', true]]);
  });

  it('notices another writer between reading ahead and committing, and numbers after it', async () => {
    const item = (await createCatalogService(platform.db).item('UTILITY_WATER'))!;
    const row = (use3: string) => ({ rowNumber: 1, values: Object.fromEntries(WATER_HEADER.split(',').map((h, i) => [item.fields.find((f) => f.name === h)!.code, waterRow(usccs[8], 8, { use3 }).replace(/,W\d+,/, ',RACE,').split(',')[i]])) });
    const target = { batchId: null, providerOrgId: null, seq: null };
    await aggregation.writer.writeChunk({ ...target, item, rows: [row('1.5')], at: new Date(now) });
    const mine = await aggregation.writer.prepareChunk(item, [row('3.5')], new Date(now));
    const ahead = aggregation.writer.lookAhead(mine, aggregation.writer.session());
    // Only PostgreSQL reads ahead (the embedded database has one connection); the outcome must be the same.
    expect(ahead === undefined).toBe(platform.db.kind === 'pglite');
    await ahead?.read;
    await aggregation.writer.writeChunk({ ...target, item, rows: [row('2.5')], at: new Date(now) });
    const outcome = await aggregation.writer.commitChunk(mine, target, ahead);
    expect(outcome).toMatchObject({ inserted: 0, updated: 1 });
    const history = await aggregation.history(usccs[8], 'UTILITY_WATER', 'RACE');
    expect(history.map((h) => [h.version, h.data.avg_monthly_water_3m, h.validTo === null])).toEqual([[1, '1.5', false], [2, '2.5', false], [3, '3.5', true]]);
  });

  it('resolves quarantined rows when corrected rows are re-submitted', async () => {
    const lines = usccs.slice(200, 205).map((u, i) => waterRow(u, 200 + i).replace(/,W\d+,/, `,FIX${i},`));
    lines[2] = lines[2].replace('法人及非法人组织', '外星企业');
    const r = await submit('to-fix', csv(lines));
    expect(r.counts).toMatchObject({ inserted: 4, quarantined: 1 });
    const batch = (await aggregation.store.batch(r.id))!;
    const [row] = await aggregation.quarantine(batch, { limit: 5 });
    expect(row.problems[0]).toMatchObject({ field: 'entity_type', code: 'FIELD_ENUM' });
    const fixed = await aggregation.resubmit(r.id, utilities, [{ rowNumber: row.rowNumber, values: { ...row.values, entity_type: '法人及非法人组织' } }]);
    expect(fixed).toMatchObject({ source: 'resubmission', resubmissionOf: r.id, counts: { inserted: 1, quarantined: 0 } });
    const [after] = await aggregation.quarantine(batch, { limit: 5 });
    expect(after).toMatchObject({ status: 'resolved', resolvedBy: fixed.id });
    expect((await aggregation.summary(r.id)).counts.resolved).toBe(1);
    await expect(aggregation.resubmit(r.id, utilities, [{ rowNumber: row.rowNumber, values: row.values }])).rejects.toMatchObject({ code: 'RESUBMISSION_ROW_NOT_OPEN' });
  });

  it('refuses items of another provider and items not shared by aggregation', async () => {
    await expect(aggregation.submit({ submitter: utilities, batchKey: 'x1', itemCode: 'ENV_CREDIT_RATING', format: 'csv', source: 'api', open: bytes('a\n') }))
      .rejects.toMatchObject({ code: 'ITEM_NOT_YOURS', status: 403 });
    await expect(aggregation.submit({ submitter: utilities, batchKey: 'x2', itemCode: 'UTILITY_ELECTRICITY', format: 'csv', source: 'api', open: bytes('a\n') }))
      .rejects.toMatchObject({ code: 'ITEM_NOT_PHYSICAL', status: 400 });
  });

  it('emits one durable event per committed chunk listing every record change', async () => {
    const seen: OutboxEvent<RecordsChanged>[] = [];
    const consumer = createEventConsumer<RecordsChanged>(platform.db, { name: 'test-consumer', topics: [RECORDS_CHANGED], handle: async (events) => { seen.push(...events); } });
    while ((await consumer.pollOnce()) > 0) { /* drain */ }
    const total = seen.flatMap((e) => e.payload.changes).length;
    expect(total).toBe(await count(platform.db, "SELECT count(*) AS n FROM records WHERE item_code = 'UTILITY_WATER'"));
    seen.length = 0;
    await submit('events', csv([waterRow(usccs[1], 1, { arrears: '是' })]));
    expect(await consumer.pollOnce()).toBe(1);
    expect(seen[0].payload.item).toBe('UTILITY_WATER');
    expect(changesOf(seen[0].payload)).toEqual([{ uscc: usccs[1], key: 'W000001', version: 2, change: 'updated' }]);
    expect(await consumer.pollOnce()).toBe(0);
  });

  it('keeps personal fields encrypted at rest and readable through the service', async () => {
    const penalty = (await createCatalogService(platform.db).item('ADMIN_PENALTY'))!;
    const personal = penalty.fields.find((f) => f.personal && f.type === 'id_number')!;
    const operator: Submitter = { ...utilities, orgKind: 'operator' };
    const values: Record<string, string> = {};
    for (const f of penalty.fields) {
      if (!f.required) continue;
      values[f.code] = f.type === 'uscc' ? usccs[9] : f.type === 'date' ? '2026-03-01' : f.type === 'enum' ? f.enum![0] : f.type === 'decimal' || f.type === 'integer' ? '1' : f.type === 'id_number' ? '110101199003074514' : f.type === 'boolean' ? '否' : `v-${f.code}`;
    }
    values[personal.code] = '110101199003074514';
    const r = await aggregation.submit({ submitter: operator, batchKey: 'penalty-1', itemCode: 'ADMIN_PENALTY', format: 'ndjson', source: 'cli', open: bytes(JSON.stringify(values) + '\n') });
    expect(r.counts).toMatchObject({ inserted: 1, quarantined: 0 });
    const [raw] = await platform.db.query<{ data: unknown; personal_enc: string }>("SELECT data, personal_enc FROM records WHERE item_code = 'ADMIN_PENALTY'");
    expect(JSON.stringify(raw)).not.toContain('110101199003074514');
    const [rec] = await aggregation.records(usccs[9], 'ADMIN_PENALTY', null);
    expect(rec.data[personal.code]).toBe('110101199003074514');
  });
});
