import type { SimItem, SimRecord, SimValue } from './records/index.ts';

/**
 * Data verification (数据核验, SPEC C3): the provider evaluates a claim about one field of an enterprise's
 * records and answers only 'true', 'false' or 'unknown' — never the value.
 */
export type ClaimOp = 'equals' | 'gte' | 'lte' | 'exists';
export type ClaimResult = 'true' | 'false' | 'unknown';

export interface Claim {
  item: string;
  uscc: string;
  field: string;
  op: ClaimOp;
  value?: string | number | boolean;
  /** Over several records (accounts, tax types): does the claim hold for any record (default) or for all? */
  match?: 'any' | 'all';
}

export class ClaimError extends Error {
  constructor(readonly code: 'FIELD_UNKNOWN' | 'OP_NOT_APPLICABLE' | 'CLAIM_VALUE_INVALID', readonly zh: string, en: string) {
    super(en);
  }
}

const DECIMAL = /^-?\d{1,18}(?:\.\d{1,6})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A decimal string scaled to integer millionths, so comparisons are exact. */
function scaled(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole, frac = ''] = (negative ? text.slice(1) : text).split('.');
  const v = BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
  return negative ? -v : v;
}

type Comparable = { kind: 'decimal'; v: bigint } | { kind: 'number'; v: number } | { kind: 'text'; v: string } | { kind: 'boolean'; v: boolean };

function comparable(type: string, value: SimValue | undefined, side: 'claim' | 'record'): Comparable | undefined {
  if (value === null || value === undefined) return undefined;
  switch (type) {
    case 'decimal': {
      const text = typeof value === 'number' && side === 'claim' ? String(value) : value;
      return typeof text === 'string' && DECIMAL.test(text) ? { kind: 'decimal', v: scaled(text) } : undefined;
    }
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? { kind: 'number', v: value } : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? { kind: 'boolean', v: value } : undefined;
    case 'date':
      return typeof value === 'string' && DATE.test(value) ? { kind: 'text', v: value } : undefined;
    default:
      return typeof value === 'string' ? { kind: 'text', v: value } : undefined;
  }
}

function compare(op: 'equals' | 'gte' | 'lte', a: Comparable, b: Comparable): boolean {
  if (op === 'equals') return a.v === b.v;
  const cmp = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  return op === 'gte' ? cmp >= 0 : cmp <= 0;
}

/**
 * Evaluates a claim. `records` undefined means the provider does not know the enterprise: 'unknown'.
 * With no records, `exists` is 'false' (the provider knows there is nothing) and comparisons are 'unknown'.
 */
export function evaluateClaim(item: SimItem, records: SimRecord[] | undefined, claim: Claim): ClaimResult {
  const field = item.fields.find((f) => f.code === claim.field);
  if (!field) throw new ClaimError('FIELD_UNKNOWN', `数据项 ${item.code} 没有字段 ${claim.field}`, `Item ${item.code} has no field ${claim.field}`);
  if ((claim.op === 'gte' || claim.op === 'lte') && !['decimal', 'integer', 'date'].includes(field.type)) {
    throw new ClaimError('OP_NOT_APPLICABLE', `字段 ${field.code}（${field.type}）不支持 ${claim.op} 比较`, `Field ${field.code} (${field.type}) cannot be compared with ${claim.op}`);
  }
  let expected: Comparable | undefined;
  if (claim.op !== 'exists') {
    expected = comparable(field.type, claim.value, 'claim');
    if (expected === undefined || (field.type === 'enum' && !field.enum?.includes(String(claim.value)))) {
      throw new ClaimError('CLAIM_VALUE_INVALID', `核验值不符合字段 ${field.code} 的类型 ${field.type}`, `The claimed value does not fit field ${field.code} of type ${field.type}`);
    }
  }
  if (records === undefined) return 'unknown';
  const all = claim.match === 'all';
  if (claim.op === 'exists') {
    if (records.length === 0) return 'false';
    const present = records.map((r) => r[field.code] !== null && r[field.code] !== undefined);
    return String(all ? present.every(Boolean) : present.some(Boolean)) as ClaimResult;
  }
  if (records.length === 0) return 'unknown';
  const outcomes = records.map((r) => {
    const actual = comparable(field.type, r[field.code], 'record');
    return actual === undefined ? undefined : compare(claim.op as 'equals' | 'gte' | 'lte', actual, expected as Comparable);
  });
  if (all) {
    if (outcomes.some((o) => o === false)) return 'false';
    return outcomes.every((o) => o === true) ? 'true' : 'unknown';
  }
  if (outcomes.some((o) => o === true)) return 'true';
  return outcomes.every((o) => o === false) ? 'false' : 'unknown';
}
