import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/http/index.ts';
import {
  dueAt, fenToYuan, isOverdue, loadFeedbackSettings, loadNegativeList, parseFen, periodDays, screenCandidate, TRANSITIONS, validateNegativeList,
  type NegativeList,
} from './rules.ts';

const list = loadNegativeList();
const clean = { status: 'active', serious_dishonesty: 0, dishonest_debtor: 0, enforcement_active: 0 };

describe('negative-list screening (负面清单)', () => {
  it('includes an enterprise that passes every rule, with one reason per rule and the need shown', () => {
    const r = screenCandidate({ registered: true, features: clean, needAmountFen: 500_000_000n }, list);
    expect(r.included).toBe(true);
    expect(r.reasons.filter((x) => x.outcome === 'pass').map((x) => x.rule)).toEqual(list.rules.map((x) => x.id));
    const need = r.reasons.find((x) => x.rule === 'financing_need')!;
    expect(need).toMatchObject({ outcome: 'info', zh: '走访记录的融资需求 5,000,000.00 元', en: 'Financing need recorded at the visit: CNY 5,000,000.00', value: '500000000' });
    expect(r.reasons.find((x) => x.rule === 'serious_dishonesty')).toMatchObject({ zh: '未列入严重失信主体名单', en: 'Not on the serious dishonesty list' });
  });

  it('excludes on each negative fact and says which, in both languages', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ serious_dishonesty: 1 }, 'serious_dishonesty', '列入严重失信主体名单'],
      [{ dishonest_debtor: 2 }, 'dishonest_debtor', '列入失信被执行人名单'],
      [{ enforcement_active: 1 }, 'enforcement_active', '存在在执行的被执行案件'],
      [{ status: 'cancelled' }, 'abnormal_status', '登记状态非在营（吊销、注销或迁出）'],
      [{ status: 'revoked' }, 'abnormal_status', '登记状态非在营（吊销、注销或迁出）'],
    ];
    for (const [facts, rule, zh] of cases) {
      const r = screenCandidate({ registered: true, features: { ...clean, ...facts }, needAmountFen: 1n }, list);
      expect(r.included, rule).toBe(false);
      const failed = r.reasons.filter((x) => x.outcome === 'fail');
      expect(failed.map((x) => x.rule)).toEqual([rule]);
      expect(failed[0].zh).toBe(zh);
      expect(failed[0].en.length).toBeGreaterThan(5);
    }
  });

  it('lists every failing rule when several hold', () => {
    const r = screenCandidate({ registered: true, features: { ...clean, serious_dishonesty: 1, enforcement_active: 3 }, needAmountFen: 1n }, list);
    expect(r.reasons.filter((x) => x.outcome === 'fail').map((x) => [x.rule, x.value])).toEqual([['serious_dishonesty', '1'], ['enforcement_active', '3']]);
  });

  it('treats a missing fact as no record (not excluded) and an unregistered enterprise as excluded', () => {
    expect(screenCandidate({ registered: true, features: { status: 'active' }, needAmountFen: 1n }, list).included).toBe(true);
    const gone = screenCandidate({ registered: false, features: null, needAmountFen: 1n }, list);
    expect(gone.included).toBe(false);
    expect(gone.reasons[0]).toMatchObject({ rule: 'registry', outcome: 'fail', zh: '已不在市场主体名录中' });
  });

  it('shows white-list membership for information only', () => {
    const on = screenCandidate({ registered: true, features: clean, whitelistPeriod: '2026-11', needAmountFen: 1n }, list);
    expect(on.reasons.at(-1)).toMatchObject({ rule: 'whitelist', outcome: 'info', zh: '在 2026-11 信易贷白名单上' });
    const off = screenCandidate({ registered: true, features: clean, whitelistPeriod: null, needAmountFen: 1n }, list);
    expect(off.included).toBe(true);
    expect(off.reasons.at(-1)).toMatchObject({ rule: 'whitelist', en: 'Not on the latest white-list' });
    expect(screenCandidate({ registered: true, features: clean, needAmountFen: 1n }, list).reasons.some((x) => x.rule === 'whitelist')).toBe(false);
  });

  it('refuses a malformed rule file', () => {
    const bad = { version: '9', source: 'x', effectiveFrom: '2026-01-01', rules: [{ ...list.rules[0], test: { type: 'below', value: 1 } }, list.rules[0]] } as unknown as NegativeList;
    const problems = validateNegativeList(bad);
    expect(problems.join(' ')).toMatch(/unknown test/);
    expect(problems.join(' ')).toMatch(/defined twice/);
    expect(validateNegativeList(list)).toEqual([]);
  });
});

