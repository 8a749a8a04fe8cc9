import { describe, expect, it } from 'vitest';
import { basisOf, levelFor, moveOf, type LoanFacts } from './levels.ts';
import { defaultRuleSet, gradeSteps, trips, validateRuleSet, type ItemFields, type RuleSet } from './rules.ts';

const DAY = 86_400_000;
const now = Date.parse('2026-11-28T10:00:00+08:00');
/** A catalog of the items the shipped rules name (legal_rep_name personal, as in catalog-v1.json). */
const itemFields: ItemFields = async (code) => {
  const fields: Record<string, string[]> = {
    ADMIN_PENALTY: ['uscc', 'decision_date'], COURT_ENFORCEMENT: ['uscc', 'case_no', 'case_status'], COURT_DISHONEST_DEBTOR: ['uscc', 'case_no', 'legal_rep_name'],
    SERIOUS_DISHONESTY_LIST: ['uscc', 'legal_rep_name'], TAX_ARREARS: ['uscc', 'in_tax_arrears'], TAX_ABNORMAL_TAXPAYER: ['uscc', 'is_abnormal_taxpayer'],
    UTILITY_WATER: ['uscc', 'in_arrears'], UTILITY_ELECTRICITY: ['uscc', 'in_arrears'], UTILITY_GAS: ['uscc', 'in_arrears'],
    HOUSING_FUND_CONTRIBUTION: ['uscc', 'consecutive_normal_months', 'last_normal_payment_date'], MARKET_ENTITY_REGISTRATION: ['uscc', 'registration_status', 'legal_rep_name'],
  };
  return fields[code]?.map((c) => ({ code: c, personal: c === 'legal_rep_name' }));
};
const v = (version: number, data: Record<string, unknown>) => ({ version, data });

describe('screening rules as data', () => {
  it('ships a valid rule set with its source and effective date', async () => {
    const set = defaultRuleSet();
    expect(set.source).toMatch(/国办发〔2021〕52号/);
    expect(set.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await validateRuleSet(set, itemFields)).toEqual([]);
    expect(set.rules.map((r) => r.item)).toEqual(expect.arrayContaining(['ADMIN_PENALTY', 'COURT_ENFORCEMENT', 'TAX_ARREARS', 'HOUSING_FUND_CONTRIBUTION', 'EVALUATION_GRADE']));
  });

  it('names every problem of a bad rule set with its path, in zh and en', async () => {
    const set = defaultRuleSet();
    const bad: RuleSet = {
      ...set,
      rules: [
        { ...set.rules[0], id: 'Bad Id' },
        { ...set.rules[1], id: 'dup' }, { ...set.rules[2], id: 'dup' },
        { ...set.rules[3], item: 'NO_SUCH_ITEM' },
        { ...set.rules[4], condition: { type: 'field_in', field: 'nope', values: [true] } },
        { ...set.rules[5], severity: 'urgent' as never },
        { id: 'rep_name', item: 'COURT_DISHONEST_DEBTOR', condition: { type: 'field_in', field: 'legal_rep_name', values: ['张三'] }, severity: 'low', enabled: true, zh: '法人', en: 'Rep' },
        { id: 'grade_wrong', item: 'EVALUATION_GRADE', condition: { type: 'new' }, severity: 'low', enabled: true, zh: '等级', en: 'Grade' },
      ],
      levels: [{ ...set.levels[0], when: [{}] }, { ...set.levels[1], rank: set.levels[0].rank, consequences: ['jail' as never] }],
    };
    const problems = await validateRuleSet(bad, itemFields);
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining([
      '/rules/0/id', '/rules/2/id', '/rules/3/item', '/rules/4/condition/field', '/rules/5/severity', '/rules/6/condition/field', '/rules/7/condition/type',
      '/levels/0/when/0', '/levels/1/rank', '/levels/1/consequences',
    ]));
    expect(problems.find((p) => p.path === '/rules/6/condition/field')?.zh).toMatch(/个人信息/);
    for (const p of problems) expect(p.zh && p.en).toBeTruthy();
  });

  it('trips on a new record only at its first version', () => {
    expect(trips({ type: 'new' }, v(1, {}), null, now)).toEqual({ field: null, value: null, previous: null });
    expect(trips({ type: 'new' }, v(2, {}), v(1, {}), now)).toBeNull();
  });

  it('trips on a field entering the listed values, not on a record that was already in them', () => {
    const c = { type: 'field_in' as const, field: 'case_status', values: ['执行中'] };
    expect(trips(c, v(1, { case_status: '执行中' }), null, now)).toMatchObject({ field: 'case_status', value: '执行中' });
    expect(trips(c, v(1, { case_status: '已结案' }), null, now)).toBeNull();
    expect(trips(c, v(2, { case_status: '执行中' }), v(1, { case_status: '已结案' }), now)).toMatchObject({ previous: '已结案' });
    expect(trips(c, v(2, { case_status: '执行中', enforcement_amount: '2' }), v(1, { case_status: '执行中', enforcement_amount: '1' }), now)).toBeNull();
    expect(trips({ type: 'field_in', field: 'in_tax_arrears', values: [true] }, v(1, { in_tax_arrears: true }), null, now)).not.toBeNull();
  });

  it('sees a housing-fund interruption as a drop in consecutive months or a last payment too old', () => {
    const drop = { type: 'number_drop' as const, field: 'consecutive_normal_months', minDrop: 1 };
    expect(trips(drop, v(2, { consecutive_normal_months: 0 }), v(1, { consecutive_normal_months: 14 }), now)).toMatchObject({ value: 0, previous: 14 });
    expect(trips(drop, v(2, { consecutive_normal_months: 15 }), v(1, { consecutive_normal_months: 14 }), now)).toBeNull();
    expect(trips(drop, v(1, { consecutive_normal_months: 0 }), null, now)).toBeNull();
    const stale = { type: 'date_older_than' as const, field: 'last_normal_payment_date', days: 60 };
    expect(trips(stale, v(1, { last_normal_payment_date: '2026-08-01' }), null, now)).toMatchObject({ value: '2026-08-01' });
    expect(trips(stale, v(1, { last_normal_payment_date: '2026-11-01' }), null, now)).toBeNull();
    expect(trips(stale, v(2, { last_normal_payment_date: '2026-07-01' }), v(1, { last_normal_payment_date: '2026-08-01' }), now)).toBeNull();
  });

  it('counts grade steps down the scale', () => {
    expect(gradeSteps('A', 'B+')).toBe(2);
    expect(gradeSteps('B', 'A')).toBe(-3);
    expect(gradeSteps('A', 'Z')).toBeNull();
  });
});

