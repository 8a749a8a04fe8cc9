import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { Client, loginAs } from '../../../test/support/http.ts';
import { parseVerifierKey, verifyCheckpoint } from './checkpoint.ts';
import type { AuditEvent } from './events.ts';
import { verifyInclusion } from './merkle.ts';
import { verifyExport, verifyReceipt } from './verify.ts';

let server: TestServer;
let demoUscc: string;
let otherUscc: string;
let bankId: string;
let other: Client;
const seqs: { demo: number[]; other: number[] } = { demo: [], other: [] };

function readOf(subject: string, n: number, outcome: 'allowed' | 'refused' = 'allowed'): AuditEvent {
  return {
    kind: 'access', action: 'records.read', outcome, subject, items: ['TAX_CREDIT_GRADE', 'UTILITY_WATER'], purpose: 'working_capital',
    authorisationId: `auth-${n}`, destination: 'api', reason: outcome === 'refused' ? 'AUTHORISATION_REQUIRED' : null,
    actor: { userId: `user-${n}`, keyId: null, role: 'inst_loan_officer', orgId: bankId, orgKind: 'institution' },
  };
}

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 20 });
  const { identity } = server.services;
  demoUscc = (await server.platform.db.query<{ uscc: string }>("SELECT uscc FROM organisations WHERE kind = 'enterprise'"))[0].uscc;
  otherUscc = (await server.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities WHERE uscc <> $1 ORDER BY uscc LIMIT 1', [demoUscc]))[0].uscc;
  bankId = (await identity.organisations('institution'))[0].id;
  const org = await identity.createOrganisation({ kind: 'enterprise', name: '第二家示范企业', uscc: otherUscc, regionCode: '131000' });
  await identity.createUser({ orgId: org, username: 'ent_other', displayName: '法定代表人 张三', password: server.demo.password, roles: ['enterprise_legal_rep'], realNameVerified: true });
  other = new Client(server.url);
  expect((await other.post('/api/v1/auth/login', { username: 'ent_other', password: server.demo.password })).status).toBe(200);
  const audit = server.services.audit;
  for (let i = 0; i < 3; i++) seqs.demo.push((await audit.append(readOf(demoUscc, i))).index);
  for (let i = 3; i < 5; i++) seqs.other.push((await audit.append(readOf(otherUscc, i, i === 4 ? 'refused' : 'allowed'))).index);
  await audit.append({ kind: 'change', action: 'catalog.published', outcome: 'ok', actor: { userId: null, keyId: null, role: 'system', orgId: null, orgKind: null }, target: { type: 'catalog', id: 'v2' } });
});
afterAll(async () => server?.close());

describe('public tree heads and proofs', () => {
  it('serves a signed checkpoint that verifies with the published key, as text and JSON', async () => {
    const anon = new Client(server.url);
    const key = await anon.get('/api/v1/audit/public-key');
    expect(key.status).toBe(200);
    expect(key.body).toMatchObject({ alg: server.platform.keys.signing.alg, publicKey: server.platform.keys.signing.publicKey, hashAlg: 'sm3' });
    await server.services.audit.checkpoint();
    const text = await fetch(`${server.url}/api/v1/audit/checkpoint`);
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    const note = await text.text();
    const cp = verifyCheckpoint(note, [parseVerifierKey(key.body.verifierKey)]);
    expect(cp.origin).toBe(key.body.origin);
    expect(cp.size).toBe(await server.services.audit.size());
    const json = await anon.get('/api/v1/audit/checkpoint?format=json');
    expect(json.body).toMatchObject({ size: cp.size, root: cp.root.toString('hex'), note });
  });

  it('answers inclusion and consistency proofs that verify against the signed roots', async () => {
    const anon = new Client(server.url);
    const cp = (await anon.get('/api/v1/audit/checkpoint?format=json')).body;
    const index = seqs.demo[1];
    const res = await anon.get(`/api/v1/audit/proofs/inclusion?index=${index}&size=${cp.size}`);
    expect(res.status).toBe(200);
    const proof = res.body.proof.map((h: string) => Buffer.from(h, 'hex'));
    expect(verifyInclusion('sm3', index, cp.size, Buffer.from(res.body.leafHash, 'hex'), proof, Buffer.from(cp.root, 'hex'))).toBe(true);
    expect((await anon.get(`/api/v1/audit/proofs/inclusion?index=${cp.size}&size=${cp.size}`)).body.code).toBe('AUDIT_INDEX_INVALID');
    expect((await anon.get('/api/v1/audit/proofs/inclusion?index=0&size=99999999')).body.code).toBe('AUDIT_SIZE_INVALID');
    const cons = await anon.get(`/api/v1/audit/proofs/consistency?from=2&to=${cp.size}`);
    expect(cons.status).toBe(200);
    expect(cons.body.proof.length).toBeGreaterThan(0);
  });
});

