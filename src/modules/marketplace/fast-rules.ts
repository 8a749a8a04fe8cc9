/**
 * The hot path of matching (SPEC §5.2 P4): the same rules as eligibility.ts, compiled into plain records tested by one
 * switch over precomputed facts of the enterprise (bit masks for size, type, status, sections and profile tags), so
 * testing 10,000 products allocates nothing and stays monomorphic. Only the held/failed outcome is computed here; the
 * sentences come from eligibility.ts for the results shown. A property test keeps both paths in agreement.
 */
import { compareFeature, ENTITY_TYPES, GRADE_ORDER, PROFILE_TAGS, SIZE_CLASSES, STATUSES, type EnterpriseProfile, type FeatureOp, type Rule } from './eligibility.ts';

const enum K { Industry, Size, EntityType, Status, Region, MinGrade, MinYears, TagsAny, TagsAll, TagsExcluded, MinCapital, Feature }

export interface FastRule {
  k: K;
  /** bit mask (sizes, types, statuses, sections, tags) */
  mask: number;
  /** grade rank limit, years, or a numeric feature threshold */
  num: number;
  big: bigint;
  /** region prefixes, excluded industry prefixes, or tags outside the bit range */
  strs: readonly string[];
  feature: string;
  op: FeatureOp;
  value: number | boolean | string;
}

/** Facts of one enterprise in the shapes the fast rules test. */
export interface ProfileKey {
  region: string;
  industry: string;
  sectionBit: number;
  sizeBit: number;
  typeBit: number;
  statusBit: number;
  /** rank in GRADE_ORDER (0 = A+), or 99 without a grade */
  gradeRank: number;
  years: number;
  capital: bigint;
  hasCapital: boolean;
  tagBits: number;
  tags: ReadonlySet<string>;
  features: Readonly<Record<string, unknown>>;
}

const bitOf = (list: readonly string[], v: string) => { const i = list.indexOf(v); return i < 0 ? 0 : 1 << i; };
const maskOf = (list: readonly string[], vs: readonly string[]) => vs.reduce((m, v) => m | bitOf(list, v), 0);
const SECTIONS = 'ABCDEFGHIJKLMNOPQRST'.split('');
const GRADES = GRADE_ORDER as readonly string[];
const TAGS = PROFILE_TAGS as readonly string[];
const NO_GRADE = 99;

export function profileKey(p: EnterpriseProfile): ProfileKey {
  let tagBits = 0;
  for (const t of p.tags) tagBits |= bitOf(TAGS, t);
  const g = p.grade === null ? -1 : GRADES.indexOf(p.grade);
  return {
    region: p.regionCode, industry: p.industryCode, sectionBit: bitOf(SECTIONS, p.industryCode[0] ?? ''), sizeBit: bitOf(SIZE_CLASSES, p.sizeClass),
    typeBit: bitOf(ENTITY_TYPES, p.entityType), statusBit: bitOf(STATUSES, p.status), gradeRank: g < 0 ? NO_GRADE : g,
    years: p.yearsInBusiness ?? -1, capital: p.registeredCapitalFen ?? 0n, hasCapital: p.registeredCapitalFen !== null, tagBits, tags: p.tags, features: p.features,
  };
}

const base = (k: K): FastRule => ({ k, mask: 0, num: 0, big: 0n, strs: [], feature: '', op: '=', value: 0 });

function compileOne(r: Rule): FastRule {
  switch (r.rule) {
    case 'industry': return { ...base(K.Industry), mask: r.sections?.length ? maskOf(SECTIONS, r.sections) : -1, strs: r.excludedPrefixes ?? [] };
    case 'size': return { ...base(K.Size), mask: maskOf(SIZE_CLASSES, r.classes) };
    case 'entity_type': return { ...base(K.EntityType), mask: maskOf(ENTITY_TYPES, r.types) };
    case 'status': return { ...base(K.Status), mask: maskOf(STATUSES, r.statuses) };
    case 'region': return { ...base(K.Region), strs: r.prefixes };
    case 'min_grade': return { ...base(K.MinGrade), num: GRADES.indexOf(/^[A-D]$/.test(r.grade) ? `${r.grade}-` : r.grade) };
    case 'min_years': return { ...base(K.MinYears), num: r.years };
    case 'tags_required': {
      // tags outside the bit range (size:…, region:…) are checked in the set
      const extra = r.tags.filter((t) => !TAGS.includes(t));
      return { ...base(r.mode === 'all' ? K.TagsAll : K.TagsAny), mask: maskOf(TAGS, r.tags), strs: extra };
    }
    case 'tags_excluded': return { ...base(K.TagsExcluded), mask: maskOf(TAGS, r.tags), strs: r.tags.filter((t) => !TAGS.includes(t)) };
    case 'min_capital': return { ...base(K.MinCapital), big: BigInt(r.fen) };
    case 'feature': return { ...base(K.Feature), feature: r.feature, op: r.op, value: r.value };
  }
}

