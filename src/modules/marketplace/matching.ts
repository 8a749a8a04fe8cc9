/**
 * 智能匹配 — matching demands and enterprises with products (SPEC C8). Hard rules (eligibility.ts) decide whether a
 * product may be recommended at all; a fit score (0–10,000 basis points) from soft criteria orders the eligible ones.
 * The weights and the programme ↔ profile-tag table are data: src/data/marketplace/matching-v1.json.
 *
 * Published products live in an in-memory index (`ProductIndex`) with their rules compiled, refreshed on every
 * publication and withdrawal, so matching one demand against 10,000 products is pure CPU (SPEC §5.2 P4): the rules
 * are tested as booleans first, the fit is computed as an integer, and sentences are rendered only for the top
 * results and the near misses.
 */
import { readFileSync } from 'node:fs';
import { compileRules, explainRules, fenText, gradeRank, PROFILE_TAGS, tagZh, type CompiledRule, type EnterpriseProfile, type Rule, type RuleOutcome } from './eligibility.ts';
import { buildColumns, scan, scanDemand, type Columns, type FixedPoints } from './columns.ts';
import { profileKey, RuleTable } from './fast-rules.ts';

export interface Bilingual { zh: string; en: string }

export interface MatchingConfig {
  version: string;
  weights: { amount: number; term: number; guarantee: number; programme: number; gradeMargin: number; rate: number };
  neutralProgrammeFactorBp: number;
  neutralGradeFactorBp: number;
  gradeMarginFullAt: number;
  rate: { bestBp: number; worstBp: number };
  nearMiss: { maxFailedRules: number; keep: number };
  productTypes: Record<string, Bilingual & { guarantees: string[] }>;
  guarantees: Record<string, Bilingual>;
  programmes: Record<string, Bilingual & { tags: string[]; section: string | null }>;
  sections: Record<string, Bilingual>;
  repaymentModes: Record<string, Bilingual>;
  urgencies: Record<string, Bilingual>;
}

let loaded: MatchingConfig | undefined;
export function matchingConfig(): MatchingConfig {
  loaded ??= JSON.parse(readFileSync(new URL('../../data/marketplace/matching-v1.json', import.meta.url), 'utf8')) as MatchingConfig;
  return loaded;
}

/** A published product version as matching needs it (money in fen as bigint, rates in basis points). */
export interface LiveProduct {
  id: string;
  version: number;
  institutionOrgId: string;
  name: string;
  productType: string;
  programme: string;
  amountMinFen: bigint;
  amountMaxFen: bigint;
  termMinMonths: number;
  termMaxMonths: number;
  rateMinBp: number;
  rateMaxBp: number;
  regionPrefixes: string[];
  rules: Rule[];
}

export interface DemandFacts {
  amountFen: bigint;
  termMonths: number;
  guarantees: readonly string[];
}

export interface FitReason extends Bilingual {
  criterion: keyof MatchingConfig['weights'];
  /** points earned, in basis points of the whole fit (Σ over criteria = fitBp) */
  points: number;
  max: number;
}

export interface Match {
  productId: string;
  version: number;
  institutionOrgId: string;
  eligible: boolean;
  fitBp: number;
  rules: RuleOutcome[];
  fit: FitReason[];
}

interface Indexed {
  product: LiveProduct;
  rules: CompiledRule[];
  /** the product's rules in the index's interned rule table */
  ruleIds: Int32Array;
  programmeTags: readonly string[];
  typeGuarantees: readonly string[];
  minGradeRank: number | undefined;
  /** precomputed for the hot path: programme tags and accepted guarantees as bit masks, fit points fixed per product */
  programmeMask: number;
  guaranteeMask: number;
  /** [with a demand, profile only]: points of the programme (hit, miss/neutral), of the rate, and the weight totals */
  fixed: [FixedPoints, FixedPoints];
}

const BP = 10_000;

/** The minimum grade a product asks for (its strictest min_grade rule), as a rank; undefined when none. */
function minGradeRankOf(rules: readonly Rule[]): number | undefined {
  let best: number | undefined;
  for (const r of rules) {
    if (r.rule !== 'min_grade') continue;
    const rank = gradeRank(/^[A-D]$/.test(r.grade) ? `${r.grade}-` : r.grade);
    if (rank !== undefined && (best === undefined || rank < best)) best = rank;
  }
  return best;
}

