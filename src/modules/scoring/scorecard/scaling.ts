import { badRequest } from '../../../platform/http/problem.ts';

/**
 * PDO scaling (Siddiqi, "Credit Risk Scorecards", ch. 8): score = offset + factor·ln(odds of good), with
 * factor = PDO / ln 2 and offset = baseScore − factor·ln(baseOdds). A model giving z = ln(odds of bad) = b + Σ β_j·WOE_j
 * therefore scores offset − factor·z, which is spread over the m characteristics as
 *   points_jk = −factor·(β_j·WOE_jk + b/m) + offset/m,
 * so the points of a row's attributes add up to its score. Higher score = lower risk.
 */
export interface Scaling {
  /** Score at the base odds, e.g. 600. */
  baseScore: number;
  /** Odds of good to bad at the base score, e.g. 50 (50:1). */
  baseOdds: number;
  /** Points to double the odds, e.g. 20. */
  pdo: number;
}

export const DEFAULT_SCALING: Scaling = { baseScore: 600, baseOdds: 50, pdo: 20 };

export function scalingConstants(s: Scaling): { factor: number; offset: number } {
  if (!(s.pdo > 0) || !(s.baseOdds > 0)) throw badRequest('SCORECARD_BAD_SCALING', { en: 'PDO and base odds must be positive', zh: 'PDO 与基准比率必须为正数' });
  const factor = s.pdo / Math.LN2;
  return { factor, offset: s.baseScore - factor * Math.log(s.baseOdds) };
}

/** Points of one attribute (bin with weight of evidence `woe`) of one of m characteristics. */
export function attributePoints(s: Scaling, coefficient: number, woe: number, intercept: number, m: number): number {
  const { factor, offset } = scalingConstants(s);
  return -factor * (coefficient * woe + intercept / m) + offset / m;
}

/** Score of a linear predictor z = ln(odds of bad). */
export function scoreOf(s: Scaling, z: number): number {
  const { factor, offset } = scalingConstants(s);
  return offset - factor * z;
}

/** Probability of bad at a score (the inverse of scoreOf). */
export function badProbabilityAt(s: Scaling, score: number): number {
  const { factor, offset } = scalingConstants(s);
  return 1 / (1 + Math.exp((score - offset) / factor));
}
