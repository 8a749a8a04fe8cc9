import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { Client, loginAs } from '../../../test/support/http.ts';
import { makeIdNumber, makeUscc, usccCheckChar } from './codes/index.ts';

let server: TestServer;
let operator: Client;
let bank: Client;
let enterprise: Client;
const SEEDED = 120;

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: SEEDED });
  operator = await loginAs(server, 'operator');
  bank = await loginAs(server, 'bank_officer');
  enterprise = await loginAs(server, 'ent_demo');
});
afterAll(async () => server?.close());

const anon = () => new Client(server.url);

describe('public code services (SPEC §3 fixed routes)', () => {
  it('names the position and the expected check character of a wrong USCC', async () => {
    const good = makeUscc({ authority: '9', entityType: '1', region: '131002', orgBody: 'MA0CXR1Q' });
    const wrongLast = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect((await anon().get(`/api/v1/codes/uscc/${good}`)).body).toEqual({ valid: true });
    const r = await anon().get(`/api/v1/codes/uscc/${wrongLast}`);
    expect(r.status).toBe(200);
    expect(r.body.valid).toBe(false);
    expect(r.body.error.position).toBe(18);
    expect(r.body.error.expected).toBe(usccCheckChar(good.slice(0, 17)));
  });

  it('rejects the letters I, O, Z, S and V in a USCC, naming the position', async () => {
    for (const ch of ['I', 'O', 'Z', 'S', 'V']) {
      const r = await anon().get(`/api/v1/codes/uscc/91131002MA0C${ch}R1Q0X`);
      expect(r.body.valid).toBe(false);
      expect(r.body.error.position).toBe(13);
    }
  });

  it('checks resident ID numbers per GB 11643', async () => {
    const id = makeIdNumber('131002', '19800101', '123');
    expect((await anon().get(`/api/v1/codes/id-number/${id}`)).body).toEqual({ valid: true });
    const bad = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    const r = await anon().get(`/api/v1/codes/id-number/${bad}`);
    expect(r.body.valid).toBe(false);
    expect(r.body.error.expected).toBe(id[17]);
  });

  it('answers a region with its level and parent, and 404 problem+json for an unknown code', async () => {
    const r = await anon().get('/api/v1/codes/regions/131000');
    expect(r.body).toMatchObject({ code: '131000', name: '廊坊市', level: 'prefecture', parent: '130000' });
    const unknown = await anon().get('/api/v1/codes/regions/139999');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/problem\+json/);
    expect(unknown.body.code).toBe('REGION_UNKNOWN');
    const counties = await anon().get('/api/v1/codes/regions?parent=131000');
    expect(counties.body.items.map((x: { name: string }) => x.name)).toContain('安次区');
  });

  it('classifies size with the deciding rule and the table version', async () => {
    const r = await anon().post('/api/v1/codes/size-class', { industryCode: 'C13', employees: 300, revenue: '20000000.00' });
    expect(r.body).toMatchObject({ sizeClass: 'medium', tableVersion: expect.any(String), missing: [] });
    expect(r.body.rule).toContain('中型');
    const unknown = await anon().post('/api/v1/codes/size-class', { industryCode: 'E47', revenue: '50000000.00' });
    expect(unknown.body.sizeClass).toBe('unknown');
    expect(unknown.body.missing).toContain('assets');
  });

  it('serves an OpenAPI 3.1 document that lists the fixed routes', async () => {
    const r = await anon().get('/api/v1/openapi.json');
    expect(r.body.openapi).toBe('3.1.0');
    for (const p of ['/api/v1/health', '/api/v1/codes/uscc/{code}', '/api/v1/codes/id-number/{id}', '/api/v1/codes/regions/{code}', '/api/v1/codes/size-class', '/api/v1/entities']) {
      expect(Object.keys(r.body.paths)).toContain(p);
    }
  });

  it('reports health and readiness', async () => {
    expect((await anon().get('/api/v1/health')).body).toMatchObject({ status: 'ok' });
    expect((await anon().get('/api/v1/ready')).body).toEqual({ status: 'ready' });
  });
});