const TAG_LIST = PROFILE_TAGS as readonly string[];
const tagMask = (tags: readonly string[]) => tags.reduce((m, t) => (TAG_LIST.includes(t) ? m | (1 << TAG_LIST.indexOf(t)) : m), 0);
const guaranteeMaskOf = (cfg: MatchingConfig, gs: readonly string[]) => {
  const codes = Object.keys(cfg.guarantees);
  return gs.reduce((m, g) => (codes.includes(g) ? m | (1 << codes.indexOf(g)) : m), 0);
};

function indexed(p: LiveProduct, cfg: MatchingConfig, table: RuleTable): Indexed {
  const prog = cfg.programmes[p.programme];
  const programmeTags = prog?.tags ?? [];
  const typeGuarantees = cfg.productTypes[p.productType]?.guarantees ?? [];
  const w = cfg.weights;
  const { bestBp, worstBp } = cfg.rate;
  const clamped = Math.min(worstBp, Math.max(bestBp, p.rateMinBp));
  const rf = Math.floor(((worstBp - clamped) * BP) / (worstBp - bestBp));
  const fixedFor = (total: number): FixedPoints => ({
    programmeHit: Math.floor((w.programme * (programmeTags.length ? BP : cfg.neutralProgrammeFactorBp)) / total),
    programmeMiss: Math.floor((w.programme * (programmeTags.length ? 0 : cfg.neutralProgrammeFactorBp)) / total),
    rate: Math.floor((w.rate * rf) / total),
    amount: Math.floor((w.amount * BP) / total),
    term: Math.floor((w.term * BP) / total),
    guarantee: Math.floor((w.guarantee * BP) / total),
    gradeNeutral: Math.floor((w.gradeMargin * cfg.neutralGradeFactorBp) / total),
    grade: Array.from({ length: cfg.gradeMarginFullAt + 1 }, (_, m) => Math.floor((w.gradeMargin * Math.min(BP, Math.floor((m * BP) / cfg.gradeMarginFullAt))) / total)),
  });
  return {
    product: p, rules: compileRules(p.rules, p.regionPrefixes), ruleIds: table.intern(p.rules, p.regionPrefixes), programmeTags, typeGuarantees,
    minGradeRank: minGradeRankOf(p.rules), programmeMask: tagMask(programmeTags), guaranteeMask: guaranteeMaskOf(cfg, typeGuarantees),
    fixed: [fixedFor(w.amount + w.term + w.guarantee + w.programme + w.gradeMargin + w.rate), fixedFor(w.programme + w.gradeMargin + w.rate)],
  };
}

