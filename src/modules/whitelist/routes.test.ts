import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import { loginAs, type Client } from '../../../test/support/http.ts';
import type { TestServer } from '../../../test/support/server.ts';
import { createEvaluationService } from '../evaluation/index.ts';
import { createMemoryAuditSink } from '../consent/index.ts';
import { createWhitelistService } from './service.ts';
import { whitelistRoutes } from './routes.ts';
import { openDemands } from '../../../test/support/demands.ts';
import { startModuleNode } from '../../../test/support/module-node.ts';

/** The white-list API over real HTTP, on a small node of its own (a memory audit sink; test/support/module-node.ts). */
let platform: Platform;
let app: FastifyInstance;
let server: TestServer;
let operator: Client;
let bankAdmin: Client;
const audit = createMemoryAuditSink();

beforeAll(async () => {
  const node = await startModuleNode({
    enterprises: 40,
    routes: async (api, { platform: p, clock }) => api.register(whitelistRoutes, { whitelist: createWhitelistService({ db: p.db, clock, audit }) }),
  });
  ({ app, server, platform } = node);
  const db = platform.db;
  await createEvaluationService({ db, clock: node.clock }).evaluateAll();
  const [signer] = await db.query<{ org_id: string; id: string }>("SELECT u.org_id, u.id FROM users u WHERE u.username = 'ent_demo'");
  await db.query(`INSERT INTO credit_commitments (uscc, id, org_id, user_id, text_version, text_sm3, signed_at, receipt)
    SELECT uscc, $1::uuid, $2, $3, '1', $4, now(), '{}' FROM entities`, [uuidv7(), signer.org_id, signer.id, 'a'.repeat(64)]);
  await openDemands(db, 'all');
  operator = await loginAs(server, 'operator');
  bankAdmin = await loginAs(server, 'bank_admin');
});
afterAll(async () => {
  await app?.close();
  await platform?.db.close();
});

describe('white-list rules over HTTP', () => {
  it('shows operators the active rule set and refuses institutions', async () => {
    const res = await operator.get('/api/v1/whitelist/rules');
    expect(res.status).toBe(200);
    expect(res.body.active).toMatchObject({ version: 1, active: true, createdBy: 'system' });
    expect(res.body.active.definition.rules.map((r: { id: string }) => r.id)).toContain('no_current_enforcement');
    expect((await bankAdmin.get('/api/v1/whitelist/rules')).status).toBe(403);
  });

  it('publishes a validated new version and refuses one that disables the commitment rule', async () => {
    const current = (await operator.get('/api/v1/whitelist/rules')).body.active.definition;
    const looser = { ...current, rules: current.rules.map((r: { id: string }) => r.id === 'credit_grade' ? { ...r, params: { minGrade: 'D-' } } : r) };
    const res = await operator.post('/api/v1/whitelist/rules', looser);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 2, active: true, createdBy: 'operator' });
    const bad = { ...current, rules: current.rules.map((r: { id: string }) => r.id === 'credit_commitment' ? { ...r, enabled: false } : r) };
    const refused = await operator.post('/api/v1/whitelist/rules', bad);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'WHITELIST_RULES_INVALID' });
    expect(audit.events.filter((e) => e.action === 'whitelist.rules.published')).toHaveLength(1);
  });
});

