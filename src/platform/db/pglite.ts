import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { copyTextField, int8ToNumber, txQueryable, type Db, type TxQueryable } from './db.ts';
import { readTemplate } from './template.ts';

const parsers = {
  [types.INT8]: (v: string) => int8ToNumber(v),
  [types.NUMERIC]: (v: string) => v,
};

export interface PgliteOptions {
  /** Folder for the data, or null for memory. */
  dataDir: string | null;
  /** A dumped data directory (tar) to start from — used by tests to skip initdb and migrations. */
  loadDataDir?: Blob;
}

/** PGlite is a single connection: transactions run one after another (see STYLE.md). */
export async function openPglite(opts: PgliteOptions): Promise<Db & { raw: PGlite }> {
  let loadDataDir = opts.loadDataDir;
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    // A new folder starts from the migrated template when one matches the current migrations (see template.ts).
    if (!loadDataDir && !existsSync(join(opts.dataDir, 'PG_VERSION'))) loadDataDir = readTemplate();
  }
  const pg = await PGlite.create({
    dataDir: opts.dataDir ?? 'memory://',
    loadDataDir,
    parsers,
    relaxedDurability: false,
  });
  const wrap = (target: { query: PGlite['query']; exec: PGlite['exec'] }): TxQueryable => txQueryable({
    async query<T>(text: string, params?: readonly unknown[]) {
      const r = await target.query<T>(text, params as unknown[] | undefined);
      return r.rows;
    },
    async exec(script: string) {
      await target.exec(script);
    },
    async copyText(table, columns, text) {
      if (text.length === 0) return;
      await target.query(`COPY ${table} (${columns.join(',')}) FROM '/dev/blob'`, [], { blob: new Blob([typeof text === 'string' ? text : new Uint8Array(text)]) });
    },
  });
  const base = wrap(pg);
  return {
    kind: 'pglite',
    raw: pg,
    query: base.query,
    tx: (fn) => pg.transaction((t) => fn(wrap(t))),
    async exec(script) {
      await pg.exec(script);
    },
    async copyRows(table, columns, rows) {
      // PGlite supports COPY FROM '/dev/blob' with a Blob; build the text payload in chunks.
      const chunks: string[] = [];
      let n = 0;
      let total = 0;
      const flush = async () => {
        if (n === 0) return;
        const blob = new Blob([chunks.join('')]);
        await pg.query(`COPY ${table} (${columns.join(',')}) FROM '/dev/blob'`, [], { blob });
        total += n;
        chunks.length = 0;
        n = 0;
      };
      for await (const row of rows) {
        chunks.push(row.map(copyTextField).join('\t') + '\n');
        n++;
        if (n >= 20000) await flush();
      }
      await flush();
      return total;
    },
    close: () => pg.close(),
  };
}
