import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import client from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startProviderSim, type ProviderSimHandle } from '../../../../providers/sim/server.ts';
import { createTestDb } from '../../../../test/support/db.ts';
import type { Role } from '../../../platform/auth/roles.ts';
import type { Db } from '../../../platform/db/index.ts';
import { createFieldCipher } from '../../../platform/crypto/index.ts';
import { installAccessControl, installJsonBodyParser, installProblemHandlers, type Principal } from '../../../platform/http/index.ts';
import { createCatalogService } from '../../catalog/index.ts';
import { createInterfaceCallService, interfaceCallRoutes, type InterfaceCallService } from './index.ts';

/**
 * HTTP behaviour of the interface-call routes, on a small app with the platform's problem handling and access
 * control; the principal comes from a test header instead of a session.
 */
let sim: ProviderSimHandle;
let db: Db;
let app: FastifyInstance;
let service: InterfaceCallService;
let own: string;
let other: string;
const registry = new client.Registry();

function principal(roles: Role[], orgKind: Principal['orgKind'], uscc: string | null = null): Principal {
  return {
    kind: 'user', userId: '018f0000-0000-7000-8000-000000000001', username: 'tester', displayName: 'Tester', orgId: '018f0000-0000-7000-8000-0000000000aa',
    orgKind, orgName: 'Org', uscc, roles, mfaPassed: true, sessionHash: 'x',
  };
}
const who = {
  operator: () => principal(['op_admin'], 'operator'),
  supervisor: () => principal(['op_supervisor'], 'operator'),
  enterprise: () => principal(['enterprise_legal_rep'], 'enterprise', own),
  bank: () => principal(['inst_loan_officer'], 'institution'),
};

async function call(method: 'GET' | 'PUT', url: string, as: keyof typeof who | null, body?: unknown, lang = 'zh-CN') {
  const res = await app.inject({
    method, url: `/api/v1${url}`,
    headers: { 'accept-language': lang, ...(as ? { 'x-test-principal': as } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    payload: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, body: res.json() as any, headers: res.headers };
}

beforeAll(async () => {
  [sim, db] = await Promise.all([startProviderSim({ port: 0, enterprises: 60, referenceDate: '2026-10-31' }), createTestDb()]);
  const catalog = createCatalogService(db);
  await catalog.ensureSeeded();
  const cipher = createFieldCipher({ alg: 'aes-256-gcm', keys: { k1: randomBytes(32) }, activeKeyId: 'k1' });
  service = createInterfaceCallService({
    db, keys: { cipher }, catalog,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    tuning: { timeoutMs: 5000, retries: 0, breaker: { failures: 50, openMs: 1000 } },
  });
  service.registerMetrics(registry);
  const usccs = [...sim.registry.all()].filter((e) => (sim.dataset.records('TAX_PAYMENT', e.uscc) ?? []).length > 0).map((e) => e.uscc);
  [own, other] = usccs;

  app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } } });
  installProblemHandlers(app);
  installJsonBodyParser(app);
  installAccessControl(app, {
    authenticate: async (request) => {
      const as = request.headers['x-test-principal'];
      return typeof as === 'string' ? who[as as keyof typeof who]() : null;
    },
  });
  await app.register(async (api) => {
    await api.register(interfaceCallRoutes, service);
  }, { prefix: '/api/v1' });
  await app.ready();
});
afterEach(() => sim.resetFaults());
afterAll(async () => {
  await app?.close();
  await sim?.close();
  await db?.close();
});

describe('provider endpoint registry', () => {
  it('lets the platform administrator set an endpoint, validating the URL and keeping the secret encrypted', async () => {
    for (const bad of ['ftp://tax.example/xr', 'not a url', 'https://user:pw@tax.example/xr', 'https://tax.example/xr?x=1']) {
      const r = await call('PUT', '/aggregation/provider-endpoints/tax', 'operator', { baseUrl: bad });
      expect(r.status, bad).toBe(400);
      expect(r.body.code, bad).toMatch(/ENDPOINT_URL_INVALID|VALIDATION_FAILED/);
    }
    const unknown = await call('PUT', '/aggregation/provider-endpoints/weather', 'operator', { baseUrl: sim.url });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('PROVIDER_CATEGORY_UNKNOWN');

    const secret = 'route-test-secret-0123456789';
    const saved = await call('PUT', '/aggregation/provider-endpoints/tax', 'operator', { baseUrl: `${sim.url}/`, secret });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ category: 'tax', baseUrl: sim.url, keyId: 'xinrong', hasSecret: true, updatedBy: expect.any(String), breaker: { state: 'closed' } });
    expect(JSON.stringify(saved.body)).not.toContain(secret);
    const [row] = await db.query<{ secret_enc: string }>("SELECT secret_enc FROM provider_endpoints WHERE provider_category = 'tax'");
    expect(row.secret_enc).toMatch(/^v1:aes-256-gcm:k1:/);
    expect(row.secret_enc).not.toContain(secret);

    // Omitting the secret keeps it; null removes it.
    expect((await call('PUT', '/aggregation/provider-endpoints/tax', 'operator', { baseUrl: sim.url })).body.hasSecret).toBe(true);
    expect((await call('PUT', '/aggregation/provider-endpoints/tax', 'operator', { baseUrl: sim.url, secret: null })).body.hasSecret).toBe(false);
    await call('PUT', '/aggregation/provider-endpoints/housing_fund', 'operator', { baseUrl: sim.url });

    const list = await call('GET', '/aggregation/provider-endpoints', 'operator');
    expect(list.body.items.map((e: { category: string }) => e.category)).toEqual(['housing_fund', 'tax']);
  });

  it('is for the platform administrator only', async () => {
    expect((await call('GET', '/aggregation/provider-endpoints', 'supervisor')).body.code).toBe('FORBIDDEN_ROLE');
    expect((await call('PUT', '/aggregation/provider-endpoints/tax', 'bank', { baseUrl: sim.url })).status).toBe(403);
    expect((await call('GET', '/aggregation/provider-endpoints', null)).status).toBe(401);
  });
});