describe('runs, entries, subscription and pushes over HTTP', () => {
  let runId: string;

  it('lets an institution admin set its subscription', async () => {
    expect((await bankAdmin.get('/api/v1/whitelist/subscription')).body).toEqual({ regionPrefixes: [], industryPrefixes: [], updatedAt: null });
    const res = await bankAdmin.request('PUT', '/api/v1/whitelist/subscription', { regionPrefixes: ['13'], industryPrefixes: [] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ regionPrefixes: ['13'], industryPrefixes: [] });
    expect((await bankAdmin.request('PUT', '/api/v1/whitelist/subscription', { regionPrefixes: ['x'], industryPrefixes: [] })).status).toBe(400);
    expect((await operator.get('/api/v1/whitelist/subscription')).status).toBe(403);
  });

  it('runs the selection on an operator admin\'s request and lists the run with its counts', async () => {
    const res = await operator.post('/api/v1/whitelist/runs', { period: '2026-11' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ trigger: 'on_demand', period: '2026-11', status: 'completed', ruleVersion: 2, evaluated: expect.any(Number) });
    expect(res.body.listed).toBeGreaterThan(0);
    expect(res.body.summary.skipped).toEqual([]);
    runId = res.body.id;
    const list = await operator.get('/api/v1/whitelist/runs');
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([runId]);
    const detail = await operator.get(`/api/v1/whitelist/runs/${runId}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ run: { id: runId }, departures: [], pushes: [expect.objectContaining({ channel: 'in_app' })] });
    expect((await bankAdmin.post('/api/v1/whitelist/runs', {})).status).toBe(403);
    expect((await operator.get(`/api/v1/whitelist/runs/${uuidv7()}`)).status).toBe(404);
  });

  it('pages through a run\'s entries with reasons, filtered by region and industry', async () => {
    const first = await operator.get(`/api/v1/whitelist/runs/${runId}/entries?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0].reasons[0]).toMatchObject({ rule: 'industry_policy', zh: expect.any(String), en: expect.any(String) });
    const next = await operator.get(`/api/v1/whitelist/runs/${runId}/entries?limit=2&cursor=${first.body.nextCursor}`);
    expect(next.body.items[0].uscc > first.body.items[1].uscc).toBe(true);
    const region = first.body.items[0].regionCode.slice(0, 4);
    const filtered = await operator.get(`/api/v1/whitelist/runs/${runId}/entries?region=${region}&industry=${first.body.items[0].industryCode[0]}`);
    expect(filtered.body.items.length).toBeGreaterThan(0);
    for (const e of filtered.body.items) expect(e.regionCode.startsWith(region)).toBe(true);
  });

  it('shows an institution the entries pushed to it, and nothing to operators', async () => {
    const res = await bankAdmin.get('/api/v1/whitelist/pushed?limit=500');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ runId, period: '2026-11', entryCount: expect.any(Number) });
    expect(res.body.items).toHaveLength(res.body.entryCount);
    for (const e of res.body.items) expect(e.regionCode.startsWith('13')).toBe(true);
    const officer = await loginAs(server, 'bank_officer');
    expect((await officer.get('/api/v1/whitelist/pushed')).body.runId).toBe(runId);
    expect((await operator.get('/api/v1/whitelist/pushed')).status).toBe(403);
  });
});

describe('what the portal screens read over HTTP', () => {
  it('names the mandatory rules with the rule set', async () => {
    const res = await operator.get('/api/v1/whitelist/rules');
    expect(res.body.mandatory).toEqual(['no_current_enforcement', 'credit_commitment']);
  });

  it('lets every institution role read its subscription and only the admin change it', async () => {
    const officer = await loginAs(server, 'bank_officer');
    const read = await officer.get('/api/v1/whitelist/subscription');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ regionPrefixes: ['13'], industryPrefixes: [] });
    expect((await officer.request('PUT', '/api/v1/whitelist/subscription', { regionPrefixes: [], industryPrefixes: [] })).status).toBe(403);
  });

  it('pages through the departures of a run with the rules that stopped holding', async () => {
    const current = (await operator.get('/api/v1/whitelist/rules')).body.active.definition;
    const stricter = { ...current, rules: current.rules.map((r: { id: string }) => r.id === 'credit_grade' ? { ...r, params: { minGrade: 'A+' } } : r) };
    expect((await operator.post('/api/v1/whitelist/rules', stricter)).status).toBe(201);
    const run = await operator.post('/api/v1/whitelist/runs', { period: '2026-12' });
    expect(run.status).toBe(201);
    expect(run.body.left).toBeGreaterThan(2);
    const first = await operator.get(`/api/v1/whitelist/runs/${run.body.id}/departures?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0].reasons.map((r: { rule: string }) => r.rule)).toContain('credit_grade');
    expect(first.body.items[0].reasons[0]).toMatchObject({ zh: expect.any(String), en: expect.any(String) });
    const seen = [...first.body.items];
    let cursor: string | null = first.body.nextCursor;
    while (cursor !== null) {
      const page = await operator.get(`/api/v1/whitelist/runs/${run.body.id}/departures?limit=2&cursor=${cursor}`);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    expect(seen).toHaveLength(run.body.left);
    expect(new Set(seen.map((d: { uscc: string }) => d.uscc)).size).toBe(run.body.left);
    expect((await bankAdmin.get(`/api/v1/whitelist/runs/${run.body.id}/departures`)).status).toBe(403);
    expect((await operator.get(`/api/v1/whitelist/runs/${uuidv7()}/departures`)).status).toBe(404);
  });
});
