import { totpCode } from '../../src/platform/auth/totp.ts';
import { Client, loginAs } from './http.ts';
import type { TestServer } from './server.ts';

/**
 * A district edition's operator, made as a person would be: the node's op_admin onboards the county's operator
 * department and opens the account, the person activates it and logs in with the TOTP it enrolled.
 */
export async function districtOperator(server: TestServer, o: { region: string; username: string; roles: string[]; password?: string }): Promise<Client> {
  const password = o.password ?? 'District-operator-2026';
  const admin = await loginAs(server, 'operator');
  const dept = await admin.post('/api/v1/accounts/organisations', { kind: 'operator', name: `${o.region} 区县运营部门（${o.username}）`, regionCode: o.region });
  if (dept.status !== 201) throw new Error(`district department: ${JSON.stringify(dept.body)}`);
  const made = await admin.post(`/api/v1/accounts/organisations/${dept.body.id}/users`, { username: o.username, displayName: `${o.username}`, roles: o.roles });
  if (made.status !== 201) throw new Error(`district account: ${JSON.stringify(made.body)}`);
  const act = await new Client(server.url).post('/api/v1/auth/activate', { username: o.username, code: made.body.activation.code, password });
  const client = new Client(server.url);
  await client.post('/api/v1/auth/login', { username: o.username, password });
  // a fresh TOTP step (each step is accepted once per user)
  server.advance(30_000);
  const t = await client.post('/api/v1/auth/totp', { code: totpCode(act.body.totp.secret, server.now()) });
  if (t.status !== 200) throw new Error(`district login: ${JSON.stringify(t.body)}`);
  return client;
}
