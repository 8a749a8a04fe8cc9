import type { Features } from './features.ts';
import { GRADES, outcomesOf, type Cap, type Grade, type Indicator, type ModelDefinition, type Outcome } from './model.ts';

/**
 * One factor behind a score as stored: which rule outcome (`<indicator>.<outcome>` or a cap code), which way it
 * moved the score, by how many points, and the feature value it was about. The plain-language text is rendered
 * from the (immutable) model version when read, so a million stored scores do not carry a million copies of it.
 */
export interface StoredReason {
  code: string;
  direction: 'up' | 'down';
  /** points on the model's scale relative to the indicator's neutral outcome (0 for caps) */
  points: number;
  value?: string | number | boolean | null;
}

/** A reason as shown: the stored factor with its text in both languages. */
export interface Reason {
  code: string;
  direction: 'up' | 'down';
  points: number;
  zh: string;
  en: string;
}

export interface DimensionScore {
  code: string;
  zh: string;
  en: string;
  /** 0–100 */
  score: number;
  weight: number;
}

export interface Evaluation {
  score: number;
  grade: string;
  /** dimension code → 0–100 */
  dimensions: Record<string, number>;
  reasons: StoredReason[];
}
type FeatureValue = string | number | boolean | null | undefined;

function outcomeOf(ind: Indicator, value: FeatureValue): Outcome {
  const rule = ind.rule;
  if (value === null || value === undefined) return rule.missing;
  switch (rule.type) {
    case 'bands': {
      const n = Number(value);
      if (!Number.isFinite(n)) return rule.missing;
      return rule.bands.find((b) => b.below === undefined || n < b.below) ?? rule.bands[rule.bands.length - 1];
    }
    case 'flag':
      return value === true ? rule.yes : value === false ? rule.no : rule.missing;
    case 'category':
      return Object.hasOwn(rule.values, String(value)) ? rule.values[String(value)] : rule.other;
  }
}

function formatValue(value: FeatureValue): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(value >= 100 ? 0 : 1);
  return String(value ?? '');
}

const fill = (text: string, value: FeatureValue) => text.replaceAll('{value}', formatValue(value));

/** The grade of a score, with "+"/"-" where the band defines them. */
export function gradeOf(model: ModelDefinition, score: number): string {
  const band = model.grades.find((g) => score >= g.min) ?? model.grades[model.grades.length - 1];
  if (band.plusFrom !== undefined && score >= band.plusFrom) return `${band.grade}+`;
  if (band.minusBelow !== undefined && score < band.minusBelow) return `${band.grade}-`;
  return band.grade;
}

function capHolds(cap: Cap, value: FeatureValue): boolean {
  if (value === null || value === undefined) return false;
  if (cap.above !== undefined) return Number(value) > cap.above;
  return cap.in?.includes(String(value)) ?? false;
}

const rank = (g: string) => GRADES.indexOf(g.charAt(0) as Grade);
const round1 = (n: number) => Math.round(n * 10) / 10;

interface Factor {
  code: string;
  delta: number;
  value: FeatureValue;
}

/**
 * Scores one enterprise's features with a model. Deterministic: the same features and model give the same
 * score, grade and reasons. Score = scale × Σ_d (w_d/Σw) × Σ_i (w_i/Σw_i) × points_i / 100. A reason's points are
 * what its outcome adds or takes away against the indicator's neutral points, on the same scale.
 */
export function evaluateFeatures(model: ModelDefinition, features: Partial<Features>): Evaluation {
  const values = features as Record<string, FeatureValue>;
  const dimWeight = model.dimensions.reduce((s, d) => s + d.weight, 0);
  let total = 0;
  const dimensions: Record<string, number> = {};
  const up: Factor[] = [];
  const down: Factor[] = [];
  for (const d of model.dimensions) {
    const indWeight = d.indicators.reduce((s, i) => s + i.weight, 0);
    let dimScore = 0;
    for (const ind of d.indicators) {
      const value = values[ind.feature];
      const outcome = outcomeOf(ind, value);
      const share = ind.weight / indWeight;
      dimScore += share * outcome.points;
      const neutral = ind.neutral ?? ind.rule.missing.points;
      const delta = ((outcome.points - neutral) * share * (d.weight / dimWeight) * model.scale) / 100;
      if (delta >= 0.05) up.push({ code: `${ind.code}.${outcome.code}`, delta, value });
      else if (delta <= -0.05) down.push({ code: `${ind.code}.${outcome.code}`, delta, value });
    }
    total += (d.weight / dimWeight) * dimScore;
    dimensions[d.code] = round1(dimScore);
  }
  const score = Math.round((total * model.scale) / 100);
  let grade = gradeOf(model, score);
  const reasons: StoredReason[] = [];
  for (const cap of model.caps) {
    if (!capHolds(cap, values[cap.feature])) continue;
    reasons.push({ code: cap.code, direction: 'down', points: 0 });
    if (rank(grade) < rank(cap.maxGrade)) grade = cap.maxGrade;
  }
  // Strongest first; ties broken by code so the order never depends on the model's layout alone.
  const byStrength = (a: Factor, b: Factor) => Math.abs(b.delta) - Math.abs(a.delta) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const stored = (f: Factor, direction: 'up' | 'down'): StoredReason =>
    (f.value === undefined ? { code: f.code, direction, points: round1(f.delta) } : { code: f.code, direction, points: round1(f.delta), value: f.value });
  for (const f of down.sort(byStrength).slice(0, model.reasons.down)) reasons.push(stored(f, 'down'));
  for (const f of up.sort(byStrength).slice(0, model.reasons.up)) reasons.push(stored(f, 'up'));
  return { score, grade, dimensions, reasons };
}

/** The stored reasons in plain language, from the model version that produced them. */
export function renderReasons(model: ModelDefinition, reasons: readonly StoredReason[]): Reason[] {
  return reasons.map((r) => {
    const cap = model.caps.find((c) => c.code === r.code);
    if (cap) return { code: r.code, direction: r.direction, points: r.points, zh: cap.zh, en: cap.en };
    const dot = r.code.indexOf('.');
    const indCode = r.code.slice(0, dot);
    const outCode = r.code.slice(dot + 1);
    const ind = model.dimensions.flatMap((d) => d.indicators).find((i) => i.code === indCode);
    const outcome = ind ? outcomesOf(ind.rule).find((o) => o.code === outCode) : undefined;
    if (!outcome) return { code: r.code, direction: r.direction, points: r.points, zh: r.code, en: r.code };
    return { code: r.code, direction: r.direction, points: r.points, zh: fill(outcome.zh, r.value), en: fill(outcome.en, r.value) };
  });
}

/** The stored dimension scores with their names and weights. */
export function renderDimensions(model: ModelDefinition, dims: Record<string, number>): DimensionScore[] {
  return model.dimensions.map((d) => ({ code: d.code, zh: d.zh, en: d.en, weight: d.weight, score: dims[d.code] ?? 0 }));
}
