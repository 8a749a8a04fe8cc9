/**
 * One small interface over the two drivers: PGlite (embedded, default) and node-postgres (DATABASE_URL).
 * Modules write plain PostgreSQL 15 SQL against it; driver differences are normalised here:
 * int8 (count(*), bigint) → JS number when safe (throws beyond 2^53), numeric → string, timestamptz → Date.
 */
export type Row = Record<string, unknown>;

export interface QueryOptions {
  /**
   * The text is fixed and the statement hot (run on every request): PostgreSQL prepares it once per connection and
   * reuses its plan — for short lookups planning costs several times the execution. Never for text that varies
   * (values inlined, a varying number of placeholders): each distinct text stays prepared on every connection.
   */
  prepare?: boolean;
}

export interface Queryable {
  query<T = Row>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<T[]>;
}

/** Inside a transaction a script of several statements can also run (migrations). */
export interface TxQueryable extends Queryable {
  exec(script: string): Promise<void>;
  /** COPY FROM STDIN inside this transaction (bulk paths that must commit with other statements). */
  copyRows(table: string, columns: readonly string[], rows: Iterable<(string | null)[]>): Promise<number>;
  /** COPY FROM STDIN of text already in COPY text format (lines ending in \n); for hot paths that build it ahead. */
  copyText(table: string, columns: readonly string[], text: string | Uint8Array): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction; rolls back when it throws. */
  tx<T>(fn: (q: TxQueryable) => Promise<T>): Promise<T>;
  /** Executes a script of several statements (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Bulk-loads rows with COPY FROM STDIN (text format) where the driver supports it, else batched INSERTs.
   * `rows` yields arrays of column values already converted to text (null for NULL).
   */
  copyRows(table: string, columns: readonly string[], rows: AsyncIterable<(string | null)[]> | Iterable<(string | null)[]>): Promise<number>;
  close(): Promise<void>;
}

export function int8ToNumber(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} exceeds the safe integer range; cast it to text in SQL`);
  return n;
}

/** COPY text-format escaping (PostgreSQL docs §COPY "Text Format"). */
const COPY_SPECIAL = /[\\\t\n\r]/;

export function copyTextField(value: string | null): string {
  if (value === null) return '\\N';
  // Most values need no escaping; one test is much cheaper than four replacements (bulk ingest, P1).
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Multi-row INSERT fallback used when COPY is not available; batches stay below the 65535 parameter limit. */
export async function insertInBatches(
  q: Queryable,
  table: string,
  columns: readonly string[],
  rows: AsyncIterable<(string | null)[]> | Iterable<(string | null)[]>,
): Promise<number> {
  const perBatch = Math.max(1, Math.floor(30000 / columns.length));
  let batch: (string | null)[][] = [];
  let total = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const params: (string | null)[] = [];
    const tuples = batch.map((r) => `(${r.map((v) => { params.push(v); return `$${params.length}`; }).join(',')})`);
    await q.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')}`, params);
    total += batch.length;
    batch = [];
  };
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= perBatch) await flush();
  }
  await flush();
  return total;
}

/**
 * The transaction-side queryable of a driver from its three primitives; `copyRows` is built on `copyText`, the
 * one thing the drivers do differently (COPY FROM STDIN on PostgreSQL, from a Blob on PGlite).
 */
export function txQueryable(parts: Pick<TxQueryable, 'query' | 'exec' | 'copyText'>): TxQueryable {
  return {
    ...parts,
    async copyRows(table, columns, rows) {
      const { text, count } = copyTextPayload(rows);
      if (count > 0) await parts.copyText(table, columns, text);
      return count;
    },
  };
}

/** The COPY text-format payload for rows. */
export function copyTextPayload(rows: Iterable<(string | null)[]>): { text: string; count: number } {
  const lines: string[] = [];
  for (const row of rows) lines.push(row.map(copyTextField).join('\t') + '\n');
  return { text: lines.join(''), count: lines.length };
}
