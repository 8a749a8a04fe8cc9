import { describe, expect, it } from 'vitest';
import { sm3Hex } from '../../platform/crypto/index.ts';
import { FEATURES, undescribedFeatures } from './features.ts';
import { loadLeakRules, populationLeak, SPEC_CHECKS, specLeaks } from './leaks.ts';
import { specDiff } from './diff.ts';
import { outputCsv, outputSm3, populationSm3, scoreOf, specSm3 } from './scoring.ts';
import { itemsOf, normaliseSpec, validateSpec, type LogisticSpec, type ModelSpec, type ScorecardSpec } from './spec.ts';

/** The rules of the clean room without a database: spec validation, leak refusal, scoring and digests. */
const rules = loadLeakRules();

const scorecard = (): ScorecardSpec => ({
  kind: 'scorecard',
  basePoints: 600,
  characteristics: [
    { feature: 'years_in_business', bins: [{ max: 3, points: -20 }, { min: 3, max: 10, points: 10 }, { min: 10, points: 30 }], missingPoints: 0 },
    { feature: 'penalties_active', bins: [{ max: 1, points: 15 }, { min: 1, points: -40 }] },
    { feature: 'size_class', bins: [{ values: ['micro', 'small'], points: 5 }, { values: ['medium', 'large'], points: 10 }] },
  ],
  cutoffs: [{ band: 'A', min: 640 }, { band: 'B', min: 600 }, { band: 'C' }],
});

const logistic = (): LogisticSpec => ({
  kind: 'logistic',
  intercept: -2,
  terms: [
    { feature: 'tax_paid_12m', coefficient: -0.4, standardise: { mean: 50_000, sd: 30_000 } },
    { feature: 'penalties_active', coefficient: 0.8 },
    { feature: 'years_in_business', coefficient: -0.1, missing: 3 },
  ],
  cutoffs: [{ band: 'decline', min: 0.3 }, { band: 'review', min: 0.1 }, { band: 'approve' }],
});

const codes = (input: unknown) => validateSpec(input).map((p) => p.code);
const leakCodes = (spec: ModelSpec) => specLeaks(normaliseSpec(spec), rules).map((l) => l.code);

describe('the feature list', () => {
  it('describes every evaluation feature, with a bin width for every ranged one', () => {
    expect(undescribedFeatures()).toEqual([]);
    for (const f of FEATURES) if (f.kind === 'numeric' || f.kind === 'integer') expect(f.minBinWidth, f.code).toBeGreaterThan(0);
  });
});

describe('spec validation', () => {
  it('accepts a well-formed scorecard and logistic model', () => {
    expect(validateSpec(scorecard())).toEqual([]);
    expect(validateSpec(logistic())).toEqual([]);
  });

  it('names an unknown feature with its path, in zh and en', () => {
    const spec = scorecard();
    spec.characteristics[0].feature = 'bank_balance';
    const [p] = validateSpec(spec);
    expect(p).toMatchObject({ code: 'FEATURE_UNKNOWN', path: 'characteristics[0].feature' });
    expect(p.zh).toContain('bank_balance');
    expect(p.en).toContain('not one of the platform');
  });

  it('refuses overlapping numeric bins and a value in two categorical bins', () => {
    const spec = scorecard();
    spec.characteristics[0].bins = [{ max: 5, points: 1 }, { min: 3, max: 10, points: 2 }];
    spec.characteristics[2].bins = [{ values: ['micro'], points: 1 }, { values: ['micro', 'small'], points: 2 }];
    expect(codes(spec)).toEqual(['BINS_OVERLAP', 'BINS_OVERLAP']);
    // touching half-open ranges do not overlap
    spec.characteristics[0].bins = [{ max: 5, points: 1 }, { min: 5, points: 2 }];
    spec.characteristics[2].bins = [{ values: ['micro'], points: 1 }];
    expect(codes(spec)).toEqual([]);
  });

  it('refuses missing cut-offs, a band under a floor, and unordered minimums', () => {
    expect(codes({ ...scorecard(), cutoffs: [] })).toEqual(['CUTOFFS_MISSING']);
    expect(codes({ ...scorecard(), cutoffs: undefined })).toEqual(['CUTOFFS_MISSING']);
    expect(codes({ ...scorecard(), cutoffs: [{ band: 'A', min: 600 }, { band: 'B', min: 500 }] })).toEqual(['CUTOFFS_NO_FLOOR']);
    expect(codes({ ...scorecard(), cutoffs: [{ band: 'A', min: 600 }, { band: 'B', min: 650 }, { band: 'C' }] })).toEqual(['CUTOFFS_ORDER']);
    expect(codes({ ...scorecard(), cutoffs: [{ band: 'A', min: 600 }, { band: 'A' }] })).toEqual(['BAND_CODE_DUPLICATE']);
    expect(codes({ ...logistic(), cutoffs: [{ band: 'x', min: 30 }, { band: 'y' }] })).toEqual(['CUTOFF_OUT_OF_RANGE']);
  });

  it('refuses NaN, infinity and numbers given as text', () => {
    const spec = logistic() as unknown as { intercept: unknown; terms: { coefficient: unknown; standardise?: { sd: unknown } }[] };
    spec.intercept = Number.NaN;
    spec.terms[1].coefficient = 'NaN';
    spec.terms[2].coefficient = Number.POSITIVE_INFINITY;
    spec.terms[0].standardise = { sd: 0 } as { sd: unknown };
    const problems = validateSpec(spec);
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['NUMBER_INVALID', 'intercept'], ['NUMBER_INVALID', 'terms[0].standardise.mean'], ['NUMBER_INVALID', 'terms[1].coefficient'], ['NUMBER_INVALID', 'terms[2].coefficient'],
    ]);
    expect(codes({ ...logistic(), terms: [{ feature: 'employees', coefficient: 1, standardise: { mean: 1, sd: -1 } }] })).toEqual(['STANDARDISE_INVALID']);
  });

  it('refuses a categorical feature in a logistic model, a duplicate feature and an unknown kind', () => {
    expect(codes({ ...logistic(), terms: [...logistic().terms, { feature: 'region_code', coefficient: 1 }] })).toEqual(['FEATURE_NOT_NUMERIC']);
    expect(codes({ ...logistic(), terms: [...logistic().terms, { feature: 'penalties_active', coefficient: 1 }] })).toEqual(['FEATURE_DUPLICATE']);
    expect(codes({ ...logistic(), kind: 'neural' })).toEqual(['SPEC_KIND_UNKNOWN']);
    expect(codes('not a spec')).toEqual(['SPEC_NOT_OBJECT']);
  });

  it('refuses empty models, bins of the wrong shape and yes/no values other than true/false', () => {
    expect(codes({ ...scorecard(), characteristics: [] })).toEqual(['FEATURES_EMPTY']);
    expect(codes({ ...scorecard(), characteristics: [{ feature: 'employees', bins: [] }] })).toEqual(['BINS_EMPTY']);
    expect(codes({ ...scorecard(), characteristics: [{ feature: 'employees', bins: [{ values: ['1'], points: 1 }] }] })).toEqual(['BIN_SHAPE']);
    expect(codes({ ...scorecard(), characteristics: [{ feature: 'employees', bins: [{ min: 9, max: 9, points: 1 }] }] })).toEqual(['BIN_BOUNDS_INVALID']);
    expect(codes({ ...scorecard(), characteristics: [{ feature: 'high_tech', bins: [{ values: ['yes'], points: 1 }] }] })).toEqual(['BIN_VALUE_UNKNOWN']);
  });
});

