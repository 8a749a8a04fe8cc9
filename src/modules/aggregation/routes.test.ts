import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { Client, loginAs } from '../../../test/support/http.ts';
import { signRequest } from '../../platform/auth/request-signing.ts';
import { verifyReceipt, type Receipt } from './index.ts';

let server: TestServer;
let usccs: string[];
const UTILITIES = '廊坊市供水供电供气（示范）';

const HEADER = 'uscc,entity_name,entity_type,water_account,avg_monthly_water_3m,in_arrears,stat_date';
const row = (uscc: string, account: string, use = '120.5', arrears = '否') => `${uscc},示范企业,法人及非法人组织,${account},${use},${arrears},2026-10-31`;

/** A provider system's signed request (HMAC-SM3 over method, path, time, nonce and body SM3). */
async function signedPost(path: string, body: string, contentType: string) {
  const key = server.demo.apiKeys.find((k) => k.org === UTILITIES)!;
  const headers = signRequest({ method: 'POST', pathWithQuery: path, body, keyId: key.keyId, secret: key.secret, now: new Date(server.now()) });
  const res = await fetch(server.url + path, { method: 'POST', headers: { ...headers, 'content-type': contentType }, body });
  return { status: res.status, body: await res.json() as any };
}

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 30 });
  usccs = (await server.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities ORDER BY uscc LIMIT 10')).map((r) => r.uscc);
});
afterAll(async () => server?.close());