describe('GET /aggregation/live/:uscc/:item', () => {
  it('reads an interface item from the provider with every reply field declared', async () => {
    await call('PUT', '/aggregation/provider-endpoints/tax', 'operator', { baseUrl: sim.url });
    const r = await call('GET', `/aggregation/live/${other}/TAX_PAYMENT`, 'supervisor');
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.body).toEqual({
      uscc: other, item: 'TAX_PAYMENT', records: sim.dataset.records('TAX_PAYMENT', other),
      fetchedAt: expect.any(String), stale: false, source: 'provider', provider: 'tax', asOf: '2026-10-31T23:59:59+08:00',
    });
    expect(sim.log.at(-1)?.authorisationRef).toBe('operator:018f0000-0000-7000-8000-000000000001');
  });

  it('lets an enterprise read its own data and refuses another enterprise\'s', async () => {
    const mine = await call('GET', `/aggregation/live/${own}/TAX_PAYMENT`, 'enterprise');
    expect(mine.status).toBe(200);
    expect(sim.log.at(-1)?.authorisationRef).toBe(`subject-self:${own}`);
    const theirs = await call('GET', `/aggregation/live/${other}/TAX_PAYMENT`, 'enterprise');
    expect(theirs.status).toBe(403);
    expect(theirs.body.code).toBe('SUBJECT_FORBIDDEN');
    expect((await call('GET', `/aggregation/live/${own}/TAX_PAYMENT`, 'bank')).body.code).toBe('FORBIDDEN_ROLE');
  });

  it('answers 404 for an unknown item or one not shared by interface call, 400 for an invalid USCC', async () => {
    expect((await call('GET', `/aggregation/live/${own}/NO_SUCH_ITEM`, 'operator')).body.code).toBe('INTERFACE_ITEM_UNKNOWN');
    const physical = await call('GET', `/aggregation/live/${own}/UTILITY_WATER`, 'operator');
    expect(physical.status).toBe(404);
    expect((await call('GET', `/aggregation/live/${own.slice(0, 17)}${own[17] === '0' ? '1' : '0'}/TAX_PAYMENT`, 'operator')).body.code).toBe('USCC_INVALID');
  });

  it('shows the cached answer as stale during an outage, and a clear 503 problem when nothing is cached', async () => {
    const fresh = await call('GET', `/aggregation/live/${own}/TAX_PAYMENT`, 'operator');
    sim.setFaults({ outage: true });
    const stale = await call('GET', `/aggregation/live/${own}/TAX_PAYMENT`, 'operator');
    expect(stale.status).toBe(200);
    expect(stale.body).toMatchObject({ stale: true, source: 'cache', fetchedAt: fresh.body.fetchedAt, records: fresh.body.records });
    const none = await call('GET', `/aggregation/live/${own}/TAX_ABNORMAL_TAXPAYER`, 'operator');
    expect(none.status).toBe(503);
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(none.body).toMatchObject({ code: 'SOURCE_UNAVAILABLE', provider: 'tax', item: 'TAX_ABNORMAL_TAXPAYER' });
    expect(none.body.detail).toMatch(/数据源暂不可用/);
    const en = await call('GET', `/aggregation/live/${own}/TAX_ABNORMAL_TAXPAYER`, 'operator', undefined, 'en');
    expect(en.body.detail).toMatch(/data source is unavailable/);
  });

  it('answers SOURCE_UNAVAILABLE for a provider with no endpoint configured', async () => {
    const r = await call('GET', `/aggregation/live/${own}/UTILITY_ELECTRICITY`, 'operator');
    expect(r.status).toBe(503);
    expect(r.body.reason).toBe('not_configured');
  });

  it('counts calls, failures and cache hits per provider in Prometheus metrics', async () => {
    const text = await registry.metrics();
    expect(text).toMatch(/xinrong_interface_calls_total\{provider="tax",outcome="ok"\} \d+/);
    expect(text).toMatch(/xinrong_interface_failures_total\{provider="tax",reason="server_error"\} \d+/);
    expect(text).toMatch(/xinrong_interface_cache_hits_total\{provider="tax"\} \d+/);
    expect(text).toMatch(/xinrong_interface_failures_total\{provider="utilities",reason="not_configured"\} \d+/);
    expect(text).toMatch(/xinrong_interface_breaker_open\{provider="tax"\} 0/);
  });
});
