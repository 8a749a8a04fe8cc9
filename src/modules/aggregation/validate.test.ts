import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../catalog/index.ts';
import { canonicalDecimal, checkRow, FieldProblem, headerMapper, normaliseField, parseDate, recordKeyOf } from './validate.ts';

type Field = CatalogItem['fields'][number];

const asOf = new Date('2026-11-01T00:00:00+08:00');

function field(type: string, extra: Partial<Field> = {}): Field {
  return { code: 'f', name: '字段', nameEn: 'Field', type, required: false, personal: false, ...extra } as Field;
}

function problemCode(outcome: unknown): string | undefined {
  return outcome instanceof FieldProblem ? outcome.code : undefined;
}

describe('dates', () => {
  it('keeps YYYY-MM-DD as written and normalises the other forms government exports use', () => {
    expect(parseDate('2026-10-31')).toBe('2026-10-31');
    expect(parseDate('2026/1/5')).toBe('2026-01-05');
    expect(parseDate('20261005')).toBe('2026-10-05');
    expect(parseDate('2026年3月8日')).toBe('2026-03-08');
    expect(parseDate('2026-10-31 00:00:00')).toBe('2026-10-31');
    expect(parseDate('2026-10-31T08:00:00+08:00')).toBe('2026-10-31');
    expect(parseDate('2026-1-5')).toBe('2026-01-05');
  });

  it('refuses days that do not exist, leap years included', () => {
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    expect(parseDate('2000-02-29')).toBe('2000-02-29');
    expect(parseDate('2023-02-29')).toBeUndefined();
    expect(parseDate('2100-02-29')).toBeUndefined();
    expect(parseDate('2026-04-31')).toBeUndefined();
    expect(parseDate('2026-13-01')).toBeUndefined();
    expect(parseDate('2026-00-10')).toBeUndefined();
    expect(parseDate('2026-10-00')).toBeUndefined();
    expect(parseDate('1899-12-31')).toBeUndefined();
    expect(parseDate('2026-1a-01')).toBeUndefined();
    expect(parseDate('31/10/2026')).toBeUndefined();
    expect(parseDate('')).toBeUndefined();
  });

  it('reports a bad date with the value and the expected form', () => {
    const outcome = normaliseField(field('date'), '2026-02-30', asOf);
    expect(outcome).toMatchObject({ code: 'FIELD_DATE', zh: expect.stringContaining('2026-02-30'), en: expect.stringContaining('YYYY-MM-DD') });
  });
});

describe('field values', () => {
  it('normalises decimals to one spelling (the change detector must not see "12.50" and "12.5" as different)', () => {
    expect(normaliseField(field('decimal'), '0012.50', asOf)).toBe('12.5');
    expect(normaliseField(field('decimal'), '1,234.00', asOf)).toBe('1234');
    expect(normaliseField(field('decimal'), '-0.0', asOf)).toBe('0');
    expect(canonicalDecimal('+7.10')).toBe('7.1');
    expect(problemCode(normaliseField(field('decimal'), '12万', asOf))).toBe('FIELD_DECIMAL');
  });

  it('reads integers, yes/no words and enums, and refuses anything else with a reason', () => {
    expect(normaliseField(field('integer'), ' 42 ', asOf)).toBe(42);
    expect(problemCode(normaliseField(field('integer'), '4.2', asOf))).toBe('FIELD_INTEGER');
    expect(normaliseField(field('boolean'), '是', asOf)).toBe(true);
    expect(normaliseField(field('boolean'), 'No', asOf)).toBe(false);
    expect(problemCode(normaliseField(field('boolean'), '也许', asOf))).toBe('FIELD_BOOLEAN');
    const kinds = field('enum', { enum: ['法人及非法人组织', '个体工商户'] });
    expect(normaliseField(kinds, '个体工商户', asOf)).toBe('个体工商户');
    expect(problemCode(normaliseField(kinds, '外星企业', asOf))).toBe('FIELD_ENUM');
  });

  it('checks USCC and ID numbers by their check characters, and region codes against GB/T 2260', () => {
    expect(problemCode(normaliseField(field('uscc'), '91110000MA01ABCD1X', asOf))).toMatch(/^USCC_/);
    expect(problemCode(normaliseField(field('id_number'), '110101199003074515', asOf))).toBeDefined();
    expect(normaliseField(field('id_number'), '110101199003074514', asOf)).toBe('110101199003074514');
    expect(normaliseField(field('region_code'), '131002', asOf)).toBe('131002');
    expect(problemCode(normaliseField(field('region_code'), '999999', asOf))).toBe('FIELD_REGION');
  });

  it('treats blank as missing: a problem when required, null otherwise; objects and overlong text are refused', () => {
    expect(normaliseField(field('string'), '   ', asOf)).toBeNull();
    expect(problemCode(normaliseField(field('string', { required: true }), '', asOf))).toBe('FIELD_REQUIRED');
    expect(problemCode(normaliseField(field('string'), { a: 1 }, asOf))).toBe('FIELD_NOT_SCALAR');
    expect(problemCode(normaliseField(field('string'), 'x'.repeat(4001), asOf))).toBe('FIELD_TOO_LONG');
    expect(problemCode(normaliseField(field('string', { format: 'json' }), '{bad', asOf))).toBe('FIELD_JSON');
  });
});

describe('rows', () => {
  const item = {
    code: 'T', naturalKey: ['uscc', 'account', 'month'],
    fields: [
      field('uscc', { code: 'uscc', name: '统一社会信用代码', nameEn: 'USCC', required: true }),
      field('string', { code: 'account', name: '户号', nameEn: 'Account', required: true }),
      field('date', { code: 'month', name: '统计时间', nameEn: 'Statistics date', required: true }),
      field('decimal', { code: 'amount', name: '金额', nameEn: 'Amount' }),
    ],
  } as unknown as CatalogItem;

  it('reports every problem of a row, not just the first', () => {
    const r = checkRow(item, { uscc: 'bad', account: '', month: '2026-02-30', amount: 'abc' }, asOf);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.field)).toEqual(['uscc', 'account', 'month', 'amount']);
  });

  it('joins the natural key after the USCC with U+001F', () => {
    expect(recordKeyOf(item, { uscc: '91131000MA0000001K', account: 'W1', month: '2026-10-31', amount: '1.5' })).toBe('W1\u001f2026-10-31');
    const byUscc = { ...item, naturalKey: ['uscc'] } as CatalogItem;
    expect(recordKeyOf(byUscc, { uscc: '91131000MA0000001K' })).toBe('');
  });

  it('maps headers given as field codes, Chinese names or English names in any case', () => {
    const map = headerMapper(item);
    expect(map('ACCOUNT')).toBe('account');
    expect(map('统计时间')).toBe('month');
    expect(map('statistics date')).toBe('month');
    expect(map('其他')).toBeUndefined();
  });
});
