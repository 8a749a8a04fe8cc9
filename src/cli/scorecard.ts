import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import iconv from 'iconv-lite';
import { ConfigError } from '../platform/config.ts';
import { crossValidate, datasetFromCsv, modelCard, trainScorecard, type Trend } from '../modules/scoring/index.ts';

export interface ScorecardTrainOptions {
  csv: string;
  target: string;
  bad?: string;
  folds?: number;
  repeats?: number;
  seed?: number;
  woe?: boolean;
  lambda?: number;
  bins?: number;
  trend?: Trend;
  minBinShare?: number;
  screening?: boolean;
  categorical?: string[];
  ignore?: string[];
  encoding?: 'utf-8' | 'gbk';
  /** With woe: also train on all rows and write the model JSON / model card here. */
  model?: string;
  card?: string;
}

/**
 * `xinrong scorecard train`: cross-validates the scorecard engine on any CSV and returns the figures as JSON, so
 * anyone can check the engine on their own data. The whole procedure (standardisation or binning and screening,
 * then the fit) is redone inside each training fold.
 */
export function scorecardTrain(o: ScorecardTrainOptions) {
  const started = performance.now();
  if (!existsSync(o.csv)) throw new ConfigError([`no such CSV file: ${o.csv}`]);
  const bytes = readFileSync(o.csv);
  const text = o.encoding === 'gbk' ? iconv.decode(bytes, 'gbk') : bytes.toString('utf8');
  const data = datasetFromCsv(text, { target: o.target, bad: o.bad, categorical: o.categorical, ignore: o.ignore });
  const binning = { preBins: o.bins ?? 20, trend: o.trend ?? 'auto', minBinShare: o.minBinShare ?? 0.05 };
  const screening = o.screening === false ? (false as const) : {};
  const method = o.woe ? 'woe' : 'onehot';
  const cv = crossValidate(data, { folds: o.folds ?? 5, repeats: o.repeats ?? 1, seed: o.seed ?? 1, method, lambda: o.lambda ?? 1e-4, binning, screening });
  if ((o.model || o.card) && o.woe) {
    const model = trainScorecard(data, { name: basename(o.csv).replace(/\.csv$/i, ''), dataset: basename(o.csv), lambda: o.lambda ?? 1e-4, binning, screening });
    model.metrics.crossValidation = cv;
    if (o.model) writeFileSync(o.model, JSON.stringify(model, null, 2) + '\n');
    if (o.card) writeFileSync(o.card, modelCard(model));
  }
  const { values: aucValues, ...auc } = cv.auc;
  const { values: ksValues, ...ks } = cv.ks;
  return {
    csv: o.csv,
    target: { column: data.target.name, bad: data.target.bad, good: data.target.good },
    rows: cv.rows,
    bads: cv.bads,
    characteristics: data.columns.map((c) => ({ name: c.name, kind: c.kind })),
    method: method === 'woe' ? 'woe-logistic' : 'one-hot-logistic',
    lambda: o.lambda ?? 1e-4,
    ...(o.woe ? { binning, screening: screening !== false } : {}),
    folds: cv.folds,
    repeats: cv.repeats,
    seed: cv.seed,
    auc: { ...auc, count: cv.count, values: aucValues },
    ks: { ...ks, count: cv.count, values: ksValues },
    seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
  };
}

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
function int(name: string, min: number) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new ConfigError([`${name} must be an integer ≥ ${min} (got ${v})`]);
    return n;
  };
}
function num(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new ConfigError([`${name} must be a non-negative number (got ${v})`]);
    return n;
  };
}

export function registerScorecardCommand(program: Command): void {
  const scorecard = program.command('scorecard').description('Statistical scorecard engine (binning, WOE, logistic regression, PDO scaling)');
  scorecard
    .command('train')
    .description('Cross-validate a logistic regression (one-hot, or WOE with --woe) on a CSV and print AUC and KS')
    .requiredOption('--csv <file>', 'CSV file with a header row (UTF-8, or --encoding gbk)')
    .requiredOption('--target <column>', 'the outcome column (two values)')
    .option('--bad <value>', 'the outcome value meaning bad (default: the minority class)')
    .option('--folds <k>', 'folds of stratified K-fold', int('--folds', 2), 5)
    .option('--repeats <r>', 'repeats with fresh shuffles', int('--repeats', 1), 1)
    .option('--seed <s>', 'seed of the fold shuffles', int('--seed', 0), 1)
    .option('--woe', 'WOE logistic regression (binning refitted in each fold) instead of the one-hot design')
    .option('--lambda <l>', 'L2 penalty on the mean log-loss', num('--lambda'), 1e-4)
    .option('--bins <n>', 'WOE: equal-frequency pre-bins', int('--bins', 2), 20)
    .option('--trend <trend>', 'WOE: monotonic trend auto|increasing|decreasing|none', 'auto')
    .option('--min-bin-share <share>', 'WOE: minimum share of rows per bin', num('--min-bin-share'), 0.05)
    .option('--no-screening', 'WOE: keep every characteristic (no IV / missing-rate / correlation screening)')
    .option('--categorical <columns>', 'comma-separated columns to treat as categorical though numeric', list)
    .option('--ignore <columns>', 'comma-separated columns to leave out (a column named id always is)', list)
    .option('--encoding <encoding>', 'utf-8 or gbk', 'utf-8')
    .option('--model <file>', 'WOE: also train on all rows and write the scorecard model JSON here')
    .option('--card <file>', 'WOE: also write the model card (Markdown) here')
    .option('--json', 'print the full result as JSON (per-fold values included)')
    .action((opts) => {
      if (!['auto', 'increasing', 'decreasing', 'none'].includes(opts.trend)) throw new ConfigError([`--trend must be auto, increasing, decreasing or none (got ${opts.trend})`]);
      if (!['utf-8', 'gbk'].includes(opts.encoding)) throw new ConfigError([`--encoding must be utf-8 or gbk (got ${opts.encoding})`]);
      if ((opts.model || opts.card) && !opts.woe) throw new ConfigError(['--model and --card need --woe (a scorecard is a WOE model)']);
      const r = scorecardTrain(opts);
      if (opts.json) console.log(JSON.stringify(r, null, 2));
      else {
        console.log(`${r.method}: AUC ${r.auc.mean.toFixed(4)} ± ${r.auc.sd.toFixed(4)}, KS ${r.ks.mean.toFixed(4)} ± ${r.ks.sd.toFixed(4)} ` +
          `over ${r.auc.count} held-out folds (${r.repeats}×${r.folds}, seed ${r.seed}); ${r.rows} rows, ${r.bads} bad (${r.target.column} = ${r.target.bad}); ${r.seconds} s`);
      }
    });
}
