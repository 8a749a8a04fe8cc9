import { describe, expect, it } from 'vitest';
import type { QuarantineRow } from '../../api/types.ts';
import { booleanOf, cellFromInput, changedFields, isoDateOf, problemsByField, resubmissionOf } from './quarantine-values.ts';

const row: QuarantineRow = {
  rowNumber: 3,
  status: 'open',
  resolvedBy: null,
  values: { uscc: '91110000ABC', stat_date: '2024-13', in_arrears: '否' },
  problems: [
    { field: 'uscc', code: 'USCC_CHECK_MISMATCH', zh: '校验码错误', en: 'wrong check character' },
    { field: 'stat_date', code: 'DATE_INVALID', zh: '不是日期', en: 'not a date' },
    { field: null, code: 'ROW_SHAPE', zh: '列数不符', en: 'wrong column count' },
  ],
};

describe('quarantined row editing', () => {
  it('reads the usual spellings of yes and no in a boolean cell', () => {
    expect(booleanOf('是')).toBe(true);
    expect(booleanOf('FALSE')).toBe(false);
    expect(booleanOf(true)).toBe(true);
    expect(booleanOf('maybe')).toBeUndefined();
    expect(booleanOf(null)).toBeUndefined();
  });

  it('offers the date picker only a well-formed date', () => {
    expect(isoDateOf('2024-05-31')).toBe('2024-05-31');
    expect(isoDateOf('2024-13')).toBeUndefined();
    expect(isoDateOf(20240531)).toBeUndefined();
  });

  it('groups problems by field, whole-row problems apart', () => {
    const grouped = problemsByField(row);
    expect(grouped.get('uscc')?.map((p) => p.code)).toEqual(['USCC_CHECK_MISMATCH']);
    expect(grouped.get('')?.map((p) => p.code)).toEqual(['ROW_SHAPE']);
  });

  it('sends emptied cells as null and keeps numbers as text', () => {
    expect(cellFromInput({ type: 'string' }, '  ')).toBeNull();
    expect(cellFromInput({ type: 'decimal' }, ' 12.50 ')).toBe('12.50');
    expect(cellFromInput({ type: 'boolean' }, false)).toBe(false);
    expect(cellFromInput({ type: 'date' }, undefined)).toBeNull();
  });

  it('marks the corrected cells and sends the corrected rows in row order', () => {
    const corrections = new Map([
      [7, { uscc: 'X' }],
      [3, { ...row.values, uscc: '91110000600037341L' }],
    ]);
    expect([...changedFields(row, corrections)]).toEqual(['uscc']);
    expect(resubmissionOf(corrections).rows.map((r) => r.rowNumber)).toEqual([3, 7]);
  });
});