describe('POST /api/v1/aggregation/batches', () => {
  const body = () => [HEADER, row(usccs[0], 'A1'), row(usccs[1], 'A2', '80.37'), row('91110000MA01ABCD1X', 'A3'), ''].join('\n');

  it('takes a signed CSV batch from a provider system, then answers a resend with the first result', async () => {
    const path = '/api/v1/aggregation/batches?item=UTILITY_WATER&batchId=sys-001';
    const first = await signedPost(path, body(), 'text/csv; charset=utf-8');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ batchId: 'sys-001', source: 'api', status: 'completed', counts: { total: 3, inserted: 2, quarantined: 1 }, itemName: expect.any(String) });
    const again = await signedPost(path, body(), 'text/csv; charset=utf-8');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, replayed: true });
    const other = await signedPost(path, body().replace('A2', 'A9'), 'text/csv');
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('BATCH_ID_REUSED');
  });

  it('refuses a signature over other bytes', async () => {
    const key = server.demo.apiKeys.find((k) => k.org === UTILITIES)!;
    const path = '/api/v1/aggregation/batches?item=UTILITY_WATER&batchId=sys-tampered';
    const headers = signRequest({ method: 'POST', pathWithQuery: path, body: body(), keyId: key.keyId, secret: key.secret, now: new Date(server.now()) });
    const res = await fetch(server.url + path, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: body().replace('120.5', '999') });
    expect(res.status).toBe(401);
  });

  it('lets the provider portal upload, list, read the quarantine, download the report and resubmit', async () => {
    const c = await loginAs(server, 'utility_provider');
    const up = await c.request('POST', '/api/v1/aggregation/batches?item=UTILITY_WATER&batchId=portal-1&source=portal', body(), { 'content-type': 'text/csv' });
    expect(up.status).toBe(201);
    expect(up.body.source).toBe('portal');
    const list = await c.get('/api/v1/aggregation/batches');
    expect(list.body.items.map((b: { batchId: string }) => b.batchId)).toEqual(expect.arrayContaining(['portal-1', 'sys-001']));
    const q = await c.get(`/api/v1/aggregation/batches/${up.body.id}/quarantine`);
    expect(q.body.items).toEqual([expect.objectContaining({ rowNumber: 3, status: 'open', problems: [expect.objectContaining({ field: 'uscc' })] })]);
    expect(q.body.fields.map((f: { code: string }) => f.code)).toContain('water_account');
    const report = await fetch(`${server.url}/api/v1/aggregation/batches/${up.body.id}/quarantine.csv`, { headers: { cookie: (c as unknown as { cookie: string }).cookie } });
    expect(report.headers.get('content-type')).toContain('text/csv');
    const raw = Buffer.from(await report.arrayBuffer());
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: Excel and WPS open it as UTF-8
    const text = raw.subarray(3).toString('utf8');
    expect(text.startsWith('行号,字段,原因')).toBe(true);
    expect(text).toContain('统一社会信用代码');
    const fix = await c.post(`/api/v1/aggregation/batches/${up.body.id}/resubmissions`, { rows: [{ rowNumber: 3, values: { ...q.body.items[0].values, uscc: usccs[2] } }] });
    expect(fix.status).toBe(201);
    expect(fix.body).toMatchObject({ source: 'resubmission', counts: { inserted: 1, quarantined: 0 } });
    const after = await c.get(`/api/v1/aggregation/batches/${up.body.id}/quarantine?status=all`);
    expect(after.body.items[0]).toMatchObject({ status: 'resolved', resolvedBy: fix.body.id });
  });

  it('refuses a binary file with a clear error and keeps the failed attempt visible', async () => {
    const c = await loginAs(server, 'utility_provider');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 0)]);
    const res = await fetch(`${server.url}/api/v1/aggregation/batches?item=UTILITY_WATER&batchId=png-1`, {
      method: 'POST', headers: { cookie: (c as unknown as { cookie: string }).cookie, 'content-type': 'text/csv' }, body: png,
    });
    expect(res.status).toBe(400);
    expect((await res.json() as { code: string }).code).toBe('BATCH_BINARY');
    const failed = await c.get('/api/v1/aggregation/batches?status=failed');
    expect(failed.body.items[0]).toMatchObject({ batchId: 'png-1', status: 'failed', error: { code: 'BATCH_BINARY' } });
  });

  it('refuses a stranger before reading the upload', async () => {
    const path = '/api/v1/aggregation/batches?item=UTILITY_WATER&batchId=stranger';
    // A body that never ends: the answer can only come before the server reads it.
    const endless = () => new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`${HEADER}\n`));
      },
    });
    const send = (headers: Record<string, string>) =>
      fetch(server.url + path, { method: 'POST', body: endless(), headers: { 'content-type': 'text/csv', ...headers }, duplex: 'half' } as RequestInit);
    const forged = await send({ 'x-xr-key-id': 'xr_forged_key', 'x-xr-timestamp': new Date(server.now()).toISOString(), 'x-xr-nonce': 'abcdefghijklmnopqrstuv', 'x-xr-content-sm3': '0'.repeat(64), 'x-xr-signature': 'hmac-sm3=00' });
    expect(forged.status).toBe(401);
    expect((await send({ cookie: 'xr_session=not-a-session-token-at-all' })).status).toBe(401);
    const bank = await loginAs(server, 'bank_officer');
    const bankCookie = (bank as unknown as { cookie: string }).cookie;
    expect((await send({ cookie: bankCookie })).status).toBe(403);
  });

  it('keeps other organisations out of a provider’s batches and items', async () => {
    const tax = await loginAs(server, 'tax_provider').catch(() => null);
    if (tax) {
      const r = await tax.request('POST', '/api/v1/aggregation/batches?item=UTILITY_WATER&batchId=t1', body(), { 'content-type': 'text/csv' });
      expect(r.status).toBe(403);
      expect((await tax.get('/api/v1/aggregation/batches')).body.items).toEqual([]);
    }
    const bank = await loginAs(server, 'bank_officer');
    expect((await bank.get('/api/v1/aggregation/batches')).status).toBe(403);
    expect((await new Client(server.url).request('POST', '/api/v1/aggregation/batches?item=UTILITY_WATER&batchId=x', body(), { 'content-type': 'text/csv' })).status).toBe(401);
  });
});

