import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { Client, loginAs } from '../../../test/support/http.ts';
import { Value } from 'typebox/value';
import { canonicalJson, verifyReceipt } from '../audit/index.ts';
import { ReportReply } from './schemas.ts';
import { contentDigest as reportContentDigest } from './digest.ts';

/** The report API over real HTTP: versions per reader, isolation, verification and the audit trail of each generation. */
let server: TestServer;
let ent: Client;
let bank: Client;
let operator: Client;
let other: Client;
let ownUscc: string;
let otherUscc: string;
let bankId: string;

const DAY = 86_400_000;
const itemsOf = (content: { sections: { items: { code: string }[] }[] }) => content.sections.flatMap((s) => s.items.map((i) => i.code)).sort();

async function writeRecord(uscc: string, itemCode: string, values: Record<string, unknown>) {
  const item = await server.services.catalog.item(itemCode);
  if (!item) throw new Error(`no item ${itemCode}`);
  await server.services.aggregation.writer.writeChunk({ item, rows: [{ rowNumber: 1, values }], batchId: null, providerOrgId: null, seq: null, at: new Date(server.now()) });
}

async function generated(number: string) {
  await server.services.audit.flush();
  return server.platform.db.query<{ seq: number; outcome: string; details: Record<string, unknown> }>(
    "SELECT seq::int AS seq, outcome, details FROM audit_entries WHERE action = 'report.generated' AND target_id = $1", [number],
  );
}

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 6 });
  ent = await loginAs(server, 'ent_demo');
  bank = await loginAs(server, 'bank_officer');
  operator = await loginAs(server, 'operator');
  ownUscc = (await ent.get('/api/v1/auth/me')).body.org.uscc;
  bankId = (await bank.get('/api/v1/auth/me')).body.org.id;
  otherUscc = (await server.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities WHERE uscc <> $1 ORDER BY uscc LIMIT 1', [ownUscc]))[0].uscc;
  const otherOrg = await server.services.identity.createOrganisation({ kind: 'enterprise', name: '另一家示范企业', uscc: otherUscc, regionCode: '131000' });
  await server.services.identity.createUser({ orgId: otherOrg, username: 'ent_other', displayName: '法定代表人 周七', password: server.demo.password, roles: ['enterprise_legal_rep'], realNameVerified: true });
  other = new Client(server.url);
  expect((await other.post('/api/v1/auth/login', { username: 'ent_other', password: server.demo.password })).status).toBe(200);

  await writeRecord(ownUscc, 'ADMIN_LICENSE', {
    uscc: ownUscc, subject_name: '示范企业', legal_rep_name: '欧阳娜娜', legal_rep_id_number: '11010519491231002X', record_uid: 'LIC-1', licence_no: 'L-001',
  });
  await writeRecord(ownUscc, 'ADMIN_PENALTY', { uscc: ownUscc, subject_name: '示范企业', record_uid: 'PEN-1', penalty_content: '警告', decision_date: '2025-01-10' });
  await writeRecord(ownUscc, 'ADMIN_PENALTY', { uscc: ownUscc, subject_name: '示范企业', record_uid: 'PEN-2', penalty_content: '罚款', decision_date: '2022-03-01' });
  await writeRecord(ownUscc, 'SOCIAL_INSURANCE_CONTRIBUTION', { uscc: ownUscc, entity_name: '示范企业', avg_monthly_insured_12m: 12, in_arrears: false });
  await writeRecord(ownUscc, 'UTILITY_WATER', { uscc: ownUscc, entity_name: '示范企业', water_account: 'W-1', in_arrears: false });
  // PEN-1 is under objection; PEN-2 was repaired (its publicity ended).
  const marks = server.services.aggregation.marks;
  await server.platform.db.tx(async (q) => {
    await marks.flagObjection(q, { uscc: ownUscc, item: 'ADMIN_PENALTY', key: 'PEN-1' }, { id: '0190a0b0-0000-7000-8000-000000000001', state: 'open', filedAt: new Date(server.now()) }, new Date(server.now()));
    await marks.withhold(q, { uscc: ownUscc, item: 'ADMIN_PENALTY', key: 'PEN-2' }, { reason: 'repaired', ref: null }, new Date(server.now()));
  });
});
afterAll(async () => server?.close());

