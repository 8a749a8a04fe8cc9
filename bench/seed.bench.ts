import { loadConfig } from '../src/platform/config.ts';
import { createPlatform } from '../src/platform/platform.ts';
import { demoEntityRow, seedEnterprises } from '../src/modules/demo/index.ts';
import { ENTITY_COLUMNS, generateEnterprises } from '../src/modules/entities/index.ts';
import { randomBytes } from 'node:crypto';
import { BENCH_DATABASE_URL, scratchPostgres, type BenchResult } from './support.ts';

/**
 * Seed throughput (issue 2): `xinrong seed --enterprises 1000000` on PostgreSQL must finish in ≤ 120 s.
 * Baseline in the same run: a raw COPY of the very same prepared rows into an identical empty table.
 */
export async function benchSeed(count = Number(process.env.BENCH_SEED_ROWS ?? 1_000_000)): Promise<BenchResult> {
  const scratch = await scratchPostgres();
  try {
    const config = loadConfig({ DATABASE_URL: BENCH_DATABASE_URL, FIELD_ENCRYPTION_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'silent' });
    const platform = await createPlatform(config, { db: scratch.db });
    const t0 = performance.now();
    const { count: loaded } = await seedEnterprises(platform, { enterprises: count, seed: 1 });
    const seedSeconds = (performance.now() - t0) / 1000;

    // Baseline: rows prepared in memory first (untimed), then only the COPY is timed.
    const prepared: (string | null)[][] = [];
    for (const e of generateEnterprises({ count, seed: 2, regionPrefix: '1310' })) prepared.push(demoEntityRow(platform, e));
    await scratch.db.exec('CREATE TABLE entities_copy_baseline (LIKE entities INCLUDING ALL)');
    const t1 = performance.now();
    await scratch.db.copyRows('entities_copy_baseline', ENTITY_COLUMNS, prepared);
    const copySeconds = (performance.now() - t1) / 1000;
    return {
      id: 'SEED', title: `seed ${count.toLocaleString('en')} enterprises on PostgreSQL (generate, validate, classify, encrypt, COPY)`,
      target: '≤ 120 s for 1,000,000', pass: loaded === count && (count < 1_000_000 ? seedSeconds * (1_000_000 / count) <= 120 : seedSeconds <= 120),
      seconds: round(seedSeconds), rows: loaded, rows_per_s: Math.round(loaded / seedSeconds),
      baseline_copy_seconds: round(copySeconds), ratio: round(copySeconds / seedSeconds),
    };
  } finally {
    await scratch.drop();
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
