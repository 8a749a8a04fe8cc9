import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../platform/auth/totp.ts';
import { codes } from '../entities/index.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { Client, loginAs } from '../../../test/support/http.ts';
import { districtOperator } from '../../../test/support/district.ts';

/**
 * Organisations and accounts over real HTTP: an operator onboards an institution, records its security assessment
 * and opens accounts; the person activates with the one-time code and logs in; the institution's own admin manages
 * its people only; disabling and resetting end sessions at once.
 */
let server: TestServer;
let op: Client;
const PASSWORD = 'Xinrong-activation-2026';
const bankUscc = codes.makeUscc({ authority: '9', entityType: '1', region: '131002', orgBody: 'MA0ACC01' });
let bankId: string;

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 20 });
  op = await loginAs(server, 'operator');
}, 120_000);
afterAll(async () => server?.close());

const activate = (username: string, code: string, password = PASSWORD) => new Client(server.url).post('/api/v1/auth/activate', { username, code, password });

describe('onboarding organisations', () => {
  it('onboards an institution with its USCC, region inside the node and category; lists it with no assessment yet', async () => {
    const res = await op.post('/api/v1/accounts/organisations', { kind: 'institution', name: '廊坊示范村镇银行', uscc: bankUscc, regionCode: '131002', category: 'bank' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ kind: 'institution', name: '廊坊示范村镇银行', uscc: bankUscc, regionName: expect.stringContaining('安次区'), users: 0, assessment: null, assessmentState: 'none' });
    bankId = res.body.id;
    const list = await op.get('/api/v1/accounts/organisations?kind=institution');
    expect(list.body.items.map((o: { id: string }) => o.id)).toContain(bankId);
    // the demo institutions are listed too, oldest first
    expect(list.body.items[0].name).toBe('华北示范商业银行廊坊分行');
  });

  it('refuses a bad USCC naming the check character, a region outside the node, an unknown category and a second onboarding', async () => {
    const bad = bankUscc.slice(0, 17) + (bankUscc[17] === '0' ? '1' : '0');
    const r1 = await op.post('/api/v1/accounts/organisations', { kind: 'institution', name: 'X', uscc: bad, regionCode: '131002', category: 'bank' });
    expect(r1.status).toBe(400);
    expect(r1.body.code).toBe('USCC_INVALID');
    expect(r1.body.detail).toContain(bankUscc[17]);
    const r2 = await op.post('/api/v1/accounts/organisations', { kind: 'provider', name: '北京税务', uscc: codes.makeUscc({ authority: '1', entityType: '1', region: '110101', orgBody: 'MB0ACC02' }), regionCode: '110101', category: 'tax' });
    expect(r2.body.code).toBe('REGION_OUTSIDE_NODE');
    const r3 = await op.post('/api/v1/accounts/organisations', { kind: 'institution', name: 'X', uscc: codes.makeUscc({ authority: '9', entityType: '1', region: '131002', orgBody: 'MA0ACC03' }), regionCode: '131002', category: 'pawnshop' });
    expect(r3.body.code).toBe('ORG_CATEGORY_UNKNOWN');
    const r4 = await op.post('/api/v1/accounts/organisations', { kind: 'institution', name: '另一个名字', uscc: bankUscc, regionCode: '131002', category: 'bank' });
    expect(r4.status).toBe(409);
    expect(r4.body.code).toBe('ORG_USCC_TAKEN');
    const r5 = await op.post('/api/v1/accounts/organisations', { kind: 'provider', name: '无代码', regionCode: '131000', category: 'tax' });
    expect(r5.body.code).toBe('USCC_REQUIRED');
    // an operator department needs neither
    const dept = await op.post('/api/v1/accounts/organisations', { kind: 'operator', name: '固安县行政审批局', regionCode: '131022' });
    expect(dept.status).toBe(201);
    expect(dept.body.category).toBeNull();
  });

  it('lets only op_admin onboard; the auditor reads, an institution is refused', async () => {
    const auditor = await loginAs(server, 'auditor');
    expect((await auditor.get('/api/v1/accounts/organisations?kind=institution')).status).toBe(200);
    expect((await auditor.post('/api/v1/accounts/organisations', { kind: 'operator', name: 'x', regionCode: '131000' })).status).toBe(403);
    const bank = await loginAs(server, 'bank_admin');
    expect((await bank.get('/api/v1/accounts/organisations?kind=institution')).status).toBe(403);
  });
});

