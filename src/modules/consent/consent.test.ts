import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform, type Platform } from '../../platform/platform.ts';
import { generateSigningKey, hmacSm3Hex } from '../../platform/crypto/index.ts';
import type { Principal } from '../../platform/http/index.ts';
import { createServices, type Services } from '../../app.ts';
import { createTestDb, testConfig } from '../../../test/support/db.ts';
import type { CatalogItem } from '../catalog/index.ts';
import {
  AUTHORISATION_CHANGED, createConsentService, createMemoryAuditSink, DEFAULT_MASKING, effectiveStatus, maskRecord, parseValidTo, periodKey, PURPOSES,
  signArtefact, verifyArtefact, type ConsentService,
} from './index.ts';

const DAY = 86_400_000;
let platform: Platform;
let services: Services;
let consent: ConsentService;
const sink = createMemoryAuditSink();
let offset = 0;
const clock = () => Date.parse('2026-11-20T02:00:00Z') + offset;
let entP: Principal;
let unverifiedP: Principal;
let bankP: Principal;
let opP: Principal;
const USCC = '91131002MA0CXR1Q0X';

function userPrincipal(p: { userId: string; orgId: string; orgKind: Principal['orgKind']; orgName: string; uscc: string | null; roles: Principal['roles'] }): Principal {
  return { kind: 'user', username: p.userId, displayName: 'x', mfaPassed: true, sessionHash: 'x', ...p };
}

beforeAll(async () => {
  const db = await createTestDb();
  platform = await createPlatform(testConfig(), { db, migrate: false });
  services = createServices(platform, clock);
  await services.catalog.ensureSeeded();
  const { identity } = services;
  const entOrg = await identity.createOrganisation({ kind: 'enterprise', name: '单元测试企业', uscc: USCC, regionCode: '131000' });
  const bankOrg = await identity.createOrganisation({ kind: 'institution', name: '单元测试银行', regionCode: '131000', category: 'bank' });
  const opOrg = await identity.createOrganisation({ kind: 'operator', name: '运营中心', regionCode: '131000' });
  const pw = 'Xr-unit-Password-1';
  const ent = await identity.createUser({ orgId: entOrg, username: 'u_ent', displayName: '法定代表人', password: pw, roles: ['enterprise_legal_rep'], realNameVerified: true });
  const agent = await identity.createUser({ orgId: entOrg, username: 'u_agent', displayName: '经办人', password: pw, roles: ['enterprise_agent'], realNameVerified: false });
  const bank = await identity.createUser({ orgId: bankOrg, username: 'u_bank', displayName: '客户经理', password: pw, roles: ['inst_loan_officer'] });
  const op = await identity.createUser({ orgId: opOrg, username: 'u_op', displayName: '管理员', password: pw, roles: ['op_admin'] });
  entP = userPrincipal({ userId: ent.id, orgId: entOrg, orgKind: 'enterprise', orgName: '单元测试企业', uscc: USCC, roles: ['enterprise_legal_rep'] });
  unverifiedP = userPrincipal({ userId: agent.id, orgId: entOrg, orgKind: 'enterprise', orgName: '单元测试企业', uscc: USCC, roles: ['enterprise_agent'] });
  bankP = userPrincipal({ userId: bank.id, orgId: bankOrg, orgKind: 'institution', orgName: '单元测试银行', uscc: null, roles: ['inst_loan_officer'] });
  opP = userPrincipal({ userId: op.id, orgId: opOrg, orgKind: 'operator', orgName: '运营中心', uscc: null, roles: ['op_admin'] });
  consent = createConsentService({
    db, keys: platform.keys, catalog: services.catalog, identity, aggregation: services.aggregation, audit: sink, clock,
    entityName: async (uscc) => (uscc === USCC ? '单元测试企业' : null),
  });
});
afterAll(async () => platform?.db.close());

const grantTerms = (extra: Record<string, unknown> = {}) => ({
  institutionId: bankP.orgId, purpose: 'CREDIT_LOAN', items: ['TAX_PAYMENT'], mode: 'view' as const,
  validTo: new Date(clock() + 30 * DAY).toISOString(), frequencyLimit: { count: 2, period: 'month' as const }, retentionDays: 30, ...extra,
});

