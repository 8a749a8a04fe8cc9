/**
 * Draw employees / revenue / assets so that an entity lands in a chosen size class of its table row.
 * Values are integers: persons, or fen for money (all well below 2^53, so plain numbers are exact).
 */
import { candidateRows, SIZE_FIELDS } from '../codes/size-table.ts';
import type { SizeField, SizeRow, SizeTable } from '../codes/size-table.ts';
import { isIndustryError, parseIndustryCode } from '../codes/industries.ts';
import type { Rng } from './prng.ts';

export type TargetClass = 'large' | 'medium' | 'small' | 'micro';

interface FieldBounds {
  field: SizeField;
  ceiling: number;
  medium: number;
  small: number;
  /** Lowest value drawn for a micro entity. */
  floor: number;
}

export interface RowSampler {
  row: SizeRow;
  fields: FieldBounds[];
  /** Whether the row's bounds use each field. */
  uses: Record<SizeField, boolean>;
}

const FEN_PER_WAN = 1_000_000;

function toUnits(field: SizeField, value: string): number {
  return field === 'employees' ? Number(value) : Number(value) * FEN_PER_WAN;
}

/** Bounds of the single table row an industry code maps to; throws if the code is too coarse. */
export function rowSampler(table: SizeTable, industryCode: string): RowSampler {
  const parsed = parseIndustryCode(industryCode);
  if (isIndustryError(parsed)) throw new RangeError(`demo industry ${industryCode}: ${parsed.error.messageEn}`);
  const rows = candidateRows(table, parsed);
  if (rows.length !== 1) throw new RangeError(`demo industry ${industryCode} maps to ${rows.length} size rows; use a finer code`);
  const row = rows[0];
  const fields = SIZE_FIELDS.filter((f) => row.ceiling[f] !== undefined).map((field): FieldBounds => {
    const get = (v: string | undefined) => {
      if (v === undefined) throw new RangeError(`size row ${row.row}: ${field} bounds the ceiling but not the medium/small floors`);
      return toUnits(field, v);
    };
    const small = get(row.small[field]);
    const floor = field === 'employees' ? 1 : Math.min(Math.max(Math.floor(small / 20), 20_000 * 100), Math.floor(small / 2));
    return { field, ceiling: get(row.ceiling[field]), medium: get(row.medium[field]), small, floor };
  });
  const uses = { employees: false, revenue: false, assets: false };
  for (const f of fields) uses[f.field] = true;
  return { row, fields, uses };
}

/** Log-uniform integer in [lo, hi): small values are as common per decade as large ones. */
function logUniform(rng: Rng, lo: number, hi: number): number {
  if (hi - lo <= 1) return lo;
  const a = Math.log(Math.max(lo, 1));
  const v = Math.floor(Math.exp(a + rng.next() * (Math.log(hi) - a)));
  return v < lo ? lo : v >= hi ? hi - 1 : v;
}

export type Drawn = Partial<Record<SizeField, number>>;

/**
 * Values that put the entity in `target` for its row (rules/sme-size.md semantics). One field is chosen to
 * decide the step down (below the ceiling, a medium floor or a small floor); the others vary freely within
 * what keeps the class. `tight` keeps every field inside the class band (for individual businesses).
 */
export function drawForClass(rng: Rng, sampler: RowSampler, target: TargetClass, tight: boolean): Drawn {
  const out: Drawn = {};
  const k = rng.int(sampler.fields.length);
  sampler.fields.forEach((b, i) => {
    let lo: number;
    let hi: number;
    if (target === 'large') [lo, hi] = [b.ceiling, b.ceiling * 3];
    else if (target === 'medium') [lo, hi] = i === k || tight ? [b.medium, b.ceiling] : [b.medium, b.ceiling * 2];
    else if (target === 'small') [lo, hi] = i === k || tight ? [b.small, b.medium] : [b.small, b.ceiling];
    else [lo, hi] = i === k || tight ? [b.floor, b.small] : [b.floor, b.medium];
    out[b.field] = logUniform(rng, lo, hi);
  });
  return out;
}

/** Fill the fields the row does not use with values in proportion to the ones it does. */
function between(rng: Rng, lo: number, hi: number): number {
  return lo + rng.next() * (hi - lo);
}

export function fillRelated(rng: Rng, drawn: Drawn, maxEmployees: number): Required<Drawn> {
  let { employees, revenue, assets } = drawn;
  if (revenue === undefined) {
    // 8万–60万 yuan of revenue per person, or 0.4–1.5× assets.
    revenue =
      employees !== undefined
        ? Math.round(employees * between(rng, 80_000, 600_000) * 100)
        : Math.round((assets ?? 0) * between(rng, 0.4, 1.5));
  }
  if (employees === undefined) employees = Math.min(maxEmployees, Math.max(1, Math.round(revenue / 100 / between(rng, 150_000, 800_000))));
  if (assets === undefined) assets = Math.round(revenue * between(rng, 0.3, 1.8));
  return { employees, revenue, assets };
}

/** Fen as a yuan string with two decimals. */
export function fenText(fen: number): string {
  const cents = fen % 100;
  return `${(fen - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}
