import { randomBytes } from 'node:crypto';
import { scratchPostgres } from './support.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createPlatform } from '../src/platform/platform.ts';
import { BENCH_DATABASE_URL } from './support.ts';
import { aggregationStore, RECORD_COLUMNS } from '../src/modules/aggregation/store.ts';
import { appendEvent } from '../src/platform/events/index.ts';
const scratch = await scratchPostgres();
const config = loadConfig({ DATABASE_URL: BENCH_DATABASE_URL, FIELD_ENCRYPTION_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'silent' });
await createPlatform(config, { db: scratch.db });
const store = aggregationStore(scratch.db);
const t = { lookup: 0, copy: 0, event: 0, total: 0 };
for (let c = 0; c < 20; c++) {
  const rows = Array.from({ length: 5000 }, (_, i) => { const n = c * 5000 + i; return [`91131002MA${String(n).padStart(8, '0')}`, 'UTILITY_WATER', `W${n}`, '1', JSON.stringify({ entity_name: '示范企业有限公司' + n, entity_type: '法人及非法人组织', uscc: 'x', water_account: `W${n}`, water_payment_details: null, avg_monthly_water_3m: '12.5', avg_monthly_water_6m: '13.25', in_arrears: false, stat_date: '2026-10-31' }), null, randomBytes(32).toString('hex'), new Date().toISOString(), null, null, 'provider'] as (string | null)[]; });
  const t0 = performance.now();
  await scratch.db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['records:UTILITY_WATER']);
    let a = performance.now();
    await store.currentVersions(q, 'UTILITY_WATER', rows.map((r) => r[0]!), rows.map((r) => r[2]!));
    t.lookup += performance.now() - a; a = performance.now();
    await q.copyRows('records', RECORD_COLUMNS, rows);
    t.copy += performance.now() - a; a = performance.now();
    await appendEvent(q, 'x', { item: 'UTILITY_WATER', changes: rows.map((r) => ({ uscc: r[0], key: r[2], version: 1, change: 'inserted' })) });
    t.event += performance.now() - a;
  });
  t.total += performance.now() - t0;
}
console.log(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v) + ' ms'])));
await scratch.drop();
