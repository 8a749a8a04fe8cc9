import { describe, expect, it } from 'vitest';
import { formatDecimal, formatScaled, integerDigitCount, parseDecimal } from './money.ts';

describe('yuan formatting without floating point', () => {
  it('groups thousands and keeps the fraction as sent', () => {
    expect(formatDecimal('20000000.00')).toBe('20,000,000.00');
    expect(formatDecimal('999.5')).toBe('999.5');
    expect(formatDecimal('0.00')).toBe('0.00');
    expect(formatDecimal('-1234567')).toBe('-1,234,567');
  });

  it('keeps digits a float would lose', () => {
    expect(formatDecimal('12345678901234567.89')).toBe('12,345,678,901,234,567.89');
    expect(formatScaled('12345678901234567.89', 4)).toBe('1,234,567,890,123.46');
  });

  it('expresses large amounts in 万 with half-up rounding and no trailing zeros', () => {
    expect(formatScaled('20000000.00', 4)).toBe('2,000');
    expect(formatScaled('12345678.00', 4)).toBe('1,234.57');
    expect(formatScaled('99999999.99', 4)).toBe('10,000');
    expect(formatScaled('10000', 4)).toBe('1');
    expect(formatScaled('5000', 4)).toBe('0.5');
    expect(formatScaled('49', 4)).toBe('0');
    expect(formatScaled('-12345678', 6)).toBe('-12.35');
  });

  it('rejects what is not a decimal string', () => {
    expect(parseDecimal('1e6')).toBeNull();
    expect(formatDecimal('abc')).toBeNull();
    expect(formatScaled('', 4)).toBeNull();
  });

  it('counts integer digits ignoring leading zeros', () => {
    expect(integerDigitCount('000123.45')).toBe(3);
    expect(integerDigitCount('0.5')).toBe(0);
    expect(integerDigitCount('20000000.00')).toBe(8);
  });
});
