import type { FastifyInstance } from 'fastify';
import { buildApp, createServices, type Services } from '../../src/app.ts';
import { createPlatform, type Platform } from '../../src/platform/platform.ts';
import { seedDemo, type DemoCredentials } from '../../src/modules/demo/index.ts';
import type { Config } from '../../src/platform/config.ts';
import { createTestDb, testConfig } from './db.ts';
import { totpCode } from '../../src/platform/auth/totp.ts';

export interface TestServer {
  url: string;
  demo: DemoCredentials;
  platform: Platform;
  services: Services;
  app: FastifyInstance;
  /** The server's clock (real time plus whatever tests advanced it by). */
  now(): number;
  advance(ms: number): void;
  /**
   * A one-time code the server will accept now. Each TOTP time step is accepted once per user (RFC 6238 §5.2),
   * so the server clock moves on one step after each code; tests can log the same user in repeatedly.
   */
  nextTotp(username: string): string;
  close(): Promise<void>;
}

/** A real node listening on 127.0.0.1 (random port) over a fresh test database with the demo data set. */
export async function startTestServer(opts: { seedEnterprises?: number; config?: Partial<Config> } = {}): Promise<TestServer> {
  const config = testConfig(opts.config);
  let offset = 0;
  const clock = () => Date.now() + offset;
  const db = await createTestDb();
  const platform = await createPlatform(config, { db, migrate: false });
  const services = createServices(platform, clock);
  const app = await buildApp(platform, services, { logger: false, clock });
  const demo = await seedDemo(platform, services, { enterprises: opts.seedEnterprises ?? 200 });
  platform.ready = true;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    demo, platform, services, app,
    now: clock,
    advance(ms) {
      offset += ms;
    },
    nextTotp(username) {
      const secret = demo.users.find((u) => u.username === username)?.totpSecret;
      if (!secret) throw new Error(`demo user ${username} has no TOTP secret`);
      // A fresh step for every login (each step is accepted once), and the code of the step the server is in now:
      // a step boundary passing before the server checks it stays inside the ±1 window (the previous step would not).
      offset += 30_000;
      return totpCode(secret, clock());
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}
