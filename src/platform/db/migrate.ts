import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

export interface Migration {
  version: string;
  file: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: file.slice(0, 4), file, sql: readFileSync(dir + file, 'utf8') }));
}

/**
 * Applies pending migrations in order, each in its own transaction, recording them in schema_migrations.
 * On PostgreSQL an advisory lock serialises concurrent starters; PGlite has one connection anyway.
 */
export async function migrate(db: Db, onApplied?: (file: string) => void): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY,
    file text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: string[] = [];
  for (const m of listMigrations()) {
    const done = await db.tx(async (q) => {
      if (db.kind === 'postgres') await q.query('SELECT pg_advisory_xact_lock(727274)');
      const rows = await q.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (rows.length > 0) return false;
      await q.exec(m.sql);
      await q.query('INSERT INTO schema_migrations (version, file) VALUES ($1, $2)', [m.version, m.file]);
      return true;
    });
    if (done) {
      applied.push(m.file);
      onApplied?.(m.file);
    }
  }
  return applied;
}

