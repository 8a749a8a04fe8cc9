import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sm3Hex } from '../../platform/crypto/index.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { Client, loginAs } from '../../../test/support/http.ts';
import { demoScorecard, writtenAuthorisation } from './test-fixtures.ts';

/**
 * The clean room over HTTP: who may do what, isolation between institutions, the population of live "model"
 * authorisations (a revoked one leaves the next run), leak refusals with their reasons, and the audit of each run.
 */
const DAY = 86_400_000;
let server: TestServer;
let bankAdmin: Client;
let bankOfficer: Client;
let operator: Client;
let auditor: Client;
let ruralRisk: Client;
let bankId: string;
let ruralId: string;
let usccs: string[];
const authorisations = new Map<string, string>();

async function login(username: string): Promise<Client> {
  const c = new Client(server.url);
  expect((await c.post('/api/v1/auth/login', { username, password: server.demo.password })).status).toBe(200);
  return c;
}

async function finished(client: Client, id: string) {
  await expect.poll(async () => (await client.get(`/api/v1/cleanroom/runs/${id}`)).body.status, { timeout: 20_000 }).not.toBe('running');
  return (await client.get(`/api/v1/cleanroom/runs/${id}`)).body;
}

async function auditDetails(action: string, runId: string) {
  await server.services.audit.flush();
  const rows = await server.platform.db.query<{ details: Record<string, any>; outcome: string; reason: string | null }>(
    'SELECT details, outcome, reason FROM audit_entries WHERE action = $1 AND target_id = $2', [action, runId]);
  return rows;
}

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 30 });
  bankAdmin = await loginAs(server, 'bank_admin');
  bankOfficer = await loginAs(server, 'bank_officer');
  operator = await loginAs(server, 'operator');
  auditor = await loginAs(server, 'auditor');
  const orgs = await server.services.identity.organisations('institution');
  bankId = orgs.find((o) => o.name === '华北示范商业银行廊坊分行')!.id;
  ruralId = orgs.find((o) => o.name === '廊坊示范农村商业银行')!.id;
  await server.services.identity.createUser({ orgId: ruralId, username: 'rural_risk', displayName: '风险经理', password: server.demo.password, roles: ['inst_risk_officer'] });
  ruralRisk = await login('rural_risk');
  usccs = (await server.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities ORDER BY uscc LIMIT 16')).map((r) => r.uscc);
  const validTo = new Date(server.now() + 30 * DAY).toISOString();
  // 12 model authorisations to the bank covering TAX_PAYMENT; one that covers only water; one in view mode; one to the other bank
  for (const uscc of usccs.slice(0, 12)) authorisations.set(uscc, await writtenAuthorisation(operator, { uscc, institutionId: bankId, validTo }));
  await writtenAuthorisation(operator, { uscc: usccs[12], institutionId: bankId, validTo, items: ['UTILITY_WATER'] });
  await writtenAuthorisation(operator, { uscc: usccs[13], institutionId: bankId, validTo, mode: 'view' });
  await writtenAuthorisation(operator, { uscc: usccs[14], institutionId: ruralId, validTo });
  // one use a day: in the first run, left out of the second the same day
  authorisations.set(usccs[15], await writtenAuthorisation(operator, { uscc: usccs[15], institutionId: bankId, validTo, usesPerDay: 1 }));
}, 120_000);
afterAll(async () => server?.close());

