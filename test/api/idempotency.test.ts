import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { Client, loginAs } from '../support/http.ts';

/**
 * SPEC §3: `Idempotency-Key` on every POST that creates, over real HTTP. A retry with the same key gets the first
 * answer back and creates nothing; another request under the same key is refused; keys are the sender's own.
 */
let server: TestServer;
let bank: Client;
let uscc: string;

const reportsOf = async (u: string) =>
  (await server.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM credit_reports WHERE uscc = $1', [u]))[0].n;

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 4 });
  bank = await loginAs(server, 'bank_officer');
  uscc = (await server.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities ORDER BY uscc LIMIT 1'))[0].uscc;
});
afterAll(async () => {
  await server?.close();
});

describe('Idempotency-Key', () => {
  it('answers a retry with the first answer and creates nothing more', async () => {
    const before = await reportsOf(uscc);
    const first = await bank.post('/api/v1/reports', { uscc }, { 'idempotency-key': 'report-retry-1' });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await bank.post('/api/v1/reports', { uscc }, { 'idempotency-key': 'report-retry-1' });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('content-type')).toContain('application/json');
    expect(again.text).toBe(first.text);
    expect(again.body.content.number).toBe(first.body.content.number);
    expect(await reportsOf(uscc)).toBe(before + 1);
    // the kept answer is sealed at rest: neither the report number nor the enterprise's name stands in clear
    const [kept] = await server.platform.db.query<{ body: string }>("SELECT body FROM idempotency_keys WHERE key = 'report-retry-1'");
    const decoded = Buffer.from(kept.body, 'base64').toString('utf8');
    for (const text of [kept.body, decoded]) {
      expect(text).not.toContain(first.body.content.number);
      expect(text).not.toContain(uscc);
    }
    // without a key, or with another one, each request is its own
    const other = await bank.post('/api/v1/reports', { uscc }, { 'idempotency-key': 'report-retry-2' });
    const plain = await bank.post('/api/v1/reports', { uscc });
    expect(new Set([first.body.content.number, other.body.content.number, plain.body.content.number]).size).toBe(3);
    expect(await reportsOf(uscc)).toBe(before + 3);
  });

  it('refuses the same key for a different request with 422, and a malformed key with 400', async () => {
    const [, second] = (await server.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities ORDER BY uscc LIMIT 2')).map((r) => r.uscc);
    expect((await bank.post('/api/v1/reports', { uscc }, { 'idempotency-key': 'k-reused' })).status).toBe(200);
    const before = await reportsOf(second);
    const reused = await bank.post('/api/v1/reports', { uscc: second }, { 'idempotency-key': 'k-reused' });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await reportsOf(second)).toBe(before);
    const bad = await bank.post('/api/v1/reports', { uscc }, { 'idempotency-key': 'has space' });
    expect(bad.status).toBe(400);
  });

  it('lets one of two simultaneous requests with a key run: the other waits its turn or gets the same answer', async () => {
    const before = await reportsOf(uscc);
    const answers = await Promise.all(Array.from({ length: 4 }, () => bank.post('/api/v1/reports', { uscc }, { 'idempotency-key': 'k-race' })));
    for (const a of answers) expect([200, 409]).toContain(a.status);
    const numbers = new Set(answers.filter((a) => a.status === 200).map((a) => a.body.content.number));
    expect(numbers.size).toBe(1);
    for (const a of answers.filter((x) => x.status === 409)) {
      expect(a.body.code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
      expect(a.headers.get('retry-after')).toBe('1');
    }
    expect(await reportsOf(uscc)).toBe(before + 1);
  });

  it('keeps keys to their sender: another user with the same key gets its own answer', async () => {
    const first = await bank.post('/api/v1/reports', { uscc }, { 'idempotency-key': 'k-shared-name' });
    const operator = await loginAs(server, 'operator');
    const theirs = await operator.post('/api/v1/reports', { uscc, reason: '日常监管抽查' }, { 'idempotency-key': 'k-shared-name' });
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.content.number).not.toBe(first.body.content.number);
  });

  it('replays refusals too (4xx is an answer), but lets a request that failed on the server run again', async () => {
    const bad = { uscc: '91110000000000000X' };
    const first = await bank.post('/api/v1/reports', bad, { 'idempotency-key': 'k-refused' });
    expect(first.status).toBeGreaterThanOrEqual(400);
    const again = await bank.post('/api/v1/reports', bad, { 'idempotency-key': 'k-refused' });
    expect(again.status).toBe(first.status);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.code).toBe(first.body.code);
    const [row] = await server.platform.db.query<{ state: string; status: number }>("SELECT state, status FROM idempotency_keys WHERE key = 'k-refused'");
    expect(row).toEqual({ state: 'done', status: first.status });
  });

  it('is kept 24 hours, and an answer past that is forgotten so the key can be used again', async () => {
    const first = await bank.post('/api/v1/reports', { uscc }, { 'idempotency-key': 'k-expiring' });
    const [row] = await server.platform.db.query<{ hours: number }>(
      "SELECT round(extract(epoch FROM expires_at - created_at) / 3600)::int AS hours FROM idempotency_keys WHERE key = 'k-expiring'",
    );
    expect(row.hours).toBe(24);
    await server.platform.db.query("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'k-expiring'");
    const later = await bank.post('/api/v1/reports', { uscc }, { 'idempotency-key': 'k-expiring' });
    expect(later.status).toBe(200);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(later.body.content.number).not.toBe(first.body.content.number);
  });

  it('never replays a login (its answer carries a fresh session), and anonymous callers are kept apart by address', async () => {
    const a = new Client(server.url);
    const login = () => a.post('/api/v1/auth/login', { username: 'bank_officer', password: server.demo.password }, { 'idempotency-key': 'k-login' });
    const l1 = await login();
    const l2 = await login();
    expect(l2.headers.get('idempotent-replayed')).toBeNull();
    expect(l1.headers.get('set-cookie')).not.toBe(l2.headers.get('set-cookie'));
    const rows = await server.platform.db.query("SELECT 1 FROM idempotency_keys WHERE key = 'k-login'");
    expect(rows).toHaveLength(0);

    const body = { industryCode: 'C13', employees: 300, revenue: '20000000.00' };
    const s1 = await new Client(server.url).post('/api/v1/codes/size-class', body, { 'idempotency-key': 'k-public' });
    const s2 = await new Client(server.url).post('/api/v1/codes/size-class', body, { 'idempotency-key': 'k-public' });
    expect(s1.status).toBe(200);
    expect(s2.headers.get('idempotent-replayed')).toBe('true');
    expect(s2.body).toEqual(s1.body);
  });

  it('is described on every creating POST of the OpenAPI document, and on no login route', async () => {
    const doc = (await new Client(server.url).get('/api/v1/openapi.json')).body;
    const params = (path: string) => (doc.paths[path]?.post?.parameters ?? []) as { in: string; name: string }[];
    const has = (path: string) => params(path).some((p) => p.in === 'header' && p.name === 'idempotency-key');
    expect(has('/api/v1/reports')).toBe(true);
    expect(has('/api/v1/consent/authorisations')).toBe(true);
    expect(has('/api/v1/auth/login')).toBe(false);
    const posts = Object.entries(doc.paths as Record<string, { post?: unknown }>).filter(([, v]) => v.post).map(([k]) => k);
    // answers that carry a session or a secret (an API key, an activation code, a TOTP secret), and the enterprise
    // registration whose request carries a password and an ID number, are never kept
    const carrySecrets = ['/api/v1/auth/register-enterprise', '/api/v1/auth/login', '/api/v1/auth/totp', '/api/v1/auth/logout', '/api/v1/me/api-keys', '/api/v1/auth/activate',
      '/api/v1/accounts/organisations/{id}/users', '/api/v1/accounts/users/{id}/activation'];
    const without = posts.filter((p) => !has(p) && !carrySecrets.includes(p));
    expect(without).toEqual([]);
  });
});
