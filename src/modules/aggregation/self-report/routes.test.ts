import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../../test/support/server.ts';
import { Client, loginAs } from '../../../../test/support/http.ts';
import { verifyCommitmentReceipt, type CommitmentReceipt } from './index.ts';

let server: TestServer;
let rep: Client;
let agent: Client;
let ownUscc: string;
let otherUscc: string;
const AGENT_PASSWORD = 'Xr-agent-Password-1';

const operating = (revenue: string, extra: Record<string, unknown> = {}) => ({
  item: 'SELF_OPERATING', values: { period_type: '月度', period_end: '2026-10-31', operating_revenue: revenue, employees: 18, ...extra },
});

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 10 });
  rep = await loginAs(server, 'ent_demo');
  const me = (await rep.get('/api/v1/auth/me')).body as { org: { id: string; uscc: string } };
  ownUscc = me.org.uscc;
  otherUscc = (await server.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities WHERE uscc <> $1 ORDER BY uscc LIMIT 1', [ownUscc]))[0].uscc;
  // an agent (经办人) of the same enterprise: may draft and report, never sign
  await server.services.identity.createUser({ orgId: me.org.id, username: 'ent_agent', displayName: '经办人 李四', password: AGENT_PASSWORD, roles: ['enterprise_agent'], realNameVerified: true });
  agent = new Client(server.url);
  expect((await agent.post('/api/v1/auth/login', { username: 'ent_agent', password: AGENT_PASSWORD })).status).toBe(200);
});
afterAll(async () => server?.close());

describe('self-report over HTTP', () => {
  it('refuses a report without a live commitment (409 COMMITMENT_REQUIRED)', async () => {
    const r = await agent.post('/api/v1/self-reports', operating('500000'));
    expect(r.status).toBe(409);
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(r.body.code).toBe('COMMITMENT_REQUIRED');
    const c = await agent.get('/api/v1/self-reports/commitment');
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ live: false, canSign: false, commitment: null, text: { version: '1', zh: { title: expect.stringContaining('信用承诺书') } } });
  });

  it('does not let an agent sign, nor anyone outside the enterprise read the commitment', async () => {
    const r = await agent.post('/api/v1/self-reports/commitment', { textVersion: '1', accept: true });
    expect(r.status).toBe(403);
    expect((await new Client(server.url).get('/api/v1/self-reports/commitment')).status).toBe(401);
    const bank = await loginAs(server, 'bank_officer');
    expect((await bank.get('/api/v1/self-reports/commitment')).status).toBe(403);
    expect((await bank.post('/api/v1/self-reports', operating('1'))).status).toBe(403);
  });

  it('lets the legal representative sign; the receipt verifies with the published platform key', async () => {
    const stale = await rep.post('/api/v1/self-reports/commitment', { textVersion: '0', accept: true });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('COMMITMENT_TEXT_CHANGED');
    const r = await rep.post('/api/v1/self-reports/commitment', { textVersion: '1', accept: true });
    expect(r.status).toBe(201);
    const receipt = r.body.commitment.receipt as CommitmentReceipt;
    expect(receipt).toMatchObject({ type: 'xinrong.credit-commitment.v1', enterprise: { uscc: ownUscc }, signer: { role: 'enterprise_legal_rep' }, text: { version: '1' } });
    const key = (await new Client(server.url).get('/api/v1/verifications/public-key')).body as { publicKey: string; keyId: string };
    expect(receipt.issuer.keyId).toBe(key.keyId);
    expect(verifyCommitmentReceipt(receipt, key.publicKey)).toBe(true);
    expect(verifyCommitmentReceipt({ ...receipt, issuedAt: new Date(0).toISOString() }, key.publicKey)).toBe(false);
    const again = await rep.post('/api/v1/self-reports/commitment', { textVersion: '1', accept: true });
    expect(again.status).toBe(200);
    expect(again.body.commitment.id).toBe(r.body.commitment.id);
    const status = await agent.get('/api/v1/self-reports/commitment');
    expect(status.body).toMatchObject({ live: true, commitment: { id: r.body.commitment.id, signedAt: expect.any(String), signer: { displayName: expect.stringContaining('法定代表人') } } });
  });

  it('stores a report with origin self_report, versioned on change; operators see it with its origin', async () => {
    const first = await agent.post('/api/v1/self-reports', operating('500000'));
    expect(first.status).toBe(201);
    expect(first.body.record).toMatchObject({ item: 'SELF_OPERATING', version: 1, origin: 'self_report', commitmentId: expect.any(String), data: { uscc: ownUscc, operating_revenue: '500000' } });
    const same = await agent.post('/api/v1/self-reports', operating('500000.00'));
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ changed: false, record: { version: 1 } });
    const changed = await rep.post('/api/v1/self-reports', operating('520000'));
    expect(changed.status).toBe(201);
    expect(changed.body.record.version).toBe(2);

    const list = await agent.get('/api/v1/self-reports');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ item: 'SELF_OPERATING', itemName: '生产经营信息（自主申报）', version: 2, origin: 'self_report' })]);

    const operator = await loginAs(server, 'operator');
    const seen = await operator.get(`/api/v1/aggregation/records/${ownUscc}/SELF_OPERATING`);
    expect(seen.status).toBe(200);
    expect(seen.body.records).toEqual([expect.objectContaining({ version: 2, origin: 'self_report', data: expect.objectContaining({ operating_revenue: '520000' }) })]);
    const history = await operator.get(`/api/v1/aggregation/records/${ownUscc}/SELF_OPERATING/history`);
    expect(history.body.versions.map((v: { version: number; origin: string }) => [v.version, v.origin])).toEqual(expect.arrayContaining([[1, 'self_report'], [2, 'self_report']]));
  });

  it("refuses another enterprise's USCC and items outside SELF_REPORT", async () => {
    const other = await agent.post('/api/v1/self-reports', operating('1', { uscc: otherUscc }));
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('NOT_YOUR_ENTERPRISE');
    const notSelf = await agent.post('/api/v1/self-reports', { item: 'TAX_ARREARS', values: {} });
    expect(notSelf.status).toBe(400);
    expect(notSelf.body.code).toBe('ITEM_NOT_SELF_REPORTABLE');
  });

  it('lists validation problems with field, code and both languages', async () => {
    const r = await agent.post('/api/v1/self-reports', {
      item: 'SELF_QUALIFICATION',
      values: { certificate_type: '资质证书', certificate_name: '建筑业企业资质证书', certificate_number: 'D213000001', issuing_authority: '河北省住房和城乡建设厅', issue_date: '2026-13-01', certificate_status: '可用' },
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('SELF_REPORT_INVALID');
    expect(r.body.problems).toEqual(expect.arrayContaining([
      { field: 'issue_date', code: 'FIELD_DATE', zh: expect.stringContaining('不是有效日期'), en: expect.stringContaining('not a valid date') },
      { field: 'certificate_status', code: 'FIELD_ENUM', zh: expect.any(String), en: expect.any(String) },
    ]));
    // The summary names the fields, for a reader of the message alone.
    expect(r.body.detail).toContain('发证日期');
  });

  it('declares every route with its access rule and in the OpenAPI document', async () => {
    const doc = (await new Client(server.url).get('/api/v1/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/self-reports'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(doc.paths['/api/v1/self-reports/commitment'])).toEqual(expect.arrayContaining(['get', 'post']));
  });
});
