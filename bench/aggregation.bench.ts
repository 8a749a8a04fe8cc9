import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createWriteStream } from 'node:fs';
import pg from 'pg';
import { loadConfig } from '../src/platform/config.ts';
import { createPlatform } from '../src/platform/platform.ts';
import { createServices } from '../src/app.ts';
import { generateEnterprises } from '../src/modules/entities/index.ts';
import type { CatalogItem } from '../src/modules/catalog/index.ts';
import { BENCH_DATABASE_URL, scratchPostgres, type BenchResult } from './support.ts';

/** Items the benchmark mixes: utilities, judicial, IP and environment records of different widths and keys. */
const ITEMS = ['UTILITY_WATER', 'UTILITY_GAS', 'COURT_ENFORCEMENT', 'IP_PATENT'] as const;

function cell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A plausible value for a field; row i of enterprise u, deterministic. */
function valueFor(field: CatalogItem['fields'][number], uscc: string, name: string, i: number): string {
  switch (field.type) {
    case 'uscc': return uscc;
    case 'date': return `20${String(10 + (i % 16)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    case 'decimal': return `${(i * 37) % 100000}.${String(i % 100).padStart(2, '0')}`;
    case 'integer': return String(i % 1000);
    case 'boolean': return i % 17 === 0 ? '是' : '否';
    case 'enum': return field.enum![i % field.enum!.length];
    case 'id_number': return '110101199003074514';
    case 'region_code': return '131002';
    default:
      if (field.code.includes('name')) return name;
      if (field.format === 'json') return '';
      return `${field.code.slice(0, 6).toUpperCase()}-${i}`;
  }
}

/**
 * P1 (SPEC §5.2): 1,000,000 catalog rows of mixed items through the real ingest path (parse, validate against
 * the catalog, version by natural key, quarantine on, outbox events) on PostgreSQL, against a raw COPY of the
 * very same CSV files into plain tables in the same run. ratio = our rows/s ÷ COPY rows/s (target ≥ 0.5).
 */
export async function benchAggregation(total = Number(process.env.BENCH_P1_ROWS ?? 1_000_000)): Promise<BenchResult> {
  const scratch = await scratchPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'xr-p1-'));
  try {
    const config = loadConfig({ DATABASE_URL: BENCH_DATABASE_URL, FIELD_ENCRYPTION_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'silent' });
    const platform = await createPlatform(config, { db: scratch.db });
    const services = createServices(platform);
    await services.catalog.ensureSeeded();
    const operator = await services.identity.createOrganisation({ kind: 'operator', name: 'bench operator', regionCode: '131000' });

    // Files prepared untimed: one CSV per item with the catalog field codes as header.
    const perItem = Math.ceil(total / ITEMS.length);
    const enterprises = [...generateEnterprises({ count: 50_000, seed: 7, regionPrefix: '1310' })];
    const files: { item: CatalogItem; path: string; rows: number }[] = [];
    for (const code of ITEMS) {
      const item = (await services.catalog.item(code))!;
      const lines = [item.fields.map((f) => f.code).join(',')];
      for (let i = 0; i < perItem; i++) {
        const e = enterprises[i % enterprises.length];
        lines.push(item.fields.map((f) => cell(valueFor(f, e.uscc, e.name, i))).join(','));
      }
      const path = join(dir, `${code}.csv`);
      writeFileSync(path, lines.join('\n') + '\n');
      files.push({ item, path, rows: perItem });
    }
    const bytes = files.reduce((n, f) => n + statSync(f.path).size, 0);

    // Where the time goes (reported with the result): validation/preparation in Node vs. chunk commits.
    const w = services.aggregation.writer;
    const timing = { prepare_s: 0, commit_wait_s: 0 };
    const prepareChunk = w.prepareChunk;
    w.prepareChunk = async (...args) => {
      const t = performance.now();
      try { return await prepareChunk(...args); } finally { timing.prepare_s += (performance.now() - t) / 1000; }
    };
    const commitChunk = w.commitChunk;
    w.commitChunk = async (...args) => {
      const t = performance.now();
      try { return await commitChunk(...args); } finally { timing.commit_wait_s += (performance.now() - t) / 1000; }
    };
    const t0 = performance.now();
    let inserted = 0;
    let quarantined = 0;
    for (const f of files) {
      const r = await services.aggregation.submit({
        submitter: { orgId: operator, orgKind: 'operator', category: f.item.provider.category, actor: 'bench' },
        batchKey: `p1-${f.item.code}`, itemCode: f.item.code, format: 'csv', source: 'cli',
        open: () => createReadStream(f.path, { highWaterMark: 1024 * 1024 }),
      });
      inserted += r.counts.inserted;
      quarantined += r.counts.quarantined;
    }
    const oursSeconds = (performance.now() - t0) / 1000;

    // Baselines, same run, same database, one connection each:
    //  (1) the target: a raw COPY of the very same rows as stored (exported untimed from records) into an
    //      identical empty table (LIKE records INCLUDING ALL) — storage without validation, versioning, quarantine;
    //  (2) for transparency: a raw COPY of the provider CSV files into plain text tables without any index.
    const client = new pg.Client({ connectionString: BENCH_DATABASE_URL, options: `-c search_path=${scratch.schema}` });
    await client.connect();
    try {
      const stored = join(dir, 'records.copy');
      await pipeline(client.query(copyTo('COPY records TO STDOUT')), createWriteStream(stored));
      await client.query('CREATE TABLE records_baseline (LIKE records INCLUDING ALL)');
      const t1 = performance.now();
      await pipeline(createReadStream(stored, { highWaterMark: 1024 * 1024 }), client.query(copyFrom('COPY records_baseline FROM STDIN')));
      const copySeconds = (performance.now() - t1) / 1000;

      for (const f of files) await client.query(`CREATE TABLE copy_${f.item.code.toLowerCase()} (${f.item.fields.map((x) => `${x.code} text`).join(', ')})`);
      const t2 = performance.now();
      for (const f of files) {
        await pipeline(createReadStream(f.path, { highWaterMark: 1024 * 1024 }), client.query(copyFrom(`COPY copy_${f.item.code.toLowerCase()} FROM STDIN WITH (FORMAT csv, HEADER true)`)));
      }
      const csvCopySeconds = (performance.now() - t2) / 1000;
      const rows = files.reduce((n, f) => n + f.rows, 0);
      const ratio = copySeconds / oursSeconds;
      return {
        id: 'P1', title: `aggregate ${rows.toLocaleString('en')} catalog rows of ${ITEMS.length} items (CSV → validated, versioned, quarantine on, outbox) on PostgreSQL`,
        target: '≥ 0.5 × raw COPY throughput of the same rows into an identical table', pass: ratio >= 0.5 && inserted + quarantined === rows,
        ratio: round(ratio), rows, bytes, seconds: round(oursSeconds), rows_per_s: Math.round(rows / oursSeconds),
        baseline_copy_seconds: round(copySeconds), baseline_rows_per_s: Math.round(rows / copySeconds), inserted, quarantined,
        ...Object.fromEntries(Object.entries(timing).map(([k, v]) => [k, round(v)])),
        plain_csv_copy_seconds: round(csvCopySeconds), ratio_vs_plain_csv_copy: round(csvCopySeconds / oursSeconds),
      };
    } finally {
      await client.end();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await scratch.drop();
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
