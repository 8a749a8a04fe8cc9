import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import { createPlatform, type Platform } from '../../src/platform/platform.ts';
import { installAccessControl, installJsonBodyParser, installProblemHandlers } from '../../src/platform/http/index.ts';
import { totpCode } from '../../src/platform/auth/totp.ts';
import { createAuthenticator, createIdentityService, identityRoutes, type IdentityService } from '../../src/modules/identity/index.ts';
import { createEntityService } from '../../src/modules/entities/index.ts';
import { seedDemo, type DemoCredentials } from '../../src/modules/demo/index.ts';
import { createTestDb, testConfig } from './db.ts';
import type { TestServer } from './server.ts';

/**
 * A small node for one module's HTTP tests: a fresh test database with the demo data (`enterprises` of them), the
 * platform's access control, the login routes and the module's routes under /api/v1 — with services the test builds
 * itself (a memory audit sink, a controlled clock) instead of the whole app's. `server` answers `loginAs`.
 */
export async function startModuleNode(o: {
  enterprises: number;
  routes: (api: FastifyInstance, node: { platform: Platform; identity: IdentityService; clock: () => number }) => Promise<void>;
}): Promise<{ app: FastifyInstance; server: TestServer; platform: Platform; identity: IdentityService; demo: DemoCredentials; clock: () => number }> {
  const config = testConfig();
  let offset = 0;
  const clock = () => Date.now() + offset;
  const db = await createTestDb();
  const platform = await createPlatform(config, { db, migrate: false });
  const identity = createIdentityService(db, config, platform.keys, clock);
  const demo = await seedDemo(platform, { identity, entities: createEntityService(db, platform.keys) }, { enterprises: o.enterprises });
  const app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } } });
  installProblemHandlers(app);
  installJsonBodyParser(app);
  await app.register(cookie);
  installAccessControl(app, createAuthenticator(identity, platform.keys, clock));
  const routes = o.routes;
  await app.register(async (api) => {
    await api.register(identityRoutes, { identity, cookieSecure: false, sessionTtlMinutes: 60 });
    await routes(api, { platform, identity, clock });
  }, { prefix: '/api/v1' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const server = {
    url: `http://127.0.0.1:${port}`, demo,
    nextTotp(username: string) {
      const secret = demo.users.find((u) => u.username === username)?.totpSecret;
      if (!secret) throw new Error(`demo user ${username} has no TOTP secret`);
      // a code is accepted once: every login moves to the next 30-second step, and gets the code of the step the
      // server is in now (a boundary passing before the check stays inside the ±1 window)
      offset += 30_000;
      return totpCode(secret, clock());
    },
  } as unknown as TestServer;
  return { app, server, platform, identity, demo, clock };
}
