import { featureOf, isNumericKind, type CleanroomFeature } from './features.ts';

/**
 * A clean-room model as a declarative spec (数据安全屋 模型声明): a scorecard (bins over named features with points,
 * base points) or a logistic model (coefficients over named features, its own intercept, optional standardisation),
 * both with cut-offs that map the score to decision bands. Nothing in a spec is code: the platform evaluates it.
 */
export interface RangeBin { min?: number | null; max?: number | null; points: number }
export interface ValueBin { values: string[]; points: number }
export type Bin = RangeBin | ValueBin;
export interface Characteristic { feature: string; bins: Bin[]; missingPoints?: number }
export interface Term { feature: string; coefficient: number; standardise?: { mean: number; sd: number }; missing?: number }
/** Bands from the highest score down: score ≥ min → band; the last band has no min and takes every lower score. */
export interface Cutoff { band: string; min?: number | null; label?: string }

export interface ScorecardSpec { kind: 'scorecard'; basePoints: number; characteristics: Characteristic[]; cutoffs: Cutoff[] }
export interface LogisticSpec { kind: 'logistic'; intercept: number; terms: Term[]; cutoffs: Cutoff[] }
export type ModelSpec = ScorecardSpec | LogisticSpec;

export interface SpecProblem { code: string; path: string; zh: string; en: string }

/** Limits that keep a spec reviewable by a person and cheap to run. */
export const LIMITS = { features: 60, bins: 50, values: 200, bands: 10 };
const BAND_CODE = /^[A-Za-z0-9_-]{1,32}$/;

const MESSAGES: Record<string, { zh: string; en: string }> = {
  SPEC_NOT_OBJECT: { zh: '模型声明须为 JSON 对象', en: 'The spec must be a JSON object' },
  SPEC_KIND_UNKNOWN: { zh: '模型类型须为 scorecard（评分卡）或 logistic（逻辑回归）', en: 'kind must be "scorecard" or "logistic"' },
  NUMBER_INVALID: { zh: '{path} 须为有限数字（不能是 NaN、无穷大或文字）', en: '{path} must be a finite number (not NaN, infinity or text)' },
  LIST_REQUIRED: { zh: '{path} 须为列表', en: '{path} must be a list' },
  TOO_MANY: { zh: '{path} 最多 {limit} 项', en: '{path} may hold at most {limit} entries' },
  FEATURES_EMPTY: { zh: '模型至少要使用一个特征', en: 'The model must use at least one feature' },
  FEATURE_UNKNOWN: { zh: '特征“{feature}”不是平台评价特征', en: 'Feature "{feature}" is not one of the platform\'s evaluation features' },
  FEATURE_DUPLICATE: { zh: '特征“{feature}”重复出现', en: 'Feature "{feature}" appears more than once' },
  FEATURE_NOT_NUMERIC: { zh: '特征“{feature}”是分类特征，逻辑回归只能使用数值或是/否特征', en: 'Feature "{feature}" is categorical; a logistic model can use only numeric or yes/no features' },
  BINS_EMPTY: { zh: '特征“{feature}”至少需要一个分箱', en: 'Feature "{feature}" needs at least one bin' },
  BIN_SHAPE: { zh: '{path}：{expected}', en: '{path}: {expectedEn}' },
  BIN_BOUNDS_INVALID: { zh: '{path} 的下限 {min} 须小于上限 {max}', en: '{path}: the lower bound {min} must be below the upper bound {max}' },
  BINS_OVERLAP: { zh: '特征“{feature}”的分箱 {a} 与 {b} 重叠', en: 'Bins {a} and {b} of feature "{feature}" overlap' },
  BIN_VALUE_UNKNOWN: { zh: '{path}：是/否特征的取值只能是 true 或 false', en: '{path}: a yes/no feature takes only the values true and false' },
  STANDARDISE_INVALID: { zh: '{path}：标准化的标准差须为正数', en: '{path}: the standard deviation must be positive' },
  CUTOFFS_MISSING: { zh: '缺少决策分档（cutoffs）：至少要有一个兜底分档', en: 'The cut-offs are missing: at least one (catch-all) band is needed' },
  CUTOFFS_NO_FLOOR: { zh: '最后一个分档不能设下限：低于 {min} 的分数将没有分档', en: 'The last band must have no minimum: scores under {min} would have no band' },
  CUTOFF_MIN_REQUIRED: { zh: '{path}：除最后一个外，每个分档都要有下限 min', en: '{path}: every band but the last needs a minimum' },
  CUTOFFS_ORDER: { zh: '分档下限须从高到低严格递减：{path} 的 {min} 不低于前一档', en: 'Band minimums must fall strictly from the first to the last: {path} ({min}) is not below the band before it' },
  CUTOFF_OUT_OF_RANGE: { zh: '{path}：逻辑回归输出为 0 到 1 之间的概率，分档下限须在 (0, 1) 内', en: '{path}: a logistic model outputs a probability, so band minimums must lie in (0, 1)' },
  BAND_CODE_INVALID: { zh: '{path}：分档代码须为 1–32 位字母、数字、下划线或连字符', en: '{path}: a band code is 1–32 letters, digits, "_" or "-"' },
  BAND_CODE_DUPLICATE: { zh: '分档代码“{band}”重复', en: 'Band code "{band}" appears more than once' },
};

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_m, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const hasBound = (v: unknown) => v !== undefined && v !== null;

