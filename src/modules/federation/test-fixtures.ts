import type { FastifyInstance } from 'fastify';
import { buildApp, createServices, type Services } from '../../app.ts';
import { createPlatform, type Platform } from '../../platform/platform.ts';
import type { Config } from '../../platform/config.ts';
import { totpCode } from '../../platform/auth/totp.ts';
import { seedDemo, type DemoCredentials } from '../demo/index.ts';
import { createTestDb, testConfig } from '../../../test/support/db.ts';
import type { TestServer } from '../../../test/support/server.ts';

/**
 * A whole xinrong node for the federation tests, on its own test database, that can be stopped and started again on
 * the same database and port — a restart of the process, as far as the other node can tell.
 */
export interface TestNode {
  url: string;
  port: number;
  platform: Platform;
  services: Services;
  app: FastifyInstance;
  demo: DemoCredentials;
  /** what test/support/http.ts loginAs needs */
  server: TestServer;
  stop(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestNode(overrides: Partial<Config>, enterprises = 30): Promise<TestNode> {
  const config = testConfig(overrides);
  let offset = 0;
  const clock = () => Date.now() + offset;
  const db = await createTestDb();
  const platform = await createPlatform(config, { db, migrate: false });
  let services = createServices(platform, clock);
  let app = await buildApp(platform, services, { logger: false, clock });
  const demo = await seedDemo(platform, services, { enterprises });
  platform.ready = true;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  // other nodes reach this one here (XINRONG_PUBLIC_URL), known only once the port is bound
  platform.config.publicUrl = url;
  let running = true;
  const node: TestNode = {
    url, port, platform, services, app, demo,
    server: {
      url, demo,
      nextTotp(username: string) {
        const secret = demo.users.find((u) => u.username === username)?.totpSecret;
        if (!secret) throw new Error(`demo user ${username} has no TOTP secret`);
        // a fresh step for every login (each step is accepted once), and the code of the step the node is in now
        offset += 30_000;
        return totpCode(secret, clock());
      },
    } as unknown as TestServer,
    async stop() {
      if (!running) return;
      running = false;
      await app.close();
    },
    async restart() {
      await node.stop();
      services = createServices(platform, clock);
      app = await buildApp(platform, services, { logger: false, clock });
      await app.listen({ port, host: '127.0.0.1' });
      running = true;
      node.services = services;
      node.app = app;
    },
    async close() {
      await node.stop();
      await db.close();
    },
  };
  return node;
}
