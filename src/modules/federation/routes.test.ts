import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client, loginAs } from '../../../test/support/http.ts';
import { signNodeRequest, documentSm3 } from './envelope.ts';
import { lastCompleteMonth } from './network-rules.ts';
import { startTestNode, type TestNode } from './test-fixtures.ts';

/**
 * C15 acceptance with two real nodes on 127.0.0.1, each on its own database: a city registers with its province,
 * reports monthly statistics that the province's statistics show, shares records; the province stops in the middle
 * of a multi-item sync and restarts on the same database, and the city resumes without duplicates.
 */
let province: TestNode;
let city: TestNode;
let provinceOp: Client;
let cityOp: Client;

// The first report is the month the node's scheduler would queue itself (so it never adds one); then six earlier months.
const FIRST = lastCompleteMonth(Date.now());
const monthBefore = (back: number) => {
  const [y, m] = FIRST.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 - back, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};
const THIS_MONTH = monthBefore(-1);
const MONTHS = [5, 4, 3, 2, 1].map(monthBefore).concat(THIS_MONTH);

beforeAll(async () => {
  province = await startTestNode({ nodeTier: 'province', regionCode: '130000', nodeName: '河北省融资信用服务平台' });
  city = await startTestNode({ nodeTier: 'city', regionCode: '131000', nodeName: '廊坊市融资信用服务平台' });
  city.platform.config.upperNodeUrl = province.url;
  provinceOp = await loginAs(province.server, 'operator');
  cityOp = await loginAs(city.server, 'operator');
}, 180_000);
afterAll(async () => {
  vi.restoreAllMocks();
  await city?.close();
  await province?.close();
});

