import { describe, it, expect } from 'vitest';
import { idCheckChar, makeIdNumber, validateIdNumber } from './id-number.ts';

const AS_OF = new Date('2026-01-01T00:00:00Z');

function errorOf(id: string, asOf: Date = AS_OF) {
  const r = validateIdNumber(id, asOf);
  if (r.valid) throw new Error(`expected ${id} to be rejected`);
  return r.error;
}

/** A syntactically complete number with a correct check character, whatever its birth date. */
function withCheck(first17: string): string {
  return first17 + idCheckChar(first17);
}

describe('validateIdNumber', () => {
  it('accepts the example of GB 11643-1999, whose check character is X', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(validateIdNumber('11010519491231002X', AS_OF)).toEqual({ valid: true });
  });

  it('rejects the standard’s 1880 example: birth years before 1900 are not accepted', () => {
    expect(idCheckChar('44052418800101001')).toBe('4');
    expect(errorOf('440524188001010014')).toMatchObject({ code: 'ID_BIRTH_DATE', position: 7 });
  });

  it('names position 18 and the expected character when the check is wrong', () => {
    expect(errorOf('110105194912310021')).toEqual({
      code: 'ID_CHECK_MISMATCH',
      position: 18,
      message: '第18位校验码错误，应为 X',
      messageEn: 'Check character at position 18 is wrong; expected X',
      expected: 'X',
    });
  });

  it('rejects every single-digit substitution with the expected check character or a birth-date error', () => {
    const ids = ['11010519491231002X', makeIdNumber('131002', '19800229', '123'), makeIdNumber('130102', '20001010', '000')];
    let checked = 0;
    for (const id of ids) {
      expect(validateIdNumber(id, AS_OF)).toEqual({ valid: true });
      for (let p = 0; p < 18; p++) {
        for (const ch of '0123456789X') {
          if (ch === id[p] || (ch === 'X' && p < 17)) continue;
          const mutated = id.slice(0, p) + ch + id.slice(p + 1);
          const e = errorOf(mutated);
          checked++;
          if (e.code === 'ID_BIRTH_DATE') {
            expect(p).toBeGreaterThanOrEqual(6);
            expect(p).toBeLessThanOrEqual(13);
            expect(e.position).toBe(7);
          } else {
            expect(e.code).toBe('ID_CHECK_MISMATCH');
            expect(e.position).toBe(18);
            expect(e.expected).toBe(p === 17 ? id[17] : idCheckChar(mutated.slice(0, 17)));
          }
        }
      }
    }
    expect(checked).toBe(3 * (17 * 9 + 10));
  });

  it('rejects a lowercase x with its own message', () => {
    const e = errorOf('11010519491231002x');
    expect(e).toMatchObject({ code: 'ID_LOWERCASE_X', position: 18 });
    expect(e.message).toContain('大写 X');
  });

  it('rejects impossible birth dates', () => {
    expect(errorOf(withCheck('13100219900230123'))).toMatchObject({ code: 'ID_BIRTH_DATE', position: 7 }); // 30 February
    expect(errorOf(withCheck('13100219000229123'))).toMatchObject({ code: 'ID_BIRTH_DATE' }); // 1900 is not a leap year
    expect(errorOf(withCheck('13100219991301123'))).toMatchObject({ code: 'ID_BIRTH_DATE' }); // month 13
    expect(errorOf(withCheck('13100219990400123'))).toMatchObject({ code: 'ID_BIRTH_DATE' }); // day 0
    expect(errorOf(withCheck('13100218991231123'))).toMatchObject({ code: 'ID_BIRTH_DATE' }); // before 1900
    expect(validateIdNumber(withCheck('13100220000229123'), AS_OF)).toEqual({ valid: true }); // 2000 is a leap year
    expect(validateIdNumber(withCheck('13100219000101123'), AS_OF)).toEqual({ valid: true });
  });

  it('rejects birth dates in the future, judged by the date in China', () => {
    // 2025-12-31T16:00Z is already 2026-01-01 in China.
    const asOf = new Date('2025-12-31T16:00:00Z');
    expect(validateIdNumber(withCheck('13100220260101123'), asOf)).toEqual({ valid: true });
    expect(errorOf(withCheck('13100220260102123'), asOf)).toMatchObject({ code: 'ID_BIRTH_DATE', position: 7 });
    expect(errorOf(withCheck('13100220260101123'), new Date('2025-12-31T15:59:59Z')).messageEn).toContain('future');
  });

  it('rejects wrong lengths and characters other than digits and a final X', () => {
    expect(errorOf('')).toMatchObject({ code: 'ID_EMPTY' });
    expect(errorOf('11010519491231002')).toMatchObject({ code: 'ID_LENGTH', position: 18 });
    expect(errorOf('11010519491231002X1')).toMatchObject({ code: 'ID_LENGTH', position: 19 });
    expect(errorOf('1101051949123X002X')).toMatchObject({ code: 'ID_CHAR', position: 14 });
    expect(errorOf('11010519491231002Y')).toMatchObject({ code: 'ID_CHAR', position: 18 });
    expect(errorOf('１10105194912310021')).toMatchObject({ code: 'ID_CHAR', position: 1 });
  });

  it('builds valid numbers with makeIdNumber and refuses malformed parts', () => {
    const id = makeIdNumber('131002', '19850615', '357');
    expect(id).toMatch(/^13100219850615357[0-9X]$/);
    expect(validateIdNumber(id, AS_OF)).toEqual({ valid: true });
    expect(() => makeIdNumber('13100', '19850615', '357')).toThrow(RangeError);
    expect(() => makeIdNumber('131002', '19850230', '357')).toThrow(RangeError);
    expect(() => makeIdNumber('131002', '19850615', '35')).toThrow(RangeError);
    expect(() => idCheckChar('1310021985061535X')).toThrow(RangeError);
  });
});
