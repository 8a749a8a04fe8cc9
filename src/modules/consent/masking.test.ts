import { describe, expect, it } from 'vitest';
import { maskBankAccount, maskIdNumber, maskMobile, maskPersonName } from './masking.ts';

describe('masking (SPEC C4 default formats)', () => {
  it('shows only the first 3 and last 4 characters of a resident ID', () => {
    expect(maskIdNumber('110101199003071234')).toBe('110***********1234');
  });
  it('shows only the first 3 and last 4 digits of a mobile number', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
  });
  it('keeps the surname, including compound surnames', () => {
    expect(maskPersonName('张三')).toBe('张*');
    expect(maskPersonName('张三丰')).toBe('张**');
    expect(maskPersonName('欧阳修')).toBe('欧阳*');
    expect(maskPersonName('欧阳娜娜')).toBe('欧阳**');
  });
  it('shows only the last 4 digits of a bank account', () => {
    expect(maskBankAccount('6222 0200 1234 5678')).toBe('************5678');
  });
});