describe('who looked at my data', () => {
  it("shows an enterprise its own access entries, newest first, with the institution's name — never another's", async () => {
    const demo = await loginAs(server, 'ent_demo');
    const mine = await demo.get('/api/v1/audit/my-access');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((e: { seq: number }) => e.seq)).toEqual([...seqs.demo].reverse());
    expect(mine.body.items[0]).toMatchObject({
      institution: { orgId: bankId, orgKind: 'institution', name: '华北示范商业银行廊坊分行' },
      action: 'records.read', items: ['TAX_CREDIT_GRADE', 'UTILITY_WATER'], purpose: 'working_capital', authorisationId: 'auth-2', outcome: 'allowed',
    });
    expect(mine.body.items[0]).not.toHaveProperty('subject');
    const theirs = await other.get('/api/v1/audit/my-access?limit=1');
    expect(theirs.body.items.map((e: { seq: number }) => e.seq)).toEqual([seqs.other[1]]);
    expect(theirs.body.items[0].outcome).toBe('refused');
    const next = await other.get(`/api/v1/audit/my-access?limit=1&cursor=${theirs.body.nextCursor}`);
    expect(next.body.items.map((e: { seq: number }) => e.seq)).toEqual([seqs.other[0]]);
  });

  it('gives an enterprise receipts for entries about itself only', async () => {
    const demo = await loginAs(server, 'ent_demo');
    const own = await demo.get(`/api/v1/audit/receipts/${seqs.demo[0]}`);
    expect(own.status).toBe(200);
    expect(verifyReceipt(own.body)).toMatchObject({ ok: true });
    expect(verifyReceipt(own.body, { verifierKey: (await demo.get('/api/v1/audit/public-key')).body.verifierKey }).ok).toBe(true);
    const foreign = await demo.get(`/api/v1/audit/receipts/${seqs.other[0]}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('AUDIT_ENTRY_UNKNOWN');
    expect((await other.get(`/api/v1/audit/receipts/${seqs.demo[0]}`)).status).toBe(404);
    expect((await demo.get('/api/v1/audit/entries')).status).toBe(403);
  });
});

describe('auditors', () => {
  it('search the whole log with filters and keyset pages', async () => {
    const auditor = await loginAs(server, 'auditor');
    const all = await auditor.get(`/api/v1/audit/entries?subject=${otherUscc}`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((e: { seq: number }) => e.seq)).toEqual([...seqs.other].reverse());
    expect(all.body.items[0]).toMatchObject({ actor: { userId: 'user-4', role: 'inst_loan_officer' }, reason: 'AUTHORISATION_REQUIRED', leafHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const refused = await auditor.get(`/api/v1/audit/entries?outcome=refused&kind=access&subject=${otherUscc}`);
    expect(refused.body.items.map((e: { seq: number }) => e.seq)).toEqual([seqs.other[1]]);
    const changes = await auditor.get('/api/v1/audit/entries?kind=change&action=catalog.published');
    expect(changes.body.items[0]).toMatchObject({ target: { type: 'catalog', id: 'v2' } });
    const page1 = await auditor.get(`/api/v1/audit/entries?orgId=${bankId}&limit=3`);
    const page2 = await auditor.get(`/api/v1/audit/entries?orgId=${bankId}&limit=3&cursor=${page1.body.nextCursor}`);
    expect([...page1.body.items, ...page2.body.items].map((e: { seq: number }) => e.seq)).toEqual([...seqs.demo, ...seqs.other].sort((a, b) => b - a));
    const future = await auditor.get(`/api/v1/audit/entries?from=${encodeURIComponent(new Date(server.now() + 86_400_000).toISOString())}`);
    expect(future.body.items).toEqual([]);
    const receipt = await auditor.get(`/api/v1/audit/receipts/${seqs.other[0]}`);
    expect(verifyReceipt(receipt.body).ok).toBe(true);
  });

  it('export an NDJSON slice that the offline verifier accepts, and the export itself is logged', async () => {
    const auditor = await loginAs(server, 'auditor');
    const res = await fetch(`${server.url}/api/v1/audit/export`, { headers: { cookie: await cookieOf(auditor) } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const text = await res.text();
    const result = await verifyExport(text.split('\n'));
    expect(result).toMatchObject({ ok: true, rootChecked: true });
    const last = JSON.parse(text.trim().split('\n').at(-1)!);
    expect(last.entry).toMatchObject({ action: 'audit.exported', actor: { role: 'op_auditor' }, destination: 'export' });
    const slice = await auditor.get(`/api/v1/audit/export?fromSeq=${seqs.demo[0]}&toSeq=${seqs.demo[2]}`);
    expect(slice.status).toBe(200);
    expect(await verifyExport(String(slice.body).split('\n'))).toMatchObject({ ok: true, entries: 3, rootChecked: false });
    const bad = await auditor.get('/api/v1/audit/export?fromSeq=5&toSeq=99999');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('AUDIT_RANGE_INVALID');
  });
});

/** The session cookie a Client holds (for a raw fetch of the streamed export). */
async function cookieOf(client: Client): Promise<string> {
  return (client as unknown as { cookie: string }).cookie;
}
