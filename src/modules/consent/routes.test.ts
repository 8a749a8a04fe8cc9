import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sm2 } from 'sm-crypto-v2';
import { buildApp, createServices, type Services } from '../../app.ts';
import { createPlatform, type Platform } from '../../platform/platform.ts';
import { totpCode } from '../../platform/auth/totp.ts';
import { seedDemo, type DemoCredentials } from '../demo/index.ts';
import { createTestDb, testConfig } from '../../../test/support/db.ts';
import { Client, loginAs } from '../../../test/support/http.ts';
import type { TestServer } from '../../../test/support/server.ts';
import { recordUsage } from '../aggregation/quality/index.ts';
import { createConsentService, createMemoryAuditSink } from './index.ts';
import { verifyReceipt } from '../audit/index.ts';

/**
 * C4 over real HTTP, with the consent service writing through a recording sink into the node's real audit log, so
 * every decision can be checked in order here and, at the end, in the log itself.
 * The acceptance points of SPEC §C4 / §5.3: no authorisation → L1 only; a live one → exactly its items; revocation
 * and expiry effective on the next request; frequency limit; every attempt in the audit log; enterprises isolated;
 * the exported artefact verifies with only the documented algorithm.
 */
const sink = createMemoryAuditSink();
let logged = 0;
let server: TestServer & { services: Services };
let ent: Client;
let other: Client;
let bank: Client;
let operator: Client;
let ownUscc: string;
let otherUscc: string;
let bankId: string;
let otherBankId: string;
const PASSWORD = 'Xr-other-Password-1';
const DAY = 86_400_000;

