import { describe, expect, it } from 'vitest';
import { compileRules, explainRules, validateRules, type EnterpriseProfile, type Rule } from './eligibility.ts';
import { bpText, matchOne, ProductIndex, type LiveProduct } from './matching.ts';
import { parseFen, validateProduct } from './products.ts';
import type { ProductFields } from './store.ts';

const profile = (over: Partial<EnterpriseProfile> = {}): EnterpriseProfile => ({
  uscc: '91131002MA0CXR1Q0X', name: '示范科技有限公司', entityType: 'enterprise', regionCode: '131002', industryCode: 'C3911', sizeClass: 'small',
  status: 'active', yearsInBusiness: 5.2, registeredCapitalFen: 500_000_000n, grade: 'B+', tags: new Set(['high_tech', 'tax_good']),
  features: { tax_normal_months: 30, penalties_active: 0 }, ...over,
});

let seq = 0;
const product = (over: Partial<LiveProduct> = {}): LiveProduct => ({
  id: `00000000-0000-7000-8000-${String(++seq).padStart(12, '0')}`, version: 1, institutionOrgId: 'bank', name: `产品${seq}`,
  productType: 'credit', programme: 'none', amountMinFen: 10_000_000n, amountMaxFen: 300_000_000n, termMinMonths: 6, termMaxMonths: 36,
  rateMinBp: 385, rateMaxBp: 600, regionPrefixes: ['13'], rules: [], ...over,
});

const demand = { amountFen: 100_000_000n, termMonths: 12, guarantees: ['credit'] };

describe('eligibility rules', () => {
  it('accepts every documented rule kind', () => {
    const rules: Rule[] = [
      { rule: 'industry', sections: ['C', 'I'], excludedPrefixes: ['C25'] },
      { rule: 'size', classes: ['micro', 'small', 'medium'] },
      { rule: 'entity_type', types: ['enterprise'] },
      { rule: 'region', prefixes: ['1310'] },
      { rule: 'min_grade', grade: 'B' },
      { rule: 'min_years', years: 2 },
      { rule: 'tags_required', tags: ['high_tech', 'specialised_new'], mode: 'any' },
      { rule: 'tags_excluded', tags: ['dishonest_debtor', 'serious_dishonesty'] },
      { rule: 'min_capital', fen: '100000000' },
      { rule: 'feature', feature: 'tax_normal_months', op: '>=', value: 12 },
      { rule: 'status', statuses: ['active'] },
    ];
    expect(validateRules(rules)).toEqual([]);
    expect(explainRules(compileRules(rules, ['13']), profile()).every((r) => r.held)).toBe(true);
  });

  it('refuses unknown kinds, tags, features, grades, regions and fractional fen, naming the path', () => {
    const problems = validateRules([
      { rule: 'shoe_size', value: 42 },
      { rule: 'tags_excluded', tags: ['not_a_tag'] },
      { rule: 'feature', feature: 'favourite_colour', op: '>=', value: 1 },
      { rule: 'min_grade', grade: 'E' },
      { rule: 'region', prefixes: ['999999'] },
      { rule: 'min_capital', fen: '1.5' },
      { rule: 'industry', sections: ['c'] },
    ]);
    expect(problems.map((p) => p.path)).toEqual([
      '/rules/0/rule', '/rules/1/tags', '/rules/2/feature', '/rules/3/grade', '/rules/4/prefixes', '/rules/5/fen', '/rules/6/sections',
    ]);
    expect(problems.every((p) => p.zh && p.en)).toBe(true);
  });

  it('explains a failed rule with the fact it looked at', () => {
    const rules = compileRules([
      { rule: 'tags_excluded', tags: ['dishonest_debtor', 'serious_dishonesty'] },
      { rule: 'min_grade', grade: 'A' },
      { rule: 'industry', sections: ['C'], excludedPrefixes: ['C39'] },
    ], ['13']);
    const out = explainRules(rules, profile({ tags: new Set(['dishonest_debtor']) }));
    expect(out.map((r) => [r.rule, r.held])).toEqual([['regions', true], ['status', true], ['0', false], ['1', false], ['2', false]]);
    expect(out[2].zh).toBe('具有产品排除的画像标签 失信被执行人');
    expect(out[2].en).toContain('dishonest_debtor');
    expect(out[3].en).toBe('evaluation grade B+ is below the minimum A');
    expect(out[4].zh).toBe('行业 C3911 属于产品排除的行业 C39');
  });

  it('admits a whole grade band for a letter and exactly the sub-grade otherwise', () => {
    const band = compileRules([{ rule: 'min_grade', grade: 'B' }], [])[1];
    const exact = compileRules([{ rule: 'min_grade', grade: 'B' + '+' }], [])[1];
    expect(band.test(profile({ grade: 'B-' }))).toBe(true);
    expect(band.test(profile({ grade: 'C+' }))).toBe(false);
    expect(exact.test(profile({ grade: 'B' }))).toBe(false);
    expect(band.test(profile({ grade: null }))).toBe(false);
  });

  it('refuses a deregistered enterprise unless the product says otherwise (implied status rule)', () => {
    const rules = compileRules([], ['13']);
    const out = explainRules(rules, profile({ status: 'cancelled' }));
    expect(out.find((r) => r.rule === 'status')).toMatchObject({ held: false, en: 'registration status is cancelled; the product requires active' });
  });
});

