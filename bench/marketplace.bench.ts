import os from 'node:os';
import { ProductIndex, type DemandFacts, type EnterpriseProfile, type LiveProduct, type Rule } from '../src/modules/marketplace/index.ts';
import { percentile, type BenchResult } from './support.ts';

/**
 * SPEC §5.2 P4 (matching part): one demand against 10,000 published products, top 10, p99 ≤ 5 ms. The products sit in
 * the marketplace's in-memory index with their rules compiled (as the server keeps them); each measured call runs every
 * product's hard rules, the fit of the survivors, the top-10 and near-miss selection, and renders the reasons of the
 * results. 1,000+ different demands/enterprises, measured one call at a time after a warm-up.
 */
const PRODUCTS = Number(process.env.P4_PRODUCTS ?? 10_000);
const DEMANDS = Number(process.env.P4_DEMANDS ?? 2_000);
const WARMUP = 300;

/** A deterministic pseudo-random stream (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['credit', 'guarantee', 'pledge', 'mortgage', 'supply_chain'];
const PROGRAMMES = ['none', 'gov_procurement', 'tax', 'sci_tech', 'green', 'agri', 'order', 'contract', 'ip_pledge', 'bid'];
const REGIONS = ['13', '1310', '131002', '131082', '1301', '63', '6301', '11', '12', '1309'];
const SECTIONS = ['A', 'C', 'E', 'F', 'G', 'I', 'M'];
const TAGS = ['high_tech', 'specialised_new', 'green', 'agricultural', 'tax_good', 'gov_procurement_supplier', 'patent_holder', 'established', 'startup', 'dishonest_debtor', 'admin_penalty'];
const GRADES = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D'];
const pick = <T>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)];

function products(n: number): LiveProduct[] {
  const r = rng(4);
  return Array.from({ length: n }, (_, i) => {
    const rules: Rule[] = [{ rule: 'tags_excluded', tags: ['dishonest_debtor', 'serious_dishonesty'] }];
    if (r() < 0.5) rules.push({ rule: 'industry', sections: [pick(r, SECTIONS), pick(r, SECTIONS), pick(r, SECTIONS)], excludedPrefixes: r() < 0.3 ? ['C25'] : [] });
    if (r() < 0.6) rules.push({ rule: 'size', classes: ['micro', 'small', 'medium'] });
    if (r() < 0.6) rules.push({ rule: 'min_grade', grade: pick(r, ['A', 'B', 'B-', 'C']) });
    if (r() < 0.4) rules.push({ rule: 'min_years', years: 1 + Math.floor(r() * 4) });
    if (r() < 0.2) rules.push({ rule: 'tags_required', tags: [pick(r, TAGS), pick(r, TAGS)], mode: 'any' });
    if (r() < 0.2) rules.push({ rule: 'min_capital', fen: String(1_000_000 * (1 + Math.floor(r() * 100))) });
    if (r() < 0.2) rules.push({ rule: 'feature', feature: 'tax_normal_months', op: '>=', value: 6 + Math.floor(r() * 24) });
    const min = BigInt(1 + Math.floor(r() * 100)) * 1_000_000n;
    const rate = 300 + Math.floor(r() * 900);
    return {
      id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, version: 1, institutionOrgId: `org${i % 50}`, name: `产品${i}`,
      productType: pick(r, TYPES), programme: pick(r, PROGRAMMES), amountMinFen: min, amountMaxFen: min * BigInt(2 + Math.floor(r() * 50)),
      termMinMonths: 1 + Math.floor(r() * 12), termMaxMonths: 12 + Math.floor(r() * 48), rateMinBp: rate, rateMaxBp: rate + Math.floor(r() * 300),
      regionPrefixes: [pick(r, REGIONS)], rules,
    };
  });
}

function demands(n: number): { profile: EnterpriseProfile; demand: DemandFacts }[] {
  const r = rng(9);
  const counties = ['131002', '131003', '131082', '131022', '130102', '630102'];
  return Array.from({ length: n }, (_, i) => {
    const tags = new Set(TAGS.filter(() => r() < 0.15));
    return {
      profile: {
        uscc: `U${i}`, name: `企业${i}`, entityType: r() < 0.85 ? 'enterprise' : 'individual_business', regionCode: pick(r, counties),
        industryCode: `${pick(r, SECTIONS)}${1000 + Math.floor(r() * 8999)}`, sizeClass: pick(r, ['micro', 'small', 'medium', 'large']), status: 'active',
        yearsInBusiness: Math.floor(r() * 200) / 10, registeredCapitalFen: BigInt(Math.floor(r() * 1e6)) * 1000n, grade: pick(r, GRADES), tags,
        features: { tax_normal_months: Math.floor(r() * 40) },
      },
      demand: { amountFen: BigInt(1 + Math.floor(r() * 500)) * 1_000_000n, termMonths: 3 + Math.floor(r() * 48), guarantees: [pick(r, ['credit', 'guarantee', 'pledge', 'mortgage'])] },
    };
  });
}

export async function benchMarketplace(): Promise<BenchResult> {
  const catalog = products(PRODUCTS);
  const t0 = performance.now();
  const index = new ProductIndex();
  index.replaceAll(catalog);
  const buildMs = performance.now() - t0;
  const cases = demands(DEMANDS + WARMUP);
  let found = 0;
  for (const c of cases.slice(0, WARMUP)) found += index.match(c.profile, c.demand, { top: 10 }).eligible.length;
  const loadBefore = os.loadavg()[0];
  const times: number[] = [];
  let eligibleTotal = 0;
  let nearTotal = 0;
  for (const c of cases.slice(WARMUP)) {
    const s = performance.now();
    const m = index.match(c.profile, c.demand, { top: 10 });
    times.push(performance.now() - s);
    eligibleTotal += m.eligible.length;
    nearTotal += m.nearMisses.length;
  }
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const p99 = round(percentile(times, 99));
  return {
    id: 'P4',
    title: `matching one demand (enterprise profile + amount, term, guarantee) against ${PRODUCTS.toLocaleString('en')} published products in the in-memory index (hard rules, fit, top 10 + near misses, reasons rendered); ${DEMANDS.toLocaleString('en')} different demands after ${WARMUP} warm-up calls`,
    target: 'p99 ≤ 5 ms',
    pass: p99 <= 5 && PRODUCTS >= 10_000 && DEMANDS >= 1_000,
    p99_ms: p99,
    p50_ms: round(percentile(times, 50)),
    p95_ms: round(percentile(times, 95)),
    max_ms: round(times[times.length - 1]),
    products: PRODUCTS,
    demands: DEMANDS,
    index_build_ms: round(buildMs),
    avg_eligible_returned: round(eligibleTotal / DEMANDS),
    avg_near_misses_returned: round(nearTotal / DEMANDS),
    warmup_found: found,
    // other work on the shared 2-core machine moves the tail: the 1-minute load average before and after the run
    load_avg_1m: [Math.round(loadBefore * 100) / 100, Math.round(os.loadavg()[0] * 100) / 100],
  };
}

// `npx tsx bench/marketplace.bench.ts` runs it alone without touching docs/benchmarks.*
if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchMarketplace(), null, 2));
