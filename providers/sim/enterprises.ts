import { codes, generateEnterprises, type DemoEnterprise } from '../../src/modules/entities/index.ts';

/** The demo data set `xinrong serve --demo` loads on first start (src/main.ts, src/modules/demo/seed-demo.ts). */
export const DEMO_DEFAULTS = { enterprises: 2000, seed: 20261123, regionCode: '131000' } as const;

export interface SimEnterprise extends DemoEnterprise {
  /** Position in the generated sequence (0-based); export files list enterprises in this order. */
  index: number;
  provinceName: string;
  cityName: string;
  countyName: string;
}

export interface EnterpriseRegistry {
  readonly size: number;
  byUscc(uscc: string): SimEnterprise | undefined;
  all(): Iterable<SimEnterprise>;
}

/**
 * The registry the simulated providers know: the same deterministic generator the platform's demo seed uses,
 * so every demo enterprise on the platform has records here. The sequence is prefix-stable, so a simulator
 * started with more enterprises than the platform still covers all of the platform's.
 */
export function buildRegistry(opts: { enterprises: number; seed: number | string; regionCode: string }): EnterpriseRegistry {
  const regionPrefix = codes.regionSubtreePrefix(opts.regionCode);
  if (regionPrefix === undefined) throw new RangeError(`unknown region code ${opts.regionCode}`);
  const list: SimEnterprise[] = [];
  const map = new Map<string, SimEnterprise>();
  let index = 0;
  for (const e of generateEnterprises({ count: opts.enterprises, seed: opts.seed, regionPrefix })) {
    const county = codes.regionByCode(e.regionCode);
    const city = county?.parent ? codes.regionByCode(county.parent) : undefined;
    const province = codes.regionByCode(`${e.regionCode.slice(0, 2)}0000`);
    const sim: SimEnterprise = {
      ...e,
      index: index++,
      provinceName: province?.name ?? '',
      // Counties of a municipality sit under a placeholder prefecture (市辖区/县): the city is the province.
      cityName: city && !['市辖区', '县'].includes(city.name) ? city.name : (province?.name ?? ''),
      countyName: county?.name ?? '',
    };
    list.push(sim);
    map.set(e.uscc, sim);
  }
  return {
    size: list.length,
    byUscc: (uscc) => map.get(uscc),
    all: () => list,
  };
}
