/**
 * Deterministic demo market entities for a prefecture (default 廊坊市 131000): valid USCCs (GB 32100) and
 * resident IDs (GB 11643), real county codes (GB/T 2260), GB/T 4754-2017 industries, and size inputs drawn
 * so that the SME table yields about 1 % large, 9 % medium, 30 % small and 60 % micro. Same seed, same output.
 */
import { makeIdNumber } from '../codes/id-number.ts';
import { isInSubtree, listRegions, regionByCode, regionSubtreePrefix } from '../codes/regions.ts';
import type { Region } from '../codes/regions.ts';
import { sizeTables } from '../codes/size-table.ts';
import { makeUscc, USCC_ALPHABET } from '../codes/uscc.ts';
import { COOPERATIVE_MIX, ENTERPRISE_MIX, INDIVIDUAL_MIX } from './industry-mix.ts';
import type { IndustryPick } from './industry-mix.ts';
import { createRng, WeightedPicker } from './prng.ts';
import type { Rng } from './prng.ts';
import { drawForClass, fenText, fillRelated, rowSampler } from './size-sampling.ts';
import type { RowSampler, TargetClass } from './size-sampling.ts';
import * as pool from './word-pools.ts';

export type DemoEntityType = 'enterprise' | 'individual_business' | 'farmer_cooperative';
export type DemoStatus = 'active' | 'revoked' | 'cancelled' | 'moved_out';

export interface DemoEnterprise {
  uscc: string;
  name: string;
  entityType: DemoEntityType;
  registrationAuthority: string;
  regionCode: string;
  industryCode: string;
  /** Yuan, two decimals. */
  registeredCapital: string;
  establishedOn: string;
  legalRepName: string;
  legalRepIdType: 'RESIDENT_ID';
  legalRepIdNumber: string;
  legalRepMobile: string;
  status: DemoStatus;
  employees: number | null;
  revenue: string | null;
  assets: string | null;
}

export interface GenerateOptions {
  count: number;
  seed: number | string;
  /** GB/T 2260 subtree prefix: '13' province, '1310' prefecture, '131002' county. */
  regionPrefix?: string;
}

/** GB 32100-2015 表1: registration authority 9 (市场监管) with entity types 1 企业, 2 个体工商户, 3 农民专业合作社. */
const ENTITY_TYPE_CODE: Record<DemoEntityType, string> = { enterprise: '1', individual_business: '2', farmer_cooperative: '3' };
const ENTITY_TYPES = new WeightedPicker<DemoEntityType>([['enterprise', 70], ['individual_business', 25], ['farmer_cooperative', 5]]);

/**
 * Class mix per entity type, chosen so the overall mix is ≈ 1 / 9 / 30 / 60 %: individual businesses are
 * almost all micro and never large, so companies carry the large and medium share (0.7 × 1.43 % ≈ 1 %).
 */
const CLASS_MIX: Record<DemoEntityType, WeightedPicker<TargetClass>> = {
  enterprise: new WeightedPicker<TargetClass>([['large', 1.43], ['medium', 12.71], ['small', 39.79], ['micro', 46.07]]),
  individual_business: new WeightedPicker<TargetClass>([['small', 5], ['micro', 95]]),
  farmer_cooperative: new WeightedPicker<TargetClass>([['medium', 2], ['small', 18], ['micro', 80]]),
};
const STATUSES = new WeightedPicker<DemoStatus>([['active', 88], ['revoked', 3.5], ['cancelled', 7], ['moved_out', 1.5]]);
const COMPANY_FORMS = new WeightedPicker<string>([['有限公司', 70], ['有限责任公司', 25], ['股份有限公司', 5]]);

/** GB 32100 came into force on 2015-10-01; older entities keep their 8-digit numeric organisation code. */
const USCC_START = '2015-10-01';
const MS_PER_DAY = 86_400_000;
/** 农民专业合作社法 took effect on 2007-07-01. */
const COOP_LAW_DAY = Date.UTC(2007, 6, 1) / MS_PER_DAY;
const DAY_1995 = Date.UTC(1995, 0, 1) / MS_PER_DAY;
const DAY_2003 = Date.UTC(2003, 0, 1) / MS_PER_DAY;
const LAST_DAY = Date.UTC(2025, 11, 31) / MS_PER_DAY;
/** Legal representatives are born 1955-01-01 … 2000-12-31; LAST_BIRTH_DAY[y − 1955] is 31 December of y. */
const BIRTH_FIRST_DAY = Date.UTC(1955, 0, 1) / MS_PER_DAY;
const LAST_BIRTH_DAY = Array.from({ length: 46 }, (_, i) => Date.UTC(1955 + i, 11, 31) / MS_PER_DAY);

