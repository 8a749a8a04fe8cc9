import { createPlatform, type Platform } from '../../src/platform/platform.ts';
import type { Db } from '../../src/platform/db/index.ts';
import { createCatalogService, type CatalogService } from '../../src/modules/catalog/index.ts';
import { createIdentityService, type IdentityService } from '../../src/modules/identity/index.ts';
import { seedEnterprises } from '../../src/modules/demo/index.ts';
import { createTestDb, testConfig } from './db.ts';

/**
 * A platform on a fresh test database with the catalog seeded and `enterprises` generated demo enterprises in the
 * registry — the starting point of the service-level tests that aggregate records and evaluate enterprises.
 */
export async function seededTestPlatform(enterprises: number, clock?: () => number): Promise<{ platform: Platform; db: Db; catalog: CatalogService; identity: IdentityService }> {
  const db = await createTestDb();
  const platform = await createPlatform(testConfig(), { db, migrate: false });
  const catalog = createCatalogService(db);
  await catalog.ensureSeeded();
  const identity = clock ? createIdentityService(db, platform.config, platform.keys, clock) : createIdentityService(db, platform.config, platform.keys);
  await seedEnterprises(platform, { enterprises });
  return { platform, db, catalog, identity };
}
