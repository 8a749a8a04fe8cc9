import { codes } from '../entities/index.ts';
import type { CatalogItem } from '../catalog/index.ts';

/** One thing wrong with one row: the field (null for the whole row), a stable code and messages a clerk can act on. */
export interface RowProblem {
  field: string | null;
  code: string;
  zh: string;
  en: string;
}

/** A field value after normalisation: text for strings, dates (YYYY-MM-DD) and decimals; numbers; booleans. */
export type FieldValue = string | number | boolean | null;

/** A problem found by normaliseField (a class, so telling it from a value is one instanceof check). */
export class FieldProblem implements RowProblem {
  constructor(readonly field: string | null, readonly code: string, readonly zh: string, readonly en: string) {}
}

export type RowCheck =
  | { ok: true; values: Record<string, FieldValue> }
  | { ok: false; problems: RowProblem[] };

type Field = CatalogItem['fields'][number];

const DECIMAL = /^[+-]?\d{1,18}(\.\d{1,8})?$/;
const INTEGER = /^[+-]?\d{1,15}$/;
const DATE_FORMS: readonly RegExp[] = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})(\d{2})(\d{2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日$/,
  // a date-time whose date part is what the field keeps (government exports often carry 00:00:00)
  /^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/,
];
const TRUE_WORDS = new Set(['是', 'true', '1', 'y', 'yes', 't']);
const FALSE_WORDS = new Set(['否', 'false', '0', 'n', 'no', 'f']);
/** Longest text accepted in one field; longer values are almost always a shifted column. */
const MAX_TEXT = 4000;

/** Checks a row against its catalog item and normalises every value; every problem is reported, not just the first. */
export function checkRow(item: CatalogItem, raw: Record<string, unknown>, asOf: Date): RowCheck {
  const problems: RowProblem[] = [];
  const values: Record<string, FieldValue> = {};
  for (const field of item.fields) {
    const outcome = normaliseField(field, raw[field.code], asOf);
    if (outcome instanceof FieldProblem) problems.push({ field: outcome.field, code: outcome.code, zh: outcome.zh, en: outcome.en });
    else values[field.code] = outcome;
  }
  return problems.length ? { ok: false, problems } : { ok: true, values };
}

/** The message says what is wrong with the value; the field travels beside it (screens and reports show both). */
function problem(field: Field, code: string, zh: string, en: string): FieldProblem {
  return new FieldProblem(field.code, code, zh, en);
}

/** The value normalised for its catalog type, or the problem with it. Hot path: one call per cell of every batch. */
export function normaliseField(field: Field, input: unknown, asOf: Date): FieldValue | FieldProblem {
  if (input !== null && input !== undefined && typeof input === 'object') {
    return problem(field, 'FIELD_NOT_SCALAR', '应为单个值，不能是对象或数组', 'must be a single value, not an object or array');
  }
  const text = input === null || input === undefined ? '' : String(input).trim();
  if (text === '') {
    return field.required ? problem(field, 'FIELD_REQUIRED', '必填项为空', 'is required but empty') : null;
  }
  if (text.length > MAX_TEXT) return problem(field, 'FIELD_TOO_LONG', `超过 ${MAX_TEXT} 个字符`, `is longer than ${MAX_TEXT} characters`);
  switch (field.type) {
    case 'string':
      if (field.format === 'json') {
        try {
          JSON.parse(text);
        } catch {
          return problem(field, 'FIELD_JSON', '应为 JSON 文本', 'must be JSON text');
        }
      }
      return text;
    case 'integer': {
      if (typeof input === 'number' ? !Number.isSafeInteger(input) : !INTEGER.test(text)) {
        return problem(field, 'FIELD_INTEGER', `“${clip(text)}”不是整数`, `"${clip(text)}" is not a whole number`);
      }
      return Number(text);
    }
    case 'decimal': {
      const plain = text.replace(/,/g, '');
      if (!DECIMAL.test(plain)) return problem(field, 'FIELD_DECIMAL', `“${clip(text)}”不是数值`, `"${clip(text)}" is not a number`);
      return canonicalDecimal(plain);
    }
    case 'date': {
      const date = parseDate(text);
      if (!date) return problem(field, 'FIELD_DATE', `“${clip(text)}”不是有效日期（应为 YYYY-MM-DD）`, `"${clip(text)}" is not a valid date (expected YYYY-MM-DD)`);
      return date;
    }
    case 'boolean': {
      const w = text.toLowerCase();
      if (TRUE_WORDS.has(w)) return true;
      if (FALSE_WORDS.has(w)) return false;
      return problem(field, 'FIELD_BOOLEAN', `“${clip(text)}”应为“是”或“否”`, `"${clip(text)}" must be yes/no (是/否)`);
    }
    case 'enum':
      if (!field.enum?.includes(text)) {
        return problem(field, 'FIELD_ENUM', `“${clip(text)}”不在可选值中（${field.enum?.join('、')}）`, `"${clip(text)}" is not one of: ${field.enum?.join(', ')}`);
      }
      return text;
    case 'uscc': {
      const value = text.toUpperCase();
      const r = codes.validateUscc(value);
      if (!r.valid) return problem(field, r.error.code, r.error.message, r.error.messageEn);
      return value;
    }
    case 'id_number': {
      const r = codes.validateIdNumber(text, asOf);
      if (!r.valid) return problem(field, r.error.code, r.error.message, r.error.messageEn);
      return text;
    }
    case 'region_code':
      if (!/^\d{6}$/.test(text) || !codes.regionByCode(text)) {
        return problem(field, 'FIELD_REGION', `“${clip(text)}”不是有效的行政区划代码（GB/T 2260）`, `"${clip(text)}" is not a known GB/T 2260 region code`);
      }
      return text;
    default:
      return problem(field, 'FIELD_TYPE_UNKNOWN', `目录中的字段类型 ${String(field.type)} 无法校验`, `the catalog field type ${String(field.type)} cannot be checked`);
  }
}

/** Decimal text without a plus sign, leading zeros or trailing fractional zeros ("0012.50" → "12.5"). */
const CANONICAL_DECIMAL = /^(0|[1-9]\d*)(\.\d*[1-9])?$/;

export function canonicalDecimal(text: string): string {
  if (CANONICAL_DECIMAL.test(text)) return text;
  let sign = '';
  let body = text;
  if (body[0] === '+' || body[0] === '-') {
    sign = body[0] === '-' ? '-' : '';
    body = body.slice(1);
  }
  let [int, frac = ''] = body.split('.');
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  const out = frac ? `${int}.${frac}` : int;
  return out === '0' ? '0' : sign + out;
}

/** A calendar date in one of the forms government exports use, as YYYY-MM-DD; undefined when not a real date. */
export function parseDate(text: string): string | undefined {
  // Most dates already arrive as YYYY-MM-DD: checked digit by digit and returned as they are (no match arrays,
  // no new string; P1 reads one or two dates per row).
  if (text.length === 10 && text.charCodeAt(4) === 0x2d && text.charCodeAt(7) === 0x2d) {
    const y = digits(text, 0, 4);
    const mo = digits(text, 5, 2);
    const d = digits(text, 8, 2);
    if (y >= 0 && mo >= 0 && d >= 0) return validDay(y, mo, d) ? text : undefined;
  }
  for (const form of DATE_FORMS) {
    const m = form.exec(text);
    if (!m) continue;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!validDay(y, mo, d)) return undefined;
    return `${String(y)}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  return undefined;
}

/** The number written by `length` ASCII digits at `from`, or -1. */
function digits(text: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) {
    const c = text.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDay(y: number, mo: number, d: number): boolean {
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (mo === 2 && leap ? 29 : MONTH_DAYS[mo - 1]);
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** The natural key of a valid row: the values after uscc joined by U+001F ('' when uscc alone is the key). */
export function recordKeyOf(item: CatalogItem, values: Record<string, FieldValue>): string {
  const parts: string[] = [];
  for (const k of item.naturalKey) if (k !== 'uscc') parts.push(String(values[k]));
  return parts.join('\u001f');
}

/** Maps a header (field code, Chinese name or English name, any case) to the item's field code. */
export function headerMapper(item: CatalogItem): (header: string) => string | undefined {
  const map = new Map<string, string>();
  for (const f of item.fields) {
    map.set(f.code.toLowerCase(), f.code);
    map.set(f.name, f.code);
    map.set(f.nameEn.toLowerCase(), f.code);
  }
  return (header) => map.get(header) ?? map.get(header.toLowerCase());
}
