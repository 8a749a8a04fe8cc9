import type { CatalogItem } from '../../catalog/index.ts';
import { FieldProblem, normaliseField, type FieldValue } from '../validate.ts';

export type ClaimOp = 'equals' | 'gte' | 'lte' | 'exists';
type Field = CatalogItem['fields'][number];

const ORDERED = new Set(['integer', 'decimal', 'date']);

/** Which operators a field type supports: order only where order means something (amounts, counts, dates). */
export function opApplies(field: Field, op: ClaimOp): boolean {
  if (op === 'gte' || op === 'lte') return ORDERED.has(field.type);
  return true;
}

/** The claimed value normalised like an ingested value, or the reason it cannot be. */
export function normaliseClaimValue(field: Field, value: unknown, asOf: Date): { value: FieldValue } | { error: { zh: string; en: string } } {
  const out = normaliseField({ ...field, required: true }, value, asOf);
  if (out instanceof FieldProblem) return { error: { zh: out.zh, en: out.en } };
  return { value: out };
}

/** Decimal text → integer scaled by 10^8 (ingest keeps at most 8 fractional digits): exact comparison, no floats. */
function scaled(text: string): bigint {
  const negative = text.startsWith('-');
  const [int, frac = ''] = text.replace(/^[+-]/, '').split('.');
  const v = BigInt(int || '0') * 100_000_000n + BigInt((frac + '00000000').slice(0, 8));
  return negative ? -v : v;
}

export function compareValues(field: Field, a: FieldValue, b: FieldValue): number {
  if (field.type === 'decimal') {
    const d = scaled(String(a)) - scaled(String(b));
    return d === 0n ? 0 : d < 0n ? -1 : 1;
  }
  if (field.type === 'integer') return Number(a) - Number(b);
  const [x, y] = [String(a), String(b)];
  return x === y ? 0 : x < y ? -1 : 1;
}

/**
 * A claim over the current records of one item: true when some record satisfies it, false when records exist
 * and none does, unknown when there is nothing to decide on. Only the verdict leaves this function.
 */
export function evaluateClaim(field: Field, op: ClaimOp, claimed: FieldValue, values: FieldValue[]): 'true' | 'false' | 'unknown' {
  if (values.length === 0) return 'unknown';
  if (op === 'exists') return values.some((v) => v !== null) ? 'true' : 'false';
  const known = values.filter((v) => v !== null);
  if (known.length === 0) return 'unknown';
  const test = (v: FieldValue) => {
    const c = compareValues(field, v, claimed);
    return op === 'equals' ? c === 0 : op === 'gte' ? c >= 0 : c <= 0;
  };
  return known.some(test) ? 'true' : 'false';
}