describe('report API', () => {
  it('gives a bank without an authorisation the public version: L1 items only, personal fields masked, audited', async () => {
    const r = await bank.post('/api/v1/reports', { uscc: ownUscc });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const { content, digest, evidence } = r.body;
    expect(content.version).toBe('public');
    expect(content.number).toMatch(/^XR-131000-\d{8}-[0-9A-Z]{10}$/);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    const levels = new Set(content.sections.flatMap((s: { items: { level: string }[] }) => s.items.map((i) => i.level)));
    expect([...levels]).toEqual(['L1']);
    const licence = content.sections.flatMap((s: { items: unknown[] }) => s.items).find((i: { code: string }) => i.code === 'ADMIN_LICENSE');
    expect(licence.records[0].data.legal_rep_id_number).toBe('110***********002X');
    expect(licence.records[0].masked).toContain('legal_rep_name');
    expect(content.registry.legalRepMasked).toBe(true);
    expect(content.notIncluded).toContain('SOCIAL_INSURANCE_CONTRIBUTION');
    const logged = await generated(content.number);
    expect(logged).toHaveLength(1);
    expect(logged[0].seq).toBe(evidence.auditIndex);
    expect(logged[0].details).toMatchObject({ number: content.number, digest, version: 'public' });
  });

  it('shows a record under objection with its flag and only counts the repaired one', async () => {
    const { content } = (await bank.post('/api/v1/reports', { uscc: ownUscc })).body;
    const penalty = content.sections.flatMap((s: { items: unknown[] }) => s.items).find((i: { code: string }) => i.code === 'ADMIN_PENALTY');
    expect(penalty.records).toHaveLength(1);
    expect(penalty.records[0].data.record_uid).toBe('PEN-1');
    expect(penalty.records[0].objection).toMatchObject({ state: 'open' });
    expect(content.objectionsInProgress).toBe(1);
    expect(content.withheld).toMatchObject({ total: 1, repaired: 1 });
  });

  it('answers exactly the declared reply shape, the content in the canonical form its digest is over', async () => {
    const r = await bank.post('/api/v1/reports', { uscc: ownUscc });
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Value.Check(ReportReply, r.body), JSON.stringify([...Value.Errors(ReportReply, r.body)].slice(0, 3))).toBe(true);
    // nothing beyond the schema (a serialiser would drop undeclared fields; this reply is sent as built)
    expect(Value.Clean(ReportReply, structuredClone(r.body))).toEqual(r.body);
    const raw = r.text.slice('{"content":'.length, r.text.indexOf(',"digest":"'));
    expect(raw).toBe(canonicalJson(r.body.content));
    expect(reportContentDigest(JSON.parse(raw))).toBe(r.body.digest);
  });

  it('shows a change in the very next report though an unchanged body is reused', async () => {
    const before = (await bank.post('/api/v1/reports', { uscc: ownUscc })).body.content;
    const again = (await bank.post('/api/v1/reports', { uscc: ownUscc })).body.content;
    expect(again.number).not.toBe(before.number);
    expect({ ...again, number: null, generatedAt: null }).toEqual({ ...before, number: null, generatedAt: null });
    await writeRecord(ownUscc, 'ADMIN_LICENSE', {
      uscc: ownUscc, subject_name: '示范企业', legal_rep_name: '欧阳娜娜', legal_rep_id_number: '11010519491231002X', record_uid: 'LIC-2', licence_no: 'L-002',
    });
    const after = (await bank.post('/api/v1/reports', { uscc: ownUscc })).body.content;
    const licences = after.sections.flatMap((s: { items: unknown[] }) => s.items).find((i: { code: string }) => i.code === 'ADMIN_LICENSE');
    expect(licences.records.map((x: { data: { licence_no: string } }) => x.data.licence_no)).toEqual(['L-001', 'L-002']);
  });

  it('adds exactly the items a live authorisation covers to the authorised version', async () => {
    const grant = await ent.post('/api/v1/consent/authorisations', {
      institutionId: bankId, purpose: 'CREDIT_LOAN', items: ['SOCIAL_INSURANCE_CONTRIBUTION'], mode: 'view',
      validTo: new Date(server.now() + 30 * DAY).toISOString(), frequencyLimit: { count: 20, period: 'day' }, retentionDays: 90,
    });
    expect(grant.status, JSON.stringify(grant.body)).toBe(201);
    const r = await bank.post('/api/v1/reports', { uscc: ownUscc, purpose: 'CREDIT_LOAN' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const { content } = r.body;
    expect(content.version).toBe('authorised');
    const beyondPublic = content.sections.flatMap((s: { items: { code: string; level: string; access: string; authorisationId: string | null }[] }) => s.items)
      .filter((i: { level: string }) => i.level !== 'L1');
    expect(beyondPublic.map((i: { code: string }) => i.code)).toEqual(['SOCIAL_INSURANCE_CONTRIBUTION']);
    expect(beyondPublic[0]).toMatchObject({ access: 'authorised', authorisationId: grant.body.id });
    expect(content.notIncluded).toContain('UTILITY_WATER');
    // without the purpose the same bank gets the public version
    expect((await bank.post('/api/v1/reports', { uscc: ownUscc })).body.content.version).toBe('public');
  });

  it('gives the enterprise its full report and refuses another enterprise\'s, logging the refusal', async () => {
    const own = await ent.post('/api/v1/reports', { uscc: ownUscc });
    expect(own.status).toBe(200);
    expect(own.body.content.version).toBe('subject');
    expect(itemsOf(own.body.content)).toContain('UTILITY_WATER');
    expect(own.body.content.registry.legalRepMasked).toBe(false);
    const licence = own.body.content.sections.flatMap((s: { items: unknown[] }) => s.items).find((i: { code: string }) => i.code === 'ADMIN_LICENSE');
    expect(licence.records[0].data.legal_rep_id_number).toBe('11010519491231002X');
    const refused = await other.post('/api/v1/reports', { uscc: ownUscc });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('NOT_YOUR_ENTERPRISE');
    await server.services.audit.flush();
    const rows = await server.platform.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_entries WHERE action = 'report.generated' AND outcome = 'refused' AND subject = $1", [ownUscc],
    );
    expect(rows[0].n).toBe(1);
  });

  it('asks an operator for a reason and then shows every item', async () => {
    const bare = await operator.post('/api/v1/reports', { uscc: otherUscc });
    expect(bare.status).toBe(400);
    expect(bare.body.code).toBe('REASON_REQUIRED');
    const r = await operator.post('/api/v1/reports', { uscc: otherUscc, reason: '核查企业异议材料' });
    expect(r.status).toBe(200);
    expect(r.body.content.version).toBe('operator');
    expect(r.body.content.notIncluded).toEqual([]);
  });

  it('verifies a number with its digest as authentic, a changed digest and an unknown number as not', async () => {
    const { content, digest } = (await bank.post('/api/v1/reports', { uscc: ownUscc })).body;
    const anon = new Client(server.url);
    const ok = await anon.post('/api/v1/reports/verify', { number: content.number, digest });
    expect(ok.body).toMatchObject({ authentic: true, number: content.number, version: 'public', generatedAt: content.generatedAt });
    expect(ok.body.enterpriseName).toBe(content.registry.name);
    expect(ok.body).not.toHaveProperty('content');
    const changed = await anon.post('/api/v1/reports/verify', { number: content.number, digest: digest.replace(/^./, (c: string) => (c === '0' ? '1' : '0')) });
    expect(changed.body).toMatchObject({ authentic: false, reason: 'DIGEST_MISMATCH', enterpriseName: null });
    const unknown = await anon.post('/api/v1/reports/verify', { number: 'XR-131000-20260101-ABCDEFGHJK', digest });
    expect(unknown.body).toMatchObject({ authentic: false, reason: 'REPORT_UNKNOWN' });
    expect((await anon.post('/api/v1/reports/verify', {})).status).toBe(400);
  });

  it('verifies an uploaded JSON report and refuses one whose content was changed', async () => {
    const report = (await bank.post('/api/v1/reports', { uscc: ownUscc })).body;
    const anon = new Client(server.url);
    const file = (doc: unknown) => ({ file: Buffer.from(JSON.stringify(doc)).toString('base64') });
    expect((await anon.post('/api/v1/reports/verify', file(report))).body.authentic).toBe(true);
    const tampered = structuredClone(report);
    tampered.content.evaluation = tampered.content.evaluation ? { ...tampered.content.evaluation, grade: 'A+' } : { grade: 'A+' };
    expect((await anon.post('/api/v1/reports/verify', file(tampered))).body).toMatchObject({ authentic: false, reason: 'DIGEST_MISMATCH' });
    expect((await anon.post('/api/v1/reports/verify', { file: Buffer.from('not a report').toString('base64') })).body.reason).toBe('FILE_UNREADABLE');
  });

  it('hands the evidence receipt to the requester and the enterprise only; it verifies offline', async () => {
    const { content, evidence } = (await bank.post('/api/v1/reports', { uscc: ownUscc })).body;
    const receipt = await bank.get(evidence.receiptPath);
    expect(receipt.status, JSON.stringify(receipt.body)).toBe(200);
    expect(receipt.body.index).toBe(evidence.auditIndex);
    expect(receipt.body.entry.details.number).toBe(content.number);
    expect(verifyReceipt(receipt.body).ok).toBe(true);
    expect((await ent.get(evidence.receiptPath)).status).toBe(200);
    expect((await other.get(evidence.receiptPath)).status).toBe(404);
  });

  it('lists reports about the enterprise and those the bank asked for', async () => {
    const mine = (await ent.get('/api/v1/reports')).body.items;
    expect(mine.length).toBeGreaterThan(3);
    expect(mine.every((r: { uscc: string }) => r.uscc === ownUscc)).toBe(true);
    const banks = (await bank.get('/api/v1/reports?limit=2')).body.items;
    expect(banks).toHaveLength(2);
  });
});