const queued = async (node: TestNode, kind: string) =>
  (await node.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM federation_outbox WHERE kind = $1 AND status = $2', [kind, 'sent']))[0].n;
const inboxRows = async (node: TestNode, from: string) =>
  node.platform.db.query<{ idem_key: string; subject: string }>('SELECT idem_key, subject FROM federation_inbox WHERE from_node_id = $1 ORDER BY idem_key', [from]);

describe('platform network between a city and its province', () => {
  it('publishes each node identity derived from its signing key', async () => {
    const res = await new Client(province.url).get('/api/v1/federation/node');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ nodeId: province.platform.keys.signing.keyId, tier: 'province', regionCode: '130000', alg: 'sm2', publicKey: province.platform.keys.signing.publicKey });
    const paths = Object.keys((await new Client(province.url).get('/api/v1/openapi.json')).body.paths);
    for (const p of ['/api/v1/federation/node', '/api/v1/federation/registrations', '/api/v1/federation/inbox', '/api/v1/federation/overview']) expect(paths).toContain(p);
  });

  it('registers the city with the province, pending the province operator, and pins the province key', async () => {
    const res = await cityOp.post('/api/v1/federation/upper/registration', {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'pending', upper: { nodeId: province.platform.keys.signing.keyId, tier: 'province' } });
    const overview = (await cityOp.get('/api/v1/federation/overview')).body;
    expect(overview.upper).toMatchObject({ nodeId: province.platform.keys.signing.keyId, publicKey: province.platform.keys.signing.publicKey, status: 'pending' });
    const lowers = (await provinceOp.get('/api/v1/federation/overview')).body.lowers;
    expect(lowers).toEqual([expect.objectContaining({ nodeId: city.platform.keys.signing.keyId, tier: 'city', regionCode: '131000', status: 'pending' })]);
    // registering again is idempotent
    expect((await cityOp.post('/api/v1/federation/upper/registration', {})).body.status).toBe('pending');
  });

  it('refuses a registration from outside the province or of the same tier', async () => {
    const other = await startTestNode({ nodeTier: 'city', regionCode: '110100', nodeName: '北京' }, 5);
    try {
      other.platform.config.upperNodeUrl = province.url;
      const res = await (await loginAs(other.server, 'operator')).post('/api/v1/federation/upper/registration', {});
      expect(res.status).toBe(502);
      expect(res.body.code).toBe('FEDERATION_REGION_OUTSIDE');
    } finally {
      await other.close();
    }
  }, 120_000);

  it('refuses the city reports until the province operator approves it, then stores them', async () => {
    const queued = await cityOp.post('/api/v1/federation/reports', { month: FIRST });
    expect(queued.status, JSON.stringify(queued.body)).toBe(200);
    expect(queued.body.queued).toBe(true);
    // the same figures again are not a new revision
    expect((await cityOp.post('/api/v1/federation/reports', { month: FIRST })).body).toEqual({ key: queued.body.key, queued: false });

    const early = await cityOp.post('/api/v1/federation/sync', {});
    expect(early.body).toMatchObject({ sent: 0, failed: 1 });
    expect((await cityOp.get('/api/v1/federation/overview')).body.upper.lastError).toMatch(/FEDERATION_NOT_APPROVED/);

    const approved = await provinceOp.post(`/api/v1/federation/nodes/${city.platform.keys.signing.keyId}/approve`, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.status).toBe('approved');

    const sync = await cityOp.post('/api/v1/federation/sync', {});
    expect(sync.body).toMatchObject({ sent: 1, failed: 0 });
    expect((await cityOp.get('/api/v1/federation/overview')).body.upper).toMatchObject({ status: 'approved', pending: 0, lastError: null });
    expect(await inboxRows(province, city.platform.keys.signing.keyId)).toEqual([{ idem_key: queued.body.key, subject: FIRST }]);
  });

  it('answers a resend with "duplicate", refuses changed content under the same key and a replayed envelope', async () => {
    const [held] = await inboxRows(province, city.platform.keys.signing.keyId);
    const [row] = await province.platform.db.query<{ payload: Record<string, unknown> }>('SELECT payload FROM federation_inbox WHERE idem_key = $1', [held.idem_key]);
    const send = async (item: unknown, replayOf?: Record<string, string>) => {
      const body = JSON.stringify(item);
      const headers = replayOf ?? signNodeRequest(city.platform.keys.signing, city.platform.keys.signing.keyId, 'POST', '/api/v1/federation/inbox', body, new Date());
      const res = await new Client(province.url).request('POST', '/api/v1/federation/inbox', body, headers);
      return { ...res, sent: headers };
    };
    const item = { key: held.idem_key, kind: 'statistics', subject: FIRST, payload: row.payload, payloadSm3: documentSm3(row.payload) };
    const again = await send(item);
    expect(again.body).toEqual({ result: 'duplicate', key: held.idem_key });
    const changed = { ...row.payload, month: FIRST, generatedAt: '2026-10-01T00:00:00+08:00' };
    expect((await send({ ...item, payload: changed, payloadSm3: documentSm3(changed) })).body.code).toBe('FEDERATION_KEY_REUSED');
    expect((await send(item, again.sent)).body.code).toBe('SIG_REPLAY');
    // a lower node shares only the items shared upward
    const tax = { format: 'xinrong.shared-records/v1', itemCode: 'TAX_PAYMENT', rows: [], after: null, through: '2026-01-31' };
    const foreign = await send({ key: `${city.platform.keys.signing.keyId}:records:TAX_PAYMENT:1`, kind: 'records', subject: 'TAX_PAYMENT@2026-01-31', payload: tax, payloadSm3: documentSm3(tax) });
    expect(foreign.body.code).toBe('FEDERATION_ITEM_NOT_SHARED');
    // an operator's session is no node
    expect((await provinceOp.post('/api/v1/federation/inbox', item)).body.code).toBe('FORBIDDEN_ROLE');
    expect(await inboxRows(province, city.platform.keys.signing.keyId)).toHaveLength(1);
  });

  it('resumes after the province stops mid-sync and restarts, holding each item exactly once', async () => {
    for (const month of MONTHS) expect((await cityOp.post('/api/v1/federation/reports', { month })).body.queued).toBe(true);
    const realFetch = globalThis.fetch;
    let inboxCalls = 0;
    // The province goes down while the city sends the batch: it has stored the third item when it stops, so the city
    // never sees that answer (connection lost) and must resend it after the restart.
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (!url.startsWith(province.url) || !url.endsWith('/api/v1/federation/inbox')) return realFetch(input, init);
      inboxCalls++;
      const res = await realFetch(input, init);
      if (inboxCalls === 3) {
        await province.stop();
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      }
      return res;
    });
    const first = (await cityOp.post('/api/v1/federation/sync', {})).body;
    expect(first).toMatchObject({ sent: 2, failed: 1 });
    expect(await inboxRows(province, city.platform.keys.signing.keyId)).toHaveLength(1 + 3);
    // while the province is down, retrying fails again and nothing is lost
    expect((await cityOp.post('/api/v1/federation/sync', {})).body).toMatchObject({ sent: 0, failed: 1 });
    const down = (await cityOp.get('/api/v1/federation/overview')).body.upper;
    expect(down.pending).toBe(MONTHS.length - 2);
    expect(down.lastError).toMatch(/FEDERATION_PEER_UNREACHABLE/);
    spy.mockRestore();

    await province.restart();
    const resumed = await cityOp.post('/api/v1/federation/sync', {});
    expect(resumed.body).toMatchObject({ sent: MONTHS.length - 3, duplicates: 1, failed: 0 });
    const held = await inboxRows(province, city.platform.keys.signing.keyId);
    expect(held.map((r) => r.subject).sort()).toEqual([FIRST, ...MONTHS].sort());
    const [{ n, distinct }] = await province.platform.db.query<{ n: number; distinct: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT subject)::int AS distinct FROM federation_inbox WHERE from_node_id = $1', [city.platform.keys.signing.keyId]);
    expect(n).toBe(MONTHS.length + 1);
    expect(distinct).toBe(n);
    const lower = (await (await loginAs(province.server, 'operator')).get('/api/v1/statistics/lower-nodes')).body.items[0];
    expect(lower).toMatchObject({ nodeId: city.platform.keys.signing.keyId });
  }, 120_000);

  it("shows the city's figures in the province statistics", async () => {
    // the demo enterprises registered this month: the city's report of this month (sent in the batch) counts them
    const cityReport = (await cityOp.get(`/api/v1/statistics/monthly-report/${THIS_MONTH}`)).body;
    expect(cityReport.total.registered).toBeGreaterThan(0);
    provinceOp = await loginAs(province.server, 'operator');
    const lower = await provinceOp.get('/api/v1/statistics/lower-nodes');
    expect(lower.status, JSON.stringify(lower.body)).toBe(200);
    expect(lower.body.items).toEqual([expect.objectContaining({ nodeId: city.platform.keys.signing.keyId, regionCode: '131000' })]);
    const dashboard = await provinceOp.get(`/api/v1/statistics/dashboard?from=${THIS_MONTH}&to=${THIS_MONTH}&dimension=region`);
    expect(dashboard.status, JSON.stringify(dashboard.body)).toBe(200);
    expect(dashboard.body.lowerNodes).toEqual([expect.objectContaining({ nodeId: city.platform.keys.signing.keyId })]);
    expect(dashboard.body.lowerNodes[0].months).toContain(THIS_MONTH);
    // the province's total includes the city's enterprises (statistics decides how it merges its own figures of that area)
    expect(dashboard.body.total.figures.registered).toBeGreaterThanOrEqual(cityReport.total.registered);
    const cityRow = dashboard.body.rows.find((r: { key: string }) => r.key.startsWith('1310'));
    expect(cityRow?.figures.registered).toBeGreaterThanOrEqual(cityReport.total.registered);
  });

  it('shares 双公示 records upward and nationally held records downward, once each, through aggregation', async () => {
    const submitAs = async (node: TestNode, itemCode: string, rows: Record<string, unknown>[]) => {
      const [operator] = await node.services.identity.organisations('operator');
      const body = Buffer.from(JSON.stringify(rows));
      return node.services.aggregation.submit({
        submitter: { orgId: operator.id, orgKind: 'operator', category: null, actor: null }, batchKey: `seed-${itemCode}`, itemCode, format: 'json', source: 'api',
        open: async function* () { yield body; },
      });
    };
    const [a, b] = await city.services.entities.store.search({ limit: 2 });
    const decided = `${FIRST}-10`;
    const up = await submitAs(city, 'ADMIN_PENALTY', [
      { uscc: a.uscc, subject_name: a.name, record_uid: 'LF-P-0001', decision_date: decided, penalty_content: '警告' },
      { uscc: b.uscc, subject_name: b.name, record_uid: 'LF-P-0002', decision_date: decided, penalty_content: '罚款' },
    ]);
    expect(up.counts.inserted).toBe(2);
    // the node's own 15-second scheduler may queue the page first: either way it is queued once
    await city.services.federation.queueDue();
    expect((await city.services.federation.queueDue()).recordPages).toBe(0);
    expect((await cityOp.post('/api/v1/federation/sync', {})).body.failed).toBe(0);
    expect(await queued(city, 'records')).toBe(1);
    const held = await province.services.aggregation.records(a.uscc, 'ADMIN_PENALTY', null);
    expect(held).toHaveLength(1);
    expect(held[0].data).toMatchObject({ record_uid: 'LF-P-0001', penalty_content: '警告' });

    const down = await submitAs(province, 'COURT_DISHONEST_DEBTOR', [{ uscc: b.uscc, entity_name: b.name, case_no: '(2026)冀10执123号', filing_date: decided }]);
    expect(down.counts.inserted).toBe(1);
    await province.services.federation.queueDue();
    expect((await province.services.federation.queueDue()).recordPages).toBe(0);
    expect((await provinceOp.post('/api/v1/federation/sync', {})).body.failed).toBe(0);
    expect(await queued(province, 'records')).toBe(1);
    const received = await city.services.aggregation.records(b.uscc, 'COURT_DISHONEST_DEBTOR', null);
    expect(received.map((r) => r.data.case_no)).toEqual(['(2026)冀10执123号']);
    const [{ n }] = await city.platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM federation_inbox WHERE kind = 'records'", []);
    expect(n).toBe(1);
  }, 60_000);

  it('audits every exchange on both sides', async () => {
    await city.services.audit.flush();
    await province.services.audit.flush();
    const actions = async (node: TestNode) => (await node.platform.db.query<{ action: string; n: number }>(
      "SELECT action, count(*)::int AS n FROM audit_entries WHERE action LIKE 'federation.%' GROUP BY action", [])).reduce<Record<string, number>>((m, r) => ({ ...m, [r.action]: r.n }), {});
    const sent = await actions(city);
    const received = await actions(province);
    expect(sent['federation.registration.sent']).toBeGreaterThanOrEqual(2);
    expect(sent['federation.report.sent']).toBeGreaterThanOrEqual(MONTHS.length + 1);
    expect(received['federation.registration.received']).toBeGreaterThanOrEqual(2);
    expect(received['federation.node.approved']).toBe(1);
    expect(received['federation.report.received']).toBeGreaterThanOrEqual(MONTHS.length + 1);
  });
});