/** Factors (0–10,000 bp each) and the criteria that apply: demand criteria only when there is a demand. */
function fitOf(x: Indexed, p: EnterpriseProfile, d: DemandFacts | null, cfg: MatchingConfig, render: boolean): { fitBp: number; reasons: FitReason[] } {
  const w = cfg.weights;
  const prod = x.product;
  const parts: [FitReason['criterion'], number, () => [string, string]][] = [];
  if (d) {
    const inAmount = d.amountFen >= prod.amountMinFen && d.amountFen <= prod.amountMaxFen;
    parts.push(['amount', inAmount ? BP : 0, () => inAmount
      ? [`需求金额 ${fenText(d.amountFen)} 元在产品额度 ${fenText(prod.amountMinFen)}–${fenText(prod.amountMaxFen)} 元内`, `demand CNY ${fenText(d.amountFen)} is within the product's ${fenText(prod.amountMinFen)}–${fenText(prod.amountMaxFen)}`]
      : [`需求金额 ${fenText(d.amountFen)} 元超出产品额度 ${fenText(prod.amountMinFen)}–${fenText(prod.amountMaxFen)} 元`, `demand CNY ${fenText(d.amountFen)} is outside the product's ${fenText(prod.amountMinFen)}–${fenText(prod.amountMaxFen)}`]]);
    const inTerm = d.termMonths >= prod.termMinMonths && d.termMonths <= prod.termMaxMonths;
    parts.push(['term', inTerm ? BP : 0, () => inTerm
      ? [`需求期限 ${d.termMonths} 个月在产品期限 ${prod.termMinMonths}–${prod.termMaxMonths} 个月内`, `term ${d.termMonths} months is within ${prod.termMinMonths}–${prod.termMaxMonths}`]
      : [`需求期限 ${d.termMonths} 个月不在产品期限 ${prod.termMinMonths}–${prod.termMaxMonths} 个月内`, `term ${d.termMonths} months is outside ${prod.termMinMonths}–${prod.termMaxMonths}`]]);
    const ok = x.typeGuarantees.some((g) => d.guarantees.includes(g));
    const typeName = cfg.productTypes[prod.productType];
    parts.push(['guarantee', ok ? BP : 0, () => ok
      ? [`可接受的担保方式与${typeName?.zh ?? prod.productType}相符`, `the acceptable guarantee suits a ${typeName?.en ?? prod.productType}`]
      : [`可接受的担保方式与${typeName?.zh ?? prod.productType}不符`, `the acceptable guarantees do not suit a ${typeName?.en ?? prod.productType}`]]);
  }
  const prog = cfg.programmes[prod.programme];
  if (x.programmeTags.length === 0) {
    parts.push(['programme', cfg.neutralProgrammeFactorBp, () => [`产品无专项标签要求（${prog?.zh ?? prod.programme}）`, `no programme tags to match (${prog?.en ?? prod.programme})`]]);
  } else {
    const hit = x.programmeTags.filter((t) => p.tags.has(t));
    parts.push(['programme', hit.length ? BP : 0, () => hit.length
      ? [`企业画像“${hit.map(tagZh).join('、')}”契合${prog?.zh ?? prod.programme}`, `profile tag(s) ${hit.join(', ')} suit the ${prog?.en ?? prod.programme}`]
      : [`企业画像与${prog?.zh ?? prod.programme}的支持方向（${x.programmeTags.map(tagZh).join('、')}）不符`, `no profile tag of the ${prog?.en ?? prod.programme} (${x.programmeTags.join(', ')})`]]);
  }
  const rank = gradeRank(p.grade);
  if (x.minGradeRank === undefined || rank === undefined) {
    parts.push(['gradeMargin', cfg.neutralGradeFactorBp, () => [`产品无等级门槛或企业暂无等级（${p.grade ?? '—'}）`, `no grade threshold or no grade yet (${p.grade ?? '—'})`]]);
  } else {
    const margin = Math.max(0, x.minGradeRank - rank);
    const f = Math.min(BP, Math.floor((margin * BP) / cfg.gradeMarginFullAt));
    parts.push(['gradeMargin', f, () => [`信用等级 ${p.grade} 高出门槛 ${margin} 档`, `grade ${p.grade} is ${margin} step(s) above the threshold`]]);
  }
  const { bestBp, worstBp } = cfg.rate;
  const clamped = Math.min(worstBp, Math.max(bestBp, prod.rateMinBp));
  const rf = Math.floor(((worstBp - clamped) * BP) / (worstBp - bestBp));
  parts.push(['rate', rf, () => [`年利率 ${bpText(prod.rateMinBp)}–${bpText(prod.rateMaxBp)}`, `annual rate ${bpText(prod.rateMinBp)}–${bpText(prod.rateMaxBp)}`]]);

  let total = 0;
  for (const [c] of parts) total += w[c];
  let fit = 0;
  const reasons: FitReason[] = [];
  for (const [c, factor, say] of parts) {
    const max = Math.floor((w[c] * BP) / total);
    const points = Math.floor((w[c] * factor) / total);
    fit += points;
    if (render) {
      const [zh, en] = say();
      reasons.push({ criterion: c, points, max, zh, en });
    }
  }
  return { fitBp: Math.min(BP, fit), reasons };
}

