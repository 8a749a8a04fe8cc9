import { describe, expect, it } from 'vitest';
import { currentPeriod, fenToYuan, yuanToFen } from './coordination-format.ts';

describe('coordination money on the page', () => {
  it('turns typed yuan into fen digits without floats', () => {
    expect(yuanToFen('5000000')).toBe('500000000');
    expect(yuanToFen('12.5')).toBe('1250');
    expect(yuanToFen('0.01')).toBe('1');
    expect(yuanToFen('9999999999999.99')).toBe('999999999999999');
    expect(yuanToFen('0.1')).toBe('10');
  });

  it('refuses what is not an amount of yuan with at most two decimals', () => {
    for (const v of ['', '0', '1.234', '-5', '1e5', 'abc', '1,000']) expect(yuanToFen(v), v).toBeNull();
  });

  it('shows fen as yuan', () => {
    expect(fenToYuan('500000000')).toBe('5000000.00');
    expect(fenToYuan('5')).toBe('0.05');
  });

  it('takes the period in China time', () => {
    expect(currentPeriod(Date.parse('2026-11-30T17:00:00Z'))).toBe('2026-12');
  });
});
