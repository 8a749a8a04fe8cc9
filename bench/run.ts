import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { machine, type BenchResult } from './support.ts';
import { benchColdStart } from './cold-start.bench.ts';
import { benchSeed } from './seed.bench.ts';
import { benchAggregation } from './aggregation.bench.ts';
import { benchAudit } from './audit.bench.ts';
import { benchScorecard } from './scorecard.bench.ts';
import { benchEvaluation } from './evaluation.bench.ts';
import { benchWhitelist } from './whitelist.bench.ts';
import { benchMarketplace } from './marketplace.bench.ts';
import { benchPrivacy } from './privacy.bench.ts';
import { benchReport } from './report.bench.ts';

/**
 * Runs the benchmarks and rewrites docs/benchmarks.{md,json} (SPEC §5.2). Pass ids to run a subset
 * (`npm run bench -- P7`); results of benchmarks not run this time are kept from the previous file, with
 * their own date, never estimated.
 */
const BENCHES: Record<string, () => Promise<BenchResult>> = {
  P7: () => benchColdStart(),
  P1: () => benchAggregation(),
  P5: () => benchAudit(),
  P6: () => benchScorecard(),
  P2: () => benchEvaluation(),
  'P4-WL': () => benchWhitelist(),
  P4: () => benchMarketplace(),
  P3: () => benchReport(),
  SEED: () => benchSeed(),
  P8: () => benchPrivacy(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const ids = wanted.length ? wanted : Object.keys(BENCHES);
const date = new Date().toISOString();
const fresh = new Map<string, BenchResult & { date: string }>();
for (const id of ids) {
  const run = BENCHES[id];
  if (!run) throw new Error(`unknown benchmark ${id}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.stderr.write(`running ${id} …\n`);
  const r = await run();
  fresh.set(id, { ...r, date });
  process.stderr.write(`${id}: ${JSON.stringify(r)}\n`);
}
// Read the previous results only now, so a benchmark of another id that finished meanwhile is kept.
const previous: { results: (BenchResult & { date?: string })[] } = existsSync('docs/benchmarks.json')
  ? JSON.parse(readFileSync('docs/benchmarks.json', 'utf8'))
  : { results: [] };
const results = new Map([...previous.results.map((r) => [r.id, r] as const), ...fresh]);
const ordered = [...results.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
const json = { machine: machine(), date, results: ordered };
writeFileSync('docs/benchmarks.json', JSON.stringify(json, null, 2) + '\n');

const headline = (r: BenchResult) =>
  ['seconds', 'ratio', 'p99_ms', 'appends_per_s', 'auc_diff', 'rows_per_s'].filter((k) => k in r).map((k) => `${k} = ${r[k]}`).join(', ');
const md = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (SPEC §5.2). Numbers are measured on the machine below, never estimated;',
  'a benchmark that has not been run is absent. PostgreSQL benchmarks use `BENCH_DATABASE_URL` or',
  '`DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/test`), each in a throw-away schema.',
  '',
  `Machine: ${json.machine}`,
  '',
  '| id | work | target | result | met | run at |',
  '|---|---|---|---|---|---|',
  ...ordered.map((r) => `| ${r.id} | ${r.title} | ${r.target} | ${headline(r)} | ${r.pass ? 'yes' : '**no**'} | ${(r as { date?: string }).date ?? date} |`),
  '',
  '## Raw figures',
  '',
  ...ordered.flatMap((r) => [`### ${r.id}`, '', '```json', JSON.stringify(r, null, 2), '```', '']),
].join('\n');
writeFileSync('docs/benchmarks.md', md);
process.stderr.write('wrote docs/benchmarks.md and docs/benchmarks.json\n');
