/**
 * 统一社会信用代码 — unified social credit code (USCC), GB 32100-2015.
 *
 * Layout (GB 32100-2015 §4):
 *   [1]     registration-authority code (登记管理部门代码)
 *   [2]     entity-type code (机构类别代码), allowed values depend on [1]
 *   [3–8]   administrative-division code (GB/T 2260)
 *   [9–17]  organisation code (主体标识码, GB 11714: 8-character body + check character)
 *   [18]    check character over [1–17]
 */
import { invalid, showChar } from './code-error.ts';
import type { CheckResult } from './code-error.ts';

export type { CodeError } from './code-error.ts';
export type UsccResult = CheckResult;

/** GB 32100-2015 §4.1: 31 characters, I O Z S V are never used; a character's value is its index. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 32100-2015 §4.4: weights of positions 1–17. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** GB 11714-1997 §5: weights of the 8 body characters of an organisation code. */
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Letters GB 32100 excludes because they are easily confused with digits or each other. */
const EXCLUDED_LETTERS = 'IOZSV';

/**
 * GB 32100-2015 表1: registration-authority codes and, for each, the entity-type codes it may issue.
 * Names are used only to make error messages actionable.
 */
const AUTHORITIES: Readonly<Record<string, { name: string; nameEn: string; types: string }>> = {
  '1': { name: '机构编制', nameEn: 'institutional establishment', types: '1239' },
  '2': { name: '外交', nameEn: 'foreign affairs', types: '19' },
  '3': { name: '司法行政', nameEn: 'justice administration', types: '123459' },
  '4': { name: '文化', nameEn: 'culture', types: '19' },
  '5': { name: '民政', nameEn: 'civil affairs', types: '1239' },
  '6': { name: '旅游', nameEn: 'tourism', types: '129' },
  '7': { name: '宗教', nameEn: 'religious affairs', types: '129' },
  '8': { name: '工会', nameEn: 'trade unions', types: '19' },
  '9': { name: '市场监督管理（工商）', nameEn: 'market regulation (industry and commerce)', types: '123' },
  A: { name: '中央军委改革和编制办公室', nameEn: 'CMC reform and establishment office', types: '19' },
  N: { name: '农业', nameEn: 'agriculture', types: '1239' },
  Y: { name: '其他', nameEn: 'other', types: '1' },
};

/** Character code → alphabet value, −1 for characters outside the alphabet (a flat table: this runs per character). */
const ALPHABET_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_ALPHABET.length; i++) ALPHABET_VALUE[USCC_ALPHABET.charCodeAt(i)] = i;

function alphabetValue(ch: string | undefined): number {
  if (ch === undefined || ch.length !== 1) return -1;
  const c = ch.charCodeAt(0);
  return c < 128 ? ALPHABET_VALUE[c] : -1;
}

function joinList(chars: string, sep: string): string {
  return [...chars].join(sep);
}

/** GB 32100-2015 §4.4: check character over the first 17 characters. Throws on malformed input. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`usccCheckChar needs 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = alphabetValue(first17[i]);
    if (v < 0) throw new RangeError(`usccCheckChar: ${showChar(first17[i])} at position ${i + 1} is not in the USCC alphabet`);
    sum += v * USCC_WEIGHTS[i];
  }
  // C18 = 31 − (Σ mod 31); a result of 31 is written as 0.
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** GB 11714 body character value: digits 0–9, letters A=10 … Z=35. */
function orgBodyValue(ch: string): number | undefined {
  const c = ch.charCodeAt(0);
  if (ch.length !== 1) return undefined;
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  return undefined;
}

