import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/support/server.ts';
import { loginAs } from '../../../../test/support/http.ts';
import { signRequest } from '../../../platform/auth/request-signing.ts';

let server: TestServer;
let usccs: string[];
const UTILITIES = '廊坊市供水供电供气（示范）';
const WATER = 'uscc,entity_name,entity_type,water_account,avg_monthly_water_3m,in_arrears,stat_date';

/** A provider system's signed upload (HMAC-SM3 over method, path, time, nonce and body SM3). */
async function signedUpload(path: string, body: string) {
  const key = server.demo.apiKeys.find((k) => k.org === UTILITIES)!;
  const headers = signRequest({ method: 'POST', pathWithQuery: path, body, keyId: key.keyId, secret: key.secret, now: new Date(server.now()) });
  const res = await fetch(server.url + path, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body });
  return { status: res.status, body: await res.json() as any };
}

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 20 });
  usccs = (await server.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities ORDER BY uscc LIMIT 3')).map((r) => r.uscc);
  const up = await signedUpload('/api/v1/aggregation/batches?item=UTILITY_WATER&batchId=quality-http-1', [
    WATER,
    `${usccs[0]},示范企业甲,法人及非法人组织,A1,120.5,否,2026-10-31`, // 7 of 9 filled
    `${usccs[1]},示范企业乙,,B1,,,`, // 3 of 9 filled
    '91110000MA01ABCD1X,坏代码企业,,X1,,,', // quarantined
    '',
  ].join('\n'));
  expect(up.status).toBe(201);
});
afterAll(async () => server?.close());

describe('GET /api/v1/quality/items', () => {
  it("shows an operator every provider's items with the four indicators", async () => {
    const op = await loginAs(server, 'operator');
    const res = await op.get('/api/v1/quality/items');
    expect(res.status).toBe(200);
    const categories = new Set(res.body.items.map((i: { providerCategory: string }) => i.providerCategory));
    expect([...categories]).toEqual(expect.arrayContaining(['utilities', 'tax', 'development_reform']));
    const water = res.body.items.find((i: { item: string }) => i.item === 'UTILITY_WATER');
    expect(water).toMatchObject({
      registeredEnterprises: 20, coveredEnterprises: 2, currentRecords: 2,
      coverageBp: 1000, // 2 / 20
      completeness: { allBp: 5556, optionalBp: 3333 }, // (7+3)/18, (4+0)/12
      errors: { rowsReceived: 3, rowsQuarantined: 1, rateBp: 3333 }, // 1 / 3
      timeliness: { status: 'on_time', expectedDays: 31, ageDays: 0 },
    });
    const filtered = await op.get('/api/v1/quality/items?provider=tax');
    expect(filtered.body.items.length).toBeGreaterThan(0);
    expect(filtered.body.items.every((i: { providerCategory: string }) => i.providerCategory === 'tax')).toBe(true);
  });

  it("shows a provider only its own category's items and refuses another category", async () => {
    const tax = await loginAs(server, 'tax_provider');
    const own = await tax.get('/api/v1/quality/items');
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(own.body.items.every((i: { providerCategory: string }) => i.providerCategory === 'tax')).toBe(true);
    const other = await tax.get('/api/v1/quality/items?provider=utilities');
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('ITEM_NOT_YOURS');
    const trend = await tax.get('/api/v1/quality/items/UTILITY_WATER/trend');
    expect(trend.status).toBe(403);
  });

  it('refuses institutions', async () => {
    const bank = await loginAs(server, 'bank_officer');
    expect((await bank.get('/api/v1/quality/items')).status).toBe(403);
    expect((await bank.get('/api/v1/quality/usage')).status).toBe(403);
  });
});

describe('POST /api/v1/quality/snapshots and the trend', () => {
  it('takes one snapshot per day and item and charts it', async () => {
    const op = await loginAs(server, 'operator');
    const first = await op.post('/api/v1/quality/snapshots');
    expect(first.status).toBe(200);
    const second = await op.post('/api/v1/quality/snapshots');
    expect(second.body).toMatchObject({ day: first.body.day, items: first.body.items });
    const [{ n }] = await server.platform.db.query<{ n: number }>('SELECT count(*) AS n FROM quality_snapshots WHERE day = $1::date', [first.body.day]);
    expect(n).toBe(first.body.items);
    const provider = await loginAs(server, 'utility_provider');
    const trend = await provider.get('/api/v1/quality/items/UTILITY_WATER/trend?days=30');
    expect(trend.status).toBe(200);
    expect(trend.body).toMatchObject({ item: 'UTILITY_WATER', days: 30, points: [{ day: first.body.day, coverageBp: 1000, completenessAllBp: 5556, errorRateBp: 3333 }] });
  });

  it('lets only the platform administrator take a snapshot', async () => {
    const provider = await loginAs(server, 'utility_provider');
    expect((await provider.post('/api/v1/quality/snapshots')).status).toBe(403);
  });
});

describe('GET /api/v1/quality/usage', () => {
  it("shows the provider a bank's verification of its item: who, what, why, how often", async () => {
    const bank = await loginAs(server, 'bank_officer');
    for (const value of [false, true]) {
      const v = await bank.post('/api/v1/verifications', { uscc: usccs[0], item: 'UTILITY_WATER', field: 'in_arrears', op: 'equals', value, purpose: '贷前审查' });
      expect(v.status).toBe(200);
    }
    const provider = await loginAs(server, 'utility_provider');
    const usage = await provider.get('/api/v1/quality/usage?days=7');
    expect(usage.status).toBe(200);
    expect(usage.body).toMatchObject({
      days: 7,
      items: [{
        consumerName: '华北示范商业银行廊坊分行', item: 'UTILITY_WATER', itemName: expect.any(String), providerCategory: 'utilities',
        purpose: '贷前审查', mode: 'verification', uses: 2, enterprises: 1, lastUsedAt: expect.any(String),
      }],
    });
    const tax = await loginAs(server, 'tax_provider');
    expect((await tax.get('/api/v1/quality/usage')).body.items).toEqual([]);
    expect((await tax.get('/api/v1/quality/usage?provider=utilities')).status).toBe(403);
    const op = await loginAs(server, 'operator');
    expect((await op.get('/api/v1/quality/usage')).body.items).toHaveLength(1);
  });
});
