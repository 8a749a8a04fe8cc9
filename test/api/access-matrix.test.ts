import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { Client, loginAs } from '../support/http.ts';

/**
 * SPEC §5.3 authorisation matrix: every API route × every role. A caller whose role the route does not
 * declare gets 403 (or 401 without a session) before any validation or work happens; a caller whose role
 * is declared is never refused with 401/403 for its role.
 */
let server: TestServer;
const clients = new Map<string, Client>();

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 20 });
  for (const u of server.demo.users) clients.set(u.username, await loginAs(server, u.username));
});
afterAll(async () => server?.close());

const concrete = (url: string) =>
  url.replace(':uscc', '91131002MA0CXR1Q0X').replace(':code', '131000').replace(':id', '110101199003071234').replace(':keyId', 'xr_unknown');

describe('authorisation matrix', () => {
  it('has every API route declare who may call it', () => {
    expect(server.app.accessTable.length).toBeGreaterThan(15);
  });

  it('refuses each protected route to anonymous callers and to every role it does not name', async () => {
    let checked = 0;
    for (const route of server.app.accessTable) {
      if (route.access === 'public' || route.url === '/auth/logout') continue;
      const url = concrete(route.url);
      const anon = await new Client(server.url).request(route.method, url, route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
      // Routes open to loopback callers (metrics scraping) answer tests, which run on 127.0.0.1.
      const loopbackOpen = typeof route.access === 'object' && route.access.loopback === true;
      if (!loopbackOpen) expect(anon.status, `${route.method} ${url} anonymous`).toBe(401);
      if (route.access === 'session') continue;
      const allowed = route.access.roles;
      for (const user of server.demo.users) {
        const res = await clients.get(user.username)!.request(route.method, url, route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
        const mayCall = user.roles.some((r) => allowed.includes(r));
        if (mayCall) {
          expect(res.status, `${route.method} ${url} as ${user.username}`).not.toBe(401);
          expect(res.body?.code, `${route.method} ${url} as ${user.username}`).not.toBe('FORBIDDEN_ROLE');
        } else {
          expect(res.status, `${route.method} ${url} as ${user.username}`).toBe(403);
          expect(res.body.code).toBe('FORBIDDEN_ROLE');
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
    // every route × every demo user over HTTP: several hundred routes, a minute or more on a loaded 2-core machine
  }, 600_000);
});
