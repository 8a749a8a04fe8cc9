import { describe, expect, it } from 'vitest';
import type { WhitelistRule } from '../../api/whitelist.ts';
import { formatParam, invalidPrefixes, normalisePrefixes, paramKind, reasonFact, ruleSetProblems, runDuration, textOf } from './whitelist-format.ts';

const RULES: WhitelistRule[] = [
  { id: 'industry_policy', enabled: true, zh: '符合国家产业政策', en: 'Fits the industrial policy', params: {} },
  { id: 'credit_commitment', enabled: false, zh: '已签署《信用承诺书》', en: 'Has signed the credit commitment', params: {} },
];

/** A stand-in for i18next's t: known keys interpolate {{value}}, unknown keys fall back to defaultValue. */
const t = (key: string, options?: Record<string, unknown>) => {
  const known: Record<string, string> = { 'whitelist.fact.operating_status': '成立 {{value}} 年', 'sizeClass.small': '小型' };
  const text = known[key] ?? String(options?.defaultValue ?? key);
  return text.replace('{{value}}', String(options?.value ?? ''));
};

describe('white-list screen wording', () => {
  it('picks the text of the reader\'s language', () => {
    expect(textOf({ zh: '中', en: 'en' }, 'zh-CN')).toBe('中');
    expect(textOf({ zh: '中', en: 'en' }, 'en')).toBe('en');
  });

  it('words the fact beside a reason, and shows nothing when there is none', () => {
    expect(reasonFact(t, 'operating_status', '3.2')).toBe('成立 3.2 年');
    expect(reasonFact(t, 'sme_size', 'small')).toBe('小型');
    expect(reasonFact(t, 'credit_grade', 'B+ (720)')).toBe('B+ (720)');
    expect(reasonFact(t, 'no_dishonest_debtor', null)).toBe('');
  });

  it('names the rule each refusal of a rule set concerns', () => {
    const problem = { code: 'WHITELIST_RULES_INVALID', problems: [
      { path: '/rules/1/enabled', zh: '规则 credit_commitment 不可停用', en: 'rule credit_commitment cannot be disabled' },
      { path: '/rules', zh: '缺少必备规则 no_current_enforcement', en: 'mandatory rule no_current_enforcement is missing' },
    ] };
    expect(ruleSetProblems(problem, RULES, 'zh-CN')).toEqual([
      '已签署《信用承诺书》 (credit_commitment)：规则 credit_commitment 不可停用',
      '缺少必备规则 no_current_enforcement',
    ]);
    expect(ruleSetProblems(problem, RULES, 'en')[0]).toBe('Has signed the credit commitment (credit_commitment): rule credit_commitment cannot be disabled');
    expect(ruleSetProblems({ errors: [{ path: '/rules/0/zh', message: 'must NOT have fewer than 1 characters' }] }, RULES, 'zh-CN'))
      .toEqual(['符合国家产业政策 (industry_policy)：must NOT have fewer than 1 characters']);
    expect(ruleSetProblems({ code: 'INTERNAL' }, RULES, 'zh-CN')).toEqual([]);
  });

  it('edits string lists as tags, numbers as numbers and anything else as JSON', () => {
    expect(paramKind(['B06'])).toBe('list');
    expect(paramKind([])).toBe('list');
    expect(paramKind(1)).toBe('number');
    expect(paramKind('B-')).toBe('text');
    expect(paramKind(true)).toBe('boolean');
    expect(paramKind({ a: 1 })).toBe('json');
    expect(paramKind([1, 2])).toBe('json');
  });

  it('shows parameters in the rule table', () => {
    expect(formatParam(['B06', 'C2511'], '（空）')).toBe('B06, C2511');
    expect(formatParam([], '（空）')).toBe('（空）');
    expect(formatParam(1, '—')).toBe('1');
    expect(formatParam({ a: 1 }, '—')).toBe('{"a":1}');
  });

  it('cleans typed prefixes and finds the malformed ones', () => {
    expect(normalisePrefixes([' 13 ', 'c39', '13', ''])).toEqual(['13', 'C39']);
    expect(invalidPrefixes(['13', '1', 'x13'], /^[0-9]{2,6}$/)).toEqual(['1', 'x13']);
  });

  it('gives a finished run\'s duration in milliseconds or seconds', () => {
    const say = (key: string, options?: Record<string, unknown>) => `${key.split('.').pop()}:${String(options?.ms ?? options?.seconds)}`;
    expect(runDuration(say, '2026-11-28T10:00:00.000Z', '2026-11-28T10:00:00.042Z')).toBe('durationMs:42');
    expect(runDuration(say, '2026-11-28T10:00:00.000Z', '2026-11-28T10:00:01.250Z')).toBe('durationS:1.3');
    expect(runDuration(say, '2026-11-28T10:00:00.000Z', null)).toBe('');
  });
});