describe('clean-room API', () => {
  it('refuses every clean-room route to anonymous callers and to each demo role it does not name, before any work', async () => {
    const routes = server.app.accessTable.filter((r) => r.url.startsWith('/api/v1/cleanroom/'));
    expect(routes.length).toBe(16);
    const users = await Promise.all(server.demo.users.map(async (u) => ({ u, client: u.username === 'bank_admin' ? bankAdmin : u.username === 'operator' ? operator : await loginAs(server, u.username) })));
    for (const route of routes) {
      if (route.access === 'public' || route.access === 'session') throw new Error(`${route.url} must name roles`);
      // a well-formed id that names nothing: allowed roles get past access control to a 404 or a validation answer
      const url = route.url.replace(':id', '01900000-0000-7000-8000-000000000000');
      const body = route.method === 'GET' ? undefined : {};
      expect((await new Client(server.url).request(route.method, url, body)).status, `${route.method} ${url}`).toBe(401);
      for (const { u, client } of users) {
        const res = await client.request(route.method, url, body);
        if (u.roles.some((r) => route.access !== 'public' && route.access !== 'session' && route.access.roles.includes(r))) {
          expect([400, 404, 200], `${route.method} ${url} as ${u.username}`).toContain(res.status);
        } else {
          expect(res.status, `${route.method} ${url} as ${u.username}`).toBe(403);
          expect(res.body.code).toBe('FORBIDDEN_ROLE');
        }
      }
    }
  });

  let specId: string;
  let v1: string;
  let firstRun: { id: string; outputSm3: string };

  it('refuses an invalid spec with every problem, and a leaking spec with its reason, in zh and en', async () => {
    const invalid = await bankAdmin.post('/api/v1/cleanroom/specs', { name: '坏模型', spec: { ...demoScorecard(), cutoffs: [], basePoints: 'NaN' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('CLEANROOM_SPEC_INVALID');
    expect(invalid.body.problems.map((p: { code: string }) => p.code)).toEqual(['NUMBER_INVALID', 'CUTOFFS_MISSING']);

    const leaking = { kind: 'logistic', intercept: 0, terms: [{ feature: 'tax_paid_12m', coefficient: 1 }], cutoffs: [{ band: 'all' }] };
    const zh = await bankAdmin.post('/api/v1/cleanroom/specs', { name: '恒等模型', spec: leaking });
    expect(zh.status).toBe(422);
    expect(zh.body.code).toBe('CLEANROOM_LEAK_REFUSED');
    expect(zh.body.reasons[0]).toMatchObject({ code: 'LEAK_INVERTIBLE_LOGISTIC', path: 'terms[0]' });
    expect(zh.body.detail).toContain('可逆函数');
    const en = await bankAdmin.request('POST', '/api/v1/cleanroom/specs', { name: 'identity', spec: leaking }, { 'accept-language': 'en' });
    expect(en.body.detail).toContain('invertible function');
    const check = await bankAdmin.post('/api/v1/cleanroom/specs/check', { spec: leaking });
    expect(check.body).toMatchObject({ valid: false, problems: [], leaks: [{ code: 'LEAK_INVERTIBLE_LOGISTIC' }] });
    expect((await bankAdmin.get('/api/v1/cleanroom/specs')).body.items).toEqual([]);
  });

  it('lets the institution submit a model and keeps it from other institutions and roles that may not write', async () => {
    const created = await bankAdmin.post('/api/v1/cleanroom/specs', { name: '小微信用评分卡', description: 'test', spec: demoScorecard() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    specId = created.body.id;
    v1 = created.body.versions[0].id;
    expect(created.body.versions[0]).toMatchObject({ version: 1, status: 'pending', kind: 'scorecard', items: ['TAX_PAYMENT'] });
    expect(created.body.versions[0].specSm3).toMatch(/^[0-9a-f]{64}$/);

    expect((await bankOfficer.post('/api/v1/cleanroom/specs', { name: 'x', spec: demoScorecard() })).body.code).toBe('FORBIDDEN_ROLE');
    expect((await operator.post('/api/v1/cleanroom/specs', { name: 'x', spec: demoScorecard() })).body.code).toBe('FORBIDDEN_ROLE');
    expect((await bankAdmin.post(`/api/v1/cleanroom/versions/${v1}/approve`)).body.code).toBe('FORBIDDEN_ROLE');
    expect((await auditor.post(`/api/v1/cleanroom/versions/${v1}/approve`)).body.code).toBe('FORBIDDEN_ROLE');
    expect((await bankOfficer.get('/api/v1/cleanroom/specs')).body.items).toHaveLength(1);
    expect((await ruralRisk.get('/api/v1/cleanroom/specs')).body.items).toEqual([]);
    expect((await ruralRisk.get(`/api/v1/cleanroom/specs/${specId}`)).status).toBe(404);
    expect((await ruralRisk.post(`/api/v1/cleanroom/specs/${specId}/versions`, { spec: demoScorecard() })).status).toBe(404);
    expect((await ruralRisk.post('/api/v1/cleanroom/runs', { versionId: v1 })).status).toBe(404);
    expect((await operator.get('/api/v1/cleanroom/specs')).body.items).toHaveLength(1);
  });

  it('runs only an approved version; the operator approves, and a changed spec is a new version with its diff', async () => {
    const early = await bankAdmin.post('/api/v1/cleanroom/runs', { versionId: v1 });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('CLEANROOM_VERSION_NOT_APPROVED');
    const approved = await operator.post(`/api/v1/cleanroom/versions/${v1}/approve`);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.versions[0]).toMatchObject({ status: 'approved', decidedAt: expect.any(String) });
    expect((await operator.post(`/api/v1/cleanroom/versions/${v1}/approve`)).body.code).toBe('CLEANROOM_VERSION_STATE');

    const same = await bankAdmin.post(`/api/v1/cleanroom/specs/${specId}/versions`, { spec: demoScorecard() });
    expect(same.body.code).toBe('CLEANROOM_SPEC_UNCHANGED');
    const changed = demoScorecard();
    changed.cutoffs[0].min = 650;
    const v2 = await bankAdmin.post(`/api/v1/cleanroom/specs/${specId}/versions`, { spec: changed });
    expect(v2.status).toBe(201);
    expect(v2.body.versions.map((v: { status: string }) => v.status)).toEqual(['approved', 'pending']);
    const pending = await auditor.get('/api/v1/cleanroom/versions/pending');
    expect(pending.body.items).toHaveLength(1);
    expect(pending.body.items[0]).toMatchObject({ model: { id: specId, institution: { id: bankId } }, base: { version: 1 }, version: { version: 2 } });
    expect(pending.body.items[0].diff).toEqual([{ path: 'cutoffs[0].min', change: 'changed', before: 640, after: 650 }]);
    const v2id = v2.body.versions[1].id;
    expect((await operator.post(`/api/v1/cleanroom/versions/${v2id}/reject`, { reason: '否' })).body.code).toBe('CLEANROOM_REASON_REQUIRED');
    const rejected = await operator.post(`/api/v1/cleanroom/versions/${v2id}/reject`, { reason: '分档调整缺少依据' });
    expect(rejected.body.versions[1]).toMatchObject({ status: 'rejected', decisionReason: '分档调整缺少依据' });
    expect((await bankAdmin.post('/api/v1/cleanroom/runs', { versionId: v2id })).status).toBe(409);
  });

  it('scores exactly the enterprises with a live model authorisation covering the items; only score and band leave; audited', async () => {
    const started = await bankAdmin.post('/api/v1/cleanroom/runs', { versionId: v1 });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const run = await finished(bankAdmin, started.body.id);
    expect(run).toMatchObject({ status: 'completed', progress: 1, scored: 13, population: { count: 13 }, excluded: { uncovered: 1, limited: 0, unregistered: 0 } });
    const population = [...usccs.slice(0, 12), usccs[15]].sort();
    const expectedPopulation = sm3Hex(population.join('\n'));
    expect(run.population.sm3).toBe(expectedPopulation);
    firstRun = run;

    const csv = await bankAdmin.get(`/api/v1/cleanroom/runs/${run.id}/output.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(sm3Hex(csv.body as string)).toBe(run.outputSm3);
    const lines = (csv.body as string).trim().split('\n');
    expect(lines[0]).toBe('uscc,score,band');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(population);
    for (const line of lines.slice(1)) expect(line).toMatch(/^[0-9A-Z]{18},-?\d+(\.\d+)?,(A|B|C)$/);
    const json = await bankOfficer.get(`/api/v1/cleanroom/runs/${run.id}/output`);
    expect(json.body).toMatchObject({ runId: run.id, outputSm3: run.outputSm3, count: 13 });
    expect(Object.keys(json.body.items[0]).sort()).toEqual(['band', 'score', 'uscc']);

    const [entry] = await auditDetails('cleanroom.run.completed', run.id);
    expect(entry.details).toMatchObject({ specSm3: run.specSm3, population: { count: 13, sm3: expectedPopulation }, outputSm3: run.outputSm3 });
    expect(run.auditIndex).toBeTypeOf('number');
    const reads = await server.platform.db.query<{ subject: string; authorisation_id: string }>(
      "SELECT subject, authorisation_id FROM audit_entries WHERE action = 'cleanroom.features.read' AND target_id = $1 ORDER BY subject", [run.id]);
    expect(reads.map((r) => r.subject)).toEqual(population);
    expect(reads.every((r) => r.authorisation_id === authorisations.get(r.subject))).toBe(true);

    // the other institution and operators see no scores
    expect((await ruralRisk.get(`/api/v1/cleanroom/runs/${run.id}`)).status).toBe(404);
    expect((await ruralRisk.get('/api/v1/cleanroom/runs')).body.items).toEqual([]);
    expect((await ruralRisk.get(`/api/v1/cleanroom/runs/${run.id}/output`)).body.code).toBe('CLEANROOM_RUN_NOT_FOUND');
    expect((await operator.get(`/api/v1/cleanroom/runs/${run.id}/output.csv`)).body.code).toBe('FORBIDDEN_ROLE');
    // operators audit: hash, population and digest of every institution's runs
    const audited = (await auditor.get('/api/v1/cleanroom/runs')).body.items;
    expect(audited[0]).toMatchObject({ id: run.id, specSm3: run.specSm3, population: { count: 13, sm3: expectedPopulation }, outputSm3: run.outputSm3, institution: { id: bankId } });
  });

  it('leaves a revoked enterprise, and one whose authorisation has no use left today, out of the next run', async () => {
    const revoked = usccs[0];
    const r = await operator.post(`/api/v1/consent/authorisations/${authorisations.get(revoked)}/revoke`, { reason: '企业撤回书面授权' });
    expect(r.body.status).toBe('REVOKED');
    const started = await bankAdmin.post('/api/v1/cleanroom/runs', { versionId: v1 });
    const run = await finished(bankAdmin, started.body.id);
    expect(run.population.count).toBe(11);
    expect(run.excluded).toMatchObject({ uncovered: 1, limited: 1 });
    const out = (await bankAdmin.get(`/api/v1/cleanroom/runs/${run.id}/output`)).body.items.map((i: { uscc: string }) => i.uscc);
    expect(out).not.toContain(revoked);
    expect(out).not.toContain(usccs[15]);
    expect(out).toHaveLength(11);
    expect(run.outputSm3).not.toBe(firstRun.outputSm3);
  });

  it('refuses a run whose population is under the minimum, records it and audits the reason', async () => {
    for (const uscc of usccs.slice(1, 3)) {
      await operator.post(`/api/v1/consent/authorisations/${authorisations.get(uscc)}/revoke`, { reason: '企业撤回书面授权' });
    }
    const refused = await bankAdmin.post('/api/v1/cleanroom/runs', { versionId: v1 });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('CLEANROOM_LEAK_REFUSED');
    expect(refused.body.reasons[0]).toMatchObject({ code: 'LEAK_POPULATION_TOO_SMALL' });
    expect(refused.body.detail).toContain('少于最小样本量 10');
    const run = (await bankAdmin.get(`/api/v1/cleanroom/runs/${refused.body.runId}`)).body;
    expect(run).toMatchObject({ status: 'refused', scored: 0, outputSm3: null, population: { count: 9 }, refusal: { code: 'LEAK_POPULATION_TOO_SMALL' } });
    const [entry] = await auditDetails('cleanroom.run.refused', run.id);
    expect(entry).toMatchObject({ outcome: 'refused', reason: 'LEAK_POPULATION_TOO_SMALL' });
    expect(entry.details.population.count).toBe(9);
    expect((await bankAdmin.get(`/api/v1/cleanroom/runs/${run.id}/output`)).body.code).toBe('CLEANROOM_RUN_NOT_COMPLETED');
  });
});
