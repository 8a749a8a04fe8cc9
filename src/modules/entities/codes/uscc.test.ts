import { describe, it, expect } from 'vitest';
import { USCC_ALPHABET, makeUscc, orgCodeCheckChar, usccCheckChar, validateUscc } from './uscc.ts';

/** Published codes (checked against both GB 32100 and GB 11714 checks) and the example of GB 32100-2015 itself. */
const PUBLISHED = [
  '91110000600037341L',
  '91110108551385082Q',
  '914403001922038216',
  '91330100716105852F',
  '9144030071526726XG',
  '911100001000044477',
  '91350100M000100Y43',
];

/** GB 32100-2015 表1, copied by hand so a typo in the implementation's table is caught. */
const ALLOWED_PAIRS: Record<string, string> = {
  '1': '1239', '2': '19', '3': '123459', '4': '19', '5': '1239', '6': '129', '7': '129', '8': '19', '9': '123', A: '19', N: '1239', Y: '1',
};

function errorOf(code: string) {
  const r = validateUscc(code);
  if (r.valid) throw new Error(`expected ${code} to be rejected`);
  return r.error;
}

describe('validateUscc', () => {
  it.each(PUBLISHED)('accepts the published code %s', (code) => {
    expect(validateUscc(code)).toEqual({ valid: true });
  });

  it('computes the check characters of a known code', () => {
    expect(usccCheckChar('91110000600037341')).toBe('L');
    expect(orgCodeCheckChar('60003734')).toBe('1');
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('names position 18 and the expected character when the check character is wrong', () => {
    expect(errorOf('91110000600037341M')).toEqual({
      code: 'USCC_CHECK_MISMATCH',
      position: 18,
      message: '第18位校验码错误，应为 L',
      messageEn: 'Check character at position 18 is wrong; expected L',
      expected: 'L',
    });
  });

  it('rejects every single-character substitution of valid codes and names where the error is', () => {
    let checked = 0;
    for (const code of PUBLISHED.slice(0, 5)) {
      for (let p = 0; p < 18; p++) {
        for (const ch of USCC_ALPHABET) {
          if (ch === code[p]) continue;
          const mutated = code.slice(0, p) + ch + code.slice(p + 1);
          const e = errorOf(mutated);
          checked++;
          if (e.position === 18) {
            // The substitution kept the structure valid: only the overall check catches it.
            expect(e.code).toBe('USCC_CHECK_MISMATCH');
            expect(e.expected).toBe(p === 17 ? code[17] : usccCheckChar(mutated.slice(0, 17)));
            expect(e.expected).not.toBe(mutated[17]);
          } else if (e.position === 17) {
            // Positions 9–17 are an organisation code with its own GB 11714 check.
            expect(e.code).toBe('USCC_ORG_CODE_CHECK');
            expect(p).toBeGreaterThanOrEqual(8);
            expect(p).toBeLessThanOrEqual(16);
            expect(e.expected).toBe(orgCodeCheckChar(mutated.slice(8, 16)));
          } else {
            // A structural rule (authority, entity type, region digits) names the substituted position itself,
            // except a new authority that does not issue the existing entity type, which is reported at position 2.
            expect(e.position === p + 1 || (p === 0 && e.position === 2 && e.code === 'USCC_ENTITY_TYPE')).toBe(true);
          }
        }
      }
    }
    expect(checked).toBe(5 * 18 * 30);
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('rejects the excluded letter %s at every position, naming that position', (letter) => {
    const code = PUBLISHED[0];
    for (let p = 0; p < 18; p++) {
      const e = errorOf(code.slice(0, p) + letter + code.slice(p + 1));
      expect(e.code).toBe('USCC_CHAR');
      expect(e.position).toBe(p + 1);
      expect(e.message).toContain(`第${p + 1}位`);
      expect(e.messageEn).toContain(`'${letter}'`);
    }
  });

  it('rejects a lowercase letter instead of silently upper-casing it', () => {
    const e = errorOf('91110000600037341l');
    expect(e).toMatchObject({ code: 'USCC_LOWERCASE', position: 18 });
    expect(e.message).toContain('L');
    expect(errorOf('91350100m000100Y43')).toMatchObject({ code: 'USCC_LOWERCASE', position: 9 });
    // A lowercase form of an excluded letter is simply not allowed.
    expect(errorOf('9111000060003734i1')).toMatchObject({ code: 'USCC_CHAR', position: 17 });
  });

  it('rejects empty input and wrong lengths', () => {
    expect(errorOf('')).toMatchObject({ code: 'USCC_EMPTY', position: 1 });
    expect(errorOf('91110000600037341')).toMatchObject({ code: 'USCC_LENGTH', position: 18 });
    expect(errorOf('91110000600037341LL')).toMatchObject({ code: 'USCC_LENGTH', position: 19 });
    expect(errorOf(' 91110000600037341L')).toMatchObject({ code: 'USCC_LENGTH' });
    expect(errorOf('9111').message).toBe('统一社会信用代码应为18位，实际为4位');
  });

  it('rejects blanks, punctuation and non-Latin characters naming their position', () => {
    expect(errorOf('9111000060003 341L')).toMatchObject({ code: 'USCC_CHAR', position: 14 });
    expect(errorOf('911100006000-7341L')).toMatchObject({ code: 'USCC_CHAR', position: 13 });
    expect(errorOf('91110000600037341Ｌ')).toMatchObject({ code: 'USCC_CHAR', position: 18 });
    expect(errorOf('9111000060003734😀L')).toMatchObject({ code: 'USCC_CHAR', position: 17 });
  });

  it('checks positions 1–2 against the GB 32100 table of authorities and entity types', () => {
    expect(errorOf('B1110000600037341L')).toMatchObject({ code: 'USCC_AUTHORITY', position: 1 });
    const e = errorOf('94110000600037341L');
    expect(e).toMatchObject({ code: 'USCC_ENTITY_TYPE', position: 2 });
    expect(e.message).toContain('1、2、3');
    for (const authority of USCC_ALPHABET) {
      for (const type of USCC_ALPHABET) {
        const parts = { authority, entityType: type, region: '131002', orgBody: 'MA0CXY12' };
        const allowed = ALLOWED_PAIRS[authority]?.includes(type) ?? false;
        if (allowed) expect(validateUscc(makeUscc(parts))).toEqual({ valid: true });
        else expect(() => makeUscc(parts)).toThrow(RangeError);
      }
    }
  });

  it('requires digits at positions 3–8 but accepts region codes that no longer exist', () => {
    expect(errorOf('91A10000600037341L')).toMatchObject({ code: 'USCC_REGION', position: 3 });
    expect(errorOf('9111000A600037341L')).toMatchObject({ code: 'USCC_REGION', position: 8 });
    expect(validateUscc(makeUscc({ authority: '9', entityType: '1', region: '999999', orgBody: '12345678' }))).toEqual({ valid: true });
  });

  it('reports an organisation-code check failure at position 17 with the expected character', () => {
    const e = errorOf('91110000600037342L');
    expect(e).toMatchObject({ code: 'USCC_ORG_CODE_CHECK', position: 17, expected: '1' });
    expect(e.message).toContain('应为 1');
  });

  it('builds valid codes with makeUscc and refuses malformed parts', () => {
    const code = makeUscc({ authority: '9', entityType: '1', region: '110000', orgBody: '60003734' });
    expect(code).toBe('91110000600037341L');
    expect(() => makeUscc({ authority: '9', entityType: '1', region: '11000', orgBody: '60003734' })).toThrow(RangeError);
    expect(() => makeUscc({ authority: '9', entityType: '1', region: '110000', orgBody: '6000373I' })).toThrow(RangeError);
    expect(() => usccCheckChar('9111000060003734')).toThrow(RangeError);
    expect(() => orgCodeCheckChar('6000373')).toThrow(RangeError);
  });

  it('writes organisation check values 10 and 11 as X and 0 (GB 11714)', () => {
    // Find bodies whose check value is 10 and 11 by brute force over the last digit.
    const results = new Set<string>();
    for (let n = 0; n < 100; n++) results.add(orgCodeCheckChar(`600037${String(n).padStart(2, '0')}`));
    expect(results.has('X')).toBe(true);
    expect(results.has('0')).toBe(true);
    expect([...results].every((c) => /^[0-9X]$/.test(c))).toBe(true);
  });
});
