import { readFileSync } from 'node:fs';
import { FEATURE_CODES } from './features.ts';

/**
 * The indicator system of the public-credit comprehensive evaluation (公共信用综合评价, after the structure of
 * GB/T 45255-2025) as data: dimensions with weights, indicators with weights and scoring rules over features, grade
 * bands with optional +/− sub-grades, and caps (一票否决: a fact that limits the grade whatever the score).
 * README.md documents the format; src/data/evaluation/model-v1.json is the default.
 */
export interface Outcome {
  /** stable code, unique within its indicator; the reason code is `<indicator>.<outcome>` */
  code: string;
  /** 0–100 */
  points: number;
  /** the reason in plain language; `{value}` is replaced by the feature's value */
  zh: string;
  en: string;
}

export type Rule =
  /** numeric feature: the first band whose `below` exceeds the value; the last band has no `below` */
  | { type: 'bands'; bands: (Outcome & { below?: number })[]; missing: Outcome }
  /** boolean feature */
  | { type: 'flag'; yes: Outcome; no: Outcome; missing: Outcome }
  /** text feature (a code from a source scale, e.g. the environment credit grade) */
  | { type: 'category'; values: Record<string, Outcome>; other: Outcome; missing: Outcome };

export interface Indicator {
  code: string;
  feature: string;
  zh: string;
  en: string;
  weight: number;
  /** points that move the score neither way in reasons (default: the missing outcome's points) */
  neutral?: number;
  rule: Rule;
}

export interface Dimension {
  code: string;
  zh: string;
  en: string;
  weight: number;
  indicators: Indicator[];
}

export type Grade = 'A' | 'B' | 'C' | 'D';
export const GRADES: readonly Grade[] = ['A', 'B', 'C', 'D'];

export interface GradeBand {
  grade: Grade;
  /** lowest score of the band */
  min: number;
  /** scores from here get "+" (optional) */
  plusFrom?: number;
  /** scores below this get "-" (optional) */
  minusBelow?: number;
  zh: string;
  en: string;
}

export interface Cap {
  code: string;
  feature: string;
  /** the cap holds when the numeric feature is above this value */
  above?: number;
  /** or when the text feature is one of these */
  in?: string[];
  maxGrade: Grade;
  zh: string;
  en: string;
}

export interface ModelDefinition {
  name: { zh: string; en: string };
  description?: { zh: string; en: string };
  /** the highest score (scores run 0 … scale) */
  scale: number;
  dimensions: Dimension[];
  grades: GradeBand[];
  caps: Cap[];
  /** how many factors up and down to give as reasons */
  reasons: { up: number; down: number };
}

export interface ModelProblem {
  path: string;
  zh: string;
  en: string;
}

/** The default indicator system shipped with the platform (published as version 1 on first use). */
export function defaultModel(): ModelDefinition {
  return JSON.parse(readFileSync(new URL('../../data/evaluation/model-v1.json', import.meta.url), 'utf8')) as ModelDefinition;
}

const CODE = /^[a-z][a-z0-9_]{0,39}$/;

/** Every outcome a rule can give. */
export function outcomesOf(rule: Rule): Outcome[] {
  switch (rule.type) {
    case 'bands': return [...rule.bands, rule.missing];
    case 'flag': return [rule.yes, rule.no, rule.missing];
    case 'category': return [...Object.values(rule.values), rule.other, rule.missing];
  }
}

/**
 * Checks what a schema cannot: known features, unique codes, points within 0–100, ascending bands, positive
 * weights, grade bands that cover 0 … scale from A down to D. Returns every problem found (empty = valid).
 */
