/**
 * 公民身份号码 — resident identity number, GB 11643-1999.
 *
 * Layout (GB 11643-1999 §4): [1–6] address code (GB/T 2260), [7–14] birth date YYYYMMDD,
 * [15–17] sequence code (odd = male, even = female), [18] check character (ISO 7064 MOD 11-2).
 */
import { invalid, showChar } from './code-error.ts';
import type { CheckResult } from './code-error.ts';

export type IdNumberResult = CheckResult;

/** GB 11643-1999 §7.1: weights of positions 1–17 (2^(18−i) mod 11). */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

/** GB 11643-1999 §7.2: check character indexed by (Σ mod 11). */
const ID_CHECK_CHARS = '10X98765432';

/** The earliest birth year this platform accepts (GB 11643 has no lower bound; pre-1900 numbers are data errors here). */
const MIN_BIRTH_YEAR = 1900;

/** GB 11643-1999 §7: check character over the first 17 digits. Throws on malformed input. */
export function idCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`idCheckChar needs 17 digits, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = first17.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new RangeError(`idCheckChar needs 17 digits, got "${first17}"`);
    sum += d * ID_WEIGHTS[i];
  }
  return ID_CHECK_CHARS[sum % 11];
}

/** Build a valid ID number; throws when a part is malformed (a programming error, not user input). */
export function makeIdNumber(region6: string, birthYYYYMMDD: string, seq3: string): string {
  if (!/^\d{6}$/.test(region6)) throw new RangeError(`makeIdNumber: region must be 6 digits, got "${region6}"`);
  if (!/^\d{8}$/.test(birthYYYYMMDD) || !isCalendarDate(birthYYYYMMDD)) {
    throw new RangeError(`makeIdNumber: birth date must be a real YYYYMMDD date, got "${birthYYYYMMDD}"`);
  }
  if (!/^\d{3}$/.test(seq3)) throw new RangeError(`makeIdNumber: sequence must be 3 digits, got "${seq3}"`);
  const first17 = region6 + birthYYYYMMDD + seq3;
  return first17 + idCheckChar(first17);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isCalendarDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Today as YYYYMMDD in China Standard Time (UTC+8), where the birth dates are recorded. */
function todayInChina(asOf: Date): string {
  const t = new Date(asOf.getTime() + 8 * 3600_000);
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth() + 1;
  const d = t.getUTCDate();
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}

/**
 * Validate a resident ID number. Checks: length, characters (17 digits then a digit or uppercase X),
 * birth date (a real date, year ≥ 1900, not after `asOf`), then the check character.
 * A lowercase x is rejected with its own code: the standard writes the check value 10 as uppercase X.
 */
export function validateIdNumber(input: string, asOf: Date = new Date()): IdNumberResult {
  if (input.length === 0) {
    return invalid({ code: 'ID_EMPTY', position: 1, message: '身份证号码为空', messageEn: 'The ID number is empty' });
  }
  const length = [...input].length;
  if (length !== 18) {
    return invalid({
      code: 'ID_LENGTH',
      position: length > 18 ? 19 : length + 1,
      message: `公民身份号码应为18位，实际为${length}位`,
      messageEn: `A resident ID number has 18 characters; this one has ${length}`,
    });
  }
  const chars = [...input];
  for (let i = 0; i < 18; i++) {
    const ch = chars[i];
    const isDigit = ch.length === 1 && ch >= '0' && ch <= '9';
    if (isDigit || (i === 17 && ch === 'X')) continue;
    const position = i + 1;
    if (i === 17 && ch === 'x') {
      return invalid({
        code: 'ID_LOWERCASE_X',
        position,
        message: '第18位校验码应写作大写 X，不能用小写 x',
        messageEn: 'The check character at position 18 must be an uppercase X, not a lowercase x',
      });
    }
    return invalid({
      code: 'ID_CHAR',
      position,
      message:
        i === 17
          ? `第18位字符 ${showChar(ch)} 无效：校验码只能是数字或大写 X`
          : `第${position}位字符 ${showChar(ch)} 无效：前17位只能是数字`,
      messageEn:
        i === 17
          ? `Character ${showChar(ch)} at position 18 is invalid: the check character is a digit or uppercase X`
          : `Character ${showChar(ch)} at position ${position} is invalid: the first 17 characters are digits`,
    });
  }
  // GB 11643-1999 §4.2: positions 7–14 are the date of birth.
  const birth = input.slice(6, 14);
  const year = Number(birth.slice(0, 4));
  if (!isCalendarDate(birth) || year < MIN_BIRTH_YEAR || birth > todayInChina(asOf)) {
    const reason = !isCalendarDate(birth)
      ? { zh: '不是有效日期', en: 'is not a calendar date' }
      : year < MIN_BIRTH_YEAR
        ? { zh: `早于${MIN_BIRTH_YEAR}年`, en: `is before ${MIN_BIRTH_YEAR}` }
        : { zh: '晚于今天', en: 'is in the future' };
    return invalid({
      code: 'ID_BIRTH_DATE',
      position: 7,
      message: `第7–14位出生日期 ${birth} ${reason.zh}`,
      messageEn: `Birth date ${birth} at positions 7–14 ${reason.en}`,
    });
  }
  const expected = idCheckChar(input.slice(0, 17));
  if (input[17] !== expected) {
    return invalid({
      code: 'ID_CHECK_MISMATCH',
      position: 18,
      message: `第18位校验码错误，应为 ${expected}`,
      messageEn: `Check character at position 18 is wrong; expected ${expected}`,
      expected,
    });
  }
  return { valid: true };
}
