import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testConfig } from '../../../../test/support/db.ts';
import { createPlatform, type Platform } from '../../../platform/platform.ts';
import { createServices, type Services } from '../../../app.ts';
import { AppError } from '../../../platform/http/index.ts';
import { catalogProblems } from '../../catalog/index.ts';
import { verifyCommitmentReceipt } from './commitment-receipt.ts';
import { commitmentTextSm3, currentCommitmentText, type CommitmentText } from './commitment-text.ts';
import { createSelfReportService, type EnterpriseActor, type SelfReportService } from './service.ts';
import { changesOf, type RecordsChanged } from '../ingest.ts';

// Valid GB 32100-2015 codes (check characters computed) for two enterprises of the test.
const OWN = '91131000MA07TP5R24';
const OTHER = '91110108551385082Q';

let platform: Platform;
let services: Services;
let selfReport: SelfReportService;
let text: CommitmentText;
let legalRep: EnterpriseActor;
let agent: EnterpriseActor;
let unverified: EnterpriseActor;

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

beforeAll(async () => {
  const db = await createTestDb();
  platform = await createPlatform(testConfig(), { db, migrate: false });
  services = createServices(platform);
  await services.catalog.ensureSeeded();
  text = currentCommitmentText();
  selfReport = createSelfReportService({ db, keys: platform.keys, catalog: services.catalog, aggregation: services.aggregation, nodeName: 'test-node', commitmentText: () => text, realNameVerified: services.identity.realNameVerified });
  const { identity } = services;
  const orgId = await identity.createOrganisation({ kind: 'enterprise', name: '廊坊示范科技有限公司', uscc: OWN, regionCode: '131000' });
  const actor = async (username: string, displayName: string, role: 'enterprise_legal_rep' | 'enterprise_agent', realNameVerified: boolean): Promise<EnterpriseActor> => {
    const { id } = await identity.createUser({ orgId, username, displayName, password: 'Xr-test-Password-1', roles: [role], realNameVerified });
    return { userId: id, displayName, orgId, orgName: '廊坊示范科技有限公司', uscc: OWN, roles: [role] };
  };
  legalRep = await actor('rep', '法定代表人 张三', 'enterprise_legal_rep', true);
  agent = await actor('agent', '经办人 李四', 'enterprise_agent', true);
  unverified = await actor('rep2', '法定代表人 王五', 'enterprise_legal_rep', false);
});
afterAll(async () => platform?.db.close());

const operating = (revenue: string, extra: Record<string, unknown> = {}) => ({
  item: 'SELF_OPERATING',
  values: { period_type: '季度', period_end: '2026-09-30', operating_revenue: revenue, employees: 42, ...extra },
});

describe('the SELF_REPORT catalog items', () => {
  it('are in the bundled catalog, valid, and reportable', async () => {
    const current = await services.catalog.current();
    expect(catalogProblems(current.categories)).toEqual([]);
    expect((await selfReport.selfReportItems()).map((i) => i.code)).toEqual(['SELF_QUALIFICATION', 'SELF_OPERATING', 'SELF_CONTRACT', 'SELF_PUBLIC_WELFARE']);
  });
});

describe('credit commitment (信用承诺)', () => {
  it('refuses a report before any commitment is signed', async () => {
    const err = await rejection(selfReport.report(agent, operating('1000')));
    expect(err).toMatchObject({ code: 'COMMITMENT_REQUIRED', status: 409 });
    expect((await selfReport.commitment(agent)).live).toBe(false);
  });

  it('lets only a real-name verified legal representative sign, and only the text in force', async () => {
    expect(await rejection(selfReport.sign(agent, { textVersion: text.version, accept: true }))).toMatchObject({ code: 'COMMITMENT_LEGAL_REP_ONLY', status: 403 });
    expect(await rejection(selfReport.sign(unverified, { textVersion: text.version, accept: true }))).toMatchObject({ code: 'REAL_NAME_REQUIRED', status: 403 });
    expect(await rejection(selfReport.sign(legalRep, { textVersion: text.version, accept: false }))).toMatchObject({ code: 'COMMITMENT_NOT_ACCEPTED', status: 400 });
    expect(await rejection(selfReport.sign(legalRep, { textVersion: '0', accept: true }))).toMatchObject({ code: 'COMMITMENT_TEXT_CHANGED', status: 409 });
  });

  it('records the signature with a receipt the platform key verifies, and signing again returns the same one', async () => {
    const first = await selfReport.sign(legalRep, { textVersion: text.version, accept: true });
    expect(first.created).toBe(true);
    const { receipt } = first.commitment;
    expect(receipt).toMatchObject({
      type: 'xinrong.credit-commitment.v1', receiptId: first.commitment.id,
      enterprise: { uscc: OWN, name: '廊坊示范科技有限公司' }, signer: { userId: legalRep.userId, displayName: '法定代表人 张三', role: 'enterprise_legal_rep' },
      text: { version: text.version, sm3: commitmentTextSm3(text) },
    });
    expect(verifyCommitmentReceipt(receipt, platform.keys.signing.publicKey)).toBe(true);
    expect(verifyCommitmentReceipt({ ...receipt, enterprise: { ...receipt.enterprise, uscc: OTHER } }, platform.keys.signing.publicKey)).toBe(false);
    const again = await selfReport.sign(legalRep, { textVersion: text.version, accept: true });
    expect(again).toMatchObject({ created: false, commitment: { id: first.commitment.id } });
    expect(await selfReport.commitment(agent)).toMatchObject({ live: true, canSign: false, commitment: { id: first.commitment.id, signer: { displayName: '法定代表人 张三' } } });
  });

  it('the commitment text is a complete 信用承诺书 in both languages', () => {
    expect(text.zh.title).toContain('信用承诺书');
    const zh = text.zh.clauses.join('');
    for (const phrase of ['真实、准确、完整', '核查', '失信惩戒', '法律责任']) expect(zh).toContain(phrase);
    expect(text.en.clauses).toHaveLength(text.zh.clauses.length);
    expect(text.basis.map((b) => b.seed)).toContain('004');
  });
});

