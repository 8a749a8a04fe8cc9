import { addDays, addMonths, monthsBetween, quantity, yuan, type SimRandom } from '../random.ts';
import { accountDigits, itemRandom, type Profile, type SimRecord } from './profile.ts';

/** Chance that an entity has an account with the utility, by entity type; cancelled entities have none. */
function hasAccount(p: Profile, rng: SimRandom, rates: { enterprise: number; individual_business: number; farmer_cooperative: number }): boolean {
  if (p.e.status === 'cancelled') return false;
  const base = rates[p.e.entityType];
  return rng.chance(p.e.status === 'revoked' ? base * 0.25 : base);
}

function accountCount(p: Profile, rng: SimRandom): number {
  return p.employees > 300 && rng.chance(0.5) ? 2 : 1;
}

function arrearsRate(p: Profile): number {
  return p.e.status === 'revoked' ? 0.3 : p.taxAbnormal ? 0.25 : 0.04;
}

/** Six monthly bills ending with the reference month, as the JSON the catalog's `format: json` field holds. */
function monthlyBills(p: Profile, rng: SimRandom, monthlyVolume: number, price: number, inArrears: boolean): { json: string; volumes: number[] } {
  const unpaid = inArrears ? rng.between(1, 2) : 0;
  const bills = [];
  const volumes: number[] = [];
  for (let back = 5; back >= 0; back--) {
    const volume = monthlyVolume * rng.real(0.8, 1.2);
    volumes.push(volume);
    bills.push({
      month: addMonths(p.ctx.referenceDate, -back).slice(0, 7),
      volume: quantity(volume),
      amount: yuan(volume * price),
      paid: back >= unpaid,
    });
  }
  return { json: JSON.stringify(bills), volumes };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** 水费信息 (physical aggregation: batch export). Non-residential water in Hebei costs about 6–8 yuan/m³. */
export function utilityWater(p: Profile): SimRecord[] {
  const rng = itemRandom(p, 'UTILITY_WATER');
  if (!hasAccount(p, rng, { enterprise: 0.85, individual_business: 0.6, farmer_cooperative: 0.5 })) return [];
  const heavy = ['C', 'A', 'H', 'D'].includes(p.section) ? (p.revenue / 1_000_000) * rng.real(2, 10) : 0;
  const records: SimRecord[] = [];
  for (let i = 0, n = accountCount(p, rng); i < n; i++) {
    const volume = Math.max(2, (p.employees * rng.real(1.5, 3.5) + heavy) / n);
    const inArrears = rng.chance(arrearsRate(p));
    const bills = monthlyBills(p, rng, volume, rng.real(6, 8), inArrears);
    records.push({
      entity_name: p.e.name,
      entity_type: p.entityType,
      uscc: p.e.uscc,
      water_account: `${p.e.name}/${p.e.regionCode.slice(2)}${accountDigits(rng, 8)}`,
      water_payment_details: bills.json,
      avg_monthly_water_3m: quantity(mean(bills.volumes.slice(3))),
      avg_monthly_water_6m: quantity(mean(bills.volumes)),
      in_arrears: inArrears,
      stat_date: p.ctx.referenceDate,
    });
  }
  return records;
}

/** 燃气费信息 (physical aggregation): catering and manufacturing burn most; non-residential gas ≈ 3.5–4.2 yuan/m³. */
export function utilityGas(p: Profile): SimRecord[] {
  const rng = itemRandom(p, 'UTILITY_GAS');
  const user = p.section === 'H' ? 0.9 : p.section === 'C' ? 0.5 : 0.2;
  if (!hasAccount(p, rng, { enterprise: user, individual_business: user / 2, farmer_cooperative: user / 4 })) return [];
  const volume = Math.max(5, p.section === 'H'
    ? p.employees * rng.real(15, 40)
    : p.section === 'C' ? (p.revenue / 1_000_000) * rng.real(5, 30) : p.employees * rng.real(1, 4));
  const inArrears = rng.chance(arrearsRate(p));
  const bills = monthlyBills(p, rng, volume, rng.real(3.5, 4.2), inArrears);
  return [{
    entity_name: p.e.name,
    entity_type: p.entityType,
    uscc: p.e.uscc,
    gas_account: `${p.e.name}/${p.e.regionCode.slice(2)}${accountDigits(rng, 8)}`,
    gas_payment_details: bills.json,
    avg_monthly_gas_3m: quantity(mean(bills.volumes.slice(3))),
    avg_monthly_gas_6m: quantity(mean(bills.volumes)),
    in_arrears: inArrears,
    stat_date: p.ctx.referenceDate,
  }];
}

/** Electricity cost as a share of revenue by GB/T 4754 section: mining, utilities and manufacturing lead. */
function electricityIntensity(section: string, rng: SimRandom): number {
  if (section === 'B' || section === 'D') return rng.real(0.05, 0.1);
  if (section === 'C') return rng.real(0.02, 0.06);
  if (section === 'A' || section === 'H') return rng.real(0.01, 0.04);
  return rng.real(0.004, 0.012);
}

function valueGrade(avg12: number): string {
  return avg12 >= 100_000 ? '高' : avg12 >= 20_000 ? '较高' : avg12 >= 3_000 ? '中' : '低';
}

/** 电费信息 (interface call): one record per grid account; averages only over months the account existed. */
export function utilityElectricity(p: Profile): SimRecord[] {
  const rng = itemRandom(p, 'UTILITY_ELECTRICITY');
  if (!hasAccount(p, rng, { enterprise: 0.95, individual_business: 0.8, farmer_cooperative: 0.75 })) return [];
  const records: SimRecord[] = [];
  for (let i = 0, n = accountCount(p, rng); i < n; i++) {
    const opened = addDays(p.e.establishedOn, rng.between(0, 90) + i * 400);
    if (opened > p.ctx.referenceDate) continue;
    const months = monthsBetween(opened, p.ctx.referenceDate);
    const monthly = Math.max(80, (p.revenue * electricityIntensity(p.section, rng)) / 12 / n);
    const series = Array.from({ length: 12 }, () => monthly * rng.real(0.75, 1.25));
    const avg = (k: number) => (months >= k ? yuan(mean(series.slice(12 - k))) : null);
    const inArrears = rng.chance(arrearsRate(p));
    const industrial = ['B', 'C', 'D'].includes(p.section) && p.employees > 100;
    records.push({
      entity_name: p.e.name,
      entity_type: p.entityType,
      uscc: p.e.uscc,
      grid_account_no: `04${accountDigits(rng, 8)}`,
      account_open_date: opened,
      electricity_use_type: p.section === 'A' ? '农业生产用电' : industrial ? '大工业用电' : '一般工商业用电',
      province_name: p.e.provinceName,
      city_name: p.e.cityName,
      value_grade: valueGrade(mean(series)),
      risk_grade: inArrears ? '高' : p.taxAbnormal || p.e.status === 'revoked' ? '中' : '低',
      avg_monthly_electricity_3m: avg(3),
      avg_monthly_electricity_6m: avg(6),
      avg_monthly_electricity_12m: avg(12),
      in_arrears: inArrears,
      stat_date: p.ctx.referenceDate,
    });
  }
  return records;
}