async function startConsentServer(): Promise<TestServer & { services: Services }> {
  let offset = 0;
  const clock = () => Date.now() + offset;
  const db = await createTestDb();
  const platform: Platform = await createPlatform(testConfig(), { db, migrate: false });
  const base = createServices(platform, clock);
  const consent = createConsentService({
    db, keys: platform.keys, catalog: base.catalog, identity: base.identity, aggregation: base.aggregation, audit: sink, clock,
    entityName: async (uscc) => (await base.entities.store.byUscc(uscc))?.name ?? null,
    recordUsage: (entry) => recordUsage(db, entry),
  });
  // Every event goes to the real log too; the recording only keeps the order for the assertions below.
  const tee = sink.append.bind(sink);
  sink.append = async (event) => {
    await tee(event);
    logged++;
    return base.audit.append(event);
  };
  const services: Services = { ...base, consent };
  const app = await buildApp(platform, services, { logger: false, clock });
  const demo: DemoCredentials = await seedDemo(platform, services, { enterprises: 10 });
  platform.ready = true;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`, demo, platform, services, app, now: clock,
    advance(ms) {
      offset += ms;
    },
    nextTotp(username) {
      const secret = demo.users.find((u) => u.username === username)?.totpSecret;
      if (!secret) throw new Error(`demo user ${username} has no TOTP secret`);
      const code = totpCode(secret, clock());
      offset += 30_000;
      return code;
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}

async function writeRecord(uscc: string, itemCode: string, values: Record<string, unknown>) {
  const item = await server.services.catalog.item(itemCode);
  if (!item) throw new Error(`no item ${itemCode}`);
  await server.services.aggregation.writer.writeChunk({ item, rows: [{ rowNumber: 1, values }], batchId: null, providerOrgId: null, seq: null, at: new Date(server.now()) });
}

const terms = (extra: Record<string, unknown> = {}) => ({
  institutionId: bankId, purpose: 'CREDIT_LOAN', items: ['TAX_PAYMENT'], mode: 'view',
  validTo: new Date(server.now() + 30 * DAY).toISOString(), frequencyLimit: { count: 3, period: 'day' }, retentionDays: 90, ...extra,
});
const itemCodes = (body: { items: { code: string }[] }) => body.items.map((i) => i.code).sort();
const since = (mark: number) => sink.events.slice(mark);

beforeAll(async () => {
  server = await startConsentServer();
  ent = await loginAs(server, 'ent_demo');
  bank = await loginAs(server, 'bank_officer');
  operator = await loginAs(server, 'operator');
  const me = (await ent.get('/api/v1/auth/me')).body as { org: { id: string; uscc: string } };
  ownUscc = me.org.uscc;
  const bankMe = (await bank.get('/api/v1/auth/me')).body as { org: { id: string } };
  bankId = bankMe.org.id;
  otherBankId = (await server.services.identity.organisations('institution')).find((o) => o.id !== bankId)!.id;
  otherUscc = (await server.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities WHERE uscc <> $1 ORDER BY uscc LIMIT 1', [ownUscc]))[0].uscc;
  const otherOrg = await server.services.identity.createOrganisation({ kind: 'enterprise', name: '另一家示范企业', uscc: otherUscc, regionCode: '131000' });
  await server.services.identity.createUser({ orgId: otherOrg, username: 'ent_other', displayName: '法定代表人 周七', password: PASSWORD, roles: ['enterprise_legal_rep'], realNameVerified: true });
  other = new Client(server.url);
  expect((await other.post('/api/v1/auth/login', { username: 'ent_other', password: PASSWORD })).status).toBe(200);

  await writeRecord(ownUscc, 'ADMIN_LICENSE', {
    uscc: ownUscc, subject_name: '示范企业', legal_rep_name: '欧阳娜娜', legal_rep_id_number: '11010519491231002X', record_uid: 'LIC-1', licence_no: 'L-001',
  });
  await writeRecord(ownUscc, 'TAX_PAYMENT', { uscc: ownUscc, entity_name: '示范企业', vat_paid_12m: '120000.00', consecutive_normal_months: 12 });
  await writeRecord(ownUscc, 'SOCIAL_INSURANCE_CONTRIBUTION', { uscc: ownUscc, entity_name: '示范企业', avg_monthly_insured_12m: 18 });
  await writeRecord(otherUscc, 'TAX_PAYMENT', { uscc: otherUscc, entity_name: '另一家示范企业', vat_paid_12m: '5.00' });
});
afterAll(async () => server?.close());

describe('consent reference data', () => {
  it('lists the financing purposes, the items that need authorisation, institutions and the public key', async () => {
    const purposes = await bank.get('/api/v1/consent/purposes');
    expect(purposes.status).toBe(200);
    expect(purposes.body.items).toContainEqual({ code: 'CREDIT_LOAN', zh: '信用贷款', en: 'Credit loan' });
    const items = await ent.get('/api/v1/consent/items');
    expect(items.body.items.map((i: { code: string }) => i.code)).toContain('TAX_PAYMENT');
    expect(items.body.items.map((i: { code: string }) => i.code)).not.toContain('ADMIN_LICENSE');
    const institutions = await ent.get('/api/v1/consent/institutions');
    expect(institutions.body.items).toContainEqual({ id: bankId, name: expect.any(String), category: 'bank' });
    expect((await bank.get('/api/v1/consent/institutions')).status).toBe(403);
    const key = await new Client(server.url).get('/api/v1/consent/public-key');
    expect(key.body).toEqual({ alg: server.platform.keys.signing.alg, keyId: server.platform.keys.signing.keyId, publicKey: server.platform.keys.signing.publicKey });
  });
});

describe('the data read through the policy point', () => {
  it('gives an institution without an authorisation the L1 items only, personal fields masked, and logs the refusals', async () => {
    const mark = sink.events.length;
    const r = await bank.get(`/api/v1/consent/data/${ownUscc}?purpose=CREDIT_LOAN`);
    expect(r.status).toBe(200);
    expect(r.body.items.every((i: { level: string; access: string }) => i.level === 'L1' && i.access === 'public')).toBe(true);
    expect(itemCodes(r.body)).not.toContain('TAX_PAYMENT');
    const licence = r.body.items.find((i: { code: string }) => i.code === 'ADMIN_LICENSE');
    expect(licence.records[0].data).toMatchObject({ legal_rep_name: '欧阳**', legal_rep_id_number: '110***********002X', licence_no: 'L-001' });
    expect(licence.records[0].masked.sort()).toEqual(['legal_rep_id_number', 'legal_rep_name']);
    const events = since(mark);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'access', outcome: 'allowed', subject: ownUscc, purpose: 'CREDIT_LOAN', destination: 'api', items: expect.arrayContaining(['ADMIN_LICENSE']) }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'access', outcome: 'refused', reason: 'AUTHORISATION_REQUIRED', items: expect.arrayContaining(['TAX_PAYMENT']) }));

    const asked = await bank.get(`/api/v1/consent/data/${ownUscc}?purpose=CREDIT_LOAN&items=TAX_PAYMENT,ADMIN_LICENSE`);
    expect(asked.status).toBe(403);
    expect(asked.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(asked.body).toMatchObject({ code: 'AUTHORISATION_REQUIRED', refusedItems: ['TAX_PAYMENT'], refused: [{ item: 'TAX_PAYMENT', code: 'AUTHORISATION_REQUIRED' }] });
    expect(since(mark).filter((e) => e.outcome === 'refused' && e.items?.includes('TAX_PAYMENT'))).toHaveLength(2);
  });

  it('gives exactly the authorised items under a live authorisation, for its purpose only', async () => {
    const grant = await ent.post('/api/v1/consent/authorisations', terms());
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({ status: 'ACTIVE', channel: 'online', enterprise: { uscc: ownUscc }, institution: { id: bankId }, items: ['TAX_PAYMENT'], usageCount: 0 });
    const mark = sink.events.length;
    const r = await bank.get(`/api/v1/consent/data/${ownUscc}?purpose=CREDIT_LOAN`);
    expect(r.status).toBe(200);
    const tax = r.body.items.find((i: { code: string }) => i.code === 'TAX_PAYMENT');
    expect(tax).toMatchObject({ access: 'authorised', authorisationId: grant.body.id, level: 'L2', records: [{ data: { vat_paid_12m: '120000' } }] });
    expect(r.body.items.filter((i: { level: string }) => i.level !== 'L1').map((i: { code: string }) => i.code)).toEqual(['TAX_PAYMENT']);
    expect(since(mark)).toContainEqual(expect.objectContaining({ outcome: 'allowed', authorisationId: grant.body.id, items: ['TAX_PAYMENT'], purpose: 'CREDIT_LOAN' }));

    const usage = await server.platform.db.query<{ item_code: string; mode: string; purpose: string; consumer_org_id: string }>(
      'SELECT item_code, mode, purpose, consumer_org_id FROM data_usage WHERE uscc = $1 AND authorisation_ref = $2', [ownUscc, grant.body.id],
    );
    expect(usage).toEqual([{ item_code: 'TAX_PAYMENT', mode: 'record_read', purpose: 'CREDIT_LOAN', consumer_org_id: bankId }]);

    const wrongPurpose = await bank.get(`/api/v1/consent/data/${ownUscc}?purpose=WORKING_CAPITAL&items=TAX_PAYMENT`);
    expect(wrongPurpose.status).toBe(403);
    // another institution holds nothing from this enterprise
    const after = (await bank.get(`/api/v1/consent/authorisations/${grant.body.id}`)).body;
    expect(after.usageCount).toBe(1);
    expect(after.artefact).toMatchObject({ alg: server.platform.keys.signing.alg, keyId: server.platform.keys.signing.keyId, payload: { id: grant.body.id, purpose: 'CREDIT_LOAN' } });
  });

  it('enforces the frequency limit (429 AUTHORISATION_LIMIT, logged) and counts again the next day', async () => {
    const path = `/api/v1/consent/data/${ownUscc}?purpose=CREDIT_LOAN&items=TAX_PAYMENT`;
    expect((await bank.get(path)).status).toBe(200);
    expect((await bank.get(path)).status).toBe(200);
    const mark = sink.events.length;
    const over = await bank.get(path);
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ code: 'AUTHORISATION_LIMIT', refusedItems: ['TAX_PAYMENT'] });
    expect(since(mark)).toContainEqual(expect.objectContaining({ kind: 'access', outcome: 'refused', reason: 'AUTHORISATION_LIMIT', items: ['TAX_PAYMENT'] }));
    // a refused read uses nothing: the count stays at the limit
    const list = (await bank.get('/api/v1/consent/authorisations?status=ACTIVE')).body.items;
    expect(list[0].usageCount).toBe(3);
    server.advance(DAY);
    expect((await bank.get(path)).status).toBe(200);
  });

  it('refuses on the very next request after the enterprise revokes', async () => {
    const id = (await bank.get('/api/v1/consent/authorisations?status=ACTIVE')).body.items[0].id as string;
    const mark = sink.events.length;
    const revoked = await ent.post(`/api/v1/consent/authorisations/${id}/revoke`, {});
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('REVOKED');
    const r = await bank.get(`/api/v1/consent/data/${ownUscc}?purpose=CREDIT_LOAN&items=TAX_PAYMENT`);
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('AUTHORISATION_REQUIRED');
    expect(since(mark)).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'change', action: 'authorisation.revoked', target: { type: 'authorisation', id }, outcome: 'ok' }),
      expect.objectContaining({ kind: 'access', outcome: 'refused', reason: 'AUTHORISATION_REQUIRED', items: ['TAX_PAYMENT'] }),
    ]));
    expect((await ent.post(`/api/v1/consent/authorisations/${id}/resume`, {})).body.code).toBe('AUTHORISATION_STATE');
  });

  it('gives the enterprise evidence receipts (存证回执) of its authorisation\'s grant and revocation, and no one else\'s', async () => {
    const id = (await ent.get('/api/v1/consent/authorisations?status=REVOKED')).body.items[0].id as string;
    await server.services.audit.flush();
    const evidence = await ent.get(`/api/v1/audit/evidence/authorisation/${id}`);
    expect(evidence.status).toBe(200);
    const actions = evidence.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['authorisation.active', 'authorisation.revoked']));
    const revokedSeq = evidence.body.items.find((e: { action: string }) => e.action === 'authorisation.revoked').seq;
    const receipt = await ent.get(`/api/v1/audit/receipts/${revokedSeq}`);
    expect(receipt.status).toBe(200);
    expect(receipt.body.entry).toMatchObject({ action: 'authorisation.revoked', target: { type: 'authorisation', id } });
    expect(verifyReceipt(receipt.body)).toMatchObject({ ok: true });
    expect((await other.get(`/api/v1/audit/evidence/authorisation/${id}`)).body.items).toEqual([]);
    expect((await other.get(`/api/v1/audit/receipts/${revokedSeq}`)).status).toBe(404);
  });

  it('refuses once the window has closed, shows EXPIRED at once and persists it in the sweep', async () => {
    const grant = await ent.post('/api/v1/consent/authorisations', terms({ items: ['SOCIAL_INSURANCE_CONTRIBUTION'], validTo: new Date(server.now() + 3_600_000).toISOString() }));
    expect(grant.status).toBe(201);
    const path = `/api/v1/consent/data/${ownUscc}?purpose=CREDIT_LOAN&items=SOCIAL_INSURANCE_CONTRIBUTION`;
    expect((await bank.get(path)).status).toBe(200);
    server.advance(2 * 3_600_000);
    const mark = sink.events.length;
    const r = await bank.get(path);
    expect(r.status).toBe(403);
    expect(since(mark)).toContainEqual(expect.objectContaining({ outcome: 'refused', reason: 'AUTHORISATION_REQUIRED', items: ['SOCIAL_INSURANCE_CONTRIBUTION'] }));
    expect((await ent.get(`/api/v1/consent/authorisations/${grant.body.id}`)).body.status).toBe('EXPIRED');
    const swept = await server.services.consent.sweep();
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    const detail = (await ent.get(`/api/v1/consent/authorisations/${grant.body.id}`)).body;
    expect(detail.history.map((h: { status: string }) => h.status)).toEqual(['ACTIVE', 'EXPIRED']);
    expect(detail.history[1]).toMatchObject({ actor: null, role: 'system' });
    expect(sink.events).toContainEqual(expect.objectContaining({ kind: 'change', action: 'authorisation.expired', target: { type: 'authorisation', id: grant.body.id } }));
  });

  it('lets the subject see all its own data in clear, and operators only with a stated reason', async () => {
    const own = await ent.get(`/api/v1/consent/data/${ownUscc}`);
    expect(own.status).toBe(200);
    expect(own.body.items.every((i: { access: string }) => i.access === 'subject')).toBe(true);
    expect(itemCodes(own.body)).toEqual(expect.arrayContaining(['ADMIN_LICENSE', 'SOCIAL_INSURANCE_CONTRIBUTION', 'TAX_PAYMENT']));
    const licence = own.body.items.find((i: { code: string }) => i.code === 'ADMIN_LICENSE');
    expect(licence.records[0]).toMatchObject({ data: { legal_rep_id_number: '11010519491231002X' }, masked: [] });

    const mark = sink.events.length;
    const noReason = await operator.get(`/api/v1/consent/data/${ownUscc}?items=ADMIN_LICENSE`);
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('REASON_REQUIRED');
    const withReason = await operator.get(`/api/v1/consent/data/${ownUscc}?items=ADMIN_LICENSE&reason=${encodeURIComponent('异议核查 2026-118')}`);
    expect(withReason.status).toBe(200);
    expect(withReason.body.items[0]).toMatchObject({ access: 'operator', records: [{ data: { legal_rep_id_number: '11010519491231002X' } }] });
    expect(since(mark)).toEqual([
      expect.objectContaining({ outcome: 'refused', reason: 'OPERATOR_REASON_REQUIRED', items: ['ADMIN_LICENSE'] }),
      expect.objectContaining({ outcome: 'allowed', reason: '异议核查 2026-118', items: ['ADMIN_LICENSE'] }),
    ]);
  });
});

describe('the authorisation lifecycle over HTTP', () => {
  it('runs request → approve (signed) → pause (refused) → resume, and decline; both sides are notified', async () => {
    const req = await bank.post('/api/v1/consent/requests', { ...terms({ items: ['SOCIAL_INSURANCE_CONTRIBUTION'] }), institutionId: undefined, uscc: ownUscc, note: '授信审查' });
    expect(req.status).toBe(201);
    expect(req.body).toMatchObject({ status: 'PENDING', institution: { id: bankId } });
    const id = req.body.id as string;
    const notes = (await ent.get('/api/v1/notifications')).body;
    const note = notes.items.find((n: { authorisationId: string }) => n.authorisationId === id);
    expect(note).toMatchObject({ kind: 'authorisation.pending', readAt: null, text: { zh: expect.stringContaining('待确认'), en: expect.any(String) } });
    expect((await ent.post(`/api/v1/notifications/${note.id}/read`, {})).body.readAt).toEqual(expect.any(String));
    expect((await bank.post(`/api/v1/consent/authorisations/${id}/approve`, {})).status).toBe(403);

    const approved = await ent.post(`/api/v1/consent/authorisations/${id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('ACTIVE');
    const path = `/api/v1/consent/data/${ownUscc}?purpose=CREDIT_LOAN&items=SOCIAL_INSURANCE_CONTRIBUTION`;
    expect((await bank.get(path)).status).toBe(200);
    expect((await ent.post(`/api/v1/consent/authorisations/${id}/pause`, {})).body.status).toBe('PAUSED');
    expect((await bank.get(path)).status).toBe(403);
    expect((await ent.post(`/api/v1/consent/authorisations/${id}/resume`, {})).body.status).toBe('ACTIVE');
    expect((await bank.get(path)).status).toBe(200);
    const detail = (await bank.get(`/api/v1/consent/authorisations/${id}`)).body;
    expect(detail.history.map((h: { status: string }) => h.status)).toEqual(['PENDING', 'ACTIVE', 'PAUSED', 'ACTIVE']);
    expect(detail.note).toBe('授信审查');
    const bankNotes = (await bank.get('/api/v1/notifications')).body.items.filter((n: { authorisationId: string }) => n.authorisationId === id);
    expect(bankNotes.map((n: { kind: string }) => n.kind).sort()).toEqual(['authorisation.active', 'authorisation.active', 'authorisation.paused', 'authorisation.pending']);

    const second = await bank.post('/api/v1/consent/requests', { ...terms(), institutionId: undefined, uscc: ownUscc });
    const declined = await ent.post(`/api/v1/consent/authorisations/${second.body.id}/decline`, {});
    expect(declined.body.status).toBe('DECLINED');
    expect((await ent.post(`/api/v1/consent/authorisations/${second.body.id}/approve`, {})).status).toBe(409);
    expect(sink.events).toContainEqual(expect.objectContaining({ kind: 'change', action: 'authorisation.declined', target: { type: 'authorisation', id: second.body.id } }));
  });

  it('refuses invalid terms with stable codes', async () => {
    expect((await ent.post('/api/v1/consent/authorisations', terms({ purpose: 'SPECULATION' }))).body.code).toBe('PURPOSE_UNKNOWN');
    const l1 = await ent.post('/api/v1/consent/authorisations', terms({ items: ['ADMIN_LICENSE', 'NO_SUCH_ITEM'] }));
    expect(l1.body).toMatchObject({ code: 'ITEMS_INVALID', invalidItems: ['ADMIN_LICENSE', 'NO_SUCH_ITEM'] });
    expect((await ent.post('/api/v1/consent/authorisations', terms({ validTo: '2020-01-01' }))).body.code).toBe('VALIDITY_INVALID');
    expect((await ent.post('/api/v1/consent/authorisations', terms({ frequencyLimit: { count: 0, period: 'day' } }))).body.code).toBe('VALIDATION_FAILED');
    expect((await ent.post('/api/v1/consent/authorisations', terms({ institutionId: '0190f5e0-0000-7000-8000-000000000000' }))).body.code).toBe('INSTITUTION_UNKNOWN');
  });

  it('takes a written authorisation uploaded by an operator, activated by an operator, with the scan digest signed in', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% written authorisation scan\n');
    const up = await operator.post('/api/v1/consent/written', {
      ...terms({ items: ['UTILITY_WATER'] }), uscc: ownUscc, institutionId: otherBankId,
      document: { name: '授权书.pdf', contentType: 'application/pdf', base64: pdf.toString('base64') },
    });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ status: 'PENDING', channel: 'written', institution: { id: otherBankId } });
    const mismatch = await operator.post('/api/v1/consent/written', {
      ...terms(), uscc: ownUscc, document: { name: 'x.png', contentType: 'image/png', base64: pdf.toString('base64') },
    });
    expect(mismatch.body.code).toBe('DOCUMENT_TYPE_MISMATCH');
    // the enterprise cannot approve a written one; only an operator activates it
    expect((await ent.post(`/api/v1/consent/authorisations/${up.body.id}/approve`, {})).status).toBe(409);
    const active = await operator.post(`/api/v1/consent/authorisations/${up.body.id}/activate`, {});
    expect(active.status).toBe(200);
    expect(active.body.status).toBe('ACTIVE');
    const detail = (await ent.get(`/api/v1/consent/authorisations/${up.body.id}`)).body;
    expect(detail.document).toMatchObject({ name: '授权书.pdf', contentType: 'application/pdf', bytes: pdf.length });
    expect(detail.artefact.payload).toMatchObject({ channel: 'written', documentSm3: detail.document.sm3 });

    expect((await operator.post(`/api/v1/consent/authorisations/${up.body.id}/revoke`, { reason: '短' })).body.code).toBe('REASON_REQUIRED');
    const revoked = await operator.post(`/api/v1/consent/authorisations/${up.body.id}/revoke`, { reason: '书面授权书经核实无效' });
    expect(revoked.body.status).toBe('REVOKED');
  });
});

