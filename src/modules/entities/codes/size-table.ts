/**
 * SME size tables (中小企业划型标准) as data: loading, selection by effective date, and matching an
 * industry code to a table row. The thresholds live in src/data/sme-size-2011.json, never in code.
 */
import { readFileSync } from 'node:fs';
import { industryChildren, parseIndustryCode, isIndustryError } from './industries.ts';
import type { Industry } from './industries.ts';

export type SizeField = 'employees' | 'revenue' | 'assets';
export const SIZE_FIELDS: readonly SizeField[] = ['employees', 'revenue', 'assets'];

/** Bounds per field; employees in persons, revenue and assets in whole 万元, all as digit strings. */
export type SizeBounds = Partial<Record<SizeField, string>>;

export interface SizeRowIndustries {
  sections?: string[];
  divisions?: string[];
  classes?: string[];
  exclude?: { sections?: string[]; divisions?: string[]; classes?: string[] };
  /** The row for everything no other row matches (其他未列明行业). */
  default?: boolean;
}

export interface SizeRow {
  row: number;
  industryGroup: string;
  industryGroupEn: string;
  industries: SizeRowIndustries;
  /** SME when ANY value is below its bound; large otherwise. */
  ceiling: SizeBounds;
  /** Medium when EVERY value reaches its bound. */
  medium: SizeBounds;
  /** Small when EVERY value reaches its bound; micro otherwise. */
  small: SizeBounds;
}

export interface SizeTable {
  version: string;
  title: string;
  source: string;
  /** YYYY-MM-DD; the table applies from this day (China time). */
  effectiveFrom: string;
  units: Record<SizeField, string>;
  rows: SizeRow[];
}

function checkTable(t: SizeTable): SizeTable {
  const where = `sme size table ${t.version}`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t.effectiveFrom)) throw new Error(`${where}: effectiveFrom must be YYYY-MM-DD`);
  if (t.rows.filter((r) => r.industries.default).length !== 1) throw new Error(`${where}: exactly one default row is required`);
  t.rows.forEach((r, i) => {
    if (r.row !== i + 1) throw new Error(`${where}: rows must be numbered 1…n in order (found ${r.row} at ${i + 1})`);
    for (const bounds of [r.ceiling, r.medium, r.small]) {
      for (const [field, value] of Object.entries(bounds)) {
        if (!SIZE_FIELDS.includes(field as SizeField) || !/^\d+$/.test(value ?? '')) {
          throw new Error(`${where} row ${r.row}: bad bound ${field}=${value}`);
        }
      }
    }
    for (const c of r.industries.classes ?? []) {
      const parsed = parseIndustryCode(c);
      if (isIndustryError(parsed) || parsed.level !== 'class') throw new Error(`${where} row ${r.row}: ${c} is not a GB/T 4754 class`);
    }
  });
  return t;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Loaded once, validated, and frozen: callers share these objects. */
const bundled: readonly SizeTable[] = (
  JSON.parse(readFileSync(new URL('../../../data/sme-size-2011.json', import.meta.url), 'utf8')) as { tables: SizeTable[] }
).tables.map((t) => deepFreeze(checkTable(t)));

const bundledByDate: readonly SizeTable[] = [...bundled].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));

/** The bundled tables, oldest first. */
export function sizeTables(): readonly SizeTable[] {
  return bundledByDate;
}

/** asOf as YYYY-MM-DD in China Standard Time, the time zone the effective dates are written in. */
export function chinaDate(asOf: Date): string {
  return new Date(asOf.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The newest table whose effectiveFrom ≤ asOf, or undefined when none was in force yet. */
export function selectSizeTable(tables: readonly SizeTable[], asOf: Date): SizeTable | undefined {
  const day = chinaDate(asOf);
  let best: SizeTable | undefined;
  for (const t of tables) if (t.effectiveFrom <= day && (!best || t.effectiveFrom > best.effectiveFrom)) best = t;
  return best;
}

function excluded(r: SizeRow, ind: Industry): boolean {
  const ex = r.industries.exclude;
  if (!ex) return false;
  return (
    (ex.sections ?? []).includes(ind.section) ||
    (ind.division !== undefined && (ex.divisions ?? []).includes(ind.division)) ||
    (ind.class !== undefined && (ex.classes ?? []).includes(ind.class))
  );
}

/** The row for a code that is specific enough: a class match beats a division match beats a section match. */
function matchRow(table: SizeTable, ind: Industry): SizeRow {
  const eligible = table.rows.filter((r) => !excluded(r, ind));
  const byClass = ind.class === undefined ? undefined : eligible.find((r) => (r.industries.classes ?? []).includes(ind.class as string));
  const byDivision = ind.division === undefined ? undefined : eligible.find((r) => (r.industries.divisions ?? []).includes(ind.division as string));
  const bySection = eligible.find((r) => (r.industries.sections ?? []).includes(ind.section));
  const fallback = table.rows.find((r) => r.industries.default) as SizeRow;
  return byClass ?? byDivision ?? bySection ?? fallback;
}

/** Rows keyed on codes strictly below `ind` (so `ind` alone cannot tell which of them applies). */
function rowsBelow(table: SizeTable, ind: Industry): SizeRow[] {
  const digits = ind.code.slice(1);
  return table.rows.filter((r) => {
    const classes = (r.industries.classes ?? []).filter((c) => c.length > digits.length && c.startsWith(digits));
    const sectionOk = (code: string) => {
      const p = parseIndustryCode(code);
      return !isIndustryError(p) && p.section === ind.section;
    };
    if (classes.some(sectionOk)) return true;
    return ind.level === 'section' && (r.industries.divisions ?? []).some(sectionOk);
  });
}

/**
 * Every row that can apply to some code under `ind`. One row means the code is specific enough; several
 * mean the caller must ask for a finer code (e.g. K70 may be 7010, 7020 or another class of division 70).
 */
// The answer depends only on the (frozen) table and the industry code, and classification runs once per
// entity in bulk loads; caching it keeps the rule search off the hot path.
const candidateCache = new WeakMap<SizeTable, Map<string, SizeRow[]>>();

export function candidateRows(table: SizeTable, ind: Industry): SizeRow[] {
  let byCode = candidateCache.get(table);
  if (!byCode) candidateCache.set(table, (byCode = new Map()));
  let rows = byCode.get(ind.code);
  if (!rows) byCode.set(ind.code, (rows = computeCandidateRows(table, ind)));
  return rows;
}

function computeCandidateRows(table: SizeTable, ind: Industry): SizeRow[] {
  if (ind.level === 'class' || rowsBelow(table, ind).length === 0) return [matchRow(table, ind)];
  const { children, complete } = industryChildren(ind);
  const found = new Map<number, SizeRow>();
  if (complete && children.length > 0) {
    for (const child of children) for (const r of candidateRows(table, child)) found.set(r.row, r);
  } else {
    // Without the full list of sub-codes, any finer row and the row of the code itself remain possible.
    for (const r of rowsBelow(table, ind)) found.set(r.row, r);
    const own = matchRow(table, ind);
    found.set(own.row, own);
  }
  return [...found.values()].sort((a, b) => a.row - b.row);
}