/** Basis points as a percentage text, e.g. 385 → "3.85%" (integer arithmetic). */
export function bpText(bp: number): string {
  return `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
}

export interface MatchOptions {
  /** how many eligible products (default 10) */
  top?: number;
  /** near misses to keep (products failing at most `maxFailedRules` rules), default from the config */
  nearMisses?: number;
  /** restrict to one institution's products (the institution's view) */
  institutionOrgId?: string;
}

/** The in-memory index of live products (one per product id: its published version). */
export class ProductIndex {
  private readonly byId = new Map<string, Indexed>();
  private list: Indexed[] = [];
  private table = new RuleTable();
  private columns: Columns | null = null;

  /** The scan order is product id order, so ties on fit go to the lower id; columns are rebuilt on the next match. */
  private changed(): void {
    this.list = [...this.byId.values()].sort((a, b) => (a.product.id < b.product.id ? -1 : a.product.id > b.product.id ? 1 : 0));
    this.columns = null;
  }
  constructor(private readonly cfg: MatchingConfig = matchingConfig()) {}

  get size(): number { return this.byId.size; }

  /** Adds or replaces a product's live version (rules compiled now). */
  put(p: LiveProduct): void {
    this.byId.set(p.id, indexed(p, this.cfg, this.table));
    this.changed();
  }

  remove(id: string): void {
    if (this.byId.delete(id)) this.changed();
  }

  replaceAll(products: Iterable<LiveProduct>): void {
    this.byId.clear();
    this.table = new RuleTable();
    for (const p of products) this.byId.set(p.id, indexed(p, this.cfg, this.table));
    this.changed();
  }

  get(id: string): LiveProduct | undefined { return this.byId.get(id)?.product; }
  products(): LiveProduct[] { return this.list.map((x) => x.product); }

  /** One product against one enterprise (and demand), fully explained. */
  explain(id: string, p: EnterpriseProfile, d: DemandFacts | null): Match | undefined {
    const x = this.byId.get(id);
    if (!x) return undefined;
    const rules = explainRules(x.rules, p);
    const { fitBp, reasons } = fitOf(x, p, d, this.cfg, true);
    return { productId: x.product.id, version: x.product.version, institutionOrgId: x.product.institutionOrgId, eligible: rules.every((r) => r.held), fitBp, rules, fit: reasons };
  }

  /**
   * The best eligible products for an enterprise (and its demand), best fit first (ties: product id), and the near
   * misses: products failing 1…maxFailedRules rules, fewest failures then best fit first. A product whose rules
   * exclude the enterprise is never among the eligible ones.
   */
  match(p: EnterpriseProfile, d: DemandFacts | null, o: MatchOptions = {}): { eligible: Match[]; nearMisses: Match[] } {
    const top = o.top ?? 10;
    const keepNear = o.nearMisses ?? this.cfg.nearMiss.keep;
    const maxFailed = this.cfg.nearMiss.maxFailedRules;
    const list = this.list;
    this.columns ??= buildColumns(list, this.cfg.gradeMarginFullAt);
    const only = o.institutionOrgId === undefined ? undefined : (i: number) => list[i].product.institutionOrgId === o.institutionOrgId;
    const found = scan(this.columns, this.table, profileKey(p), d ? scanDemand(d.amountFen, d.termMonths, guaranteeMaskOf(this.cfg, d.guarantees)) : null,
      { top, near: keepNear, maxFailed, only });
    const full = (x: Indexed): Match => {
      const rules = explainRules(x.rules, p);
      const { fitBp, reasons } = fitOf(x, p, d, this.cfg, true);
      return { productId: x.product.id, version: x.product.version, institutionOrgId: x.product.institutionOrgId, eligible: rules.every((r) => r.held), fitBp, rules, fit: reasons };
    };
    return { eligible: found.best.map((i) => full(list[i])), nearMisses: found.near.map((i) => full(list[i])) };
  }
}

/** Fit and reasons of one enterprise (and demand) against one product without an index (the product's view). */
export function matchOne(product: LiveProduct, p: EnterpriseProfile, d: DemandFacts | null, cfg: MatchingConfig = matchingConfig()): Match {
  const index = new ProductIndex(cfg);
  index.put(product);
  return index.explain(product.id, p, d)!;
}