/** Validates a spec as received (any JSON): every problem with its path and a zh/en message; [] when valid. */
export function validateSpec(input: unknown): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const add = (code: string, path: string, params: Record<string, string | number> = {}) => {
    const m = MESSAGES[code];
    const all = { path, ...params };
    problems.push({ code, path, zh: fill(m.zh, all), en: fill(m.en, { ...all, expected: String(params.expectedEn ?? '') }) });
  };
  const number = (v: unknown, path: string, optional = false): boolean => {
    if (optional && (v === undefined || v === null)) return true;
    if (isFiniteNumber(v)) return true;
    add('NUMBER_INVALID', path);
    return false;
  };
  const list = (v: unknown, path: string, limit: number): unknown[] | null => {
    if (!Array.isArray(v)) {
      add('LIST_REQUIRED', path);
      return null;
    }
    if (v.length > limit) add('TOO_MANY', path, { limit });
    return v;
  };

  if (!isObject(input)) {
    add('SPEC_NOT_OBJECT', '');
    return problems;
  }
  if (input.kind !== 'scorecard' && input.kind !== 'logistic') {
    add('SPEC_KIND_UNKNOWN', 'kind');
    return problems;
  }
  const seen = new Set<string>();
  const featureAt = (v: unknown, path: string): CleanroomFeature | undefined => {
    const code = typeof v === 'string' ? v : String(v);
    const f = featureOf(code);
    if (!f) add('FEATURE_UNKNOWN', path, { feature: code });
    else if (seen.has(code)) add('FEATURE_DUPLICATE', path, { feature: code });
    seen.add(code);
    return f;
  };

  if (input.kind === 'scorecard') {
    number(input.basePoints, 'basePoints');
    const chars = list(input.characteristics, 'characteristics', LIMITS.features);
    if (chars && chars.length === 0) add('FEATURES_EMPTY', 'characteristics');
    chars?.forEach((c, i) => {
      const path = `characteristics[${i}]`;
      if (!isObject(c)) return add('SPEC_NOT_OBJECT', path);
      const f = featureAt(c.feature, `${path}.feature`);
      number(c.missingPoints, `${path}.missingPoints`, true);
      const bins = list(c.bins, `${path}.bins`, LIMITS.bins);
      if (!bins) return;
      if (bins.length === 0) return add('BINS_EMPTY', `${path}.bins`, { feature: String(c.feature) });
      if (f) checkBins(f, bins, `${path}.bins`, add, number);
    });
  } else {
    number(input.intercept, 'intercept');
    const terms = list(input.terms, 'terms', LIMITS.features);
    if (terms && terms.length === 0) add('FEATURES_EMPTY', 'terms');
    terms?.forEach((t, i) => {
      const path = `terms[${i}]`;
      if (!isObject(t)) return add('SPEC_NOT_OBJECT', path);
      const f = featureAt(t.feature, `${path}.feature`);
      if (f && !isNumericKind(f.kind)) add('FEATURE_NOT_NUMERIC', `${path}.feature`, { feature: f.code });
      number(t.coefficient, `${path}.coefficient`);
      number(t.missing, `${path}.missing`, true);
      if (t.standardise !== undefined && t.standardise !== null) {
        const s = t.standardise;
        if (!isObject(s)) add('SPEC_NOT_OBJECT', `${path}.standardise`);
        else if (number(s.mean, `${path}.standardise.mean`) && number(s.sd, `${path}.standardise.sd`) && (s.sd as number) <= 0) {
          add('STANDARDISE_INVALID', `${path}.standardise.sd`);
        }
      }
    });
  }
  checkCutoffs(input.kind, input.cutoffs, add, number, list);
  return problems;
}

type Add = (code: string, path: string, params?: Record<string, string | number>) => void;
type NumberCheck = (v: unknown, path: string, optional?: boolean) => boolean;