/** GB 11714-1997 §5: check character of an organisation code from its 8-character body. */
export function orgCodeCheckChar(first8: string): string {
  if (first8.length !== 8) throw new RangeError(`orgCodeCheckChar needs 8 characters, got ${first8.length}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = orgBodyValue(first8[i]);
    if (v === undefined) throw new RangeError(`orgCodeCheckChar: ${showChar(first8[i])} at position ${i + 1} is not a digit or uppercase letter`);
    sum += v * ORG_CODE_WEIGHTS[i];
  }
  // C9 = 11 − (Σ mod 11); 10 is written as X and 11 as 0.
  const c9 = 11 - (sum % 11);
  return c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9);
}

/** Build a valid USCC from its parts; throws when a part is malformed (a programming error, not user input). */
export function makeUscc(parts: { authority: string; entityType: string; region: string; orgBody: string }): string {
  const { authority, entityType, region, orgBody } = parts;
  const auth = AUTHORITIES[authority];
  if (!auth) throw new RangeError(`makeUscc: unknown registration authority ${showChar(authority)}`);
  if (entityType.length !== 1 || !auth.types.includes(entityType)) {
    throw new RangeError(`makeUscc: entity type ${showChar(entityType)} is not allowed for authority ${authority}`);
  }
  if (!/^\d{6}$/.test(region)) throw new RangeError(`makeUscc: region must be 6 digits, got "${region}"`);
  let bodyOk = orgBody.length === 8;
  for (let i = 0; bodyOk && i < 8; i++) bodyOk = alphabetValue(orgBody[i]) >= 0;
  if (!bodyOk) {
    throw new RangeError(`makeUscc: orgBody must be 8 characters from the USCC alphabet, got "${orgBody}"`);
  }
  const first17 = authority + entityType + region + orgBody + orgCodeCheckChar(orgBody);
  return first17 + usccCheckChar(first17);
}

function charError(input: string): UsccResult | undefined {
  for (let i = 0; i < 18; i++) {
    const ch = input[i];
    if (alphabetValue(ch) >= 0) continue;
    const position = i + 1;
    const upper = ch.toUpperCase();
    if (upper !== ch && alphabetValue(upper) >= 0) {
      return invalid({
        code: 'USCC_LOWERCASE',
        position,
        message: `第${position}位字符 ${showChar(ch)} 为小写字母；统一社会信用代码只使用大写字母，应写作 ${upper}`,
        messageEn: `Character ${showChar(ch)} at position ${position} is lowercase; the code uses uppercase letters only — write ${upper}`,
      });
    }
    if (EXCLUDED_LETTERS.includes(upper)) {
      return invalid({
        code: 'USCC_CHAR',
        position,
        message: `第${position}位字符 ${showChar(ch)} 不允许：统一社会信用代码不使用字母 I、O、Z、S、V`,
        messageEn: `Character ${showChar(ch)} at position ${position} is not allowed: the code never uses the letters I, O, Z, S or V`,
      });
    }
    return invalid({
      code: 'USCC_CHAR',
      position,
      message: `第${position}位字符 ${showChar(ch)} 无效：只能使用数字和大写字母（不含 I、O、Z、S、V）`,
      messageEn: `Character ${showChar(ch)} at position ${position} is invalid: only digits and uppercase letters (except I, O, Z, S, V) are used`,
    });
  }
  return undefined;
}

/**
 * Validate a USCC. Checks run from the coarse to the fine: length, characters, authority/type pair,
 * region digits, the embedded organisation-code check (position 17), then the USCC check (position 18).
 * Input is taken as given: no trimming, no case folding — a lowercase letter is reported, not fixed.
 */
export function validateUscc(input: string): UsccResult {
  if (input.length === 0) {
    return invalid({
      code: 'USCC_EMPTY',
      position: 1,
      message: '统一社会信用代码为空',
      messageEn: 'The unified social credit code is empty',
    });
  }
  const length = [...input].length;
  if (length !== 18) {
    return invalid({
      code: 'USCC_LENGTH',
      position: length > 18 ? 19 : length + 1,
      message: `统一社会信用代码应为18位，实际为${length}位`,
      messageEn: `A unified social credit code has 18 characters; this one has ${length}`,
    });
  }
  if (input.length !== 18) {
    // 18 code points but more UTF-16 units: some character is outside the BMP and certainly invalid.
    const chars = [...input];
    const i = chars.findIndex((ch) => ch.length > 1);
    return invalid({
      code: 'USCC_CHAR',
      position: i + 1,
      message: `第${i + 1}位字符 ${showChar(chars[i])} 无效：只能使用数字和大写字母（不含 I、O、Z、S、V）`,
      messageEn: `Character ${showChar(chars[i])} at position ${i + 1} is invalid: only digits and uppercase letters (except I, O, Z, S, V) are used`,
    });
  }
  const bad = charError(input);
  if (bad) return bad;

  // GB 32100-2015 表1: position 1 is a registration-authority code.
  const auth = AUTHORITIES[input[0]];
  if (!auth) {
    return invalid({
      code: 'USCC_AUTHORITY',
      position: 1,
      message: `第1位登记管理部门代码 ${showChar(input[0])} 无效，应为 1–9、A、N 或 Y`,
      messageEn: `Registration-authority code ${showChar(input[0])} at position 1 is invalid; expected 1–9, A, N or Y`,
    });
  }
  // GB 32100-2015 表1: position 2 must be an entity type that authority issues.
  if (!auth.types.includes(input[1])) {
    return invalid({
      code: 'USCC_ENTITY_TYPE',
      position: 2,
      message: `第2位机构类别代码 ${showChar(input[1])} 与第1位登记管理部门代码 ${input[0]}（${auth.name}）不匹配，允许值：${joinList(auth.types, '、')}`,
      messageEn: `Entity-type code ${showChar(input[1])} at position 2 is not issued by registration authority ${input[0]} (${auth.nameEn}); allowed: ${joinList(auth.types, ', ')}`,
    });
  }
  // GB 32100-2015 §4.3: positions 3–8 are a GB/T 2260 division code. Only the form is checked: codes of
  // abolished or renamed counties stay valid in USCCs issued before the change.
  for (let i = 2; i < 8; i++) {
    const c = input.charCodeAt(i);
    if (c < 48 || c > 57) {
      return invalid({
        code: 'USCC_REGION',
        position: i + 1,
        message: `第${i + 1}位应为数字：第3–8位是 GB/T 2260 行政区划代码，实际为 ${showChar(input[i])}`,
        messageEn: `Position ${i + 1} must be a digit: positions 3–8 are a GB/T 2260 administrative-division code; got ${showChar(input[i])}`,
      });
    }
  }
  // GB 11714-1997: positions 9–17 are an organisation code whose last character checks the other eight.
  const orgExpected = orgCodeCheckChar(input.slice(8, 16));
  if (input[16] !== orgExpected) {
    return invalid({
      code: 'USCC_ORG_CODE_CHECK',
      position: 17,
      message: `第17位组织机构代码校验码错误，应为 ${orgExpected}（GB 11714，按第9–16位计算；若第9–16位有误请一并核对）`,
      messageEn: `Organisation-code check character at position 17 is wrong; expected ${orgExpected} (GB 11714, computed from positions 9–16 — check those too)`,
      expected: orgExpected,
    });
  }
  const expected = usccCheckChar(input.slice(0, 17));
  if (input[17] !== expected) {
    return invalid({
      code: 'USCC_CHECK_MISMATCH',
      position: 18,
      message: `第18位校验码错误，应为 ${expected}`,
      messageEn: `Check character at position 18 is wrong; expected ${expected}`,
      expected,
    });
  }
  return { valid: true };
}

/** Registration-authority name for position 1 (e.g. '9' → 市场监督管理（工商）), for display. */
export function usccAuthorityName(code: string): { name: string; nameEn: string } | undefined {
  const a = AUTHORITIES[code];
  return a ? { name: a.name, nameEn: a.nameEn } : undefined;
}
