import { describe, expect, it } from 'vitest';
import { addPeriod, kindOfItem, minimumLongestMonths, penaltyWindow, periodRules, yuanToFen } from './periods.ts';

const MARKET = '廊坊市市场监督管理局';

describe('publicity periods (rules/credit-repair.md, effective-dated data)', () => {
  it('keeps every number in the rules file with its source and effective date', () => {
    const r = periodRules();
    expect(r.effectiveFrom).toBe('2023-05-01');
    expect(r.cases.general).toMatchObject({ shortest: { months: 3 }, longest: { years: 3 } });
    expect(r.cases.safety).toMatchObject({ shortest: { years: 1 }, longest: { years: 3 } });
    expect(r.cases.market_minor).toMatchObject({ shortest: null, longest: { months: 3 } });
    expect(r.cases.market_ban).toMatchObject({ shortest: null, longest: 'ban_period' });
    expect(minimumLongestMonths(r)).toBe(3);
  });

  it('adds calendar months, falling back to the last day of a shorter month', () => {
    expect(addPeriod('2025-11-30', { months: 3 })).toBe('2026-02-28');
    expect(addPeriod('2024-02-29', { years: 1 })).toBe('2025-02-28');
    expect(addPeriod('2026-01-15', { months: 3 }, -1)).toBe('2025-10-15');
    expect(addPeriod('2026-05-10', { years: 3 })).toBe('2029-05-10');
  });

  it('reads fines in yuan as fen exactly', () => {
    expect(yuanToFen('50000')).toBe(5_000_000n);
    expect(yuanToFen('1,234.5')).toBe(123_450n);
    expect(yuanToFen('abc')).toBeNull();
  });

  it('gives a general penalty 3 months / 3 years from the decision date', () => {
    const w = penaltyWindow({ decision_date: '2026-01-15', penalty_category: '罚款', fine_amount: '200000', authority_name: '廊坊市生态环境局' })!;
    expect(w).toMatchObject({ case: 'general', shortestEndsOn: '2026-04-15', longestEndsOn: '2029-01-15', repairable: true });
  });

  it('gives special-equipment, work-safety and fire-safety penalties 1 year / 3 years', () => {
    for (const d of [
      { violation_type: '特种设备使用未经检验', authority_name: MARKET },
      { violation_type: '未落实安全生产责任制', authority_name: '廊坊市应急管理局' },
      { violation_type: '其他', authority_name: '廊坊市消防救援支队' },
    ]) {
      const w = penaltyWindow({ decision_date: '2026-01-15', penalty_category: '罚款', fine_amount: '1000', ...d })!;
      expect(w, JSON.stringify(d)).toMatchObject({ case: 'safety', shortestEndsOn: '2027-01-15', longestEndsOn: '2029-01-15' });
    }
  });

  it('ends a market-regulation reprimand or low fine after 3 months with no repair', () => {
    const reprimand = penaltyWindow({ decision_date: '2026-01-15', penalty_category: '通报批评', authority_name: MARKET })!;
    expect(reprimand).toMatchObject({ case: 'market_minor', shortestEndsOn: null, longestEndsOn: '2026-04-15', repairable: false });
    const low = penaltyWindow({ decision_date: '2026-01-15', penalty_category: '罚款', fine_amount: '50000', authority_name: MARKET })!;
    expect(low.case).toBe('market_minor');
    const high = penaltyWindow({ decision_date: '2026-01-15', penalty_category: '罚款', fine_amount: '50000.01', authority_name: MARKET })!;
    expect(high.case).toBe('general');
    // the same low fine from another authority is a general penalty
    expect(penaltyWindow({ decision_date: '2026-01-15', penalty_category: '罚款', fine_amount: '100', authority_name: '廊坊市税务局' })!.case).toBe('general');
  });

  it('keeps a market-regulation ban longer than 3 years public for the ban itself', () => {
    const w = penaltyWindow({ decision_date: '2026-01-15', penalty_category: '禁止从业', penalty_valid_until: '2031-01-14', authority_name: MARKET })!;
    expect(w).toMatchObject({ case: 'market_ban', shortestEndsOn: null, longestEndsOn: '2031-01-14', repairable: false });
    // exactly 3 years is not longer than 3 years: a general penalty
    expect(penaltyWindow({ decision_date: '2026-01-15', penalty_category: '禁止从业', penalty_valid_until: '2029-01-15', authority_name: MARKET })!.case).toBe('general');
  });

  it('takes the longest period when a record has several penalty types', () => {
    const w = penaltyWindow({ decision_date: '2026-01-15', penalty_category: '通报批评、罚款', fine_amount: '80000', authority_name: MARKET })!;
    expect(w.types.map((t) => t.case)).toEqual(['market_minor', 'general']);
    expect(w).toMatchObject({ case: 'general', longestEndsOn: '2029-01-15' });
    const ban = penaltyWindow({ decision_date: '2026-01-15', penalty_category: '罚款;禁止从业', fine_amount: '1000', penalty_valid_until: '2032-06-30', authority_name: MARKET })!;
    expect(ban).toMatchObject({ case: 'market_ban', longestEndsOn: '2032-06-30' });
  });

  it('cannot compute a window without a decision date', () => {
    expect(penaltyWindow({ penalty_category: '罚款' })).toBeNull();
  });

  it('names the repair kind of each item', () => {
    expect(kindOfItem('ADMIN_PENALTY')).toBe('penalty_publicity');
    expect(kindOfItem('SERIOUS_DISHONESTY_LIST')).toBe('serious_dishonesty');
    expect(kindOfItem('UTILITY_WATER')).toBeNull();
  });
});