describe('self-reported records', () => {
  it('stores a report with origin self_report under the commitment, the own USCC forced', async () => {
    const r = await selfReport.report(agent, operating('1,250,000.50'));
    expect(r.changed).toBe(true);
    expect(r.record).toMatchObject({
      item: 'SELF_OPERATING', version: 1, origin: 'self_report', commitmentId: expect.any(String), key: '季度\u001f2026-09-30',
      data: { uscc: OWN, entity_name: '廊坊示范科技有限公司', operating_revenue: '1250000.5', employees: 42, period_end: '2026-09-30' },
    });
    const stored = await services.aggregation.records(OWN, 'SELF_OPERATING', null);
    expect(stored).toEqual([expect.objectContaining({ origin: 'self_report', version: 1, batchId: null })]);
  });

  it('versions a changed report, keeps the old version, and changes nothing for the same values', async () => {
    const same = await selfReport.report(agent, operating('1250000.5'));
    expect(same).toMatchObject({ changed: false, record: { version: 1 } });
    const changed = await selfReport.report(legalRep, operating('1300000'));
    expect(changed).toMatchObject({ changed: true, record: { version: 2, data: { operating_revenue: '1300000' } } });
    const history = await services.aggregation.history(OWN, 'SELF_OPERATING');
    expect(history.map((h) => [h.version, h.validTo === null])).toEqual(expect.arrayContaining([[1, false], [2, true]]));
    const events = await platform.db.query<{ payload: RecordsChanged }>(
      "SELECT payload FROM outbox_events WHERE topic = 'aggregation.records.changed' ORDER BY id");
    expect(events.filter((e) => e.payload.item === 'SELF_OPERATING').map((e) => changesOf(e.payload)[0].change)).toEqual(['inserted', 'updated']);
  });

  it("refuses another enterprise's USCC and items outside SELF_REPORT", async () => {
    expect(await rejection(selfReport.report(agent, operating('1', { uscc: OTHER })))).toMatchObject({ code: 'NOT_YOUR_ENTERPRISE', status: 403 });
    expect(await rejection(selfReport.report(agent, { item: 'UTILITY_WATER', values: {} }))).toMatchObject({ code: 'ITEM_NOT_SELF_REPORTABLE', status: 400 });
    const own = await selfReport.report(agent, operating('1300000', { uscc: OWN.toLowerCase() }));
    expect(own.changed).toBe(false);
  });

  it('lists every problem with field, code and messages, exactly like a provider row', async () => {
    const err = await rejection(selfReport.report(agent, {
      item: 'SELF_CONTRACT',
      values: { contract_number: 'HT-1', contract_type: '口头约定', counterparty_name: '', contract_amount: '12万', signed_date: '2026-02-30', performance_status: '履行中' },
    }));
    expect(err).toMatchObject({ code: 'SELF_REPORT_INVALID', status: 400 });
    const problems = err.extra.problems as { field: string; code: string; zh: string; en: string }[];
    expect(problems.map((p) => [p.field, p.code])).toEqual(expect.arrayContaining([
      ['contract_name', 'FIELD_REQUIRED'], ['contract_type', 'FIELD_ENUM'], ['counterparty_name', 'FIELD_REQUIRED'],
      ['contract_amount', 'FIELD_DECIMAL'], ['signed_date', 'FIELD_DATE'],
    ]));
    for (const p of problems) expect(p.zh.length * p.en.length).toBeGreaterThan(0);
    expect(await rejection(selfReport.report(agent, { item: 'SELF_CONTRACT', values: { nonsense: 1 } }))).toMatchObject({ code: 'SELF_REPORT_INVALID' });
  });

  it('lists the enterprise’s own current self-reported records across items', async () => {
    await selfReport.report(agent, {
      item: 'SELF_PUBLIC_WELFARE', values: { activity_name: '助学捐赠', activity_type: '助学助教', activity_date: '2026-06-01', donation_amount: '50000' },
    });
    const list = await selfReport.list(agent);
    expect(list.map((r) => [r.item, r.version, r.origin])).toEqual([['SELF_OPERATING', 2, 'self_report'], ['SELF_PUBLIC_WELFARE', 1, 'self_report']]);
    expect(list.every((r) => r.commitmentId !== null)).toBe(true);
  });

  it('needs a new signature when the commitment text changes', async () => {
    const old = text;
    text = { ...old, version: '2', zh: { ...old.zh, closing: '特此承诺！' } };
    try {
      expect((await selfReport.commitment(agent)).live).toBe(false);
      expect(await rejection(selfReport.report(agent, operating('1')))).toMatchObject({ code: 'COMMITMENT_REQUIRED' });
      const signed = await selfReport.sign(legalRep, { textVersion: '2', accept: true });
      expect(signed.created).toBe(true);
      expect(signed.commitment.textSm3).not.toBe(commitmentTextSm3(old));
    } finally {
      text = old;
    }
  });
});
