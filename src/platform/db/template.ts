import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listMigrations, migrate } from './migrate.ts';
import type { Db } from './db.ts';

/**
 * A fresh embedded database costs an initdb (several seconds). Instead a tarball of an initdb'd, fully migrated
 * PGlite data directory is built once (at `npm install`, or after the first initdb) and unpacked into new data
 * folders. It is keyed by a hash of the migrations, so a changed migration never loads a stale template.
 */
const CACHE_DIR = fileURLToPath(new URL('../../../node_modules/.cache/xinrong/', import.meta.url));

export function migrationsHash(): string {
  const h = createHash('sha256');
  for (const m of listMigrations()) h.update(m.file).update('\0').update(m.sql).update('\0');
  return h.digest('hex').slice(0, 16);
}

export function templatePath(): string {
  return join(CACHE_DIR, `pglite-${migrationsHash()}.tar.gz`);
}

export function readTemplate(): Blob | undefined {
  const file = templatePath();
  return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
}

/** Saves a dump of a freshly migrated database as the template (atomically: write then rename). */
export async function saveTemplate(dump: Blob): Promise<string> {
  const file = templatePath();
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  renameSync(tmp, file);
  return file;
}

/** Builds the template from an in-memory database. */
export async function buildTemplate(open: () => Promise<Db & { raw: { dumpDataDir(c?: 'gzip' | 'none'): Promise<Blob> } }>): Promise<string> {
  const db = await open();
  await migrate(db);
  const dump = await db.raw.dumpDataDir('gzip');
  await db.close();
  return saveTemplate(dump);
}