export function validateModel(m: ModelDefinition): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const add = (path: string, zh: string, en: string) => problems.push({ path, zh, en });
  const features = new Set<string>(FEATURE_CODES);
  const dims = new Set<string>();
  if (!(m.scale > 0)) add('/scale', '满分必须为正数', 'scale must be positive');
  if (m.dimensions.length === 0) add('/dimensions', '至少需要一个维度', 'at least one dimension is needed');
  m.dimensions.forEach((d, di) => {
    const at = `/dimensions/${di}`;
    if (!CODE.test(d.code)) add(`${at}/code`, `维度代码 ${d.code} 格式无效`, `dimension code ${d.code} is not valid`);
    if (dims.has(d.code)) add(`${at}/code`, `维度代码 ${d.code} 重复`, `dimension code ${d.code} is repeated`);
    dims.add(d.code);
    if (!(d.weight > 0)) add(`${at}/weight`, '维度权重必须为正数', 'a dimension weight must be positive');
    if (d.indicators.length === 0) add(`${at}/indicators`, '维度至少需要一个指标', 'a dimension needs at least one indicator');
    const inds = new Set<string>();
    d.indicators.forEach((ind, ii) => {
      const ip = `${at}/indicators/${ii}`;
      if (!CODE.test(ind.code)) add(`${ip}/code`, `指标代码 ${ind.code} 格式无效`, `indicator code ${ind.code} is not valid`);
      if (inds.has(ind.code)) add(`${ip}/code`, `指标代码 ${ind.code} 重复`, `indicator code ${ind.code} is repeated`);
      inds.add(ind.code);
      if (!features.has(ind.feature)) add(`${ip}/feature`, `特征 ${ind.feature} 不存在`, `there is no feature ${ind.feature}`);
      if (!(ind.weight > 0)) add(`${ip}/weight`, '指标权重必须为正数', 'an indicator weight must be positive');
      if (ind.neutral !== undefined && (ind.neutral < 0 || ind.neutral > 100)) add(`${ip}/neutral`, '中性分须在 0–100 之间', 'neutral must be within 0–100');
      const codes = new Set<string>();
      for (const o of outcomesOf(ind.rule)) {
        if (o.points < 0 || o.points > 100) add(`${ip}/rule`, `结果 ${o.code} 的分值须在 0–100 之间`, `outcome ${o.code} points must be within 0–100`);
        if (!CODE.test(o.code)) add(`${ip}/rule`, `结果代码 ${o.code} 格式无效`, `outcome code ${o.code} is not valid`);
        if (codes.has(o.code)) add(`${ip}/rule`, `结果代码 ${o.code} 重复`, `outcome code ${o.code} is repeated`);
        codes.add(o.code);
      }
      if (ind.rule.type === 'bands') {
        const bands = ind.rule.bands;
        if (bands.length === 0 || bands[bands.length - 1].below !== undefined) {
          add(`${ip}/rule/bands`, '最后一个区间不能有上限（below）', 'the last band must have no upper bound (below)');
        }
        for (let i = 0; i < bands.length - 1; i++) {
          const b = bands[i].below;
          if (b === undefined) add(`${ip}/rule/bands/${i}`, '除最后一个区间外都须给出上限（below）', 'every band but the last needs an upper bound (below)');
          else if (i > 0 && !(b > (bands[i - 1].below ?? -Infinity))) add(`${ip}/rule/bands/${i}`, '区间上限须递增', 'band bounds must ascend');
        }
      }
    });
  });
  const order = m.grades.map((g) => g.grade).join('');
  if (order !== 'ABCD') add('/grades', '等级须依次为 A、B、C、D', 'grades must be A, B, C, D in that order');
  m.grades.forEach((g, i) => {
    const next = m.grades[i - 1];
    if (next && !(g.min < next.min)) add(`/grades/${i}/min`, '等级下限须依次递减', 'grade minimums must descend');
    if (g.min < 0 || g.min > m.scale) add(`/grades/${i}/min`, '等级下限须在 0 与满分之间', 'a grade minimum must be within 0 and the scale');
    const upper = next ? next.min : m.scale + 1;
    if (g.plusFrom !== undefined && !(g.plusFrom > g.min && g.plusFrom < upper)) add(`/grades/${i}/plusFrom`, '“+”分界须在本等级内', 'plusFrom must lie within the band');
    if (g.minusBelow !== undefined && !(g.minusBelow > g.min && g.minusBelow < upper)) add(`/grades/${i}/minusBelow`, '“-”分界须在本等级内', 'minusBelow must lie within the band');
  });
  if (m.grades.length && m.grades[m.grades.length - 1].min !== 0) add('/grades', '最低等级的下限须为 0', 'the lowest grade must start at 0');
  m.caps.forEach((c, i) => {
    if (!features.has(c.feature)) add(`/caps/${i}/feature`, `特征 ${c.feature} 不存在`, `there is no feature ${c.feature}`);
    if ((c.above === undefined) === (c.in === undefined)) add(`/caps/${i}`, '须且只能给出 above 或 in 之一', 'give exactly one of above or in');
    if (!CODE.test(c.code)) add(`/caps/${i}/code`, `代码 ${c.code} 格式无效`, `code ${c.code} is not valid`);
  });
  if (m.reasons.up < 0 || m.reasons.down < 0) add('/reasons', '理由数量不能为负', 'reason counts cannot be negative');
  return problems;
}
