import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { copyTextField, int8ToNumber, txQueryable, type Db, type QueryOptions, type TxQueryable } from './db.ts';

const INT8_OID = 20;

export interface PostgresOptions {
  url: string;
  /** Schema to use as search_path (tests isolate each file in its own schema). */
  schema?: string;
  max?: number;
}

const names = new Map<string, string>();
/** A prepared statement's name: the same for the same text on every connection, different for different texts. */
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) names.set(text, (name = `xr_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`));
  return name;
}

export async function openPostgres(opts: PostgresOptions): Promise<Db & { pool: pg.Pool }> {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    options: opts.schema ? `-c search_path=${opts.schema}` : undefined,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8_OID) return (v: string) => int8ToNumber(v);
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', (err) => process.emitWarning(`PostgreSQL idle client error: ${err.message}`));
  await pool.query('SELECT 1');
  const wrap = (c: pg.Pool | pg.PoolClient): TxQueryable => txQueryable({
    async query<T>(text: string, params?: readonly unknown[], options?: QueryOptions) {
      const values = params as unknown[] | undefined;
      // a named statement is parsed and planned once per connection (the name stands for the text)
      const r = options?.prepare ? await c.query({ name: statementName(text), text, values }) : await c.query(text, values);
      return r.rows as T[];
    },
    async exec(script: string) {
      // The simple-query protocol (no parameters) accepts several statements.
      await c.query(script);
    },
    async copyText(table, columns, text) {
      if (text.length === 0) return;
      if (!('release' in c)) throw new Error('copy inside a transaction needs a transaction client');
      const stream = (c as pg.PoolClient).query(copyFrom(`COPY ${table} (${columns.join(',')}) FROM STDIN`));
      await pipeline(Readable.from([text]), stream);
    },
  });
  return {
    kind: 'postgres',
    pool,
    query: wrap(pool).query,
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    },
    async exec(script) {
      await pool.query(script);
    },
    async copyRows(table, columns, rows) {
      const client = await pool.connect();
      let total = 0;
      try {
        const stream = client.query(copyFrom(`COPY ${table} (${columns.join(',')}) FROM STDIN`));
        async function* lines() {
          let buf: string[] = [];
          for await (const row of rows) {
            buf.push(row.map(copyTextField).join('\t') + '\n');
            total++;
            if (buf.length >= 2000) {
              yield buf.join('');
              buf = [];
            }
          }
          if (buf.length) yield buf.join('');
        }
        await pipeline(Readable.from(lines()), stream);
      } finally {
        client.release();
      }
      return total;
    },
    close: () => pool.end(),
  };
}