function anyPrefix(value: string, prefixes: readonly string[]): boolean {
  for (let i = 0; i < prefixes.length; i++) if (value.startsWith(prefixes[i])) return true;
  return false;
}


export function holds(r: FastRule, p: ProfileKey): boolean {
  switch (r.k) {
    case K.Industry: return (r.mask === -1 || (r.mask & p.sectionBit) !== 0) && !anyPrefix(p.industry, r.strs);
    case K.Size: return (r.mask & p.sizeBit) !== 0;
    case K.EntityType: return (r.mask & p.typeBit) !== 0;
    case K.Status: return (r.mask & p.statusBit) !== 0;
    case K.Region: return anyPrefix(p.region, r.strs);
    case K.MinGrade: return p.gradeRank <= r.num;
    case K.MinYears: return p.years >= r.num;
    case K.TagsAny: {
      if ((r.mask & p.tagBits) !== 0) return true;
      for (let i = 0; i < r.strs.length; i++) if (p.tags.has(r.strs[i])) return true;
      return false;
    }
    case K.TagsAll: {
      if ((r.mask & p.tagBits) !== r.mask) return false;
      for (let i = 0; i < r.strs.length; i++) if (!p.tags.has(r.strs[i])) return false;
      return true;
    }
    case K.TagsExcluded: {
      if ((r.mask & p.tagBits) !== 0) return false;
      for (let i = 0; i < r.strs.length; i++) if (p.tags.has(r.strs[i])) return false;
      return true;
    }
    case K.MinCapital: return p.hasCapital && p.capital >= r.big;
    case K.Feature: return compareFeature(p.features[r.feature], r.op, r.value);
  }
}

/**
 * Distinct rules, interned: products share most of their clauses (the same excluded tags, size classes, grade
 * thresholds, regions), so one match tests each distinct rule once for the enterprise and every product reads the
 * outcome from a table. A rule's key is its JSON; the table only grows (rebuilt with the index).
 */
export class RuleTable {
  private readonly ids = new Map<string, number>();
  private readonly rules: FastRule[] = [];
  private stamp = new Int32Array(64);
  private outcome = new Uint8Array(64);
  private gen = 0;

  /** The ids of a product's rules, in the order of `compileRules`. */
  intern(rules: readonly Rule[], regionPrefixes: readonly string[]): Int32Array {
    const all: Rule[] = [];
    if (regionPrefixes.length) all.push({ rule: 'region', prefixes: [...regionPrefixes] });
    if (!rules.some((r) => r.rule === 'status')) all.push({ rule: 'status', statuses: ['active'] });
    all.push(...rules);
    return Int32Array.from(all.map((r) => {
      const key = JSON.stringify(r);
      let id = this.ids.get(key);
      if (id === undefined) {
        id = this.rules.length;
        this.rules.push(compileOne(r));
        this.ids.set(key, id);
      }
      return id;
    }));
  }

  /** Starts a match for one enterprise: every outcome is computed afresh (lazily). */
  begin(): void {
    if (this.stamp.length < this.rules.length) {
      const n = Math.max(this.rules.length, this.stamp.length * 2);
      this.stamp = new Int32Array(n);
      this.outcome = new Uint8Array(n);
      this.gen = 0;
    }
    this.gen = (this.gen + 1) | 0;
    if (this.gen === 0) { this.stamp.fill(0); this.gen = 1; }
  }

  /** How many of the rules fail for `p`, counting no further than `limit + 1`. */
  failures(ids: Int32Array, p: ProfileKey, limit: number): number {
    return this.failuresIn(ids, 0, ids.length, p, limit);
  }

  /** The same over `ids[from … to)` (the column layout keeps every product's rule ids in one array). */
  failuresIn(ids: Int32Array, from: number, to: number, p: ProfileKey, limit: number): number {
    let failed = 0;
    const { stamp, outcome, gen, rules } = this;
    for (let i = from; i < to; i++) {
      const id = ids[i];
      let ok: number;
      if (stamp[id] === gen) ok = outcome[id];
      else {
        ok = holds(rules[id], p) ? 1 : 0;
        stamp[id] = gen;
        outcome[id] = ok;
      }
      if (ok === 0 && ++failed > limit) return failed;
    }
    return failed;
  }
}
