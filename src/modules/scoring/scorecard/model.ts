import type { Localized } from '../../../platform/i18n/index.ts';
import { assignBins, type Bin, type Binning, type BinningOptions } from './binning.ts';
import { crossValidate, type CrossValidationResult } from './cross-validation.ts';
import { countBad, columnOf, type Dataset } from './dataset.ts';
import { fitLogistic, linearPredictor, type LogisticOptions } from './logistic.ts';
import { discrimination, type Discrimination } from './metrics.ts';
import { MISSING_TOKENS } from './csv.ts';
import { attributePoints, DEFAULT_SCALING, scalingConstants, type Scaling } from './scaling.ts';
import { binAll, screenCharacteristics, woeDesign, type ScreeningOptions, type ScreeningResult } from './woe.ts';

export const MODEL_FORMAT = 'xinrong.scorecard/1';

/** One characteristic of a scorecard: its bins with WOE and points, and its coefficient. */
export interface Characteristic extends Binning {
  coefficient: number;
  bins: (Bin & { points: number })[];
  /** Points of a value that falls in no bin (missing or unseen level with no missing bin in training): WOE 0. */
  neutralPoints: number;
}

/** A trained WOE scorecard as plain JSON: what a model registry stores and `scoreRow` reads. */
export interface ScorecardModel {
  format: typeof MODEL_FORMAT;
  name: string;
  version: string;
  createdAt: string;
  target: { column: string; bad: string; good: string };
  intercept: number;
  lambda: number;
  characteristics: Characteristic[];
  scaling: Scaling & { factor: number; offset: number; roundPoints: boolean };
  screening: { dropped: ScreeningResult['dropped'] };
  metrics: {
    train: Discrimination & { logLoss: number };
    crossValidation?: Omit<CrossValidationResult, 'auc' | 'ks'> & { auc: CrossValidationResult['auc']; ks: CrossValidationResult['ks'] };
  };
  training: {
    dataset: string;
    rows: number;
    bads: number;
    badRate: number;
    binning: BinningOptions;
    screening: ScreeningOptions | false;
    solver: { method: 'newton-irls'; iterations: number; gradientNorm: number; converged: boolean };
  };
}

export interface TrainOptions {
  name?: string;
  version?: string;
  /** A description of the training data for the model card (source, period, licence). */
  dataset?: string;
  lambda?: number;
  binning?: BinningOptions;
  screening?: ScreeningOptions | false;
  scaling?: Partial<Scaling>;
  /** Round attribute points to integers (default true); the score is the sum of the points shown. */
  roundPoints?: boolean;
  /** Cross-validate the whole procedure as well (binning refitted in each fold); default none. */
  crossValidation?: { folds: number; repeats: number; seed: number | string };
  solver?: Omit<LogisticOptions, 'lambda'>;
  now?: Date;
}

/** Bins, screens, fits the WOE logistic regression and scales it to points. */
export function trainScorecard(data: Dataset, opts: TrainOptions = {}): ScorecardModel {
  const binningOpts = opts.binning ?? {};
  const screeningOpts = opts.screening ?? {};
  const binned = binAll(data, binningOpts);
  const screening = screeningOpts === false ? { kept: binned, dropped: [] } : screenCharacteristics(binned, data, screeningOpts);
  const design = woeDesign(screening.kept, data);
  const fit = fitLogistic(design, { ...opts.solver, lambda: opts.lambda });
  const z = linearPredictor(design, fit);
  const scaling = { ...DEFAULT_SCALING, ...opts.scaling };
  const { factor, offset } = scalingConstants(scaling);
  const roundPoints = opts.roundPoints ?? true;
  const m = screening.kept.length;
  const pts = (beta: number, woe: number) => {
    const v = attributePoints(scaling, beta, woe, fit.intercept, m);
    return roundPoints ? Math.round(v) : v;
  };
  const characteristics: Characteristic[] = screening.kept.map((b, j) => {
    const beta = fit.coefficients[j];
    return { ...b, coefficient: beta, bins: b.bins.map((bin) => ({ ...bin, points: pts(beta, bin.woe) })), neutralPoints: pts(beta, 0) };
  });
  const bads = countBad(data.target.y);
  const cv = opts.crossValidation
    ? crossValidate(data, { ...opts.crossValidation, method: 'woe', lambda: opts.lambda, binning: binningOpts, screening: screeningOpts })
    : undefined;
  return {
    format: MODEL_FORMAT,
    name: opts.name ?? 'scorecard',
    version: opts.version ?? '1',
    createdAt: (opts.now ?? new Date()).toISOString(),
    target: { column: data.target.name, bad: data.target.bad, good: data.target.good },
    intercept: fit.intercept,
    lambda: fit.lambda,
    characteristics,
    scaling: { ...scaling, factor, offset, roundPoints },
    screening: { dropped: screening.dropped },
    metrics: { train: { ...discrimination(z, data.target.y), logLoss: fit.logLoss }, ...(cv ? { crossValidation: cv } : {}) },
    training: {
      dataset: opts.dataset ?? 'unspecified',
      rows: data.rows, bads, badRate: bads / data.rows,
      binning: binningOpts, screening: screeningOpts,
      solver: { method: 'newton-irls', iterations: fit.iterations, gradientNorm: fit.gradientNorm, converged: fit.converged },
    },
  };
}