describe('default / dishonesty levels', () => {
  const set = defaultRuleSet();
  const loan = (over: Partial<LoanFacts>): LoanFacts => ({ application_id: 'a', status: 'repaying', amount_fen: '100000000', overdue_days: 0, repayment_status: 'performing', closed_at: null, ...over });

  it('gives no level to a performing borrower, 关注 from one day overdue, 一般失信 from 90 days or a default', () => {
    expect(levelFor(basisOf([loan({})], 1825, now), set.levels)).toBeNull();
    expect(levelFor(basisOf([loan({ repayment_status: 'overdue', overdue_days: 5 })], 1825, now), set.levels)?.id).toBe('attention');
    expect(levelFor(basisOf([loan({ repayment_status: 'overdue', overdue_days: 95 })], 1825, now), set.levels)?.id).toBe('general');
    expect(levelFor(basisOf([loan({ status: 'defaulted', closed_at: new Date(now - DAY) })], 1825, now), set.levels)?.id).toBe('general');
  });

  it('makes repeat defaults, a large defaulted amount or 180 days overdue 严重失信, and forgets defaults past the lookback', () => {
    const twoDefaults = [loan({ application_id: 'a', status: 'defaulted', closed_at: new Date(now - DAY) }), loan({ application_id: 'b', status: 'defaulted', closed_at: new Date(now - 2 * DAY) })];
    const b = basisOf(twoDefaults, 1825, now);
    expect(b).toMatchObject({ defaults: 2, troubledAmountFen: '200000000', loans: ['a', 'b'] });
    expect(levelFor(b, set.levels)?.id).toBe('serious');
    expect(levelFor(basisOf([loan({ status: 'defaulted', amount_fen: '600000000', closed_at: new Date(now) })], 1825, now), set.levels)?.id).toBe('serious');
    expect(levelFor(basisOf([loan({ repayment_status: 'overdue', overdue_days: 200 })], 1825, now), set.levels)?.id).toBe('serious');
    expect(levelFor(basisOf([loan({ status: 'defaulted', closed_at: new Date(now - 2000 * DAY) })], 1825, now), set.levels)).toBeNull();
    const serious = set.levels.find((l) => l.id === 'serious')!;
    expect(serious.consequences).toContain('refuse_new_applications');
    expect(set.levels.find((l) => l.id === 'attention')!.consequences).not.toContain('refuse_new_applications');
  });

  it('raises a level at once and lowers it only after the retention period from the cure', () => {
    const general = set.levels.find((l) => l.id === 'general')!;
    const serious = set.levels.find((l) => l.id === 'serious')!;
    expect(moveOf(null, general, set, now)).toEqual({ kind: 'set', level: general });
    expect(moveOf({ level: 'general', cured_at: null, ends_at: null }, serious, set, now)).toEqual({ kind: 'set', level: serious });
    const cured = moveOf({ level: 'general', cured_at: null, ends_at: null }, null, set, now);
    expect(cured).toEqual({ kind: 'cured', endsAt: new Date(now + general.retainDays * DAY) });
    const endsAt = new Date(now + general.retainDays * DAY);
    expect(moveOf({ level: 'general', cured_at: new Date(now), ends_at: endsAt }, null, set, now + DAY)).toEqual({ kind: 'none' });
    expect(moveOf({ level: 'general', cured_at: new Date(now), ends_at: endsAt }, general, set, now + DAY)).toEqual({ kind: 'relapsed' });
    expect(moveOf({ level: 'general', cured_at: new Date(now), ends_at: endsAt }, null, set, endsAt.getTime() + 1)).toEqual({ kind: 'ended' });
    const attention = set.levels.find((l) => l.id === 'attention')!;
    expect(moveOf({ level: 'general', cured_at: new Date(now), ends_at: endsAt }, attention, set, endsAt.getTime() + 1)).toEqual({ kind: 'set', level: attention });
  });
});
