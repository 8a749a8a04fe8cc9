import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { Client, loginAs } from '../../../test/support/http.ts';
import type { TestServer } from '../../../test/support/server.ts';
import { startModuleNode } from '../../../test/support/module-node.ts';
import type { AuditEvent } from '../audit/index.ts';
import { createEvaluationService, type EvaluationService } from './service.ts';
import { evaluationRoutes } from './routes.ts';
import { defaultModel } from './model.ts';

/** The evaluation API over real HTTP, on a small node of its own (audit events kept in memory; test/support/module-node.ts). */
let platform: Platform;
let app: FastifyInstance;
let server: TestServer;
let evaluation: EvaluationService;
let own: string;
let other: string;
const audited: AuditEvent[] = [];

beforeAll(async () => {
  const audit = { append: async (e: AuditEvent) => { audited.push(e); return { index: audited.length - 1 }; } };
  const node = await startModuleNode({
    enterprises: 40,
    routes: async (api, { platform: p, clock }) => {
      evaluation = createEvaluationService({ db: p.db, clock });
      await api.register(evaluationRoutes, { evaluation, audit });
    },
  });
  ({ app, server, platform } = node);
  const db = platform.db;
  await evaluation.evaluateAll();
  const [ent] = await db.query<{ uscc: string }>("SELECT uscc FROM organisations WHERE kind = 'enterprise'");
  own = ent.uscc;
  [{ uscc: other }] = await db.query<{ uscc: string }>('SELECT uscc FROM entities WHERE uscc <> $1 ORDER BY uscc LIMIT 1', [own]);
});
afterAll(async () => {
  await app?.close();
  await platform?.db.close();
});

