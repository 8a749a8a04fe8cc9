import { describe, it, expect } from 'vitest';
import { isInSubtree, parseIndustryCode, isIndustryError, sizeClassOf, validateIdNumber, validateUscc } from '../codes/index.ts';
import { generateEnterprises } from './generator.ts';
import type { DemoEnterprise } from './generator.ts';

const AS_OF = new Date('2026-01-01T00:00:00Z');
const take = (count: number, seed: number | string, regionPrefix?: string): DemoEnterprise[] => [...generateEnterprises({ count, seed, regionPrefix })];
const share = (list: readonly unknown[], pred: (x: never) => boolean) => list.filter(pred as (x: unknown) => boolean).length / list.length;

describe('generateEnterprises', () => {
  it('yields the same entities for the same seed and different ones for another seed', () => {
    const a = take(3000, 42);
    expect(take(3000, 42)).toEqual(a);
    expect(take(3000, '42')).toEqual(a);
    const b = take(3000, 43);
    expect(b.filter((e, i) => e.uscc === a[i].uscc)).toHaveLength(0);
  });

  it('streams lazily and stops at count', () => {
    expect(take(0, 1)).toEqual([]);
    const it1 = generateEnterprises({ count: 2, seed: 1 });
    expect(it1.next().done).toBe(false);
    expect(it1.next().done).toBe(false);
    expect(it1.next().done).toBe(true);
    expect(() => take(-1, 1)).toThrow(RangeError);
  });

  it('produces valid USCCs and resident IDs that agree with the other fields', { timeout: 120_000 }, () => {
    for (const e of take(20_000, 'valid')) {
      expect(validateUscc(e.uscc)).toEqual({ valid: true });
      expect(validateIdNumber(e.legalRepIdNumber, AS_OF)).toEqual({ valid: true });
      expect(e.uscc.slice(0, 2)).toBe({ enterprise: '91', individual_business: '92', farmer_cooperative: '93' }[e.entityType]);
      expect(e.uscc.slice(2, 8)).toBe(e.regionCode);
      expect(isInSubtree(e.regionCode, '131000')).toBe(true);
      expect(e.regionCode).not.toMatch(/^\d{4}7\d$/);
      // Legal representatives are born 1955–2000 in Hebei.
      expect(e.legalRepIdNumber.slice(0, 2)).toBe('13');
      const birth = e.legalRepIdNumber.slice(6, 14);
      expect(birth >= '19550101' && birth <= '20001231').toBe(true);
    }
  });

  it('never repeats a USCC over 100,000 entities', { timeout: 120_000 }, () => {
    const seen = new Set<string>();
    for (const e of generateEnterprises({ count: 100_000, seed: 7 })) seen.add(e.uscc);
    expect(seen.size).toBe(100_000);
  });

  it('fills every field in the documented shape', () => {
    for (const e of take(5000, 'shape')) {
      expect(e.legalRepIdType).toBe('RESIDENT_ID');
      expect(e.legalRepMobile).toMatch(/^1[3-9]\d{9}$/);
      expect(e.legalRepName).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
      expect(e.registeredCapital).toMatch(/^[1-9]\d*\.\d{2}$/);
      expect(e.revenue === null || /^\d+\.\d{2}$/.test(e.revenue)).toBe(true);
      expect(e.assets === null || /^\d+\.\d{2}$/.test(e.assets)).toBe(true);
      expect(e.employees === null || (Number.isSafeInteger(e.employees) && e.employees >= 0)).toBe(true);
      expect(new Date(`${e.establishedOn}T00:00:00Z`).toISOString().slice(0, 10)).toBe(e.establishedOn);
      expect(e.establishedOn >= '1995-01-01' && e.establishedOn <= '2025-12-31').toBe(true);
      expect(['active', 'revoked', 'cancelled', 'moved_out']).toContain(e.status);
      expect(e.registrationAuthority).toMatch(/^[\u4e00-\u9fa5]+市场监督管理局$/);
      const industry = parseIndustryCode(e.industryCode);
      expect(!isIndustryError(industry) && industry.exact && industry.code === e.industryCode).toBe(true);
      if (e.entityType === 'enterprise') expect(e.name).toMatch(/(有限公司|有限责任公司|股份有限公司)$/);
      if (e.entityType === 'individual_business') expect(e.name).not.toContain('公司');
      if (e.entityType === 'farmer_cooperative') {
        expect(e.name).toMatch(/专业合作社$/);
        expect(e.industryCode.startsWith('A')).toBe(true);
        expect(e.establishedOn >= '2007-07-01').toBe(true);
      }
    }
  });

  it('mixes entity types and statuses in realistic proportions', () => {
    const list = take(20_000, 'mix');
    expect(share(list, (e: DemoEnterprise) => e.entityType === 'enterprise')).toBeCloseTo(0.7, 1);
    expect(share(list, (e: DemoEnterprise) => e.entityType === 'individual_business')).toBeCloseTo(0.25, 1);
    expect(share(list, (e: DemoEnterprise) => e.entityType === 'farmer_cooperative')).toBeGreaterThan(0.03);
    expect(share(list, (e: DemoEnterprise) => e.status === 'active')).toBeGreaterThan(0.8);
    expect(share(list, (e: DemoEnterprise) => e.legalRepName.length === 4 || ['欧阳', '司马', '上官', '诸葛'].includes(e.legalRepName.slice(0, 2)))).toBeGreaterThan(0);
  });

  it('draws size figures that classify as about 1 % large, 9 % medium, 30 % small and 60 % micro', { timeout: 120_000 }, () => {
    const counts = { large: 0, medium: 0, small: 0, micro: 0, unknown: 0 };
    const list = take(30_000, 'sizes');
    for (const e of list) {
      const r = sizeClassOf({ industryCode: e.industryCode, employees: e.employees, revenue: e.revenue, assets: e.assets });
      if ('error' in r) throw new Error(r.error.messageEn);
      counts[r.sizeClass]++;
    }
    const n = list.length;
    expect(counts.large / n).toBeGreaterThan(0.005);
    expect(counts.large / n).toBeLessThan(0.02);
    expect(counts.medium / n).toBeGreaterThan(0.07);
    expect(counts.medium / n).toBeLessThan(0.11);
    expect(counts.small / n).toBeGreaterThan(0.26);
    expect(counts.small / n).toBeLessThan(0.34);
    expect(counts.micro / n).toBeGreaterThan(0.55);
    expect(counts.micro / n).toBeLessThan(0.65);
    expect(counts.unknown / n).toBeLessThan(0.01);
  });

  it('generates for another prefecture or county when asked, and refuses unknown prefixes', () => {
    for (const e of take(500, 1, '1309')) expect(e.regionCode.startsWith('1309')).toBe(true);
    for (const e of take(200, 1, '131082')) {
      expect(e.regionCode).toBe('131082');
      expect(e.registrationAuthority).toBe('三河市市场监督管理局');
    }
    expect(take(50, 1, '1101').every((e) => e.uscc.slice(2, 4) === '11')).toBe(true);
    expect(() => take(1, 1, '99')).toThrow(RangeError);
    expect(() => take(1, 1, '1300')).toThrow(RangeError);
    expect(() => take(1, 1, '131')).toThrow(RangeError);
  });
});
