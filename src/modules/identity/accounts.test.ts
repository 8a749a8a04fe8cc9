import { describe, expect, it } from 'vitest';
import { GRANTABLE_ROLES, assessmentState, newActivationCode, normaliseActivationCode, organisationCategories } from './accounts.ts';

describe('account rules', () => {
  it('reads the newest assessment on a China-time day: a pass holds through its last day, a failure never', () => {
    expect(assessmentState(undefined, '2026-11-29')).toBe('none');
    expect(assessmentState({ status: 'failed', valid_until: null }, '2026-11-29')).toBe('failed');
    expect(assessmentState({ status: 'passed', valid_until: '2026-11-29' }, '2026-11-29')).toBe('valid');
    expect(assessmentState({ status: 'passed', valid_until: '2026-11-28' }, '2026-11-29')).toBe('expired');
    expect(assessmentState({ status: 'conditional', valid_until: '2027-05-31' }, '2026-11-29')).toBe('conditional');
    expect(assessmentState({ status: 'conditional', valid_until: '2026-05-31' }, '2026-11-29')).toBe('expired');
  });

  it('makes 80-bit codes of unambiguous characters and reads a typed code the way a person means it', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const c = newActivationCode();
      expect(c).toMatch(/^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}(-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}){3}$/);
      seen.add(c);
    }
    expect(seen.size).toBe(200);
    expect(normaliseActivationCode('ab1o-xyz2 il34-5678')).toBe('AB10XYZ211345678');
    expect(normaliseActivationCode('AB10-XYZ2-1134-5678')).toBe(normaliseActivationCode('ab1oxyz2iL345678'));
  });

  it('gives people of each kind of organisation only the human roles of that kind', () => {
    expect(GRANTABLE_ROLES.institution).toEqual(['inst_admin', 'inst_product_manager', 'inst_loan_officer', 'inst_risk_officer']);
    expect(GRANTABLE_ROLES.provider).toEqual(['provider_admin']);
    expect(GRANTABLE_ROLES.operator).toContain('op_auditor');
  });

  it('ships provider categories for every provider the catalog names', async () => {
    const { readFileSync } = await import('node:fs');
    const catalog = JSON.parse(readFileSync(new URL('../../data/catalog/catalog-v1.json', import.meta.url), 'utf8')) as { categories: { items: { provider: { category: string } }[] }[] };
    const named = new Set(catalog.categories.flatMap((c) => c.items.map((i) => i.provider.category)).filter((c) => c !== 'enterprise'));
    for (const c of named) expect(Object.keys(organisationCategories().provider)).toContain(c);
    expect(Object.keys(organisationCategories().institution)).toEqual(expect.arrayContaining(['bank', 'insurer', 'guarantor', 'micro_lender']));
  });
});