function checkBins(f: CleanroomFeature, bins: unknown[], path: string, add: Add, number: NumberCheck) {
  const ranged = f.kind === 'numeric' || f.kind === 'integer';
  const intervals: { lo: number; hi: number; at: string }[] = [];
  const valuesSeen = new Map<string, string>();
  bins.forEach((b, j) => {
    const at = `${path}[${j}]`;
    if (!isObject(b)) return add('SPEC_NOT_OBJECT', at);
    number(b.points, `${at}.points`);
    if (ranged) {
      if (b.values !== undefined) {
        return add('BIN_SHAPE', at, { expected: '数值特征的分箱用 min / max 区间 [min, max)', expectedEn: 'bins of a numeric feature are ranges [min, max)' });
      }
      const okMin = number(b.min, `${at}.min`, true);
      const okMax = number(b.max, `${at}.max`, true);
      if (!okMin || !okMax) return;
      const lo = hasBound(b.min) ? (b.min as number) : -Infinity;
      const hi = hasBound(b.max) ? (b.max as number) : Infinity;
      if (lo >= hi) return add('BIN_BOUNDS_INVALID', at, { min: String(b.min), max: String(b.max) });
      intervals.push({ lo, hi, at });
    } else {
      if (b.min !== undefined || b.max !== undefined || !Array.isArray(b.values) || b.values.length === 0) {
        return add('BIN_SHAPE', at, { expected: '分类或是/否特征的分箱用取值列表 values', expectedEn: 'bins of a categorical or yes/no feature list their values' });
      }
      if (b.values.length > LIMITS.values) add('TOO_MANY', `${at}.values`, { limit: LIMITS.values });
      for (const raw of b.values as unknown[]) {
        const value = String(raw);
        if (f.kind === 'boolean' && value !== 'true' && value !== 'false') add('BIN_VALUE_UNKNOWN', `${at}.values`);
        const other = valuesSeen.get(value);
        if (other !== undefined) add('BINS_OVERLAP', at, { feature: f.code, a: other, b: at });
        valuesSeen.set(value, at);
      }
    }
  });
  intervals.sort((x, y) => x.lo - y.lo);
  for (let k = 1; k < intervals.length; k++) {
    // [lo, hi) intervals touch without overlapping when one's hi equals the next one's lo
    if (intervals[k].lo < intervals[k - 1].hi) add('BINS_OVERLAP', intervals[k].at, { feature: f.code, a: intervals[k - 1].at, b: intervals[k].at });
  }
}

function checkCutoffs(kind: 'scorecard' | 'logistic', value: unknown, add: Add, number: NumberCheck, list: (v: unknown, p: string, l: number) => unknown[] | null) {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return add('CUTOFFS_MISSING', 'cutoffs');
  const cutoffs = list(value, 'cutoffs', LIMITS.bands);
  if (!cutoffs) return;
  const codes = new Set<string>();
  let previous = Infinity;
  cutoffs.forEach((c, i) => {
    const at = `cutoffs[${i}]`;
    if (!isObject(c)) return add('SPEC_NOT_OBJECT', at);
    const band = typeof c.band === 'string' ? c.band : '';
    if (!BAND_CODE.test(band)) add('BAND_CODE_INVALID', `${at}.band`);
    else if (codes.has(band)) add('BAND_CODE_DUPLICATE', `${at}.band`, { band });
    codes.add(band);
    const last = i === cutoffs.length - 1;
    if (last) {
      if (hasBound(c.min)) add('CUTOFFS_NO_FLOOR', `${at}.min`, { min: String(c.min) });
      return;
    }
    if (!hasBound(c.min)) return add('CUTOFF_MIN_REQUIRED', `${at}.min`);
    if (!number(c.min, `${at}.min`)) return;
    const min = c.min as number;
    if (kind === 'logistic' && (min <= 0 || min >= 1)) add('CUTOFF_OUT_OF_RANGE', `${at}.min`);
    if (min >= previous) add('CUTOFFS_ORDER', `${at}.min`, { min });
    previous = min;
  });
}

/** A spec known to be valid, in its normal form: only the fields the platform reads, in a fixed shape. */
export function normaliseSpec(input: unknown): ModelSpec {
  const s = input as ModelSpec;
  const cutoffs = s.cutoffs.map((c, i) => ({ band: c.band, ...(i < s.cutoffs.length - 1 ? { min: c.min as number } : {}), ...(c.label ? { label: String(c.label).slice(0, 40) } : {}) }));
  if (s.kind === 'scorecard') {
    return {
      kind: 'scorecard', basePoints: s.basePoints, cutoffs,
      characteristics: s.characteristics.map((c) => ({
        feature: c.feature,
        ...(c.missingPoints !== undefined && c.missingPoints !== null ? { missingPoints: c.missingPoints } : {}),
        bins: c.bins.map((b) => ('values' in b && Array.isArray(b.values)
          ? { values: b.values.map(String), points: b.points }
          : { ...(hasBound((b as RangeBin).min) ? { min: (b as RangeBin).min } : {}), ...(hasBound((b as RangeBin).max) ? { max: (b as RangeBin).max } : {}), points: b.points })),
      })),
    };
  }
  return {
    kind: 'logistic', intercept: s.intercept, cutoffs,
    terms: s.terms.map((t) => ({
      feature: t.feature, coefficient: t.coefficient,
      ...(t.standardise ? { standardise: { mean: t.standardise.mean, sd: t.standardise.sd } } : {}),
      ...(t.missing !== undefined && t.missing !== null ? { missing: t.missing } : {}),
    })),
  };
}

/** The features a spec reads. */
export function featuresOf(spec: ModelSpec): string[] {
  return spec.kind === 'scorecard' ? spec.characteristics.map((c) => c.feature) : spec.terms.map((t) => t.feature);
}

/** Catalog items a run of the spec reads, which the enterprise's "model" authorisation must cover. */
export function itemsOf(spec: ModelSpec): string[] {
  return [...new Set(featuresOf(spec).flatMap((f) => featureOf(f)?.items ?? []))].sort();
}