describe('registry search and read', () => {
  it('walks every entity exactly once with cursor pagination', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const r: { body: { items: { uscc: string }[]; nextCursor: string | null } } = await operator.get(`/api/v1/entities?limit=25${cursor ? `&cursor=${cursor}` : ''}`);
      for (const e of r.body.items) {
        expect(seen.has(e.uscc)).toBe(false);
        seen.add(e.uscc);
      }
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(SEEDED);
  });

  it('filters by name prefix, region subtree, industry and size', async () => {
    const all = (await operator.get('/api/v1/entities?limit=200')).body.items as { name: string; regionCode: string; industryCode: string; sizeClass: string }[];
    const sample = all[7];
    const byName = (await operator.get(`/api/v1/entities?q=${encodeURIComponent(sample.name.slice(0, 4))}&limit=200`)).body.items as { name: string }[];
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((e) => e.name.startsWith(sample.name.slice(0, 4)))).toBe(true);
    const byRegion = (await operator.get(`/api/v1/entities?region=${sample.regionCode}&limit=200`)).body.items as { regionCode: string }[];
    expect(byRegion.length).toBe(all.filter((e) => e.regionCode === sample.regionCode).length);
    const wholeCity = (await operator.get('/api/v1/entities?region=131000&limit=200')).body.items;
    expect(wholeCity.length).toBe(all.length);
    const section = sample.industryCode[0];
    const bySection = (await operator.get(`/api/v1/entities?industry=${section}&limit=200`)).body.items as { industryCode: string }[];
    expect(bySection.length).toBe(all.filter((e) => e.industryCode.startsWith(section)).length);
    const bySize = (await operator.get(`/api/v1/entities?size=${sample.sizeClass}&limit=200`)).body.items as unknown[];
    expect(bySize.length).toBe(all.filter((e) => e.sizeClass === sample.sizeClass).length);
  });

  it('shows the enterprise its own record in clear, with the size class and its rule', async () => {
    const r = await enterprise.get('/api/v1/me/enterprise');
    expect(r.status).toBe(200);
    expect(r.body.legalRep.masked).toBe(false);
    expect(r.body.legalRep.idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(r.body.size.rule.length).toBeGreaterThan(5);
    expect(r.body.restricted).toEqual([]);
  });

  it('masks personal data and withholds business figures from an institution', async () => {
    const own = (await enterprise.get('/api/v1/me/enterprise')).body;
    const r = await bank.get(`/api/v1/entities/${own.uscc}`);
    expect(r.body.legalRep.masked).toBe(true);
    expect(r.body.legalRep.idNumber).toBe(`${own.legalRep.idNumber.slice(0, 3)}***********${own.legalRep.idNumber.slice(-4)}`);
    expect(r.body.legalRep.name.startsWith(own.legalRep.name[0])).toBe(true);
    expect(r.body.legalRep.name).toContain('*');
    expect(r.body.revenue).toBeNull();
    expect(r.body.restricted).toEqual(['employees', 'revenue', 'assets']);
    expect(JSON.stringify(r.body)).not.toContain(own.legalRep.idNumber);
  });

  it('never shows an enterprise another enterprise’s record', async () => {
    const own = (await enterprise.get('/api/v1/me/enterprise')).body;
    const other = ((await operator.get('/api/v1/entities?limit=5')).body.items as { uscc: string }[]).find((e) => e.uscc !== own.uscc)!;
    const r = await enterprise.get(`/api/v1/entities/${other.uscc}`);
    expect(r.status).toBe(403);
    expect((await enterprise.get('/api/v1/entities')).status).toBe(403);
  });
});

