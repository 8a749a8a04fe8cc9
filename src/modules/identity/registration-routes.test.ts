import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes } from '../entities/index.ts';
import { maskUsername, REGISTRATION_TRIES_PER_USCC } from './enterprise-registration.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { Client, loginAs } from '../../../test/support/http.ts';

/**
 * An enterprise registers itself over real HTTP: its legal representative's name and ID number must be the registry's;
 * the account is real-name verified; agents are opened by the legal representative; a change of legal representative
 * in the registry lets the successor take over; guessing is stopped after a few tries.
 */
let server: TestServer;
let op: Client;
const PASSWORD = 'Qiye-zhuce-2026-ok';
const uscc = codes.makeUscc({ authority: '9', entityType: '1', region: '131082', orgBody: 'MA0REG01' });
const rep = { name: '欧阳娜娜', idNumber: codes.makeIdNumber('131082', '19850612', '024') };
const successor = { name: '司马光', idNumber: codes.makeIdNumber('131082', '19790301', '017') };
const entity = {
  uscc, name: '三河示范注册测试有限公司', entityType: 'enterprise', registrationAuthority: '三河市市场监督管理局', regionCode: '131082',
  industryCode: 'C3484', registeredCapital: '5000000.00', establishedOn: '2015-06-01',
  legalRep: { name: rep.name, idType: 'RESIDENT_ID', idNumber: rep.idNumber, mobile: '13812345678' },
  employees: 30, revenue: '20000000.00', assets: '30000000.00',
};
const register = (body: Record<string, string>, c = new Client(server.url)) => c.post('/api/v1/auth/register-enterprise', body);

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 20 });
  op = await loginAs(server, 'operator');
  expect((await op.post('/api/v1/entities', entity)).status).toBe(201);
}, 120_000);
afterAll(async () => server?.close());