export type RowInput = Record<string, string | number | null | undefined>;

export interface Reason {
  characteristic: string;
  bin: string;
  /** Points lost against the best attribute of the characteristic. */
  cost: number;
  text: Localized;
}

export interface RowScore {
  score: number;
  probabilityOfBad: number;
  points: { characteristic: string; bin: string; points: number }[];
  reasons: Reason[];
}

/** Plain-language names of characteristics for reason codes, e.g. { duration_in_month: { zh: '贷款期限（月）', en: 'loan term (months)' } }. */
export type ReasonLabels = Record<string, Localized>;

function columnFor(c: Characteristic, value: RowInput[string]) {
  const text = value === null || value === undefined ? '' : String(value).trim();
  const missing = MISSING_TOKENS.has(text);
  if (c.kind === 'numeric') return { name: c.name, kind: 'numeric' as const, values: Float64Array.of(missing ? NaN : Number(text)) };
  return { name: c.name, kind: 'categorical' as const, values: [missing ? null : text] };
}

/** Scores one applicant: total score, points per characteristic and the reasons costing the most points. */
export function scoreRow(model: ScorecardModel, row: RowInput, opts: { labels?: ReasonLabels; maxReasons?: number } = {}): RowScore {
  let z = model.intercept;
  const points: RowScore['points'] = [];
  const costs: Reason[] = [];
  for (const c of model.characteristics) {
    const k = assignBins(c, columnFor(c, row[c.name]))[0];
    const bin = k < 0 ? null : c.bins[k];
    const p = bin ? bin.points : c.neutralPoints;
    const label = bin ? bin.label : '<no bin>';
    z += c.coefficient * (bin ? bin.woe : 0);
    points.push({ characteristic: c.name, bin: label, points: p });
    const best = Math.max(c.neutralPoints, ...c.bins.map((b) => b.points));
    const cost = best - p;
    if (cost > 0) {
      const name = opts.labels?.[c.name] ?? { zh: c.name, en: c.name };
      const shown = Number(cost.toFixed(1));
      costs.push({
        characteristic: c.name, bin: label, cost,
        text: { zh: `${name.zh}（${label}）：比最佳情形少 ${shown} 分`, en: `${name.en} (${label}): ${shown} points below the best attribute` },
      });
    }
  }
  const score = points.reduce((s, p) => s + p.points, 0);
  const reasons = costs.sort((a, b) => b.cost - a.cost || a.characteristic.localeCompare(b.characteristic)).slice(0, opts.maxReasons ?? 4);
  return { score, probabilityOfBad: 1 / (1 + Math.exp(-z)), points, reasons };
}

/** Scores and linear predictors (ln odds of bad) of every row of a dataset. */
export function scoreDataset(model: ScorecardModel, data: Dataset): { score: Float64Array; z: Float64Array } {
  const score = new Float64Array(data.rows);
  const z = new Float64Array(data.rows).fill(model.intercept);
  for (const c of model.characteristics) {
    const bins = assignBins(c, columnOf(data, c.name));
    for (let i = 0; i < data.rows; i++) {
      const b = bins[i] < 0 ? null : c.bins[bins[i]];
      score[i] += b ? b.points : c.neutralPoints;
      z[i] += c.coefficient * (b ? b.woe : 0);
    }
  }
  return { score, z };
}
