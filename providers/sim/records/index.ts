import { bundledCatalog, type CatalogItem } from '../../../src/modules/catalog/index.ts';
import type { EnterpriseRegistry, SimEnterprise } from '../enterprises.ts';
import { housingFundContribution } from './housing-fund.ts';
import { profileOf, type Profile, type SimContext, type SimRecord } from './profile.ts';
import { taxAbnormalTaxpayer, taxArrears, taxPayment } from './tax.ts';
import { utilityElectricity, utilityGas, utilityWater } from './utilities.ts';

export type { SimRecord, SimValue, SimContext } from './profile.ts';

/** The items the simulated tax bureau, utility company and housing-fund centre hold. */
const GENERATORS: Record<string, (p: Profile) => SimRecord[]> = {
  TAX_ABNORMAL_TAXPAYER: taxAbnormalTaxpayer,
  TAX_ARREARS: taxArrears,
  TAX_PAYMENT: taxPayment,
  UTILITY_WATER: utilityWater,
  UTILITY_ELECTRICITY: utilityElectricity,
  UTILITY_GAS: utilityGas,
  HOUSING_FUND_CONTRIBUTION: housingFundContribution,
};

export const SIM_ITEM_CODES = Object.keys(GENERATORS);

export interface SimItem {
  code: string;
  /** catalog provider category: tax, utilities or housing_fund */
  provider: string;
  sharingMode: CatalogItem['sharingMode'];
  /** Fields in catalog order: the record keys and the export header. */
  fields: CatalogItem['fields'];
}

export interface Dataset {
  readonly asOf: string;
  readonly referenceDate: string;
  readonly items: ReadonlyMap<string, SimItem>;
  /** The records one enterprise has for an item; undefined when the enterprise is unknown to the provider. */
  records(item: string, uscc: string): SimRecord[] | undefined;
  /** Every record of an item, enterprise by enterprise, in registry order (for batch export). */
  allRecords(item: string): Generator<SimRecord>;
}

/**
 * The simulated providers' data: derived on request from the enterprise's USCC, never stored, so the
 * simulator starts at once and answers the same after a restart. Records carry every catalog field of the
 * item in catalog order, with null for values the provider does not hold.
 */
export function createDataset(registry: EnterpriseRegistry, ctx: SimContext): Dataset {
  const catalogItems = new Map(bundledCatalog().categories.flatMap((c) => c.items).map((i) => [i.code, i]));
  const items = new Map<string, SimItem>();
  for (const code of SIM_ITEM_CODES) {
    const c = catalogItems.get(code);
    if (!c) throw new Error(`provider simulator: catalog has no item ${code}`);
    items.set(code, { code, provider: c.provider.category, sharingMode: c.sharingMode, fields: c.fields });
  }

  function shaped(item: SimItem, e: SimEnterprise): SimRecord[] {
    const raw = GENERATORS[item.code](profileOf(e, ctx));
    return raw.map((r) => {
      const out: SimRecord = {};
      for (const f of item.fields) out[f.code] = r[f.code] ?? null;
      const extra = Object.keys(r).filter((k) => !(k in out));
      if (extra.length) throw new Error(`provider simulator: ${item.code} generator made fields outside the catalog: ${extra.join(', ')}`);
      return out;
    });
  }

  return {
    asOf: `${ctx.referenceDate}T23:59:59+08:00`,
    referenceDate: ctx.referenceDate,
    items,
    records(code, uscc) {
      const item = items.get(code);
      const e = registry.byUscc(uscc);
      if (!item || !e) return undefined;
      return shaped(item, e);
    },
    *allRecords(code) {
      const item = items.get(code);
      if (!item) return;
      for (const e of registry.all()) yield* shaped(item, e);
    },
  };
}

/** Last day of the month before `now` in China Standard Time: the month the simulated statistics describe. */
export function defaultReferenceDate(now: Date = new Date()): string {
  const cst = new Date(now.getTime() + 8 * 3_600_000);
  const firstOfMonth = Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth(), 1);
  return new Date(firstOfMonth - 86_400_000).toISOString().slice(0, 10);
}