describe('response deadline and overdue items', () => {
  const settings = loadFeedbackSettings();
  const pushed = new Date('2026-11-02T02:00:00.000Z');
  const due = dueAt(pushed, settings.responseDeadlineDays);

  it('is due the configured number of calendar days after the push', () => {
    expect(settings.responseDeadlineDays).toBe(7);
    expect(due.toISOString()).toBe('2026-11-09T02:00:00.000Z');
  });

  it('flags an unanswered item only after the due time, and never once answered', () => {
    const clock = { now: pushed.getTime() };
    expect(isOverdue({ status: 'pending', dueAt: due }, clock.now)).toBe(false);
    clock.now = due.getTime();
    expect(isOverdue({ status: 'pending', dueAt: due }, clock.now)).toBe(false);
    clock.now = due.getTime() + 1;
    expect(isOverdue({ status: 'pending', dueAt: due }, clock.now)).toBe(true);
    for (const status of ['accepted', 'granted', 'disbursed', 'declined']) expect(isOverdue({ status, dueAt: due }, clock.now), status).toBe(false);
  });

  it('lets a bank move forward only (受理 → 授信 → 放款; decline before credit)', () => {
    expect(TRANSITIONS.pending).toContain('granted');
    expect(TRANSITIONS.granted).toEqual(['disbursed']);
    expect(TRANSITIONS.declined).toEqual([]);
    expect(TRANSITIONS.disbursed).toEqual([]);
  });

  it('gives every coded list both languages', () => {
    for (const c of [...settings.channels, ...settings.difficulties, ...settings.declineReasons]) {
      expect(c.zh && c.en, c.code).toBeTruthy();
    }
  });
});

describe('money in fen', () => {
  it('accepts whole fen as digits or a safe integer and keeps it a bigint', () => {
    expect(parseFen('123456789012345', 'a')).toBe(123456789012345n);
    expect(parseFen(500_000_000, 'a')).toBe(500_000_000n);
    expect(typeof parseFen('1', 'a')).toBe('bigint');
  });

  it('refuses fractions, floats, exponents, zero, negatives and leading zeros instead of rounding', () => {
    for (const v of ['1.5', '100.00', '1e5', '0', '-5', '007', '', ' 1', '1234567890123456']) {
      expect(() => parseFen(v, 'amountFen'), v).toThrow(AppError);
    }
    for (const v of [1.5, 0.1 + 0.2, 2 ** 53, Number.NaN]) expect(() => parseFen(v, 'amountFen'), String(v)).toThrow(AppError);
    try {
      parseFen('1.5', 'amountFen');
    } catch (err) {
      expect((err as AppError).code).toBe('COORDINATION_AMOUNT_INVALID');
      expect((err as AppError).text.zh).toContain('分');
    }
  });

  it('writes fen as yuan by digits, exact beyond float precision', () => {
    expect(fenToYuan(5n)).toBe('0.05');
    expect(fenToYuan('123456')).toBe('1234.56');
    expect(fenToYuan(999_999_999_999_999n)).toBe('9999999999999.99');
  });

  it('knows the days of a period', () => {
    expect(periodDays('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodDays('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodDays('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
});
