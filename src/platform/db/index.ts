import type { Config } from '../config.ts';
import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export type { Db, Queryable, QueryOptions, Row, TxQueryable } from './db.ts';
export { copyTextField, int8ToNumber } from './db.ts';
export { migrate, listMigrations } from './migrate.ts';
export { openPglite } from './pglite.ts';
export { openPostgres } from './postgres.ts';

/** Opens the database the configuration names: PostgreSQL when DATABASE_URL is set, else embedded PGlite. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'memory'>): Promise<Db> {
  if (config.databaseUrl) return openPostgres({ url: config.databaseUrl });
  return openPglite({ dataDir: config.memory ? null : config.dataDir });
}
export { buildTemplate, readTemplate, templatePath, migrationsHash } from './template.ts';