describe('enterprise self-registration with a real-name check against the registry', () => {
  it('refuses a code the registry does not hold, a bad ID number, and a name that is not the registered one without telling which part', async () => {
    const unknown = codes.makeUscc({ authority: '9', entityType: '1', region: '131082', orgBody: 'MA0REG99' });
    const r1 = await register({ uscc: unknown, legalRepName: rep.name, idNumber: rep.idNumber, username: 'reg_a', password: PASSWORD });
    expect(r1.body.code).toBe('ENTITY_NOT_IN_REGISTRY');
    const badId = rep.idNumber.slice(0, 17) + (rep.idNumber[17] === '1' ? '2' : '1');
    expect((await register({ uscc, legalRepName: rep.name, idNumber: badId, username: 'reg_a', password: PASSWORD })).body.code).toBe('ID_NUMBER_INVALID');
    const wrongName = await register({ uscc, legalRepName: '欧阳娜', idNumber: rep.idNumber, username: 'reg_a', password: PASSWORD });
    const wrongId = await register({ uscc, legalRepName: rep.name, idNumber: successor.idNumber, username: 'reg_a', password: PASSWORD });
    expect(wrongName.status).toBe(400);
    expect(wrongName.body.code).toBe('REAL_NAME_MISMATCH');
    expect(wrongId.body.detail).toBe(wrongName.body.detail);
    // nothing of the registry's values comes back
    expect(JSON.stringify(wrongName.body)).not.toContain(rep.name);
  });

  it('registers the legal representative as a real-name verified account of the enterprise, which logs into the enterprise portal', async () => {
    const res = await register({ uscc, legalRepName: ` ${rep.name} `, idNumber: rep.idNumber.toLowerCase(), username: 'ouyang_nana', password: PASSWORD });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ username: 'ouyang_nana', enterprise: { uscc, name: entity.name }, replacedPredecessor: false });
    const c = new Client(server.url);
    const login = await c.post('/api/v1/auth/login', { username: 'ouyang_nana', password: PASSWORD });
    expect(login.body.user).toMatchObject({ portal: 'enterprise', roles: ['enterprise_legal_rep'], org: { uscc, name: entity.name } });
    const [row] = await server.platform.db.query<{ real_name_verified: boolean }>('SELECT real_name_verified FROM users WHERE username = $1', ['ouyang_nana']);
    expect(row.real_name_verified).toBe(true);
    // the new enterprise counts as registered in this month's statistics
    const month = new Date(server.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const dash = (await op.get(`/api/v1/statistics/dashboard?from=${month}&to=${month}&region=131082`)).body;
    expect(dash.total.figures.registered).toBeGreaterThanOrEqual(1);
  });

  it('tells the same person registering again to log in, with the user name half hidden', async () => {
    const again = await register({ uscc, legalRepName: rep.name, idNumber: rep.idNumber, username: 'ouyang_2', password: PASSWORD });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ENTERPRISE_ALREADY_REGISTERED');
    expect(again.body.detail).toContain(maskUsername('ouyang_nana'));
    expect(again.body.detail).not.toContain('ouyang_nana');
  });

  it('lets the legal representative open an agent account, which activates and acts for the enterprise', async () => {
    const c = new Client(server.url);
    await c.post('/api/v1/auth/login', { username: 'ouyang_nana', password: PASSWORD });
    const orgId = (await c.get('/api/v1/auth/me')).body.org.id;
    const agent = await c.post(`/api/v1/accounts/organisations/${orgId}/users`, { username: 'nana_agent', displayName: '经办人 小李', roles: ['enterprise_agent'] });
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    expect((await c.post(`/api/v1/accounts/organisations/${orgId}/users`, { username: 'nana_x', displayName: 'x', roles: ['enterprise_legal_rep'] })).body.code).toBe('ROLE_ORG_MISMATCH');
    const act = await new Client(server.url).post('/api/v1/auth/activate', { username: 'nana_agent', code: agent.body.activation.code, password: PASSWORD });
    expect(act.body.totp).toBeNull();
    const a = new Client(server.url);
    expect((await a.post('/api/v1/auth/login', { username: 'nana_agent', password: PASSWORD })).body.user).toMatchObject({ portal: 'enterprise', org: { uscc } });
    // an agent does not manage accounts, and another enterprise's people are not the legal representative's
    expect((await a.get(`/api/v1/accounts/organisations/${orgId}/users`)).status).toBe(403);
    const demoEnterprise = server.demo.users.find((u) => u.portal === 'enterprise')!;
    const other = (await (await loginAs(server, demoEnterprise.username)).get('/api/v1/auth/me')).body.org.id;
    expect((await c.get(`/api/v1/accounts/organisations/${other}/users`)).status).toBe(404);
  });

  it('after a change of legal representative in the registry the successor registers and the predecessor is stopped', async () => {
    const before = new Client(server.url);
    await before.post('/api/v1/auth/login', { username: 'ouyang_nana', password: PASSWORD });
    const patched = await op.request('PATCH', `/api/v1/entities/${uscc}`, { legalRep: { name: successor.name, idType: 'RESIDENT_ID', idNumber: successor.idNumber, mobile: '13900000000' } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const res = await register({ uscc, legalRepName: successor.name, idNumber: successor.idNumber, username: 'sima_guang', password: PASSWORD });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.replacedPredecessor).toBe(true);
    expect((await before.get('/api/v1/auth/me')).status).toBe(401);
    expect((await new Client(server.url).post('/api/v1/auth/login', { username: 'ouyang_nana', password: PASSWORD })).status).toBe(401);
    // the predecessor's agent keeps working for the enterprise
    expect((await new Client(server.url).post('/api/v1/auth/login', { username: 'nana_agent', password: PASSWORD })).status).toBe(200);
    // and the successor cannot switch the predecessor back on
    const sima = new Client(server.url);
    await sima.post('/api/v1/auth/login', { username: 'sima_guang', password: PASSWORD });
    const orgId = (await sima.get('/api/v1/auth/me')).body.org.id;
    const predecessor = (await sima.get(`/api/v1/accounts/organisations/${orgId}/users`)).body.items.find((u: { username: string }) => u.username === 'ouyang_nana');
    expect(predecessor.state).toBe('disabled');
    const again = await sima.post(`/api/v1/accounts/users/${predecessor.id}/enable`);
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('ACCOUNT_NOT_MANAGED');
  });

  it("the operator helps at the counter: finds the enterprise's accounts by USCC and resets a forgotten password, but opens none", async () => {
    const found = await op.get(`/api/v1/accounts/enterprises/${uscc}`);
    expect(found.body).toEqual({ orgId: expect.any(String), name: entity.name });
    const unregistered = codes.makeUscc({ authority: '9', entityType: '1', region: '131082', orgBody: 'MA0REG77' });
    expect((await op.get(`/api/v1/accounts/enterprises/${unregistered}`)).body).toEqual({ orgId: null, name: null });
    const users = (await op.get(`/api/v1/accounts/organisations/${found.body.orgId}/users`)).body.items as { id: string; username: string; state: string }[];
    const sima = users.find((u) => u.username === 'sima_guang')!;
    const code = (await op.post(`/api/v1/accounts/users/${sima.id}/activation`)).body.code;
    expect((await new Client(server.url).post('/api/v1/auth/login', { username: 'sima_guang', password: PASSWORD })).status).toBe(401);
    expect((await new Client(server.url).post('/api/v1/auth/activate', { username: 'sima_guang', code, password: 'Sima-new-password-2026' })).status).toBe(200);
    expect((await new Client(server.url).post('/api/v1/auth/login', { username: 'sima_guang', password: 'Sima-new-password-2026' })).status).toBe(200);
    const opened = await op.post(`/api/v1/accounts/organisations/${found.body.orgId}/users`, { username: 'op_made', displayName: 'x', roles: ['enterprise_agent'] });
    expect(opened.status).toBe(403);
    expect(opened.body.code).toBe('ENTERPRISE_ACCOUNTS_OWN');
    // only op_admin looks enterprises' accounts up
    expect((await (await loginAs(server, 'auditor')).get(`/api/v1/accounts/enterprises/${uscc}`)).status).toBe(403);
  });

  it(`stops guessing after ${REGISTRATION_TRIES_PER_USCC} failed proofs of one enterprise in a day`, async () => {
    const other = codes.makeUscc({ authority: '9', entityType: '1', region: '131082', orgBody: 'MA0REG02' });
    expect((await op.post('/api/v1/entities', { ...entity, uscc: other, name: '三河示范防猜测有限公司' })).status).toBe(201);
    for (let i = 0; i < REGISTRATION_TRIES_PER_USCC; i++) {
      expect((await register({ uscc: other, legalRepName: `猜${i}`, idNumber: rep.idNumber, username: 'guess_x', password: PASSWORD })).body.code).toBe('REAL_NAME_MISMATCH');
    }
    const locked = await register({ uscc: other, legalRepName: rep.name, idNumber: rep.idNumber, username: 'guess_x', password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('REGISTRATION_TRIES_EXCEEDED');
  });
});