describe('a district edition\'s operator', () => {
  it('onboards and manages organisations of its own county only', async () => {
    const county = await districtOperator(server, { region: '131022', username: 'guan_admin', roles: ['op_admin'] });

    // the city's bank (131002, 安次区) is not the county's: not listed, not managed
    expect((await county.get('/api/v1/accounts/organisations?kind=institution')).body.items.map((o: { id: string }) => o.id)).not.toContain(bankId);
    expect((await county.get(`/api/v1/accounts/organisations/${bankId}/users`)).status).toBe(404);
    expect((await county.post(`/api/v1/accounts/organisations/${bankId}/users`, { username: 'x_y_z', displayName: 'x', roles: ['inst_loan_officer'] })).status).toBe(404);
    const outside = await county.post('/api/v1/accounts/organisations', { kind: 'institution', name: '安次某银行', uscc: codes.makeUscc({ authority: '9', entityType: '1', region: '131002', orgBody: 'MA0ACC31' }), regionCode: '131002', category: 'bank' });
    expect(outside.body.code).toBe('REGION_OUTSIDE_DISTRICT');
    const own = await county.post('/api/v1/accounts/organisations', { kind: 'institution', name: '固安县示范村镇银行', uscc: codes.makeUscc({ authority: '9', entityType: '1', region: '131022', orgBody: 'MA0ACC32' }), regionCode: '131022', category: 'bank' });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect((await county.get('/api/v1/accounts/organisations?kind=institution')).body.items.map((o: { id: string }) => o.id)).toEqual([own.body.id]);
    // the node's operator sees both
    expect((await op.get('/api/v1/accounts/organisations?kind=institution')).body.items.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([bankId, own.body.id]));
  });
});

