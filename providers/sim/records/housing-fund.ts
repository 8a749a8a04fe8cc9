import { addMonths, yuan } from '../random.ts';
import { itemRandom, type Profile, type SimRecord } from './profile.ts';

/** Share of employers that open a housing-fund account, by size: nearly all large firms, a third of micro ones. */
function participation(p: Profile): number {
  if (p.e.entityType === 'individual_business') return 0.05;
  if (p.e.entityType === 'farmer_cooperative') return 0.1;
  return p.employees >= 100 ? 0.95 : p.employees >= 20 ? 0.7 : 0.35;
}

/** 住房公积金缴纳情况: contributors, yearly total and whether payments ran without interruption. */
export function housingFundContribution(p: Profile): SimRecord[] {
  if (p.e.status === 'cancelled') return [];
  const rng = itemRandom(p, 'HOUSING_FUND_CONTRIBUTION');
  const rate = participation(p) * (p.e.status === 'moved_out' ? 0.5 : p.e.status === 'revoked' ? 0.2 : 1);
  if (!rng.chance(rate)) return [];
  const contributors = Math.max(1, Math.round(p.employees * rng.real(0.4, 1)));
  // 缴存基数 around the Langfang average wage; employer and employee each pay 5–12 % (住房公积金管理条例 §18).
  const base = rng.real(3_500, 9_000);
  const share = rng.real(0.05, 0.12);
  const months = Math.min(12, p.monthsOpen);
  const interrupted = p.e.status === 'revoked' || p.taxAbnormal || rng.chance(0.05);
  const paidMonths = interrupted ? rng.between(0, Math.min(6, months)) : months;
  const paymentDay = `${p.ctx.referenceDate.slice(0, 8)}10`;
  const last = interrupted ? addMonths(paymentDay, -rng.between(1, 8)) : paymentDay;
  return [{
    entity_name: p.e.name,
    uscc: p.e.uscc,
    avg_monthly_contributors_12m: contributors,
    housing_fund_total_12m: yuan(contributors * base * share * 2 * paidMonths),
    consecutive_normal_months: paidMonths,
    last_normal_payment_date: months === 0 || last < p.e.establishedOn ? null : last,
  }];
}
