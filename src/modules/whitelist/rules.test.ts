import { describe, expect, it } from 'vitest';
import { compileRules, defaultRuleSet, gradesAtLeast, RULE_IDS, validateRuleSet } from './rules.ts';
import { duePeriod } from './scheduler.ts';

describe('white-list rules', () => {
  it('ships a valid rule set with every rule, each with zh/en descriptions', () => {
    const set = defaultRuleSet();
    expect(validateRuleSet(set)).toEqual([]);
    expect(set.rules.map((r) => r.id).sort()).toEqual([...RULE_IDS].sort());
    for (const r of set.rules) expect(r.zh && r.en).toBeTruthy();
  });

  it('orders grades with their sub-grades', () => {
    expect(gradesAtLeast('B')).toEqual(['A+', 'A', 'A-', 'B+', 'B']);
    expect(gradesAtLeast('A+')).toEqual(['A+']);
    expect(gradesAtLeast('E')).toEqual([]);
  });

  it('refuses a set that disables or drops the enforcement or commitment rule', () => {
    const set = defaultRuleSet();
    const off = { ...set, rules: set.rules.map((r) => r.id === 'credit_commitment' ? { ...r, enabled: false } : r) };
    expect(validateRuleSet(off).map((p) => p.path)).toEqual(['/rules/7/enabled']);
    const dropped = { ...set, rules: set.rules.filter((r) => r.id !== 'no_current_enforcement') };
    expect(validateRuleSet(dropped)).toEqual([expect.objectContaining({ path: '/rules', en: 'mandatory rule no_current_enforcement is missing' })]);
  });

  it('names every bad parameter', () => {
    const set = defaultRuleSet();
    const bad = {
      rules: set.rules.map((r) => {
        if (r.id === 'credit_grade') return { ...r, params: { minGrade: 'E' } };
        if (r.id === 'sme_size') return { ...r, params: { sizeClasses: ['huge'] } };
        if (r.id === 'operating_status') return { ...r, params: { minYearsInBusiness: -1 } };
        if (r.id === 'industry_policy') return { ...r, params: { allowedSections: ['Z'] } };
        return r;
      }).concat([{ id: 'sme_size', enabled: true, zh: 'x', en: 'x', params: { sizeClasses: ['micro'] } }, { id: 'nope' as never, enabled: true, zh: 'x', en: 'x', params: {} }]),
    };
    expect(validateRuleSet(bad).map((p) => p.path)).toEqual([
      '/rules/0/params/allowedSections', '/rules/1/params/minGrade', '/rules/5/params/minYearsInBusiness', '/rules/8/params/sizeClasses', '/rules/9/id', '/rules/10/id',
    ]);
  });

  it('compiles every enabled rule of the shipped set, the financing-need rule against live demands', () => {
    const params: unknown[] = [];
    const c = compileRules(defaultRuleSet(), (v) => { params.push(v); return `$${params.length}`; });
    expect(c.skipped).toEqual([]);
    expect(c.sql.map((r) => r.id)).toEqual(['industry_policy', 'credit_grade', 'no_serious_dishonesty', 'no_current_enforcement',
      'no_dishonest_debtor', 'operating_status', 'financing_need', 'credit_commitment', 'sme_size']);
    expect(c.sql.find((r) => r.id === 'financing_need')?.held).toBe('x.demand_at IS NOT NULL');
  });

  it('makes the monthly run due after day 1 02:00 China time', () => {
    expect(duePeriod(Date.parse('2026-12-01T01:59:00+08:00'))).toBeNull();
    expect(duePeriod(Date.parse('2026-12-01T02:00:00+08:00'))).toBe('2026-12');
    // 2026-11-30 20:00 UTC is already 1 December 04:00 in China
    expect(duePeriod(Date.parse('2026-11-30T20:00:00Z'))).toBe('2026-12');
    expect(duePeriod(Date.parse('2026-11-15T10:00:00+08:00'))).toBe('2026-11');
  });
});