interface Place {
  region: Region;
  authority: string;
  /** How the place starts a company name (廊坊 / 廊坊市 / 三河市 …), weighted. */
  prefixes: WeightedPicker<string>;
}

/** 大厂回族自治县 → 大厂, 三河市 → 三河; names that would shrink to one character stay whole. */
function shortName(name: string): string {
  const s = name.replace(/(?:[\u4e00-\u9fa5]{1,4}族)+自治(?:县|旗)$/, '').replace(/(?:自治县|自治旗|区|县|市|旗|盟|地区|自治州)$/, '');
  return s.length >= 2 ? s : name;
}

const PLACEHOLDER_PREFECTURES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/** Statistical-only areas (county part 71–79, e.g. 131071 开发区) are not GB/T 2260 codes: never in a USCC. */
function isRealCounty(r: Region): boolean {
  return r.level === 'county' && !/^\d{4}7\d$/.test(r.code) && r.name !== '市辖区';
}

function placesFor(regionPrefix: string): { places: WeightedPicker<Place>; idRegions: string[] } {
  const anchor = /^(\d{2}|\d{4}|\d{6})$/.test(regionPrefix) ? regionByCode(regionPrefix.padEnd(6, '0')) : undefined;
  if (!anchor || regionSubtreePrefix(anchor.code) !== regionPrefix) {
    throw new RangeError(`generateEnterprises: regionPrefix "${regionPrefix}" is not the prefix of a known province, prefecture or county`);
  }
  const counties = listRegions({ level: 'county' }).filter((r) => isRealCounty(r) && isInSubtree(r.code, anchor.code));
  if (counties.length === 0) throw new RangeError(`generateEnterprises: no counties under ${anchor.code} ${anchor.name}`);
  const province = regionByCode(`${anchor.code.slice(0, 2)}0000`) as Region;
  const entries = counties.map((r): [Place, number] => {
    const parent = regionByCode(r.parent ?? '') as Region;
    // Counties of a municipality sit under a placeholder prefecture (市辖区/县…): the city is the province itself.
    const city = PLACEHOLDER_PREFECTURES.has(parent.name) ? province : parent;
    const district = r.name.endsWith('区');
    const prefixes: [string, number][] = [[shortName(city.name), 40], [city.name, 15]];
    if (city !== province) prefixes.push([shortName(province.name), 10]);
    if (!district) prefixes.push([r.name, 35]);
    return [
      {
        region: r,
        // A district office carries the city name (廊坊市安次区…); a county or county-level city stands alone.
        authority: `${district ? city.name : ''}${r.name}市场监督管理局`,
        prefixes: new WeightedPicker(prefixes),
      },
      pool.COUNTY_WEIGHTS[r.name] ?? 1,
    ];
  });
  const idRegions = listRegions({ level: 'county' }).filter((r) => isRealCounty(r) && r.code.startsWith(anchor.code.slice(0, 2))).map((r) => r.code);
  return { places: new WeightedPicker(entries), idRegions };
}

function pad(n: number, width: number): string {
  const t = String(n);
  return t.length >= width ? t : '0'.repeat(width - t.length) + t;
}

