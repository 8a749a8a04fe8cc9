import type { NodeTier } from '../../platform/config.ts';
import { TIERS } from './node-identity.ts';

/**
 * Who may register below whom (国办发〔2024〕15号: national → province → city → county). The upper node's area is the
 * prefix of its GB/T 2260 code its tier spans: a province 13xxxx, a city 1310xx, a county its own code, the nation all.
 */
export function areaPrefix(tier: NodeTier, regionCode: string): string {
  switch (tier) {
    case 'national': return '';
    case 'province': return regionCode.slice(0, 2);
    case 'city': return regionCode.slice(0, 4);
    case 'county': return regionCode;
  }
}

export type RegistrationRefusal = 'FEDERATION_TIER_NOT_BELOW' | 'FEDERATION_REGION_OUTSIDE';

/** Why a node of `lower` tier and region may not register with `upper`, or null when it may. */
export function registrationRefusal(upper: { tier: NodeTier; regionCode: string }, lower: { tier: NodeTier; regionCode: string }): RegistrationRefusal | null {
  if (TIERS.indexOf(lower.tier) >= TIERS.indexOf(upper.tier)) return 'FEDERATION_TIER_NOT_BELOW';
  if (!lower.regionCode.startsWith(areaPrefix(upper.tier, upper.regionCode))) return 'FEDERATION_REGION_OUTSIDE';
  return null;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

/** Whole months from `from` to `to` (YYYY-MM each); negative when `to` is earlier. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm);
}

/** The last complete calendar month in China Standard Time before `now` — the month a node reports next. */
export function lastCompleteMonth(now: number): string {
  const china = new Date(now + 8 * 3600_000);
  const y = china.getUTCFullYear();
  const m = china.getUTCMonth(); // 0-based: the current month's index is the previous month's number
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

/** Wait before the next attempt after `attempts` failures: 5 s doubling, at most 10 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 600_000);
}
