import { describe, expect, it } from 'vitest';
import { bpToPercent, fenToWanText, fenToYuanText, percentToBp, yuanToFen } from './money.ts';

describe('marketplace money text', () => {
  it('turns typed yuan into integer fen without floats', () => {
    expect(yuanToFen('12.3')).toBe('1230');
    expect(yuanToFen('0.05')).toBe('5');
    expect(yuanToFen('1000000')).toBe('100000000');
    for (const bad of ['1.555', '-1', '1e3', '', '0', 'abc']) expect(yuanToFen(bad)).toBeNull();
  });
  it('shows fen as yuan and 万元, and basis points as percent', () => {
    expect(fenToYuanText('123456')).toBe('1,234.56');
    expect(fenToYuanText('5')).toBe('0.05');
    expect(fenToWanText('500000000')).toBe('500');
    expect(fenToWanText('12345600')).toBe('12.3456');
    expect(bpToPercent(385)).toBe('3.85');
    expect(percentToBp('3.85')).toBe(385);
    expect(percentToBp('3.855')).toBeNull();
  });
});