describe('matching', () => {
  it('never recommends a product whose rules exclude the enterprise, and names the failing rule', () => {
    const index = new ProductIndex();
    const excluding = product({ name: '排除失信', rules: [{ rule: 'tags_excluded', tags: ['dishonest_debtor', 'serious_dishonesty'] }] });
    const open = product({ name: '普惠信用贷' });
    index.put(excluding);
    index.put(open);
    const p = profile({ tags: new Set(['dishonest_debtor']) });
    for (const d of [demand, null]) {
      const { eligible, nearMisses } = index.match(p, d, { top: 10 });
      expect(eligible.map((m) => m.productId)).toEqual([open.id]);
      const miss = nearMisses.find((m) => m.productId === excluding.id)!;
      expect(miss.eligible).toBe(false);
      const failed = miss.rules.filter((r) => !r.held);
      expect(failed).toEqual([expect.objectContaining({ rule: '0', kind: 'tags_excluded', zh: '具有产品排除的画像标签 失信被执行人', en: 'has the excluded profile tag(s) dishonest_debtor' })]);
    }
  });

  it('leaves out products of other regions and keeps them only as near misses', () => {
    const index = new ProductIndex();
    const elsewhere = product({ regionPrefixes: ['63'] });
    index.put(elsewhere);
    const { eligible, nearMisses } = index.match(profile(), demand);
    expect(eligible).toEqual([]);
    expect(nearMisses[0].rules.find((r) => r.rule === 'regions')?.held).toBe(false);
  });

  it('orders eligible products by fit: amount and term in range, guarantee, programme tags, grade margin, rate', () => {
    const index = new ProductIndex();
    const best = product({ programme: 'sci_tech', rules: [{ rule: 'min_grade', grade: 'C' }], rateMinBp: 300 });
    const middle = product({ programme: 'none', rateMinBp: 450 });
    const wrongGuarantee = product({ productType: 'mortgage', rateMinBp: 300 });
    const tooSmall = product({ amountMaxFen: 50_000_000n, rateMinBp: 300 });
    for (const p of [tooSmall, wrongGuarantee, middle, best]) index.put(p);
    const { eligible } = index.match(profile(), demand, { top: 10 });
    expect(eligible.map((m) => m.productId)).toEqual([best.id, middle.id, wrongGuarantee.id, tooSmall.id]);
    expect(eligible[0].fitBp).toBeGreaterThan(eligible[1].fitBp);
    const fit = eligible[0].fit;
    expect(fit.map((f) => f.criterion)).toEqual(['amount', 'term', 'guarantee', 'programme', 'gradeMargin', 'rate']);
    expect(fit.reduce((s, f) => s + f.points, 0)).toBe(eligible[0].fitBp);
    expect(fit.every((f) => Number.isInteger(f.points) && f.points <= f.max)).toBe(true);
    expect(eligible[3].fit[0].zh).toContain('超出产品额度');
  });

  it('returns the top k only, ties broken by product id', () => {
    const index = new ProductIndex();
    const ps = Array.from({ length: 30 }, () => product());
    for (const p of ps) index.put(p);
    const { eligible } = index.match(profile(), demand, { top: 10 });
    expect(eligible.map((m) => m.productId)).toEqual(ps.map((p) => p.id).sort().slice(0, 10));
  });

  it('scores a profile without a demand on the profile criteria alone', () => {
    const m = matchOne(product({ programme: 'green' }), profile(), null);
    expect(m.fit.map((f) => f.criterion)).toEqual(['programme', 'gradeMargin', 'rate']);
    expect(m.fit.find((f) => f.criterion === 'programme')?.points).toBe(0);
  });
});