describe('registry changes by the operator', () => {
  const uscc = makeUscc({ authority: '9', entityType: '1', region: '131082', orgBody: 'MA0TEXT1' });
  const body = {
    uscc, name: '三河示范精密制造有限公司', entityType: 'enterprise', registrationAuthority: '三河市市场监督管理局', regionCode: '131082',
    industryCode: 'C3484', registeredCapital: '5000000.00', establishedOn: '2015-06-01',
    legalRep: { name: '欧阳娜娜', idType: 'RESIDENT_ID', idNumber: makeIdNumber('131082', '19850612', '024'), mobile: '13812345678' },
    employees: 300, revenue: '20000000.00', assets: '30000000.00',
  };

  it('rejects an invalid USCC with the position and expected check character', async () => {
    const bad = { ...body, uscc: uscc.slice(0, 17) + (uscc[17] === 'A' ? 'B' : 'A') };
    const r = await operator.post('/api/v1/entities', bad);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('USCC_INVALID');
    expect(r.body.error).toMatchObject({ position: 18, expected: uscc[17] });
  });

  it('rejects an invalid legal-representative ID number', async () => {
    const id = body.legalRep.idNumber;
    const r = await operator.post('/api/v1/entities', { ...body, legalRep: { ...body.legalRep, idNumber: id.slice(0, 17) + (id[17] === '1' ? '2' : '1') } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('ID_NUMBER_INVALID');
  });

  it('registers an entity, computes its size, and recomputes it when inputs change', async () => {
    const created = await operator.post('/api/v1/entities', body);
    expect(created.status).toBe(201);
    expect(created.body.size.sizeClass).toBe('medium');
    expect(created.body.legalRep.name).toBe('欧阳**');
    expect((await operator.post('/api/v1/entities', body)).status).toBe(409);
    const patched = await operator.request('PATCH', `/api/v1/entities/${uscc}`, { employees: 15 });
    expect(patched.status).toBe(200);
    expect(patched.body.size.sizeClass).toBe('micro');
    expect(patched.body.version).toBe(2);
    expect((await operator.request('DELETE', `/api/v1/entities/${uscc}`)).status).toBe(204);
    expect((await operator.get(`/api/v1/entities/${uscc}`)).status).toBe(404);
  });

  it('refuses to delete an entity that has enterprise accounts', async () => {
    const own = (await enterprise.get('/api/v1/me/enterprise')).body;
    const r = await operator.request('DELETE', `/api/v1/entities/${own.uscc}`);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('ENTITY_HAS_ACCOUNTS');
  });
});

describe('bad input never crashes the server (SPEC §5.3)', () => {
  it('answers malformed JSON with 400 BODY_MALFORMED', async () => {
    const r = await operator.request('POST', '/api/v1/entities', '{"uscc": ', {});
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('BODY_MALFORMED');
  });

  it('answers deeply nested JSON with 400 BODY_TOO_DEEP', async () => {
    const r = await anon().request('POST', '/api/v1/codes/size-class', '['.repeat(10000) + ']'.repeat(10000));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('BODY_TOO_DEEP');
  });

  it('answers an oversize body with 413', async () => {
    const r = await anon().request('POST', '/api/v1/codes/size-class', JSON.stringify({ industryCode: 'C13', pad: 'x'.repeat(11 * 1024 * 1024) }));
    expect(r.status).toBe(413);
    expect(r.body.code).toBe('BODY_TOO_LARGE');
  });

  it('treats SQL and HTML injection strings as plain text', async () => {
    const r = await operator.get(`/api/v1/entities?q=${encodeURIComponent("'; DROP TABLE entities; --<script>")}`);
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([]);
    const u = await anon().get(`/api/v1/codes/uscc/${encodeURIComponent("1' OR '1'='1")}`);
    expect(u.body.valid).toBe(false);
    expect((await operator.get('/api/v1/entities?limit=1')).body.items.length).toBe(1);
  });

  it('rejects an altered pagination cursor with 400', async () => {
    const r = await operator.get('/api/v1/entities?cursor=not-a-cursor');
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('CURSOR_INVALID');
  });

  it('answers unknown API paths with 404 problem+json and Chinese by default', async () => {
    const r = await anon().get('/api/v1/no-such-thing');
    expect(r.status).toBe(404);
    expect(r.body.detail).toMatch(/路径不存在/);
    const en = await new Client(server.url, 'en').get('/api/v1/no-such-thing');
    expect(en.body.detail).toMatch(/No such route/);
  });
});
