import type { SimEnterprise } from '../enterprises.ts';
import { monthsBetween, seededRandom, type SimRandom } from '../random.ts';

/** A value as a provider sends it: decimals are strings (never floats), dates YYYY-MM-DD, absent values null. */
export type SimValue = string | number | boolean | null;
export type SimRecord = Record<string, SimValue>;

export interface SimContext {
  seed: number | string;
  /** Last day of the month the simulated data describes (YYYY-MM-DD, China Standard Time). */
  referenceDate: string;
}

/** Catalog enumeration 主体类别 for market entities. */
export type EntityTypeLabel = '法人及非法人组织' | '自然人' | '个体工商户';

/**
 * Facts about one enterprise that several items must agree on (an abnormal taxpayer is often in arrears, a
 * cancelled entity has no utility account, …). Derived once per enterprise from its USCC.
 */
export interface Profile {
  e: SimEnterprise;
  ctx: SimContext;
  entityType: EntityTypeLabel;
  active: boolean;
  /** Yearly revenue in yuan (estimated from employees when the registry has none). */
  revenue: number;
  employees: number;
  assets: number;
  /** GB/T 4754 section letter. */
  section: string;
  monthsOpen: number;
  taxAbnormal: boolean;
  taxArrearsNow: boolean;
  taxArrearsPast: boolean;
}

export function entityTypeLabel(e: SimEnterprise): EntityTypeLabel {
  return e.entityType === 'individual_business' ? '个体工商户' : '法人及非法人组织';
}

/** Share of entities listed as 非正常户 by registry status; dormant and revoked entities dominate the list. */
const ABNORMAL_RATE: Record<SimEnterprise['status'], number> = { active: 0.015, moved_out: 0.08, revoked: 0.35, cancelled: 0 };

export function profileOf(e: SimEnterprise, ctx: SimContext): Profile {
  const rng = seededRandom(ctx.seed, e.uscc, 'profile');
  const employees = e.employees ?? (e.revenue ? Math.max(1, Math.round(Number(e.revenue) / 300_000)) : rng.between(1, 20));
  const revenue = e.revenue ? Number(e.revenue) : employees * rng.real(150_000, 450_000);
  const assets = e.assets ? Number(e.assets) : revenue * rng.real(0.4, 1.5);
  const taxAbnormal = rng.chance(ABNORMAL_RATE[e.status]);
  const arrearsRate = taxAbnormal ? 0.6 : e.status === 'revoked' ? 0.3 : e.status === 'cancelled' ? 0 : 0.03;
  const taxArrearsNow = rng.chance(arrearsRate);
  return {
    e,
    ctx,
    entityType: entityTypeLabel(e),
    active: e.status === 'active' || e.status === 'moved_out',
    revenue,
    employees,
    assets,
    section: e.industryCode[0],
    monthsOpen: monthsBetween(e.establishedOn, ctx.referenceDate),
    taxAbnormal,
    taxArrearsNow,
    taxArrearsPast: !taxArrearsNow && e.status !== 'cancelled' && rng.chance(0.05),
  };
}

/** Random stream for one item of one enterprise. */
export function itemRandom(p: Profile, item: string): SimRandom {
  return seededRandom(p.ctx.seed, p.e.uscc, item);
}

/** Account numbers: digits derived from the USCC, stable across restarts. */
export function accountDigits(rng: SimRandom, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += String(rng.between(0, 9));
  return s;
}
