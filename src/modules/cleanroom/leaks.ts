import { readFileSync } from 'node:fs';
import { featureOf } from './features.ts';
import type { Bin, Characteristic, ModelSpec, RangeBin } from './spec.ts';

/**
 * Leak refusal (可用不可见): an output is refused when it would let the institution read back a raw value. The rules,
 * their parameters and their zh/en reasons are data (data/leak-rules.json); this file holds one check per rule code.
 * Spec-stage rules run on submission and again before every run; run-stage rules when the population is known.
 */
export interface LeakRule { code: string; stage: 'spec' | 'run'; zh: string; en: string }
export interface LeakParameters { minPopulation: number; maxSingleValueBins: number; maxBinaryCompanions: number }
export interface LeakRuleSet { version: string; source: string; effectiveFrom: string; parameters: LeakParameters; rules: LeakRule[] }
export interface Leak { code: string; path: string; zh: string; en: string; params: Record<string, string | number> }

export function loadLeakRules(): LeakRuleSet {
  return JSON.parse(readFileSync(new URL('./data/leak-rules.json', import.meta.url), 'utf8')) as LeakRuleSet;
}

type SpecCheck = (spec: ModelSpec, p: LeakParameters) => { path: string; params: Record<string, string | number> }[];

const isRange = (b: Bin): b is RangeBin => !('values' in b);
const bound = (v: number | null | undefined, fallback: number) => (v === undefined || v === null ? fallback : v);

/** How many integers lie in [lo, hi). */
const integersIn = (lo: number, hi: number) => Math.max(0, Math.ceil(hi) - Math.ceil(lo));

/** The checks behind the spec-stage rule codes of the data file. */
export const SPEC_CHECKS: Record<string, SpecCheck> = {
  // A logistic score is strictly monotone in z, so with one contributing feature it maps back to the raw value; a few
  // yes/no companions only multiply the candidates by 2 each.
  LEAK_INVERTIBLE_LOGISTIC(spec, p) {
    if (spec.kind !== 'logistic') return [];
    const live = spec.terms.map((t, i) => ({ t, i })).filter(({ t }) => t.coefficient !== 0);
    const wide = live.filter(({ t }) => featureOf(t.feature)?.kind !== 'boolean');
    const binary = live.length - wide.length;
    const target = live.length === 1 ? live[0] : wide.length === 1 && binary <= p.maxBinaryCompanions ? wide[0] : undefined;
    return target ? [{ path: `terms[${target.i}]`, params: { feature: target.t.feature } }] : [];
  },
  // One characteristic changes the score and its bins (and the missing case) all score differently: score → bin.
  LEAK_INVERTIBLE_SCORECARD(spec) {
    if (spec.kind !== 'scorecard') return [];
    const pointsOf = (c: Characteristic) => [...c.bins.map((b) => b.points), c.missingPoints ?? 0];
    const varying = spec.characteristics.map((c, i) => ({ c, i })).filter(({ c }) => new Set(pointsOf(c)).size > 1);
    if (varying.length !== 1) return [];
    const { c, i } = varying[0];
    const points = c.bins.map((b) => b.points);
    return new Set(points).size === points.length ? [{ path: `characteristics[${i}]`, params: { feature: c.feature } }] : [];
  },
  LEAK_NARROW_BIN(spec) {
    if (spec.kind !== 'scorecard') return [];
    const out: ReturnType<SpecCheck> = [];
    spec.characteristics.forEach((c, i) => {
      const minWidth = featureOf(c.feature)?.minBinWidth;
      if (minWidth === undefined) return;
      c.bins.forEach((b, j) => {
        if (!isRange(b) || b.min === undefined || b.min === null || b.max === undefined || b.max === null) return;
        const width = b.max - b.min;
        if (width < minWidth) out.push({ path: `characteristics[${i}].bins[${j}]`, params: { feature: c.feature, min: b.min, max: b.max, width: +width.toPrecision(6), minWidth } });
      });
    });
    return out;
  },
  // Integer features: a bin holding exactly one possible value names it; one such bin (e.g. "no penalties") is common
  // practice, several in a row read the value off the score.
  LEAK_SINGLE_VALUE_BINS(spec, p) {
    if (spec.kind !== 'scorecard') return [];
    const out: ReturnType<SpecCheck> = [];
    spec.characteristics.forEach((c, i) => {
      if (featureOf(c.feature)?.kind !== 'integer') return;
      const single = c.bins.filter((b) => isRange(b) && integersIn(bound(b.min, -Infinity), bound(b.max, Infinity)) === 1).length;
      if (single > p.maxSingleValueBins) out.push({ path: `characteristics[${i}].bins`, params: { feature: c.feature, count: single } });
    });
    return out;
  },
};

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_m, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

function leakOf(rule: LeakRule, path: string, params: Record<string, string | number>, p: LeakParameters): Leak {
  const all = { ...p, ...params };
  return { code: rule.code, path, zh: fill(rule.zh, all), en: fill(rule.en, all), params };
}

/** Every spec-stage leak of a valid spec. A rule in the data file without a check here fails loudly. */
export function specLeaks(spec: ModelSpec, rules: LeakRuleSet): Leak[] {
  const out: Leak[] = [];
  for (const rule of rules.rules.filter((r) => r.stage === 'spec')) {
    const check = SPEC_CHECKS[rule.code];
    if (!check) throw new Error(`clean-room leak rule ${rule.code} has no check`);
    for (const hit of check(spec, rules.parameters)) out.push(leakOf(rule, hit.path, hit.params, rules.parameters));
  }
  return out;
}

/** The run-stage rule: a population under the minimum could single out an enterprise. */
export function populationLeak(count: number, rules: LeakRuleSet): Leak | null {
  const rule = rules.rules.find((r) => r.code === 'LEAK_POPULATION_TOO_SMALL');
  if (!rule) throw new Error('clean-room leak rule LEAK_POPULATION_TOO_SMALL is missing from the data file');
  return count < rules.parameters.minPopulation ? leakOf(rule, 'population', { count }, rules.parameters) : null;
}