describe('GET /api/v1/evaluation/enterprises/:uscc', () => {
  it('shows an enterprise its own score, grade, dimension scores, reasons and tags with the model version', async () => {
    const ent = await loginAs(server, 'ent_demo');
    const res = await ent.get(`/api/v1/evaluation/enterprises/${own}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ uscc: own, modelVersion: 1, score: expect.any(Number), grade: expect.stringMatching(/^[ABCD][+-]?$/) });
    expect(res.body.dimensions).toHaveLength(8);
    expect(res.body.dimensions[0]).toMatchObject({ code: 'basic', zh: '基本信息', en: 'Basic information', weight: 10 });
    expect(res.body.reasons.length).toBeGreaterThan(0);
    expect(res.body.reasons[0]).toEqual({ code: expect.any(String), direction: expect.stringMatching(/^(up|down)$/), points: expect.any(Number), zh: expect.any(String), en: expect.any(String) });
    expect(res.body.tags.map((t: { tag: string }) => t.tag)).toEqual(expect.arrayContaining([expect.stringMatching(/^size:/), expect.stringMatching(/^region:/)]));
    expect(Date.parse(res.body.computedAt)).not.toBeNaN();
  });

  it("refuses an enterprise another enterprise's score and score history", async () => {
    const ent = await loginAs(server, 'ent_demo');
    for (const path of [`/api/v1/evaluation/enterprises/${other}`, `/api/v1/evaluation/enterprises/${other}/history`]) {
      const res = await ent.get(path);
      expect(res.status, path).toBe(403);
      expect(res.body.code).toBe('EVALUATION_NOT_YOUR_ENTERPRISE');
    }
    expect((await ent.get(`/api/v1/evaluation/enterprises/${own}/history`)).status).toBe(200);
  });

  it('lets an institution see any enterprise\'s score without an authorisation, and logs the access', async () => {
    const bank = await loginAs(server, 'bank_officer');
    const res = await bank.get(`/api/v1/evaluation/enterprises/${other}`);
    expect(res.status).toBe(200);
    expect(res.body.uscc).toBe(other);
    expect(audited.find((e) => e.kind === 'access' && e.subject === other)).toMatchObject({ action: 'evaluation.read', outcome: 'allowed' });
    const history = await bank.get(`/api/v1/evaluation/enterprises/${other}/history`);
    expect(history.body.items).toEqual([expect.objectContaining({ score: res.body.score, grade: res.body.grade, modelVersion: 1 })]);
  });

  it('answers 404 for an enterprise without an evaluation and 401 without a login', async () => {
    const op = await loginAs(server, 'operator');
    expect((await op.get('/api/v1/evaluation/enterprises/91131002MA0CXR1Q0X')).body.code).toBe('EVALUATION_NOT_FOUND');
    expect((await new Client(server.url).get(`/api/v1/evaluation/enterprises/${own}`)).status).toBe(401);
  });
});

describe('GET /api/v1/evaluation/tags', () => {
  it('finds enterprises by tag, region and grade, page by page without overlap', async () => {
    const bank = await loginAs(server, 'bank_officer');
    const first = await bank.get('/api/v1/evaluation/tags?tag=type:enterprise&region=1310&limit=5');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(5);
    expect(first.body.items.every((i: { tags: string[]; regionCode: string }) => i.tags.includes('type:enterprise') && i.regionCode.startsWith('1310'))).toBe(true);
    const second = await bank.get(`/api/v1/evaluation/tags?tag=type:enterprise&region=1310&limit=5&cursor=${first.body.nextCursor}`);
    const seen = new Set(first.body.items.map((i: { uscc: string }) => i.uscc));
    expect(second.body.items.some((i: { uscc: string }) => seen.has(i.uscc))).toBe(false);
    expect(second.body.items[0].uscc > first.body.items[4].uscc).toBe(true);
    const grade = first.body.items[0].grade.charAt(0);
    const byGrade = await bank.get(`/api/v1/evaluation/tags?grade=${grade}&limit=200`);
    expect(byGrade.body.items.length).toBeGreaterThan(0);
    expect(byGrade.body.items.every((i: { grade: string }) => i.grade.startsWith(grade))).toBe(true);
  });

  it('is not open to enterprises', async () => {
    const ent = await loginAs(server, 'ent_demo');
    const res = await ent.get('/api/v1/evaluation/tags?tag=high_tech');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN_ROLE');
  });
});

describe('models and runs', () => {
  it('publishes a new validated model version, refuses an invalid one and refuses non-administrators', async () => {
    const op = await loginAs(server, 'operator');
    const listed = await op.get('/api/v1/evaluation/models');
    expect(listed.body.items).toEqual([expect.objectContaining({ version: 1, active: true, createdBy: 'system' })]);
    const definition = defaultModel();
    definition.dimensions[0].weight = 20;
    const published = await op.post('/api/v1/evaluation/models', { definition });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ version: 2, active: true, createdBy: 'operator' });
    const broken = defaultModel();
    broken.dimensions[0].indicators[0].feature = 'shoe_size';
    const refused = await op.post('/api/v1/evaluation/models', { definition: broken });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('EVALUATION_MODEL_INVALID');
    const bank = await loginAs(server, 'bank_admin');
    expect((await bank.post('/api/v1/evaluation/models', { definition })).status).toBe(403);
    const models = await op.get('/api/v1/evaluation/models');
    expect(models.body.items.map((m: { version: number; active: boolean }) => [m.version, m.active])).toEqual([[2, true], [1, false]]);
  });

  it('runs full coverage on request, reports progress, and stores every score with the new model version', async () => {
    const op = await loginAs(server, 'operator');
    const started = await op.post('/api/v1/evaluation/runs');
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running', trigger: 'operator' });
    let run = started.body;
    for (let i = 0; i < 100 && run.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      run = (await op.get(`/api/v1/evaluation/runs/${started.body.id}`)).body;
    }
    expect(run).toMatchObject({ status: 'completed', total: 40, done: 40, modelVersion: 2 });
    const ent = await loginAs(server, 'ent_demo');
    expect((await ent.get(`/api/v1/evaluation/enterprises/${own}`)).body.modelVersion).toBe(2);
    const history = await ent.get(`/api/v1/evaluation/enterprises/${own}/history`);
    expect(history.body.items.map((h: { modelVersion: number }) => h.modelVersion)).toEqual([2, 1]);
    const bank = await loginAs(server, 'bank_admin');
    expect((await bank.post('/api/v1/evaluation/runs')).status).toBe(403);
  });

  it('lists the latest runs, newest first, whoever started them (operators only)', async () => {
    const op = await loginAs(server, 'operator');
    const list = await op.get('/api/v1/evaluation/runs?limit=5');
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ trigger: 'operator', status: 'completed', total: 40 });
    const starts = list.body.items.map((r: { startedAt: string }) => r.startedAt);
    expect([...starts].sort().reverse()).toEqual(starts);
    expect((await (await loginAs(server, 'bank_admin')).get('/api/v1/evaluation/runs')).status).toBe(403);
  });
});