describe('webhook settings over HTTP', () => {
  it('lets the institution admin set an https webhook, shows the secret once, and refuses other roles', async () => {
    const admin = await loginAs(server, 'bank_admin');
    expect((await admin.get('/api/v1/consent/webhook')).body.code).toBe('WEBHOOK_NOT_SET');
    expect((await admin.request('PUT', '/api/v1/consent/webhook', { url: 'http://bank.example/hook' })).body.code).toBe('WEBHOOK_URL_INVALID');
    const set = await admin.request('PUT', '/api/v1/consent/webhook', { url: 'https://bank.example/xinrong/hook' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ url: 'https://bank.example/xinrong/hook', secret: expect.any(String) });
    const got = await admin.get('/api/v1/consent/webhook');
    expect(got.body).toEqual({ url: 'https://bank.example/xinrong/hook', createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect((await bank.get('/api/v1/consent/webhook')).body.code).toBe('FORBIDDEN_ROLE');
    expect((await admin.request('DELETE', '/api/v1/consent/webhook')).status).toBe(204);
  });
});

describe('one enterprise never sees another enterprise', () => {
  it('across every consent endpoint: lists, details, actions, notifications and data', async () => {
    const mine = (await ent.get('/api/v1/consent/authorisations')).body.items as { id: string; enterprise: { uscc: string } }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((a) => a.enterprise.uscc === ownUscc)).toBe(true);
    expect((await other.get('/api/v1/consent/authorisations')).body.items).toEqual([]);
    expect((await other.get(`/api/v1/consent/authorisations?uscc=${ownUscc}`)).body.items).toEqual([]);
    for (const a of mine) {
      expect((await other.get(`/api/v1/consent/authorisations/${a.id}`)).status).toBe(404);
      for (const action of ['approve', 'decline', 'revoke', 'pause', 'resume']) {
        expect((await other.post(`/api/v1/consent/authorisations/${a.id}/${action}`, {})).status, action).toBe(404);
      }
    }
    expect((await other.get('/api/v1/notifications')).body).toEqual({ items: [], unread: 0 });
    const entNote = (await ent.get('/api/v1/notifications')).body.items[0];
    expect((await other.post(`/api/v1/notifications/${entNote.id}/read`, {})).status).toBe(404);
    const mark = sink.events.length;
    const data = await other.get(`/api/v1/consent/data/${ownUscc}`);
    expect(data.status).toBe(403);
    expect(data.body.code).toBe('NOT_YOUR_ENTERPRISE');
    expect(since(mark)).toContainEqual(expect.objectContaining({ outcome: 'refused', reason: 'NOT_YOUR_ENTERPRISE', subject: ownUscc }));
    // and an institution does not see another institution's authorisations
    const bankList = (await bank.get('/api/v1/consent/authorisations')).body.items as { institution: { id: string } }[];
    expect(bankList.every((a) => a.institution.id === bankId)).toBe(true);
  });
});

describe('the exported artefact', () => {
  /** README.md "Checking an artefact": sorted-key canonical JSON, UTF-8, SM2 (SM3, id 1234567812345678, r‖s hex) or Ed25519. */
  function canonical(value: unknown): string {
    if (value === null || typeof value !== 'object') return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
    const keys = Object.keys(value as object).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }

  it('verifies with the published public key using only the documented algorithm, and fails when altered', async () => {
    const grant = await ent.post('/api/v1/consent/authorisations', terms({ items: ['UTILITY_WATER'] }));
    const exported = JSON.parse(JSON.stringify((await ent.get(`/api/v1/consent/authorisations/${grant.body.id}`)).body.artefact)) as {
      payload: Record<string, unknown>; signature: string; alg: 'sm2' | 'ed25519'; keyId: string;
    };
    const key = (await new Client(server.url).get('/api/v1/consent/public-key')).body as { alg: string; keyId: string; publicKey: string };
    expect(exported.keyId).toBe(key.keyId);
    const check = (payload: Record<string, unknown>) => {
      const message = Buffer.from(canonical(payload), 'utf8');
      if (key.alg === 'sm2') {
        return sm2.doVerifySignature(message, exported.signature, key.publicKey, { hash: true, der: false, userId: '1234567812345678' });
      }
      const pub = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' });
      return nodeVerify(null, message, pub, Buffer.from(exported.signature, 'base64'));
    };
    expect(check(exported.payload)).toBe(true);
    expect(check({ ...exported.payload, items: ['UTILITY_WATER', 'TAX_PAYMENT'] })).toBe(false);
    expect(exported.payload).toMatchObject({
      type: 'xinrong.authorisation.v1', id: grant.body.id, enterprise: { uscc: ownUscc }, institution: { id: bankId }, mode: 'view',
      frequencyLimit: { count: 3, period: 'day' }, retentionDays: 90, channel: 'online', grantedBy: expect.any(String),
    });
  });
});

describe('the audit log itself', () => {
  it('holds every access decision and state change above, refusals included, and verifies', async () => {
    await server.services.audit.flush();
    const rows = await server.platform.db.query<{ kind: string; action: string; outcome: string; n: number }>(
      `SELECT kind, action, outcome, count(*)::int AS n FROM audit_entries
        WHERE action LIKE 'authorisation.%' OR (action = 'records.read' AND destination = 'api')
        GROUP BY 1, 2, 3`,
    );
    const inLog = rows.reduce((n, r) => n + r.n, 0);
    const recorded = sink.events.filter((e) => e.action.startsWith('authorisation.') || e.action === 'records.read').length;
    expect(logged).toBe(sink.events.length);
    expect(inLog).toBeGreaterThanOrEqual(recorded);
    expect(rows).toContainEqual(expect.objectContaining({ kind: 'access', action: 'records.read', outcome: 'refused' }));
    expect(rows).toContainEqual(expect.objectContaining({ kind: 'access', action: 'records.read', outcome: 'allowed' }));
    expect(rows).toContainEqual(expect.objectContaining({ kind: 'change', action: 'authorisation.revoked', outcome: 'ok' }));
  });
});
