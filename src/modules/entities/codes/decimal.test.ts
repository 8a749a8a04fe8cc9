import { describe, it, expect } from 'vitest';
import { compareYuan, fenToWan, fenToYuan, parseYuanToFen, wanToFen } from './decimal.ts';

describe('decimal money helpers', () => {
  it('parses yuan strings to integer fen', () => {
    expect(parseYuanToFen('20000000.00')).toBe(2_000_000_000n);
    expect(parseYuanToFen('0.5')).toBe(50n);
    expect(parseYuanToFen('7')).toBe(700n);
    expect(parseYuanToFen('123456789012345678901.23')).toBe(12345678901234567890123n);
  });

  it('refuses anything that is not a plain non-negative amount with at most two decimals', () => {
    for (const bad of ['', '-1.00', '1.234', '1e6', ' 1', '1,000.00', '.5', '1.', 'NaN', '１']) expect(parseYuanToFen(bad)).toBeUndefined();
  });

  it('converts between fen, yuan and 万元 without rounding', () => {
    expect(wanToFen('2000')).toBe(2_000_000_000n);
    expect(fenToWan(2_000_000_000n)).toBe('2000');
    expect(fenToWan(1_234_567n)).toBe('1.234567');
    expect(fenToWan(1n)).toBe('0.000001');
    expect(fenToYuan(123_456n)).toBe('1234.56');
    expect(fenToYuan(5n)).toBe('0.05');
    expect(() => wanToFen('1.5')).toThrow(RangeError);
  });

  it('compares amounts exactly where floating point cannot', () => {
    expect(compareYuan('9007199254740993.01', '9007199254740993.00')).toBe(1);
    expect(compareYuan('0.10', '0.1')).toBe(0);
    expect(compareYuan('399999999.99', '400000000.00')).toBe(-1);
    expect(() => compareYuan('1e3', '1')).toThrow(RangeError);
  });
});