describe('the fast scan agrees with the explained rules', () => {
  it('finds exactly the products whose every rule holds, ranked by the fit it reports', () => {
    let seed = 7;
    const r = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
    const tags = ['high_tech', 'green', 'agricultural', 'tax_good', 'dishonest_debtor', 'startup', 'size:micro'];
    const index = new ProductIndex();
    const products = Array.from({ length: 300 }, () => {
      const rules: Rule[] = [];
      if (r() < 0.5) rules.push({ rule: 'industry', sections: [pick(['C', 'E', 'F'])], excludedPrefixes: r() < 0.3 ? ['C39'] : [] });
      if (r() < 0.5) rules.push({ rule: 'size', classes: [pick(['micro', 'small']), 'medium'] });
      if (r() < 0.5) rules.push({ rule: 'min_grade', grade: pick(['A', 'B', 'B-', 'C+']) });
      if (r() < 0.3) rules.push({ rule: 'min_years', years: Math.floor(r() * 6) });
      if (r() < 0.3) rules.push({ rule: 'tags_required', tags: [pick(tags), pick(tags)], mode: pick(['any', 'all'] as const) });
      if (r() < 0.5) rules.push({ rule: 'tags_excluded', tags: [pick(tags)] });
      if (r() < 0.3) rules.push({ rule: 'min_capital', fen: String(Math.floor(r() * 1e9)) });
      if (r() < 0.3) rules.push({ rule: 'feature', feature: 'tax_normal_months', op: pick(['>=', '<', '='] as const), value: Math.floor(r() * 30) });
      if (r() < 0.1) rules.push({ rule: 'status', statuses: ['active', 'cancelled'] });
      const p = product({ rules, regionPrefixes: [pick(['13', '1310', '131002', '63'])], programme: pick(['none', 'sci_tech', 'green', 'agri']), productType: pick(['credit', 'mortgage']), rateMinBp: 300 + Math.floor(r() * 900), amountMinFen: BigInt(Math.floor(r() * 1e8) + 1), termMinMonths: 1 + Math.floor(r() * 12) });
      index.put(p);
      return p;
    });
    for (let i = 0; i < 100; i++) {
      const prof = profile({
        regionCode: pick(['131002', '131082', '630102']), industryCode: pick(['C3911', 'E4710', 'F5211']), sizeClass: pick(['micro', 'small', 'medium', 'large']),
        status: pick(['active', 'active', 'cancelled']), grade: pick(['A+', 'A-', 'B', 'B-', 'C', 'D', null]), yearsInBusiness: r() < 0.1 ? null : Math.floor(r() * 100) / 10,
        registeredCapitalFen: r() < 0.1 ? null : BigInt(Math.floor(r() * 1e9)), tags: new Set(tags.filter(() => r() < 0.3)), features: r() < 0.2 ? {} : { tax_normal_months: Math.floor(r() * 30) },
      });
      const d = r() < 0.5 ? null : { amountFen: BigInt(Math.floor(r() * 4e8)), termMonths: 1 + Math.floor(r() * 40), guarantees: [pick(['credit', 'mortgage', 'pledge'])] };
      const { eligible } = index.match(prof, d, { top: 1000, nearMisses: 0 });
      const expected = products.filter((p) => index.explain(p.id, prof, d)!.eligible).map((p) => p.id).sort();
      expect(eligible.map((m) => m.productId).sort()).toEqual(expected);
      for (let j = 1; j < eligible.length; j++) {
        expect(eligible[j - 1].fitBp > eligible[j].fitBp || (eligible[j - 1].fitBp === eligible[j].fitBp && eligible[j - 1].productId < eligible[j].productId)).toBe(true);
      }
    }
  });
});

describe('money is never a float', () => {
  const fields: ProductFields = {
    name: '科创信用贷', productType: 'credit', programme: 'sci_tech', amountMinFen: '10000000', amountMaxFen: '300000000', termMinMonths: 6,
    termMaxMonths: 36, rateMinBp: 385, rateMaxBp: 600, repaymentModes: ['equal_instalment'], regionPrefixes: ['1310'], rules: [],
    requiredAuthorisations: ['TAX_PAYMENT'], requiredMaterials: ['营业执照'], description: '',
  };

  it('takes amounts as integer fen strings and refuses "1.5", numbers and exponents', () => {
    expect(parseFen('150', 'amountFen')).toBe(150n);
    for (const bad of ['1.5', '1e3', '-2', '', ' 1', 1.5, 150]) expect(() => parseFen(bad, 'amountFen')).toThrow(/fen/);
    expect(() => parseFen('0', 'amountFen')).toThrow(/greater than 0/);
  });

  it('validates a product: ranges, codes and rules', async () => {
    expect(await validateProduct(fields)).toEqual([]);
    await expect(validateProduct({ ...fields, amountMinFen: '1.5' })).rejects.toMatchObject({ code: 'AMOUNT_NOT_INTEGER_FEN' });
    const problems = await validateProduct({ ...fields, amountMinFen: '400000000', rateMinBp: 700, programme: 'moon', repaymentModes: [] }, async () => false);
    expect(problems.map((p) => p.path)).toEqual(['/programme', '/amountMaxFen', '/rateMaxBp', '/repaymentModes', '/requiredAuthorisations']);
  });

  it('renders basis points and fen with integer arithmetic', () => {
    expect(bpText(385)).toBe('3.85%');
    expect(bpText(1200)).toBe('12.00%');
    const m = matchOne(product({ amountMinFen: 1n, amountMaxFen: 99n }), profile(), { amountFen: 150n, termMonths: 12, guarantees: ['credit'] });
    expect(m.fit[0].zh).toBe('需求金额 1.50 元超出产品额度 0.01–0.99 元');
  });
});
