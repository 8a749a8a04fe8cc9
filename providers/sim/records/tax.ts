import { codes } from '../../../src/modules/entities/index.ts';
import { sm3 } from '../../../src/platform/crypto/index.ts';
import { addDays, addMonths, yuan } from '../random.ts';
import { itemRandom, type Profile, type SimRecord } from './profile.ts';

/** 纳税信息: one record per taxpayer, amounts in line with revenue and the taxpayer's regime. */
export function taxPayment(p: Profile): SimRecord[] {
  // A cancelled (注销) entity is deregistered with the tax bureau too: nothing held for the last year.
  if (p.e.status === 'cancelled') return [];
  const rng = itemRandom(p, 'TAX_PAYMENT');
  const winding = p.e.status === 'revoked' ? rng.real(0, 0.3) : 1;
  const revenue = p.revenue * winding;
  // 增值税: small-scale taxpayers (annual sales < 5 million yuan) pay 1 % (2023–2027 reduced rate) and nothing
  // below 100 000 yuan a month; general taxpayers pay the rate on their value added.
  let vat: number;
  if (p.section === 'A') vat = 0; // 农业生产者销售自产农产品免征
  else if (revenue < 5_000_000) vat = revenue < 1_200_000 ? 0 : revenue * 0.01;
  else {
    const rate = ['C', 'F', 'D', 'B'].includes(p.section) ? 0.13 : ['E', 'G', 'K'].includes(p.section) ? 0.09 : 0.06;
    vat = revenue * rng.real(0.12, 0.3) * rate;
  }
  // 企业所得税: individual businesses pay individual income tax instead; 小型微利企业 pay 5 % effectively.
  let cit: number | null = null;
  if (p.e.entityType !== 'individual_business') {
    const profit = Math.max(0, revenue * rng.real(-0.02, 0.12));
    const smallLowProfit = profit <= 3_000_000 && p.employees <= 300 && p.assets <= 50_000_000;
    cit = p.section === 'A' ? 0 : profit * (smallLowProfit ? 0.05 : 0.25);
  }
  const paidShare = p.taxArrearsNow ? rng.real(0.5, 0.95) : 1;
  const normal = !p.taxArrearsNow && !p.taxAbnormal && p.e.status !== 'revoked';
  const consecutive = normal ? Math.min(p.monthsOpen, rng.between(6, 60)) : rng.between(0, 3);
  const paymentDay = `${p.ctx.referenceDate.slice(0, 8)}15`;
  const lastPayment = p.monthsOpen === 0 ? null : normal ? paymentDay : addMonths(paymentDay, -rng.between(1, 6));
  return [{
    entity_name: p.e.name,
    entity_type: p.entityType,
    uscc: p.e.uscc,
    vat_payable_12m: yuan(vat),
    vat_paid_12m: yuan(vat * paidShare),
    cit_payable_12m: cit === null ? null : yuan(cit),
    cit_paid_12m: cit === null ? null : yuan(cit * paidShare),
    consecutive_normal_months: consecutive,
    last_normal_payment_date: lastPayment !== null && lastPayment < p.e.establishedOn ? null : lastPayment,
  }];
}

/** 非正常纳税户信息: the bureau answers for every registered taxpayer, listed or not. */
export function taxAbnormalTaxpayer(p: Profile): SimRecord[] {
  return [{ entity_name: p.e.name, uscc: p.e.uscc, is_abnormal_taxpayer: p.taxAbnormal }];
}

const ARREARS_TAX_TYPES = ['增值税', '企业所得税', '城镇土地使用税', '房产税', '印花税', '城市维护建设税'] as const;

/** 欠税信息: current arrears (in_tax_arrears true) and arrears settled in the past (false). */
export function taxArrears(p: Profile): SimRecord[] {
  if (!p.taxArrearsNow && !p.taxArrearsPast) return [];
  const rng = itemRandom(p, 'TAX_ARREARS');
  const authority = taxAuthorityOf(p);
  const count = rng.chance(0.3) ? 2 : 1;
  const types = [...ARREARS_TAX_TYPES];
  const records: SimRecord[] = [];
  for (let i = 0; i < count; i++) {
    const taxType = types.splice(rng.between(0, types.length - 1), 1)[0];
    const amount = Math.max(500, p.revenue * rng.real(0.002, 0.03));
    const cutoff = p.taxArrearsNow ? p.ctx.referenceDate : addMonths(p.ctx.referenceDate, -rng.between(6, 24));
    const determined = addDays(cutoff, -rng.between(5, 40));
    // 重大税收违法失信主体: arrears of 1 million yuan or more that the taxpayer does not pay (国家税务总局令第54号).
    const serious = p.taxArrearsNow && amount >= 1_000_000;
    records.push({
      entity_name: p.e.name,
      uscc: p.e.uscc,
      entity_type: p.entityType,
      in_tax_arrears: p.taxArrearsNow,
      arrears_amount: yuan(amount),
      tax_type: taxType,
      arrears_cutoff_date: cutoff,
      dishonesty_severity: serious ? '重大税收违法失信' : null,
      dishonesty_valid_until: serious ? addMonths(determined, 36) : null,
      collecting_authority_name: authority.name,
      collecting_authority_uscc: authority.uscc,
      determination_date: determined,
    });
  }
  return records;
}

/** The county-level tax bureau of the enterprise's region, with a valid 机关 USCC (authority 1, type 1). */
function taxAuthorityOf(p: Profile): { name: string; uscc: string } {
  const district = p.e.countyName.endsWith('区');
  const name = `国家税务总局${district ? p.e.cityName : ''}${p.e.countyName}税务局`;
  const digest = sm3(`tax-bureau|${p.e.regionCode}`);
  let body = '';
  for (let i = 0; i < 8; i++) body += String(digest[i] % 10);
  return { name, uscc: codes.makeUscc({ authority: '1', entityType: '1', region: p.e.regionCode, orgBody: body }) };
}