async function taxItem(): Promise<CatalogItem> {
  return (await services.catalog.item('TAX_PAYMENT'))!;
}

describe('purposes and terms', () => {
  it('offers only financing purposes, each in both languages', () => {
    expect(PURPOSES.map((p) => p.code)).toEqual(['CREDIT_LOAN', 'WORKING_CAPITAL', 'LOAN_RENEWAL', 'GUARANTEE', 'CREDIT_INSURANCE', 'LEASING_FACTORING', 'POST_LOAN']);
    for (const p of PURPOSES) expect(p.zh && p.en).toBeTruthy();
  });

  it('reads a bare day as valid through 24:00 China time', () => {
    expect(parseValidTo('2026-12-31').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(parseValidTo('2026-12-31T08:00:00+08:00').toISOString()).toBe('2026-12-31T00:00:00.000Z');
  });

  it('needs a real-name-verified enterprise user for an online grant', async () => {
    await expect(consent.grant(unverifiedP, grantTerms())).rejects.toMatchObject({ code: 'REAL_NAME_REQUIRED', status: 403 });
    await expect(consent.grant(bankP, grantTerms())).rejects.toMatchObject({ code: 'ENTERPRISE_USER_ONLY' });
  });

  it('refuses windows over the maximum and names items that need no authorisation', async () => {
    await expect(consent.grant(entP, grantTerms({ validTo: new Date(clock() + 4 * 366 * DAY).toISOString() }))).rejects.toMatchObject({ code: 'VALIDITY_TOO_LONG' });
    await expect(consent.grant(entP, grantTerms({ items: ['COURT_ENFORCEMENT'] }))).rejects.toMatchObject({ code: 'ITEMS_INVALID', extra: { invalidItems: ['COURT_ENFORCEMENT'] } });
  });
});

describe('lifecycle rules', () => {
  it('allows only the transitions of the lifecycle and records each with actor, history and an audit change event', async () => {
    const a = await consent.grant(entP, grantTerms());
    expect(a.status).toBe('ACTIVE');
    await expect(consent.act(entP, a.id, 'approve', null)).rejects.toMatchObject({ code: 'AUTHORISATION_STATE', status: 409 });
    await expect(consent.act(entP, a.id, 'resume', null)).rejects.toMatchObject({ code: 'AUTHORISATION_STATE' });
    expect((await consent.act(entP, a.id, 'pause', null)).status).toBe('PAUSED');
    await expect(consent.act(entP, a.id, 'pause', null)).rejects.toMatchObject({ code: 'AUTHORISATION_STATE' });
    expect((await consent.act(entP, a.id, 'resume', null)).status).toBe('ACTIVE');
    expect((await consent.act(entP, a.id, 'revoke', null)).status).toBe('REVOKED');
    for (const action of ['approve', 'decline', 'pause', 'resume', 'revoke'] as const) {
      await expect(consent.act(entP, a.id, action, null)).rejects.toMatchObject({ code: 'AUTHORISATION_STATE' });
    }
    const detail = await consent.get(entP, a.id);
    expect(detail.history.map((h) => [h.status, h.actor])).toEqual([['ACTIVE', entP.kind === 'user' ? entP.userId : ''], ['PAUSED', expect.any(String)], ['ACTIVE', expect.any(String)], ['REVOKED', expect.any(String)]]);
    const changes = sink.events.filter((e) => e.kind === 'change' && e.target?.id === a.id).map((e) => e.action);
    expect(changes).toEqual(['authorisation.active', 'authorisation.paused', 'authorisation.active', 'authorisation.revoked']);
    const announced = await platform.db.query<{ payload: { id: string; status: string } }>('SELECT payload FROM outbox_events WHERE topic = $1 ORDER BY id', [AUTHORISATION_CHANGED]);
    expect(announced.filter((e) => e.payload.id === a.id).map((e) => e.payload.status)).toEqual(['ACTIVE', 'PAUSED', 'ACTIVE', 'REVOKED']);
  });

  it('lets an institution neither approve nor change what it asked for, and an operator revoke only with a reason', async () => {
    const req = await consent.request(bankP, { ...grantTerms(), uscc: USCC, institutionId: undefined } as never);
    expect(req.status).toBe('PENDING');
    await expect(consent.act(bankP, req.id, 'approve', null)).rejects.toMatchObject({ code: 'ENTERPRISE_USER_ONLY' });
    await expect(consent.act(opP, req.id, 'approve', null)).rejects.toMatchObject({ code: 'AUTHORISATION_NOT_FOUND' });
    await expect(consent.act(opP, req.id, 'revoke', 'no')).rejects.toMatchObject({ code: 'REASON_REQUIRED' });
    await expect(consent.act(unverifiedP, req.id, 'approve', null)).rejects.toMatchObject({ code: 'REAL_NAME_REQUIRED' });
    expect((await consent.act(opP, req.id, 'revoke', '机构申请有误')).status).toBe('REVOKED');
    expect(sink.events).toContainEqual(expect.objectContaining({ action: 'authorisation.revoked', reason: '机构申请有误', target: { type: 'authorisation', id: req.id } }));
  });

  it('computes EXPIRED on read, refuses to approve an expired request, and the sweep persists it once', async () => {
    const req = await consent.request(bankP, { ...grantTerms({ validTo: new Date(clock() + DAY).toISOString() }), uscc: USCC, institutionId: undefined } as never);
    offset += 2 * DAY;
    try {
      expect((await consent.get(entP, req.id)).status).toBe('EXPIRED');
      expect((await consent.list(entP, { status: 'EXPIRED' })).map((a) => a.id)).toContain(req.id);
      await expect(consent.act(entP, req.id, 'approve', null)).rejects.toMatchObject({ code: 'AUTHORISATION_STATE', extra: { status: 'EXPIRED' } });
      const first = await consent.sweep();
      expect(first.expired).toBeGreaterThanOrEqual(1);
      expect((await consent.sweep()).expired).toBe(0);
      const row = await consent.store.byId(req.id);
      expect(row?.status).toBe('EXPIRED');
      expect(effectiveStatus({ status: 'ACTIVE', valid_to: new Date(0) }, new Date())).toBe('EXPIRED');
      expect(effectiveStatus({ status: 'REVOKED', valid_to: new Date(0) }, new Date())).toBe('REVOKED');
    } finally {
      offset -= 2 * DAY;
    }
  });

  it('reminds both sides once, seven days before an active authorisation ends', async () => {
    const a = await consent.grant(entP, grantTerms({ validTo: new Date(clock() + 10 * DAY).toISOString() }));
    const reminders = async (p: Principal) => (await consent.notifications(p)).items.filter((n) => n.authorisationId === a.id && n.kind === 'authorisation.expiring');
    await consent.sweep();
    expect(await reminders(entP)).toHaveLength(0);
    offset += 4 * DAY;
    try {
      expect((await consent.sweep()).reminded).toBe(1);
      await consent.sweep();
      expect(await reminders(entP)).toHaveLength(1);
      expect(await reminders(bankP)).toHaveLength(1);
      expect((await reminders(bankP))[0].text.zh).toContain('7 日内到期');
    } finally {
      offset -= 4 * DAY;
    }
  });
});

describe('the policy point', () => {
  it('counts each allowed use against a monthly limit and refuses beyond it, counting afresh next month', async () => {
    const a = await consent.grant(entP, grantTerms({ items: ['TAX_PAYMENT'], purpose: 'GUARANTEE' }));
    const items = [await taxItem()];
    const decide = () => consent.decide({ principal: bankP, uscc: USCC, items, purpose: 'GUARANTEE' });
    expect(await decide()).toEqual([{ item: 'TAX_PAYMENT', allowed: true, access: 'authorised', authorisationId: a.id }]);
    expect((await decide())[0].allowed).toBe(true);
    expect(await decide()).toEqual([{ item: 'TAX_PAYMENT', allowed: false, code: 'AUTHORISATION_LIMIT', authorisationId: a.id }]);
    expect((await consent.get(bankP, a.id)).usageCount).toBe(2);
    expect(sink.events.filter((e) => e.kind === 'access' && e.authorisationId === a.id).map((e) => e.outcome)).toEqual(['allowed', 'allowed', 'refused']);
    offset += 15 * DAY;
    try {
      expect((await decide())[0].allowed).toBe(true);
    } finally {
      offset -= 15 * DAY;
    }
  });

  it('never lets two concurrent reads take the last use', async () => {
    const a = await consent.grant(entP, grantTerms({ purpose: 'POST_LOAN', frequencyLimit: { count: 1, period: 'day' } }));
    const items = [await taxItem()];
    const results = await Promise.all(Array.from({ length: 5 }, () => consent.decide({ principal: bankP, uscc: USCC, items, purpose: 'POST_LOAN' })));
    expect(results.filter((r) => r[0].allowed)).toHaveLength(1);
    expect((await consent.get(bankP, a.id)).usageCount).toBe(1);
  });

  it('refuses detail under a verify-only authorisation, without a purpose, and to other principals', async () => {
    await consent.grant(entP, grantTerms({ purpose: 'LOAN_RENEWAL', mode: 'verify' }));
    const items = [await taxItem()];
    expect((await consent.decide({ principal: bankP, uscc: USCC, items, purpose: 'LOAN_RENEWAL' }))[0]).toMatchObject({ allowed: false, code: 'AUTHORISATION_MODE' });
    expect((await consent.decide({ principal: bankP, uscc: USCC, items, purpose: null }))[0]).toMatchObject({ allowed: false, code: 'PURPOSE_REQUIRED' });
    expect((await consent.decide({ principal: opP, uscc: USCC, items, purpose: null }))[0]).toMatchObject({ allowed: false, code: 'OPERATOR_REASON_REQUIRED' });
    expect((await consent.decide({ principal: opP, uscc: USCC, items, purpose: null, reason: '投诉核查' }))[0]).toMatchObject({ allowed: true, access: 'operator' });
    expect((await consent.decide({ principal: entP, uscc: '91110000100000000X', items, purpose: null }))[0]).toMatchObject({ allowed: false, code: 'NOT_YOUR_ENTERPRISE' });
    expect((await consent.decide({ principal: entP, uscc: USCC, items, purpose: null }))[0]).toMatchObject({ allowed: true, access: 'subject' });
  });

  it('keys frequency periods by the China-time day and month', () => {
    expect(periodKey('day', new Date('2026-11-30T16:30:00Z'))).toBe('2026-12-01');
    expect(periodKey('month', new Date('2026-11-30T16:30:00Z'))).toBe('2026-12');
  });
});

describe('masking per reader', () => {
  const item = {
    level: 'L2' as const, naturalKey: ['uscc'],
    fields: [
      { code: 'uscc', name: 'u', nameEn: 'u', type: 'uscc', required: true, personal: false },
      { code: 'legal_rep_name', name: 'n', nameEn: 'n', type: 'string', required: false, personal: true },
      { code: 'legal_rep_id_number', name: 'i', nameEn: 'i', type: 'id_number', required: false, personal: true },
      { code: 'contact_mobile', name: 'm', nameEn: 'm', type: 'string', required: false, personal: true },
      { code: 'settlement_account', name: 'a', nameEn: 'a', type: 'string', required: false, personal: true },
      { code: 'amount', name: 'x', nameEn: 'x', type: 'decimal', required: false, personal: false },
    ],
  } as unknown as CatalogItem;
  const data = { uscc: USCC, legal_rep_name: '张三', legal_rep_id_number: '110105194912310021', contact_mobile: '13812345678', settlement_account: '6222020200112233', amount: '10' };

  it('masks personal fields for institutions by their format', () => {
    expect(maskRecord(item, data, DEFAULT_MASKING.institution)).toEqual({
      data: { uscc: USCC, legal_rep_name: '张*', legal_rep_id_number: '110***********0021', contact_mobile: '138****5678', settlement_account: '************2233', amount: '10' },
      masked: ['legal_rep_name', 'legal_rep_id_number', 'contact_mobile', 'settlement_account'],
    });
  });

  it('shows the subject everything and operators clear only with a reason', () => {
    expect(maskRecord(item, data, DEFAULT_MASKING.subject)).toEqual({ data, masked: [] });
    expect(maskRecord(item, data, DEFAULT_MASKING.operator).masked).toHaveLength(4);
    expect(maskRecord(item, data, DEFAULT_MASKING.operator, { reasonGiven: true })).toEqual({ data, masked: [] });
  });

  it('gives institutions L3 items only masked, natural key aside', () => {
    const l3 = { ...item, level: 'L3' } as CatalogItem;
    const out = maskRecord(l3, data, DEFAULT_MASKING.institution);
    expect(out.data.uscc).toBe(USCC);
    expect(out.data.amount).toBe('**');
    expect(out.masked).toContain('amount');
  });
});

describe('artefact signatures', () => {
  it('signs and verifies with Ed25519 as well as SM2, and rejects another key', () => {
    for (const alg of ['sm2', 'ed25519'] as const) {
      const key = { ...generateSigningKey(alg), keyId: `k-${alg}` };
      const artefact = signArtefact({
        type: 'xinrong.authorisation.v1', id: 'a', enterprise: { uscc: USCC, name: 'e' }, institution: { id: 'i', name: 'n' }, purpose: 'CREDIT_LOAN',
        items: ['TAX_PAYMENT'], mode: 'view', validFrom: 'f', validTo: 't', frequencyLimit: { count: 1, period: 'day' }, retentionDays: 1,
        channel: 'online', documentSm3: null, grantedAt: 'g', grantedBy: 'u',
      }, key);
      expect(verifyArtefact(artefact, key.publicKey)).toBe(true);
      expect(verifyArtefact(artefact, generateSigningKey(alg).publicKey)).toBe(false);
    }
  });
});

describe('signed webhooks', () => {
  it('needs https unless allowed, and delivers each status change signed with HMAC-SM3, retrying after a failure', async () => {
    await expect(consent.webhooks.set(bankP, 'http://127.0.0.1:9/hook')).rejects.toMatchObject({ code: 'WEBHOOK_URL_INVALID' });
    await expect(consent.webhooks.set(entP, 'https://bank.example/hook')).rejects.toMatchObject({ code: 'INSTITUTION_USER_ONLY' });
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    let answer = 500;
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = answer;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const local = createConsentService({
        db: platform.db, keys: platform.keys, catalog: services.catalog, identity: services.identity, aggregation: services.aggregation,
        audit: sink, clock, entityName: async () => '单元测试企业', webhooks: { allowInsecure: true },
      });
      const hook = await local.webhooks.set(bankP, `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`);
      expect(hook.secret).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(await local.webhooks.get(bankP)).toEqual({ url: hook.url, createdAt: expect.any(String), updatedAt: expect.any(String) });
      const a = await local.grant(entP, grantTerms({ purpose: 'WORKING_CAPITAL' }));
      expect(await local.webhooks.deliverDue()).toBe(0);
      expect(received).toHaveLength(1);
      expect(await local.webhooks.deliverDue()).toBe(0);
      expect(received).toHaveLength(1);
      answer = 204;
      offset += 2 * 60_000;
      try {
        expect(await local.webhooks.deliverDue()).toBe(1);
      } finally {
        offset -= 2 * 60_000;
      }
      expect(received).toHaveLength(2);
      const last = received[1];
      expect(last.headers['x-xr-event-id']).toBe(received[0].headers['x-xr-event-id']);
      const ts = String(last.headers['x-xr-timestamp']);
      expect(last.headers['x-xr-signature']).toBe(`hmac-sm3=${hmacSm3Hex(hook.secret, `${ts}.${last.body}`)}`);
      expect(JSON.parse(last.body)).toMatchObject({ event: 'authorisation.changed', authorisation: { id: a.id, status: 'ACTIVE', uscc: USCC, institutionId: bankP.orgId } });
      await local.webhooks.remove(bankP);
      await expect(local.webhooks.get(bankP)).rejects.toMatchObject({ code: 'WEBHOOK_NOT_SET' });
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});
