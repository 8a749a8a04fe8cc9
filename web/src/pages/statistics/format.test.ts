import { describe, expect, it } from 'vitest';
import { fenToWan, percentInputToBp, percentText, wanText } from './format.ts';

describe('statistics display formats', () => {
  it('turns fen into 万元 with two decimals, half up, exactly beyond 2^53', () => {
    expect(fenToWan('0')).toBe('0.00');
    expect(fenToWan('4999')).toBe('0.00');
    expect(fenToWan('5000')).toBe('0.01');
    expect(fenToWan('150000000')).toBe('150.00');
    expect(wanText('123456789012345678')).toBe('123,456,789,012.35');
  });

  it('reads percentages typed by a person as basis points, growth above 100 % included', () => {
    expect(percentInputToBp('80')).toBe(8000);
    expect(percentInputToBp('62.5')).toBe(6250);
    expect(percentInputToBp('150')).toBe(15000);
    expect(percentInputToBp('1.234')).toBeNull();
    expect(percentText(null)).toBe('—');
    expect(percentText(6667)).toBe('66.67%');
  });
});