describe('leak rules (data/leak-rules.json)', () => {
  it('has a check for every spec-stage rule and the population rule', () => {
    for (const rule of rules.rules) {
      if (rule.stage === 'spec') expect(SPEC_CHECKS[rule.code], rule.code).toBeTypeOf('function');
      else expect(rule.code).toBe('LEAK_POPULATION_TOO_SMALL');
    }
    expect(rules.parameters.minPopulation).toBe(10);
  });

  it('passes the ordinary scorecard and logistic model', () => {
    expect(leakCodes(scorecard())).toEqual([]);
    expect(leakCodes(logistic())).toEqual([]);
  });

  it('LEAK_INVERTIBLE_LOGISTIC: one feature with identity weight, one non-zero coefficient, or one wide feature with yes/no companions', () => {
    expect(leakCodes({ kind: 'logistic', intercept: 0, terms: [{ feature: 'tax_paid_12m', coefficient: 1 }], cutoffs: [{ band: 'x' }] })).toEqual(['LEAK_INVERTIBLE_LOGISTIC']);
    const zeroed = logistic();
    zeroed.terms[1].coefficient = 0;
    zeroed.terms[2].coefficient = 0;
    const leaks = specLeaks(normaliseSpec(zeroed), rules);
    expect(leaks.map((l) => [l.code, l.path])).toEqual([['LEAK_INVERTIBLE_LOGISTIC', 'terms[0]']]);
    expect(leaks[0].zh).toContain('tax_paid_12m');
    expect(leaks[0].en).toContain('invertible');
    const companions = logistic();
    companions.terms = [companions.terms[0], { feature: 'high_tech', coefficient: 0.5 }, { feature: 'has_tax', coefficient: 0.2 }];
    expect(leakCodes(companions)).toEqual(['LEAK_INVERTIBLE_LOGISTIC']);
  });

  it('LEAK_INVERTIBLE_SCORECARD: only one feature scores and every bin of it scores differently', () => {
    const single: ScorecardSpec = { ...scorecard(), characteristics: [{ feature: 'tax_paid_12m', bins: [{ max: 100_000, points: 1 }, { min: 100_000, points: 2 }] }] };
    expect(leakCodes(single)).toEqual(['LEAK_INVERTIBLE_SCORECARD']);
    // others present but constant: still only one feature contributes
    const flat = scorecard();
    flat.characteristics[1].bins = flat.characteristics[1].bins.map((b) => ({ ...b, points: 3 }));
    flat.characteristics[1].missingPoints = 3;
    flat.characteristics[2].bins = flat.characteristics[2].bins.map((b) => ({ ...b, points: 0 }));
    expect(leakCodes(flat)).toEqual(['LEAK_INVERTIBLE_SCORECARD']);
    // two bins with equal points: the score no longer names the bin
    single.characteristics[0].bins.push({ min: -1e12, max: -1e11, points: 1 });
    expect(leakCodes(single)).not.toContain('LEAK_INVERTIBLE_SCORECARD');
  });

  it('LEAK_NARROW_BIN: a bounded bin narrower than the feature allows', () => {
    const spec = scorecard();
    spec.characteristics.push({ feature: 'tax_paid_12m', bins: [{ min: 123_456, max: 123_457, points: 5 }, { min: 123_457, points: 1 }] });
    const leaks = specLeaks(normaliseSpec(spec), rules);
    expect(leaks.map((l) => [l.code, l.path])).toEqual([['LEAK_NARROW_BIN', 'characteristics[3].bins[0]']]);
    expect(leaks[0].en).toContain('under the minimum width 10000');
  });

  it('LEAK_SINGLE_VALUE_BINS: more than one bin holding a single value of an integer feature', () => {
    const one = scorecard();
    one.characteristics.push({ feature: 'dishonest_debtor', bins: [{ max: 1, points: 5 }, { min: 1, points: -50 }] });
    expect(leakCodes(one)).toEqual([]);
    const many = scorecard();
    many.characteristics.push({ feature: 'patents', bins: [{ min: 0, max: 1, points: 0 }, { min: 1, max: 2, points: 1 }, { min: 2, max: 3, points: 2 }, { min: 3, points: 3 }] });
    expect(leakCodes(many)).toEqual(['LEAK_SINGLE_VALUE_BINS']);
  });

  it('LEAK_POPULATION_TOO_SMALL: fewer enterprises than the minimum', () => {
    expect(populationLeak(10, rules)).toBeNull();
    const leak = populationLeak(9, rules);
    expect(leak).toMatchObject({ code: 'LEAK_POPULATION_TOO_SMALL', params: { count: 9 } });
    expect(leak!.zh).toContain('少于最小样本量 10');
  });
});

