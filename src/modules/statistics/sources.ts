/**
 * Where the statistics come from: read functions of the other modules, handed in by the server (src/app.ts), so this
 * module never queries another module's tables. Each answers grouped aggregates for a period, not business rows.
 */
import type { WorkflowFactRow } from '../marketplace/index.ts';
import { attrsOf, markConversions, type EnterpriseAttrs, type Fact } from './rollup.ts';
import type { Period } from './period.ts';

/** What the statistics read of the aggregation module's per-item quality indicators (its ItemQuality). */
export interface QualityItem {
  sharingMode: string;
  coverageBp: number | null;
  completeness: { allBp: number | null };
  timeliness: { status: string };
  errors: { rowsReceived: number; rowsQuarantined: number };
}

export interface StatisticsSources {
  /** identity: enterprise registrations per USCC and month */
  registrations(from: Date, to: Date): Promise<{ uscc: string; month: string; n: number }[]>;
  /** consent: granted authorisations per enterprise, institution and month */
  grants(from: Date, to: Date): Promise<{ uscc: string; institution_org_id: string; month: string; n: number }[]>;
  /** marketplace: demands, applications, approvals, loans, response times */
  workflow(r: { from: Date; to: Date; fromDay: string; toDay: string }): Promise<WorkflowFactRow[]>;
  /** whitelist: listed enterprises per month */
  listed(fromMonth: string, toMonth: string): Promise<{ uscc: string; period: string }[]>;
  /** policies: payouts per enterprise and month */
  payouts(fromDay: string, toDay: string): Promise<{ uscc: string; month: string; n: number; amount_fen: string }[]>;
  /** entities: registry rows of enterprises (region, industry, size) */
  registry(usccs: readonly string[]): Promise<{ uscc: string; region_code: string; industry_code: string; size_class: string }[]>;
  /** aggregation quality: current indicators per catalog item */
  quality(): Promise<QualityItem[]>;
  /** identity: an organisation's name (institutions) */
  organisationName(id: string): Promise<string | null>;
}

const fact = (kind: Fact['kind'], uscc: string, month: string, over: Partial<Fact> = {}): Fact => ({
  kind, uscc, month, productId: null, productName: null, institutionId: null, n: 0, amountFen: 0n, creditN: 0, creditFen: 0n, rateWeight: 0n, seconds: 0n, ...over,
});

const REGISTRY_BATCH = 1000;

/** Every fact of a period with the registry attributes of the enterprises involved. */
export async function gatherFacts(src: StatisticsSources, p: Period): Promise<{ facts: Fact[]; attrs: Map<string, EnterpriseAttrs> }> {
  const [registrations, grants, workflow, listed, payouts] = await Promise.all([
    src.registrations(p.from, p.to), src.grants(p.from, p.to), src.workflow(p), src.listed(p.fromMonth, p.toMonth), src.payouts(p.fromDay, p.toDay),
  ]);
  const facts: Fact[] = [];
  for (const r of registrations) facts.push(fact('registration', r.uscc, r.month, { n: r.n }));
  for (const g of grants) facts.push(fact('grant', g.uscc, g.month, { n: g.n, institutionId: g.institution_org_id }));
  for (const w of workflow) {
    facts.push(fact(w.kind, w.uscc, w.month, {
      productId: w.product_id, productName: w.product_name, institutionId: w.institution_org_id, n: w.n, amountFen: BigInt(w.amount_fen),
      creditN: w.credit_n, creditFen: BigInt(w.credit_fen), rateWeight: BigInt(w.rate_weight), seconds: BigInt(w.seconds),
    }));
  }
  for (const l of listed) facts.push(fact('whitelist', l.uscc, l.period, { n: 1 }));
  for (const o of payouts) facts.push(fact('payout', o.uscc, o.month, { n: o.n, amountFen: BigInt(o.amount_fen) }));
  markConversions(facts);

  const usccs = [...new Set(facts.map((f) => f.uscc))];
  const attrs = new Map<string, EnterpriseAttrs>();
  for (let i = 0; i < usccs.length; i += REGISTRY_BATCH) {
    for (const row of await src.registry(usccs.slice(i, i + REGISTRY_BATCH))) attrs.set(row.uscc, attrsOf(row.uscc, row));
  }
  for (const u of usccs) if (!attrs.has(u)) attrs.set(u, attrsOf(u, undefined));
  return { facts, attrs };
}
