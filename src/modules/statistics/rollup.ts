/**
 * Rolling grouped facts up into dashboard groups (C14). The other modules answer grouped SQL aggregates per
 * enterprise and month (their tables are theirs); the registry attributes of those enterprises (region, industry,
 * size) come from the entities module; here they are put together and summed per dimension key. One fact row stands
 * for a group of business rows, never for a person.
 */
import { codes } from '../entities/index.ts';
import { addFigures, emptyFigures, type Figures } from './figures.ts';

export const DIMENSIONS = ['region', 'industry', 'size', 'product', 'institution', 'month'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export type FactKind = 'registration' | 'grant' | 'demand' | 'application' | 'approval' | 'loan' | 'response' | 'whitelist' | 'payout';

export interface Fact {
  kind: FactKind;
  uscc: string;
  month: string;
  productId: string | null;
  productName: string | null;
  institutionId: string | null;
  n: number;
  amountFen: bigint;
  creditN: number;
  creditFen: bigint;
  rateWeight: bigint;
  seconds: bigint;
  /** white-list facts: the enterprise got a platform loan in the listed month or later within the period */
  converted?: boolean;
}

export interface EnterpriseAttrs { regionCode: string; industrySection: string; sizeClass: string }

export const UNKNOWN = 'unknown';

/**
 * The registry attributes of an enterprise, or — for a USCC the registry does not hold — the registration region
 * embedded in the code itself (GB 32100-2015 positions 3–8), industry and size unknown.
 */
export function attrsOf(uscc: string, row: { region_code: string; industry_code: string; size_class: string } | undefined): EnterpriseAttrs {
  if (row) return { regionCode: row.region_code, industrySection: row.industry_code.slice(0, 1) || UNKNOWN, sizeClass: row.size_class };
  return { regionCode: uscc.slice(2, 8), industrySection: UNKNOWN, sizeClass: UNKNOWN };
}

/**
 * The drill-down child of `scope` that region `code` falls in: a province's prefecture (first four digits), a
 * prefecture's county (the code itself); a county scope is its own single group. Null when outside the scope.
 */
export function drillChild(scope: string, code: string): string | null {
  const prefix = codes.regionSubtreePrefix(scope);
  if (!prefix || !code.startsWith(prefix)) return null;
  const level = codes.regionByCode(scope)?.level;
  if (level === 'province') return `${code.slice(0, 4)}00`;
  if (level === 'prefecture') return code;
  return scope;
}

/** True when the region code lies in the scope's subtree (by GB/T 2260 prefix). */
export function inScope(scope: string, code: string): boolean {
  const prefix = codes.regionSubtreePrefix(scope);
  return prefix !== undefined && code.startsWith(prefix);
}

/** One dashboard group while it is being summed: additive figures plus the distinct-enterprise sets. */
export class Group {
  readonly figures = emptyFigures();
  private readonly authorised = new Set<string>();
  private readonly whitelisted = new Set<string>();
  private readonly converted = new Set<string>();
  /** figures reported by lower nodes (their distinct counts are already distinct per group) */
  private readonly reported = emptyFigures();
  label: string | null = null;

  add(f: Fact): void {
    const g = this.figures;
    switch (f.kind) {
      case 'registration': g.registered += f.n; break;
      case 'grant': this.authorised.add(f.uscc); break;
      case 'demand': g.demands += f.n; g.demandFen += f.amountFen; break;
      case 'application': g.applications += f.n; g.applicationFen += f.amountFen; break;
      case 'approval': g.approvals += f.n; g.approvalFen += f.amountFen; break;
      case 'loan':
        g.loans += f.n; g.loanFen += f.amountFen; g.creditLoans += f.creditN; g.creditLoanFen += f.creditFen; g.rateWeight += f.rateWeight;
        break;
      case 'response': g.responses += f.n; g.responseSeconds += f.seconds; break;
      case 'whitelist':
        this.whitelisted.add(f.uscc);
        if (f.converted) this.converted.add(f.uscc);
        break;
      case 'payout': g.payouts += f.n; g.payoutFen += f.amountFen; break;
    }
  }

  addReported(f: Figures): void {
    addFigures(this.reported, f);
  }

  result(): Figures {
    const out = addFigures(emptyFigures(), this.figures);
    out.authorised = this.authorised.size;
    out.whitelisted = this.whitelisted.size;
    out.whitelistConverted = this.converted.size;
    return addFigures(out, this.reported);
  }
}

/** The key of a fact in a dimension; null when the fact has no value there (a demand has no product). */
export function keyIn(dimension: Dimension, scope: string, f: Fact, a: EnterpriseAttrs): string | null {
  switch (dimension) {
    case 'region': return drillChild(scope, a.regionCode);
    case 'industry': return a.industrySection;
    case 'size': return a.sizeClass;
    case 'product': return f.productId;
    case 'institution': return f.institutionId;
    case 'month': return f.month;
  }
}

/** Marks each white-list fact converted when its enterprise has a loan in the listed month or later (within the facts). */
export function markConversions(facts: Fact[]): void {
  const loanMonths = new Map<string, string>();
  for (const f of facts) {
    if (f.kind !== 'loan') continue;
    const last = loanMonths.get(f.uscc);
    if (last === undefined || f.month > last) loanMonths.set(f.uscc, f.month);
  }
  for (const f of facts) {
    if (f.kind !== 'whitelist') continue;
    const last = loanMonths.get(f.uscc);
    f.converted = last !== undefined && last >= f.month;
  }
}

/** Sums facts into groups by their key in a dimension; facts without a key there are left out of the groups. */
export function groupFacts(facts: readonly Fact[], attrs: ReadonlyMap<string, EnterpriseAttrs>, dimension: Dimension, scope: string): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const f of facts) {
    const a = attrs.get(f.uscc) ?? attrsOf(f.uscc, undefined);
    const key = keyIn(dimension, scope, f, a);
    if (key === null) continue;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = new Group()));
    if (dimension === 'product' && f.productName) g.label = f.productName;
    g.add(f);
  }
  return groups;
}

/** One group of all facts: the scope's total. */
export function totalOf(facts: readonly Fact[]): Group {
  const g = new Group();
  for (const f of facts) g.add(f);
  return g;
}
