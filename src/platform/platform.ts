import type { Config } from './config.ts';
import { migrate, openDatabase, type Db } from './db/index.ts';
import { loadPlatformKeys, type PlatformKeys } from './keys.ts';

/** The running node's shared machinery, created once and handed to every module. */
export interface Platform {
  config: Config;
  db: Db;
  keys: PlatformKeys;
  /** Set when start-up work (migrations, demo seed) is complete; drives /ready. */
  ready: boolean;
  startedAt: Date;
}

export async function createPlatform(config: Config, opts: { db?: Db; migrate?: boolean } = {}): Promise<Platform> {
  const keys = loadPlatformKeys(config);
  const db = opts.db ?? (await openDatabase(config));
  if (opts.migrate !== false) await migrate(db);
  return { config, db, keys, ready: false, startedAt: new Date() };
}
