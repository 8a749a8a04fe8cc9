import { describe, expect, it } from 'vitest';
import { addMonthsToDay, computeBenefit, declaredProblem, validateFormula } from './formula.ts';
import { explainLoanRules, validateLoanRules, type LoanFacts } from './loan-rules.ts';
import { validatePolicy } from './validate.ts';

/** The pure rules of C13: formulas in integer fen (rounded down), loan rules, policy validation. */
const loan: LoanFacts = {
  id: '0190a000-0000-7000-8000-000000000001', uscc: '91131002MA0CXR1Q0X', enterpriseOrgId: null, institutionOrgId: 'x', institutionName: '示范银行',
  institutionCategory: 'bank', productName: '税易贷', status: 'repaying', amountFen: 100_000_000n, rateBp: 385, termMonths: 12, security: 'credit', disbursedOn: '2026-03-15',
};

const draft = (over: Record<string, unknown> = {}) => ({
  name: '贴息', kind: 'interest_subsidy', authority: '财政局', regionPrefixes: ['1310'], validFrom: '2026-01-01', validTo: '2026-12-31', budgetFen: '100000000',
  formula: { rateBp: 150, maxDays: 365, capFen: '5000000' }, enterpriseRules: [], loanRules: [], sections: [], requiredMaterials: [], ...over,
});

describe('benefit formulas (integer fen, rounded down)', () => {
  it('computes an interest subsidy as principal × bp × days ÷ 365, rounding the fraction of a fen down', () => {
    // 1,000,000.00 yuan × 1.50 % × 365 days ÷ 365 = 15,000.00 yuan
    const c = computeBenefit('interest_subsidy', { rateBp: 150, maxDays: 365, capFen: '5000000' }, loan, {}, 0n);
    expect(c.inputs).toMatchObject({ days: 365, appliedRateBp: 150, termDays: 365 });
    expect(c.amountFen).toBe('1500000');
    // 333,333.33 yuan × 1.50 % × 100 days ÷ 365 = 1,369.8630… yuan → 136,986 fen (down, not 136,987)
    const odd = computeBenefit('interest_subsidy', { rateBp: 150, maxDays: 100, capFen: '5000000' }, { ...loan, amountFen: 33_333_333n }, {}, 0n);
    expect(odd.inputs.days).toBe(100);
    expect(odd.amountFen).toBe('136986');
    expect(odd.text.zh).toContain('× 100 天 ÷ 365');
  });

  it('never subsidises above the loan rate, nor past the term, and caps per enterprise net of what it received', () => {
    const low = computeBenefit('interest_subsidy', { rateBp: 500, maxDays: 365, capFen: '99999999' }, { ...loan, rateBp: 300, termMonths: 6 }, {}, 0n);
    expect(low.inputs).toMatchObject({ appliedRateBp: 300, days: 184 });
    expect(low.amountFen).toBe(((100_000_000n * 300n * 184n) / 3_650_000n).toString());
    const capped = computeBenefit('interest_subsidy', { rateBp: 150, maxDays: 365, capFen: '2000000' }, loan, {}, 1_200_000n);
    expect([capped.uncappedFen, capped.capLeftFen, capped.amountFen, capped.capped]).toEqual(['1500000', '800000', '800000', true]);
    expect(computeBenefit('interest_subsidy', { rateBp: 150, maxDays: 365, capFen: '2000000' }, loan, {}, 2_500_000n).amountFen).toBe('0');
  });

  it('computes risk compensation and re-guarantee on the stated loss, and a guarantee-fee subsidy on the fee within its rate cap', () => {
    expect(computeBenefit('risk_compensation', { shareBp: 4000, capFen: '999999999' }, loan, { lossFen: '12345679' }, 0n).amountFen).toBe('4938271');
    expect(computeBenefit('re_guarantee', { shareBp: 3000, capFen: '999999999' }, loan, { lossFen: '100' }, 0n).amountFen).toBe('30');
    // fee 15,000 yuan, but only 1 % of 1,000,000 = 10,000 counts; 50 % of it
    const fee = computeBenefit('guarantee_fee_subsidy', { shareBp: 5000, feeRateCapBp: 100, capFen: '3000000' }, loan, { guaranteeFeeFen: '1500000' }, 0n);
    expect(fee.inputs.countedFeeFen).toBe('1000000');
    expect(fee.amountFen).toBe('500000');
  });

  it('adds calendar months with the month end clamped', () => {
    expect(addMonthsToDay('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsToDay('2026-11-15', 3)).toBe('2027-02-15');
  });

  it('refuses a stated loss above the principal and a missing fee', () => {
    expect(declaredProblem('loss', { lossFen: '100000001' }, 100_000_000n)?.en).toMatch(/cannot exceed/);
    expect(declaredProblem('guarantee_fee', {}, 100_000_000n)?.path).toBe('/declared/guaranteeFeeFen');
    expect(declaredProblem('loss', { lossFen: '1.5' }, 100_000_000n)).not.toBeNull();
    expect(declaredProblem(null, {}, 1n)).toBeNull();
  });

  it('validates a formula per kind', () => {
    expect(validateFormula('interest_subsidy', { rateBp: 150, maxDays: 365, capFen: '1' })).toEqual([]);
    expect(validateFormula('interest_subsidy', { rateBp: 1.5, maxDays: 0, capFen: '1.00' }).map((p) => p.path)).toEqual(['/formula/capFen', '/formula/rateBp', '/formula/maxDays']);
    expect(validateFormula('risk_compensation', { rateBp: 1, shareBp: 4000, capFen: '1' }).map((p) => p.path)).toEqual(['/formula/rateBp']);
  });
});

describe('loan rules', () => {
  it('holds a credit loan within amount, rate and window; names each failing fact', () => {
    const rules = [{ rule: 'security', securities: ['credit'] }, { rule: 'amount', maxFen: '50000000' }, { rule: 'rate_cap', maxBp: 350 }, { rule: 'institution_category', categories: ['guarantor'] }] as const;
    expect(validateLoanRules(rules)).toEqual([]);
    const out = explainLoanRules([...rules] as never, { validFrom: '2026-04-01', validTo: '2026-12-31' }, loan);
    expect(out.map((o) => [o.kind, o.held])).toEqual([['window', false], ['security', true], ['amount', false], ['rate_cap', false], ['institution_category', false]]);
    expect(out[0].zh).toContain('2026-03-15');
    expect(out[3].en).toContain('3.85%');
  });

  it('reports every problem of a loan rule list', () => {
    const problems = validateLoanRules([{ rule: 'security', securities: ['cash'] }, { rule: 'amount' }, { rule: 'term', minMonths: 12, maxMonths: 6 }, { rule: 'nope' }]);
    expect(problems.map((p) => p.path)).toEqual(['/loanRules/0/securities', '/loanRules/1', '/loanRules/2/maxMonths', '/loanRules/3/rule']);
  });
});

describe('policy validation', () => {
  it('accepts a complete draft and lists every problem of a broken one in zh and en', () => {
    expect(validatePolicy(draft())).toEqual([]);
    const problems = validatePolicy(draft({ name: '', regionPrefixes: ['999999'], validTo: '2025-12-31', budgetFen: '100.5', enterpriseRules: [{ rule: 'size', classes: ['huge'] }], sections: ['space'] }));
    expect(problems.map((p) => p.path)).toEqual(['/name', '/regionPrefixes', '/validTo', '/budgetFen', '/enterpriseRules/0/classes', '/sections']);
    expect(problems.every((p) => p.zh && p.en)).toBe(true);
  });
});