describe('scoring and digests', () => {
  it('scores a scorecard by its bins, the missing points and the cut-offs', () => {
    const spec = normaliseSpec(scorecard());
    expect(scoreOf(spec, { years_in_business: 12.5, penalties_active: 0, size_class: 'small' })).toEqual({ score: '650', band: 'A' });
    expect(scoreOf(spec, { years_in_business: 2, penalties_active: 2, size_class: 'large' })).toEqual({ score: '550', band: 'C' });
    expect(scoreOf(spec, { penalties_active: 0 })).toEqual({ score: '615', band: 'B' });
  });

  it('scores a logistic model with standardisation and missing values, to four decimals', () => {
    const spec = normaliseSpec(logistic());
    const z = -2 + -0.4 * ((20_000 - 50_000) / 30_000) + 0.8 * 1 + -0.1 * 3;
    const p = 1 / (1 + Math.exp(-z));
    expect(scoreOf(spec, { tax_paid_12m: 20_000, penalties_active: 1 })).toEqual({ score: p.toFixed(4), band: p >= 0.3 ? 'decline' : p >= 0.1 ? 'review' : 'approve' });
  });

  it('hashes the normalised spec, the sorted population and the CSV output', () => {
    const a = normaliseSpec(scorecard());
    const reordered = normaliseSpec({ ...scorecard(), extra: 'ignored' } as unknown as ModelSpec);
    expect(specSm3(a)).toBe(specSm3(reordered));
    expect(populationSm3(['B', 'A'])).toBe(sm3Hex('A\nB'));
    const rows = [{ uscc: 'B', score: '1', band: 'x' }, { uscc: 'A', score: '2', band: 'y' }];
    expect(outputCsv(rows)).toBe('uscc,score,band\nA,2,y\nB,1,x\n');
    expect(outputSm3(rows)).toBe(sm3Hex('uscc,score,band\nA,2,y\nB,1,x\n'));
  });

  it('lists the authorisable items a spec reads', () => {
    expect(itemsOf(normaliseSpec(logistic()))).toEqual(['TAX_PAYMENT']);
    expect(itemsOf(normaliseSpec(scorecard()))).toEqual([]);
  });
});

describe('spec diff', () => {
  it('matches characteristics by feature and lists changed, added and removed leaves', () => {
    const before = normaliseSpec(scorecard());
    const changed = scorecard();
    changed.characteristics.reverse();
    changed.characteristics[0].bins[0].points = 7;
    changed.characteristics.pop();
    changed.cutoffs[0].min = 650;
    const diff = specDiff(before, normaliseSpec(changed));
    expect(diff).toContainEqual({ path: 'cutoffs[0].min', change: 'changed', before: 640, after: 650 });
    expect(diff).toContainEqual({ path: 'characteristics[size_class].bins[0].points', change: 'changed', before: 5, after: 7 });
    expect(diff).toContainEqual(expect.objectContaining({ path: 'characteristics[years_in_business]', change: 'removed' }));
    expect(diff).toHaveLength(3);
  });
});