describe('information-security assessment', () => {
  it('records a pass valid until a day, newest first, and shows it as the current state', async () => {
    const today = new Date(server.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const failed = await op.post(`/api/v1/accounts/organisations/${bankId}/assessments`, { status: 'failed', assessedOn: '2026-01-10', assessor: '河北省信息安全测评中心', note: '日志留存不足六个月' });
    expect(failed.status, JSON.stringify(failed.body)).toBe(201);
    expect((await op.get(`/api/v1/accounts/organisations/${bankId}`)).body.assessmentState).toBe('failed');
    const passed = await op.post(`/api/v1/accounts/organisations/${bankId}/assessments`, { status: 'passed', assessedOn: today, validUntil: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`, assessor: '河北省信息安全测评中心' });
    expect(passed.status).toBe(201);
    expect(passed.body).toMatchObject({ status: 'passed', assessedOn: today, recordedBy: '平台管理员' });
    const detail = (await op.get(`/api/v1/accounts/organisations/${bankId}`)).body;
    expect(detail.assessmentState).toBe('valid');
    expect(detail.assessments.map((a: { status: string }) => a.status)).toEqual(['passed', 'failed']);
  });

  it('lists every problem of a bad assessment at once', async () => {
    const res = await op.post(`/api/v1/accounts/organisations/${bankId}/assessments`, { status: 'passed', assessedOn: '2099-01-01', validUntil: '2098-01-01', assessor: ' ' }, { 'accept-language': 'en' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('ASSESSMENT_INVALID');
    expect(res.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(['assessedOn', 'assessor', 'validUntil']);
  });
});

describe('accounts and activation', () => {
  let officer: { id: string; code: string };

  it('opens an account without a password; it cannot log in until activated with the one-time code', async () => {
    const res = await op.post(`/api/v1/accounts/organisations/${bankId}/users`, { username: 'vb_officer', displayName: '客户经理 周一', roles: ['inst_loan_officer'] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.user).toMatchObject({ username: 'vb_officer', state: 'pending_activation', roles: ['inst_loan_officer'] });
    expect(res.body.activation.code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    officer = { id: res.body.user.id, code: res.body.activation.code };
    // nothing of the code is stored in clear
    const stored = await server.platform.db.query<{ code_hash: string }>('SELECT code_hash FROM user_activations WHERE user_id = $1', [officer.id]);
    expect(stored[0].code_hash).not.toContain(officer.code.replace(/-/g, ''));
    const login = await new Client(server.url).post('/api/v1/auth/login', { username: 'vb_officer', password: '' + PASSWORD });
    expect(login.status).toBe(401);
    expect(login.body.code).toBe('AUTH_INVALID');
  });

  it('refuses a wrong code and a weak password, then activates once (lower case without dashes accepted) and logs in', async () => {
    expect((await activate('vb_officer', 'AAAA-BBBB-CCCC-DDDD')).body.code).toBe('ACTIVATION_INVALID');
    expect((await activate('nobody', officer.code)).body.code).toBe('ACTIVATION_INVALID');
    expect((await activate('vb_officer', officer.code, 'short')).body.code).toBe('PASSWORD_WEAK');
    const ok = await activate('vb_officer', officer.code.toLowerCase().replace(/-/g, ''));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toEqual({ username: 'vb_officer', totp: null });
    expect((await activate('vb_officer', officer.code, 'Another-password-2026')).body.code).toBe('ACTIVATION_INVALID');
    const c = new Client(server.url);
    const login = await c.post('/api/v1/auth/login', { username: 'vb_officer', password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ portal: 'institution', org: { id: bankId, name: '廊坊示范村镇银行' } });
    const users = (await op.get(`/api/v1/accounts/organisations/${bankId}/users`)).body.items;
    expect(users).toEqual([expect.objectContaining({ username: 'vb_officer', state: 'active', activationExpiresAt: null })]);
  });

  it('enrols an admin role with a TOTP secret at activation, which the second factor then accepts', async () => {
    const res = await op.post(`/api/v1/accounts/organisations/${bankId}/users`, { username: 'vb_admin', displayName: '机构管理员 吴二', roles: ['inst_admin'] });
    const ok = await activate('vb_admin', res.body.activation.code);
    expect(ok.body.totp.uri).toMatch(/^otpauth:\/\/totp\/xinrong:vb_admin\?secret=/);
    const c = new Client(server.url);
    expect((await c.post('/api/v1/auth/login', { username: 'vb_admin', password: PASSWORD })).body).toEqual({ mfaRequired: true });
    server.advance(30_000);
    const t = await c.post('/api/v1/auth/totp', { code: totpCode(ok.body.totp.secret, server.now()) });
    expect(t.status, JSON.stringify(t.body)).toBe(200);

    // the institution's admin manages its own people, not another organisation's, and only with institution roles
    const own = await c.get(`/api/v1/accounts/organisations/${bankId}/users`);
    expect(own.body.items.map((u: { username: string }) => u.username)).toEqual(['vb_officer', 'vb_admin']);
    const demoBank = (await op.get('/api/v1/accounts/organisations?kind=institution')).body.items[0].id;
    expect((await c.get(`/api/v1/accounts/organisations/${demoBank}/users`)).status).toBe(404);
    const wrongRole = await c.post(`/api/v1/accounts/organisations/${bankId}/users`, { username: 'vb_x', displayName: 'x', roles: ['op_admin'] });
    expect(wrongRole.body.code).toBe('ROLE_ORG_MISMATCH');
    const risk = await c.post(`/api/v1/accounts/organisations/${bankId}/users`, { username: 'vb_risk', displayName: '风控 郑三', roles: ['inst_risk_officer'] });
    expect(risk.status).toBe(201);
    const self = (await c.get('/api/v1/auth/me')).body.id;
    expect((await c.post(`/api/v1/accounts/users/${self}/disable`)).body.code).toBe('ACCOUNT_SELF');
  });

  it('disables an account and ends its session at once; enabling lets it log in again', async () => {
    const c = new Client(server.url);
    await c.post('/api/v1/auth/login', { username: 'vb_officer', password: PASSWORD });
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    const off = await op.post(`/api/v1/accounts/users/${officer.id}/disable`);
    expect(off.body.state).toBe('disabled');
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
    expect((await c.post('/api/v1/auth/login', { username: 'vb_officer', password: PASSWORD })).status).toBe(401);
    expect((await op.post(`/api/v1/accounts/users/${officer.id}/activation`)).body.code).toBe('ACCOUNT_DISABLED');
    expect((await op.post(`/api/v1/accounts/users/${officer.id}/enable`)).body.state).toBe('active');
    expect((await c.post('/api/v1/auth/login', { username: 'vb_officer', password: PASSWORD })).status).toBe(200);
  });

  it('a new code resets a forgotten password: the old one stops working and the sessions end', async () => {
    const c = new Client(server.url);
    await c.post('/api/v1/auth/login', { username: 'vb_officer', password: PASSWORD });
    const code = (await op.post(`/api/v1/accounts/users/${officer.id}/activation`)).body.code;
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
    expect((await new Client(server.url).post('/api/v1/auth/login', { username: 'vb_officer', password: PASSWORD })).status).toBe(401);
    expect((await op.get(`/api/v1/accounts/organisations/${bankId}/users`)).body.items[0]).toMatchObject({ state: 'pending_activation', activationExpiresAt: expect.any(String) });
    expect((await activate('vb_officer', code, 'Brand-new-password-2026')).status).toBe(200);
    expect((await new Client(server.url).post('/api/v1/auth/login', { username: 'vb_officer', password: 'Brand-new-password-2026' })).status).toBe(200);
  });

  it('refuses an expired code', async () => {
    const res = await op.post(`/api/v1/accounts/organisations/${bankId}/users`, { username: 'vb_late', displayName: '迟到 王五', roles: ['inst_product_manager'] });
    await server.platform.db.query("UPDATE user_activations SET expires_at = now() - interval '1 minute' WHERE user_id = $1", [res.body.user.id]);
    expect((await activate('vb_late', res.body.activation.code)).body.code).toBe('ACTIVATION_INVALID');
  });

  it('never keeps an activation answer for replay and audits each change without its body', async () => {
    const res = await op.post(`/api/v1/accounts/organisations/${bankId}/users`, { username: 'vb_audit', displayName: '审计 测试', roles: ['inst_loan_officer'] }, { 'idempotency-key': 'acc-test-1' });
    expect(res.status).toBe(201);
    const kept = await server.platform.db.query('SELECT 1 FROM idempotency_keys WHERE key = $1', ['acc-test-1']);
    expect(kept).toHaveLength(0);
    await activate('vb_audit', res.body.activation.code);
    await server.services.audit.flush();
    const rows = await server.platform.db.query<{ entry: string; action: string }>(
      "SELECT row_to_json(a)::text AS entry, action FROM audit_entries a WHERE action LIKE '%/auth/activate' OR action LIKE '%/accounts/%'");
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['POST /auth/activate', 'POST /accounts/organisations/:id/users', 'POST /accounts/organisations/:id/assessments']));
    for (const r of rows) {
      expect(r.entry).not.toContain(PASSWORD);
      expect(r.entry).not.toContain(res.body.activation.code);
    }
  });
});

describe('security assessment as a condition of reading authorised data', () => {
  it('an institution whose assessment failed or expired reads public items only, however it was authorised; a new pass restores it', async () => {
    const ent = await loginAs(server, 'ent_demo');
    const bank = await loginAs(server, 'bank_officer');
    const uscc = (await ent.get('/api/v1/auth/me')).body.org.uscc;
    const bankOrg = (await bank.get('/api/v1/auth/me')).body.org.id;
    const grant = await ent.post('/api/v1/consent/authorisations', {
      institutionId: bankOrg, purpose: 'CREDIT_LOAN', items: ['TAX_PAYMENT'], mode: 'view',
      validTo: new Date(server.now() + 30 * 86_400_000).toISOString(), frequencyLimit: { count: 20, period: 'day' }, retentionDays: 90,
    });
    expect(grant.status, JSON.stringify(grant.body)).toBe(201);
    const path = `/api/v1/consent/data/${uscc}?purpose=CREDIT_LOAN&items=TAX_PAYMENT`;
    // the demo bank was assessed at seeding
    expect((await op.get(`/api/v1/accounts/organisations/${bankOrg}`)).body.assessmentState).toBe('valid');
    expect((await bank.get(path)).status).toBe(200);

    const today = new Date(server.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await op.post(`/api/v1/accounts/organisations/${bankOrg}/assessments`, { status: 'failed', assessedOn: today, assessor: '复评' })).status).toBe(201);
    const refused = await bank.get(path);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'INSTITUTION_NOT_ASSESSED', refused: [{ item: 'TAX_PAYMENT', code: 'INSTITUTION_NOT_ASSESSED' }] });
    // public (L1) items stay readable, and the authorised credit report is refused with the same reason
    expect((await bank.get(`/api/v1/consent/data/${uscc}?purpose=CREDIT_LOAN&items=ADMIN_LICENSE`)).status).toBe(200);
    const report = await bank.post('/api/v1/reports', { uscc, purpose: 'CREDIT_LOAN' });
    expect(report.body.code).toBe('INSTITUTION_NOT_ASSESSED');

    const yesterday = new Date(server.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    await op.post(`/api/v1/accounts/organisations/${bankOrg}/assessments`, { status: 'passed', assessedOn: '2025-01-01', validUntil: yesterday, assessor: '复评' });
    expect((await op.get(`/api/v1/accounts/organisations/${bankOrg}`)).body.assessmentState).toBe('expired');
    expect((await bank.get(path)).body.code).toBe('INSTITUTION_NOT_ASSESSED');
    await op.post(`/api/v1/accounts/organisations/${bankOrg}/assessments`, { status: 'conditional', assessedOn: today, validUntil: `${Number(today.slice(0, 4)) + 1}-06-30`, assessor: '复评', note: '日志留存整改中' });
    expect((await bank.get(path)).status).toBe(200);
  });
});