/** Civil date of a day count since 1970-01-01 (H. Hinnant's days_from_civil inverse); much faster than Date. */
function civil(day: number): [number, number, number] {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** YYYY-MM-DD of a day count since 1970-01-01. */
function isoDay(day: number): string {
  const [y, m, d] = civil(day);
  return `${y}-${two(m)}-${two(d)}`;
}


/** Establishment day: companies skew to recent years, individual businesses more so, co-ops start in 2007. */
function establishedOn(rng: Rng, type: DemoEntityType, target: TargetClass): string {
  const start = type === 'farmer_cooperative' ? COOP_LAW_DAY : type === 'individual_business' ? DAY_2003 : DAY_1995;
  // Large and medium firms have had time to grow: uniform; others lean towards the recent end.
  const skew = target === 'large' || target === 'medium' ? 1 : type === 'individual_business' ? 0.55 : 0.7;
  const t = 1 - Math.pow(rng.next(), skew);
  return isoDay(start + Math.floor((1 - t) * (LAST_DAY - start)));
}

interface Person {
  surname: string;
  name: string;
  idNumber: string;
  mobile: string;
}

const SURNAMES = new WeightedPicker(pool.SURNAMES);

function person(rng: Rng, localRegion: string, idRegions: readonly string[], established: string): Person {
  const surname = SURNAMES.pick(rng);
  const male = rng.chance(0.72);
  const single = rng.chance(0.25);
  const given = single
    ? rng.pick(male ? pool.MALE_CHARS : pool.FEMALE_CHARS)
    : rng.chance(0.3)
      ? rng.pick(male ? pool.MALE_NAMES : pool.FEMALE_NAMES)
      : rng.pick(male ? pool.MALE_CHARS : pool.FEMALE_CHARS) + rng.pick(male ? pool.MALE_CHARS : pool.FEMALE_CHARS);
  // Born 1955–2000 and at least 18 when the entity was founded.
  const lastYear = Math.min(2000, Number(established.slice(0, 4)) - 18);
  const [y, m, d] = civil(BIRTH_FIRST_DAY + rng.int(LAST_BIRTH_DAY[lastYear - 1955] - BIRTH_FIRST_DAY + 1));
  const birth = `${y}${two(m)}${two(d)}`;
  const region = rng.chance(0.7) ? localRegion : rng.pick(idRegions);
  // GB 11643-1999 §4.3: an odd sequence code is a man, an even one a woman.
  const seq = rng.int(500) * 2 + (male ? 1 : 0);
  const mobile = rng.pick(pool.MOBILE_PREFIXES) + pad(rng.int(100_000_000), 8);
  return { surname, name: surname + given, idNumber: makeIdNumber(region, birth, pad(seq, 3)), mobile };
}

function brand(rng: Rng): string {
  const a = rng.pick(pool.BRAND_FIRST);
  let b = rng.pick(pool.BRAND_SECOND);
  if (b === a) b = pool.BRAND_SECOND[(pool.BRAND_SECOND.indexOf(b) + 1) % pool.BRAND_SECOND.length];
  return rng.chance(0.08) ? a + b + rng.pick(pool.BRAND_SECOND) : a + b;
}

function entityName(rng: Rng, type: DemoEntityType, place: Place, pick: IndustryPick, owner: Person, target: TargetClass): string {
  const word = rng.pick(pick.words);
  if (type === 'individual_business') {
    const r = rng.next();
    const mark = r < 0.3 ? `${owner.surname}记` : r < 0.45 ? `老${owner.surname}` : r < 0.5 ? `${owner.surname}家` : brand(rng);
    return place.region.name + mark + word;
  }
  if (type === 'farmer_cooperative') {
    const mark = rng.chance(0.25) ? owner.surname + rng.pick(pool.VILLAGE_ENDINGS) : rng.pick(pool.COOP_BRANDS);
    return `${place.region.name}${mark}${word}专业合作社`;
  }
  const form = target === 'large' && rng.chance(0.4) ? '股份有限公司' : COMPANY_FORMS.pick(rng);
  const group = target === 'large' && rng.chance(0.3) ? '集团' : '';
  return place.prefixes.pick(rng) + brand(rng) + word + group + form;
}

/** Registered capital in yuan: round amounts in a window that grows with the size class. */
function capital(rng: Rng, type: DemoEntityType, target: TargetClass): string {
  const steps = pool.CAPITAL_STEPS;
  const [lo, hi] =
    type === 'individual_business' ? [0, 6] : type === 'farmer_cooperative' ? [3, 11] : { large: [13, 19], medium: [10, 17], small: [7, 14], micro: [4, 11] }[target];
  return `${steps[rng.between(lo, hi)]}.00`;
}

/**
 * Organisation-code bodies (positions 9–16) that never repeat within a run: an affine map with a multiplier
 * coprime to the modulus is a permutation, so distinct counters give distinct bodies.
 */
class OrgBodies {
  private numeric = 0;
  private assigned = 0;
  private readonly numericOffset: number;
  private readonly assignedOffset: number;
  constructor(rng: Rng) {
    this.numericOffset = rng.int(100_000_000);
    this.assignedOffset = rng.int(31 ** 6);
  }
  /** Pre-2015 organisation codes: 8 digits. */
  nextNumeric(): string {
    if (this.numeric >= 100_000_000) throw new RangeError('demo generator: numeric organisation codes exhausted');
    // Two affine rounds (multipliers coprime to 10^8) so neighbouring counters look unrelated.
    const v = (this.numeric++ * 48_271 + this.numericOffset) % 100_000_000;
    return pad((v * 7_654_321 + 13_579) % 100_000_000, 8);
  }
  /** Codes assigned with the USCC since 2015: 'MA' and 6 characters of the USCC alphabet. */
  nextAssigned(): string {
    if (this.assigned >= 31 ** 6) throw new RangeError('demo generator: assigned organisation codes exhausted');
    // Two affine rounds with multipliers coprime to 31^6; every product stays below 2^53.
    let v = (this.assigned++ * 1_000_003 + this.assignedOffset) % 31 ** 6;
    v = (v * 5_767_169 + 24_680) % 31 ** 6;
    let s = '';
    for (let i = 0; i < 6; i++, v = Math.floor(v / 31)) s = USCC_ALPHABET[v % 31] + s;
    return `MA${s}`;
  }
}

/** Yields `count` demo entities; the same options always yield the same sequence. */
export function* generateEnterprises(options: GenerateOptions): Generator<DemoEnterprise, void, undefined> {
  const { count, seed, regionPrefix = '1310' } = options;
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`generateEnterprises: count must be a non-negative integer, got ${count}`);
  const rng = createRng(seed);
  const { places, idRegions } = placesFor(regionPrefix);
  const tables = sizeTables();
  const table = tables[tables.length - 1];
  const samplers = new Map<string, RowSampler>();
  const mix = (list: readonly IndustryPick[]) => {
    for (const p of list) if (!samplers.has(p.code)) samplers.set(p.code, rowSampler(table, p.code));
    return new WeightedPicker(list.map((p) => [p, p.weight] as const));
  };
  const mixes: Record<DemoEntityType, WeightedPicker<IndustryPick>> = {
    enterprise: mix(ENTERPRISE_MIX),
    individual_business: mix(INDIVIDUAL_MIX),
    farmer_cooperative: mix(COOPERATIVE_MIX),
  };
  const bodies = new OrgBodies(rng);

  for (let i = 0; i < count; i++) {
    const type = ENTITY_TYPES.pick(rng);
    const place = places.pick(rng);
    const pick = mixes[type].pick(rng);
    const target = CLASS_MIX[type].pick(rng);
    const established = establishedOn(rng, type, target);
    const owner = person(rng, place.region.code, idRegions, established);
    const body = type === 'enterprise' && established < USCC_START && rng.chance(0.9) ? bodies.nextNumeric() : bodies.nextAssigned();
    const uscc = makeUscc({ authority: '9', entityType: ENTITY_TYPE_CODE[type], region: place.region.code, orgBody: body });

    const sampler = samplers.get(pick.code) as RowSampler;
    const drawn = drawForClass(rng, sampler, target, type === 'individual_business');
    const full = fillRelated(rng, drawn, type === 'individual_business' ? 8 : 5_000);
    // Figures the row does not need are often unreported; a few entities also lack one it does need.
    const uses = sampler.uses;
    const keep = { employees: uses.employees || !rng.chance(0.05), revenue: uses.revenue || !rng.chance(0.1), assets: uses.assets || !rng.chance(0.25) };
    if (rng.chance(0.004)) keep[sampler.fields[rng.int(sampler.fields.length)].field] = false;

    yield {
      uscc,
      name: entityName(rng, type, place, pick, owner, target),
      entityType: type,
      registrationAuthority: place.authority,
      regionCode: place.region.code,
      industryCode: pick.code,
      registeredCapital: capital(rng, type, target),
      establishedOn: established,
      legalRepName: owner.name,
      legalRepIdType: 'RESIDENT_ID',
      legalRepIdNumber: owner.idNumber,
      legalRepMobile: owner.mobile,
      status: established < '2012-01-01' && rng.chance(0.1) ? 'cancelled' : STATUSES.pick(rng),
      employees: keep.employees ? full.employees : null,
      revenue: keep.revenue ? fenText(full.revenue) : null,
      assets: keep.assets ? fenText(full.assets) : null,
    };
  }
}
