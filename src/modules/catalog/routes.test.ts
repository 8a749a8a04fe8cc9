import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { Client, loginAs } from '../../../test/support/http.ts';
import { bundledCatalog, catalogProblems } from './service.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 10 });
});
afterAll(async () => server?.close());

describe('catalog rules', () => {
  it('accepts the bundled first version', () => {
    expect(catalogProblems(bundledCatalog().categories)).toEqual([]);
  });

  it('names every problem of a broken draft', () => {
    const cats = structuredClone(bundledCatalog().categories);
    const item = cats[0].items[0];
    item.fields = item.fields.filter((f) => f.code !== 'uscc');
    item.naturalKey = ['uscc', 'nope'];
    cats[1].items[0].code = item.code;
    const problems = catalogProblems(cats);
    expect(problems.join('\n')).toMatch(new RegExp(`item ${item.code}: needs a required field "uscc"`));
    expect(problems.join('\n')).toMatch(/natural-key field nope is not among its fields/);
    expect(problems.join('\n')).toMatch(/code used twice/);
  });
});

describe('GET /api/v1/catalog (public)', () => {
  it('lists categories, items, fields, sharing mode, level and provider without logging in', async () => {
    const r = await new Client(server.url).get('/api/v1/catalog');
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(1);
    const items = r.body.categories.flatMap((c: { items: unknown[] }) => c.items) as { name: string; sharingMode: string; level: string; provider: { name: string }; fields: { name: string }[] }[];
    expect(items.length).toBeGreaterThanOrEqual(18 + 1 + 9);
    const tax = items.find((i) => i.name === '欠税信息')!;
    expect(tax).toMatchObject({ level: expect.stringMatching(/^L[123]$/), sharingMode: expect.any(String), provider: { name: expect.any(String) } });
    expect(tax.fields.length).toBeGreaterThan(2);
  });
});

describe('publishing a new catalog version', () => {
  it('lets a catalog administrator add an item without code changes, keeping the old version readable', async () => {
    const operator = await loginAs(server, 'operator');
    const current = (await operator.get('/api/v1/catalog')).body;
    const categories = structuredClone(current.categories);
    categories[0].items.push({
      ...structuredClone(categories[0].items[0]), code: 'TAX_INVOICE_VOLUME', name: '开票金额', nameEn: 'Invoiced amount',
      source: { seed: 'operator', ref: '运营方新增' },
    });
    const r = await operator.post('/api/v1/catalog/versions', { note: '新增开票金额', baseVersion: current.version, effectiveFrom: '2026-12-01', categories });
    expect(r.status).toBe(201);
    expect(r.body.version).toBe(current.version + 1);
    expect((await new Client(server.url).get('/api/v1/catalog')).body.version).toBe(current.version + 1);
    const old = await new Client(server.url).get(`/api/v1/catalog/versions/${current.version}`);
    expect(old.body.categories[0].items.some((i: { code: string }) => i.code === 'TAX_INVOICE_VOLUME')).toBe(false);
    const versions = (await operator.get('/api/v1/catalog/versions')).body.items;
    expect(versions[0]).toMatchObject({ version: current.version + 1, note: '新增开票金额', publishedBy: expect.any(String), publisherName: expect.any(String) });
  });

  it('refuses an invalid draft with the problems listed, and a stale base version with 409', async () => {
    const operator = await loginAs(server, 'operator');
    const current = (await operator.get('/api/v1/catalog')).body;
    const broken = structuredClone(current.categories);
    broken[0].items[0].naturalKey = ['uscc', 'missing_field'];
    const bad = await operator.post('/api/v1/catalog/versions', { note: '错误草稿', baseVersion: current.version, effectiveFrom: '2026-12-01', categories: broken });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('CATALOG_INVALID');
    expect(bad.body.problems.join('\n')).toMatch(/missing_field/);
    const stale = await operator.post('/api/v1/catalog/versions', { note: '过期版本', baseVersion: current.version - 1, effectiveFrom: '2026-12-01', categories: current.categories });
    expect(stale.status).toBe(409);
  });

  it('refuses publishing to an institution', async () => {
    const bank = await loginAs(server, 'bank_officer');
    const r = await bank.post('/api/v1/catalog/versions', {});
    expect(r.status).toBe(403);
  });
});
