/**
 * Publicity periods of administrative-penalty records (rules/credit-repair.md, SPEC §4.4): which case a penalty is,
 * from its own fields, and its window — the shortest period (repair may be requested from its end) and the longest
 * (publicity ends by itself). Every number and keyword is data: src/data/repair/publicity-periods-v1.json.
 */
import { readFileSync } from 'node:fs';

export type PenaltyCase = 'general' | 'safety' | 'market_minor' | 'market_ban';
export type RepairKind = 'penalty_publicity' | 'serious_dishonesty' | 'other_dishonesty';
export interface Period { months?: number; years?: number }

export interface PeriodRules {
  version: string;
  effectiveFrom: string;
  cases: Record<PenaltyCase, { zh: string; en: string; shortest: Period | null; longest: Period | 'ban_period'; repairable: boolean }>;
  classification: {
    safetyKeywords: string[]; marketRegulatorKeywords: string[]; reprimandKeywords: string[]; fineKeywords: string[]; banKeywords: string[];
    banLongerThan: Period; categorySeparators: string; lowFineYuan: string;
  };
  repair: {
    kinds: Record<RepairKind, { items: string[]; zh: string; en: string }>;
    trainingReportRequired: boolean; reapplyAfterDays: number; statementMinChars: number;
  };
  expirySweep: { everyMinutes: number };
}

let cached: PeriodRules | undefined;
export function periodRules(): PeriodRules {
  cached ??= JSON.parse(readFileSync(new URL('../../data/repair/publicity-periods-v1.json', import.meta.url), 'utf8')) as PeriodRules;
  return cached;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date plus a period; a day that does not exist in the target month falls back to its last day (2025-11-30 + 3 months = 2026-02-28). */
export function addPeriod(date: string, p: Period, sign: 1 | -1 = 1): string {
  const m = DAY.exec(date);
  if (!m) throw new Error(`${date} is not YYYY-MM-DD`);
  const months = sign * ((p.years ?? 0) * 12 + (p.months ?? 0));
  const total = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(Number(m[3]), last);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Yuan as a decimal string → fen (bigint); null when it is not a plain amount. */
export function yuanToFen(value: unknown): bigint | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(/,/g, '') : '';
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  return m ? BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0') || '0') : null;
}

export interface Window {
  case: PenaltyCase;
  /** every penalty type of the record with the case it falls under (the longest decides) */
  types: { type: string; case: PenaltyCase }[];
  decisionDate: string;
  /** repair may be requested on or after this date; null when the case has no repair (publicity ends by itself) */
  shortestEndsOn: string | null;
  /** publicity ends automatically on this date */
  longestEndsOn: string;
  repairable: boolean;
  rulesVersion: string;
}

const has = (text: string, words: string[]) => words.some((w) => text.toLowerCase().includes(w.toLowerCase()));
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** The case of one penalty type of a record, from the record's fields. */
function caseOfType(type: string, d: Record<string, unknown>, decisionDate: string, r: PeriodRules): PenaltyCase {
  const c = r.classification;
  if (has(`${str(d.violation_type)} ${str(d.penalty_basis)} ${str(d.authority_name)}`, c.safetyKeywords)) return 'safety';
  if (!has(str(d.authority_name), c.marketRegulatorKeywords)) return 'general';
  if (has(type, c.reprimandKeywords)) return 'market_minor';
  if (has(type, c.fineKeywords)) {
    const fine = yuanToFen(d.fine_amount);
    const low = yuanToFen(c.lowFineYuan)!;
    return fine !== null && fine <= low ? 'market_minor' : 'general';
  }
  if (has(type, c.banKeywords)) {
    const until = str(d.penalty_valid_until);
    if (DAY.test(until) && until > addPeriod(decisionDate, c.banLongerThan)) return 'market_ban';
  }
  return 'general';
}

function windowOf(kase: PenaltyCase, d: Record<string, unknown>, decisionDate: string, r: PeriodRules) {
  const spec = r.cases[kase];
  const longest = spec.longest === 'ban_period' ? str(d.penalty_valid_until) : addPeriod(decisionDate, spec.longest);
  return { shortest: spec.shortest ? addPeriod(decisionDate, spec.shortest) : null, longest };
}

/** The window of an ADMIN_PENALTY record; null when it has no valid decision date (nothing can be computed). */
export function penaltyWindow(d: Record<string, unknown>, r: PeriodRules = periodRules()): Window | null {
  const decisionDate = str(d.decision_date);
  if (!DAY.test(decisionDate)) return null;
  const seps = new RegExp(`[${r.classification.categorySeparators.replace(/[\]\\^-]/g, '\\$&')}]+`);
  const types = [str(d.penalty_category), str(d.penalty_category_other)].join(' ').split(seps).map((t) => t.trim()).filter(Boolean);
  const classified = (types.length ? types : [str(d.penalty_content) || '—']).map((type) => ({ type, case: caseOfType(type, d, decisionDate, r) }));
  // several penalty types: the one with the longest publicity decides (then the later shortest end)
  let best: { case: PenaltyCase; shortest: string | null; longest: string } | null = null;
  for (const t of classified) {
    const w = windowOf(t.case, d, decisionDate, r);
    if (!best || w.longest > best.longest || (w.longest === best.longest && (w.shortest ?? '') > (best.shortest ?? ''))) best = { case: t.case, ...w };
  }
  const b = best!;
  return {
    case: b.case, types: classified, decisionDate, shortestEndsOn: b.shortest, longestEndsOn: b.longest,
    repairable: r.cases[b.case].repairable && b.shortest !== null, rulesVersion: r.version,
  };
}

/** The repair kind an item's records fall under; null when the item's records are not repaired. */
export function kindOfItem(item: string, r: PeriodRules = periodRules()): RepairKind | null {
  for (const [kind, k] of Object.entries(r.repair.kinds) as [RepairKind, { items: string[] }][]) if (k.items.includes(item)) return kind;
  return null;
}

/** The shortest "longest period" in whole months among the dated cases: no record decided later can have expired. */
export function minimumLongestMonths(r: PeriodRules = periodRules()): number {
  let min = Infinity;
  for (const c of Object.values(r.cases)) if (c.longest !== 'ban_period') min = Math.min(min, (c.longest.years ?? 0) * 12 + (c.longest.months ?? 0));
  return Number.isFinite(min) ? min : 0;
}
