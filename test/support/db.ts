import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { migrate, openPglite, openPostgres, type Db } from '../../src/platform/db/index.ts';
import { loadConfig, type Config } from '../../src/platform/config.ts';

/** Which database this test run targets: PGlite always, PostgreSQL in the `postgres` project. */
export const testDbKind = process.env.XR_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/**
 * A fresh, migrated database for one test file. PGlite starts from the template built in global setup;
 * on PostgreSQL each file gets its own schema, dropped on close, so files run in parallel without interference.
 */
export async function createTestDb(): Promise<Db> {
  if (testDbKind === 'postgres') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('XR_TEST_DB=postgres needs DATABASE_URL');
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = await openPostgres({ url, max: 1 });
    await admin.exec(`CREATE SCHEMA ${schema}`);
    await admin.close();
    const db = await openPostgres({ url, schema, max: 4 });
    await migrate(db);
    const close = db.close.bind(db);
    return Object.assign(db, {
      async close() {
        await close();
        const a = await openPostgres({ url, max: 1 });
        await a.exec(`DROP SCHEMA ${schema} CASCADE`);
        await a.close();
      },
    });
  }
  const template = readFileSync(inject('pgliteTemplate'));
  return openPglite({ dataDir: null, loadDataDir: new Blob([template]) });
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', XINRONG_MEMORY: 'true', FIELD_ENCRYPTION_KEY: randomBytes(32).toString('hex') }, { port: 0, ...overrides });
}
