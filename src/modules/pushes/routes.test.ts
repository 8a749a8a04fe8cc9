import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { Client, loginAs } from '../../../test/support/http.ts';

/** The push API over HTTP: who may subscribe, L2 refusals in the reader's language, and isolation between institutions. */
let server: TestServer;
let bankAdmin: Client;
let bankOfficer: Client;
let otherOfficer: Client;
let operator: Client;
let uscc: string;

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 5 });
  bankAdmin = await loginAs(server, 'bank_admin');
  bankOfficer = await loginAs(server, 'bank_officer');
  operator = await loginAs(server, 'operator');
  const [other] = (await server.services.identity.organisations('institution')).filter((o) => o.name === '廊坊示范农村商业银行');
  await server.services.identity.createUser({ orgId: other.id, username: 'rural_officer', displayName: '客户经理', password: server.demo.password, roles: ['inst_loan_officer'] });
  otherOfficer = new Client(server.url);
  expect((await otherOfficer.post('/api/v1/auth/login', { username: 'rural_officer', password: server.demo.password })).status).toBe(200);
  [{ uscc }] = await server.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities ORDER BY uscc LIMIT 1');
});
afterAll(async () => server?.close());

describe('push API', () => {
  it('refuses an L2 item with a zh and an en message naming it', async () => {
    const body = { regionPrefixes: [], industryPrefixes: [], items: ['ADMIN_PENALTY', 'SOCIAL_INSURANCE_CONTRIBUTION'], frequency: 'daily' };
    const zh = await bankAdmin.request('PUT', '/api/v1/pushes/subscription', body);
    expect(zh.status).toBe(400);
    expect(zh.body.code).toBe('PUSH_ITEM_NOT_PUBLIC');
    expect(zh.body.title + zh.body.detail).toContain('SOCIAL_INSURANCE_CONTRIBUTION');
    expect(zh.body.title + zh.body.detail).toMatch(/不是公开信息/);
    const en = await bankAdmin.request('PUT', '/api/v1/pushes/subscription', body, { 'accept-language': 'en' });
    expect(en.body.title + en.body.detail).toMatch(/not public information/);
  });

  it('lets inst_admin subscribe, other institution roles read, and refuses the subscription to a loan officer', async () => {
    const put = await bankAdmin.request('PUT', '/api/v1/pushes/subscription', { regionPrefixes: [], industryPrefixes: [], items: ['ADMIN_LICENSE'], frequency: 'daily' });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ subscribed: true, items: ['ADMIN_LICENSE'], frequency: 'daily' });
    expect((await bankOfficer.get('/api/v1/pushes/subscription')).body.items).toEqual(['ADMIN_LICENSE']);
    expect((await bankOfficer.request('PUT', '/api/v1/pushes/subscription', { regionPrefixes: [], industryPrefixes: [], items: ['ADMIN_LICENSE'], frequency: 'daily' })).status).toBe(403);
    // another institution sees its own (empty) subscription
    expect((await otherOfficer.get('/api/v1/pushes/subscription')).body.subscribed).toBe(false);
    await server.services.audit.flush();
    const audit = await server.platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_entries WHERE action = 'pushes.subscription.created'");
    expect(audit[0].n).toBe(1);
  });

  it('shows a batch and its masked entries to its institution only', async () => {
    const csv = '统一社会信用代码,行政相对人名称,法定代表人,法定代表人证件号码,许可编号,唯一标识\n' + `${uscc},示范企业,欧阳明,11010519491231002X,XK-1,HTTP-1\n`;
    const submitted = await operator.request('POST', '/api/v1/aggregation/batches?item=ADMIN_LICENSE&batchId=push-http-1&source=portal', csv, { 'content-type': 'text/csv' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBeLessThan(300);
    await expect.poll(async () => (await operator.get(`/api/v1/aggregation/batches/${submitted.body.id}`)).body.status).toBe('completed');
    const run = await operator.post('/api/v1/pushes/runs', {});
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    expect(run.body.batches).toHaveLength(1);
    const { batchId } = run.body.batches[0];

    const list = await bankOfficer.get('/api/v1/pushes/batches');
    expect(list.body.items.map((b: { id: string }) => b.id)).toEqual([batchId]);
    const entries = await bankOfficer.get(`/api/v1/pushes/batches/${batchId}/entries?limit=10`);
    expect(entries.status).toBe(200);
    expect(entries.body.items).toHaveLength(1);
    expect(entries.body.items[0]).toMatchObject({ uscc, item: 'ADMIN_LICENSE', recordKey: 'HTTP-1', data: { legal_rep_name: '欧阳*' } });
    expect(JSON.stringify(entries.body)).not.toContain('11010519491231002X');

    expect((await otherOfficer.get('/api/v1/pushes/batches')).body.items).toEqual([]);
    const foreign = await otherOfficer.get(`/api/v1/pushes/batches/${batchId}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('PUSH_BATCH_NOT_FOUND');
    expect((await otherOfficer.get(`/api/v1/pushes/batches/${batchId}/entries`)).status).toBe(404);
    await server.services.audit.flush();
    const audited = await server.platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_entries WHERE action = 'pushes.batch.ready'");
    expect(audited[0].n).toBe(1);
  });
});