describe('records and their history', () => {
  it('shows the current record, an earlier version as of a date, and every version', async () => {
    const before = new Date(server.now()).toISOString();
    server.advance(60_000);
    const changed = await signedPost('/api/v1/aggregation/batches?item=UTILITY_WATER&batchId=sys-002', [HEADER, row(usccs[0], 'A1', '130', '是'), ''].join('\n'), 'text/csv');
    expect(changed.body.counts).toMatchObject({ updated: 1 });
    const op = await loginAs(server, 'operator');
    const now = await op.get(`/api/v1/aggregation/records/${usccs[0]}/UTILITY_WATER`);
    expect(now.body.records).toEqual([expect.objectContaining({ version: 2, data: expect.objectContaining({ in_arrears: true, avg_monthly_water_3m: '130' }) })]);
    const then = await op.get(`/api/v1/aggregation/records/${usccs[0]}/UTILITY_WATER?asOf=${encodeURIComponent(before)}`);
    expect(then.body.records).toEqual([expect.objectContaining({ version: 1, data: expect.objectContaining({ in_arrears: false, avg_monthly_water_3m: '120.5' }) })]);
    const history = await op.get(`/api/v1/aggregation/records/${usccs[0]}/UTILITY_WATER/history`);
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it('lets an enterprise read its own records only', async () => {
    const ent = await loginAs(server, 'ent_demo');
    const own = (await ent.get('/api/v1/auth/me')).body.org.uscc as string;
    expect((await ent.get(`/api/v1/aggregation/records/${own}/UTILITY_WATER`)).status).toBe(200);
    const other = usccs.find((u) => u !== own)!;
    expect((await ent.get(`/api/v1/aggregation/records/${other}/UTILITY_WATER`)).status).toBe(403);
  });
});

describe('GET /api/v1/quality/freshness (public)', () => {
  it('tells anyone how fresh each item is, without enterprise data', async () => {
    const r = await new Client(server.url).get('/api/v1/quality/freshness');
    expect(r.status).toBe(200);
    const water = r.body.items.find((i: { item: string }) => i.item === 'UTILITY_WATER');
    expect(water).toMatchObject({ status: 'on_time', lastReceivedAt: expect.any(String), expectedDays: 31 });
    expect(r.body.items.find((i: { item: string }) => i.item === 'TAX_PAYMENT')).toMatchObject({ status: 'not_applicable' });
    expect(JSON.stringify(r.body)).not.toContain(usccs[0]);
  });
});

describe('POST /api/v1/verifications', () => {
  it('answers true/false/unknown with a signed receipt and never the value', async () => {
    const bank = await loginAs(server, 'bank_officer');
    const claim = { uscc: usccs[1], item: 'UTILITY_WATER', field: 'avg_monthly_water_3m' };
    const atLeast = await bank.post('/api/v1/verifications', { ...claim, op: 'gte', value: '50' });
    expect(atLeast.status).toBe(200);
    expect(atLeast.body.result).toBe('true');
    const atMost = await bank.post('/api/v1/verifications', { ...claim, op: 'lte', value: '80.36' });
    expect(atMost.body.result).toBe('false');
    const equals = await bank.post('/api/v1/verifications', { ...claim, op: 'equals', value: '80.370' });
    expect(equals.body.result).toBe('true');
    const unknown = await bank.post('/api/v1/verifications', { ...claim, uscc: usccs[9], op: 'exists' });
    expect(unknown.body).toMatchObject({ result: 'unknown', receipt: { basis: { source: 'none', reason: 'NO_RECORD' } } });
    // The stored value (80.37) appears nowhere in a false answer: not in the body, not in the receipt.
    const wrong = await bank.post('/api/v1/verifications', { ...claim, op: 'equals', value: '81' });
    expect(wrong.body.result).toBe('false');
    const whole = JSON.stringify(wrong.body);
    expect(whole).not.toContain('80.37');
    expect(whole).not.toContain('A2');
    const key = (await new Client(server.url).get('/api/v1/verifications/public-key')).body;
    expect(verifyReceipt(wrong.body.receipt as Receipt, key.publicKey)).toBe(true);
    const forged = { ...(wrong.body.receipt as Receipt), result: 'true' as const };
    expect(verifyReceipt(forged, key.publicKey)).toBe(false);
  });

  it('refuses order claims on text fields and claims from non-institutions', async () => {
    const bank = await loginAs(server, 'bank_officer');
    const r = await bank.post('/api/v1/verifications', { uscc: usccs[1], item: 'UTILITY_WATER', field: 'water_account', op: 'gte', value: 'A' });
    expect(r.body.code).toBe('CLAIM_OP_NOT_APPLICABLE');
    const ent = await loginAs(server, 'ent_demo');
    expect((await ent.post('/api/v1/verifications', { uscc: usccs[1], item: 'UTILITY_WATER', field: 'water_account', op: 'exists' })).status).toBe(403);
  });
});
