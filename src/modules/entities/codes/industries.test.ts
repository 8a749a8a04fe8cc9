import { describe, it, expect } from 'vitest';
import { industryChildren, industryTableVersion, isIndustryError, listIndustries, parseIndustryCode } from './industries.ts';
import type { Industry } from './industries.ts';

function ok(code: string): Industry {
  const r = parseIndustryCode(code);
  if (isIndustryError(r)) throw new Error(`expected ${code} to parse: ${r.error.messageEn}`);
  return r;
}

function errorCode(code: string): string {
  const r = parseIndustryCode(code);
  if (!isIndustryError(r)) throw new Error(`expected ${code} to be rejected`);
  return r.error.code;
}

/** GB/T 4754-2017 sections and their division ranges, written out by hand. */
const SECTION_RANGES: Record<string, [number, number]> = {
  A: [1, 5], B: [6, 12], C: [13, 43], D: [44, 46], E: [47, 50], F: [51, 52], G: [53, 60], H: [61, 62], I: [63, 65], J: [66, 69],
  K: [70, 70], L: [71, 72], M: [73, 75], N: [76, 79], O: [80, 82], P: [83, 83], Q: [84, 85], R: [86, 90], S: [91, 96], T: [97, 97],
};

describe('parseIndustryCode (GB/T 4754-2017)', () => {
  it('reads C13 as manufacturing division 13 农副食品加工业', () => {
    expect(ok('C13')).toEqual({ code: 'C13', level: 'division', section: 'C', division: '13', name: '农副食品加工业', nameEn: 'Processing of Food from Agricultural Products', exact: true });
    expect(ok('13')).toEqual(ok('C13'));
    expect(ok('C').name).toBe('制造业');
  });

  it('infers section K for the class 7010 房地产开发经营', () => {
    expect(ok('7010')).toMatchObject({ code: 'K7010', level: 'class', section: 'K', division: '70', group: '701', class: '7010', name: '房地产开发经营' });
    expect(ok('K7010')).toEqual(ok('7010'));
    expect(ok('K7020').name).toBe('物业管理');
    expect(ok('K701')).toMatchObject({ level: 'group', group: '701', name: '房地产开发经营' });
  });

  it('reads groups and classes with their whole ancestry', () => {
    expect(ok('C1311')).toMatchObject({ section: 'C', division: '13', group: '131', class: '1311', name: '稻谷加工' });
    expect(ok('C131')).toMatchObject({ level: 'group', name: '谷物磨制' });
    expect(ok('I6513')).toMatchObject({ section: 'I', name: '应用软件开发' });
    expect(ok('0113')).toMatchObject({ code: 'A0113', section: 'A', name: '玉米种植' });
  });

  it('lists all 20 sections and all 97 divisions in their sections', () => {
    const sections = listIndustries('section');
    expect(sections.map((s) => s.code)).toEqual(Object.keys(SECTION_RANGES));
    const divisions = listIndustries('division');
    expect(divisions).toHaveLength(97);
    divisions.forEach((d, i) => {
      const n = i + 1;
      expect(d.division).toBe(String(n).padStart(2, '0'));
      const [lo, hi] = SECTION_RANGES[d.section];
      expect(n >= lo && n <= hi).toBe(true);
      expect(d.name.length).toBeGreaterThan(0);
      expect(d.nameEn.length).toBeGreaterThan(0);
    });
  });

  it('names divisions as the standard does', () => {
    const name = (d: string) => ok(d).name;
    expect(name('01')).toBe('农业');
    expect(name('05')).toBe('农、林、牧、渔专业及辅助性活动');
    expect(name('25')).toBe('石油、煤炭及其他燃料加工业');
    expect(name('36')).toBe('汽车制造业');
    expect(name('51')).toBe('批发业');
    expect(name('58')).toBe('多式联运和运输代理业');
    expect(name('59')).toBe('装卸搬运和仓储业');
    expect(name('65')).toBe('软件和信息技术服务业');
    expect(name('70')).toBe('房地产业');
    expect(name('96')).toBe('基层群众自治组织及其他组织');
    expect(name('97')).toBe('国际组织');
  });

  it('holds every class of division 70, which the size table needs', () => {
    const { children, complete } = industryChildren(ok('K70'));
    expect(complete).toBe(true);
    expect(children.map((g) => g.code)).toEqual(['K701', 'K702', 'K703', 'K704', 'K709']);
    expect(listIndustries('class').filter((c) => c.division === '70').map((c) => `${c.class} ${c.name}`)).toEqual([
      '7010 房地产开发经营', '7020 物业管理', '7030 房地产中介服务', '7040 房地产租赁经营', '7090 其他房地产业',
    ]);
  });

  it('rejects malformed and unknown codes', () => {
    for (const bad of ['', 'c13', 'C 13', ' C13', 'C1', '1', 'C13111', '13-1', '１３']) expect(errorCode(bad)).toBe('INDUSTRY_FORMAT');
    for (const bad of ['U', 'Z', '98', '00', 'C130', 'C1388', 'K7050', 'K705']) expect(errorCode(bad)).toBe('INDUSTRY_UNKNOWN');
    expect(errorCode('A13')).toBe('INDUSTRY_SECTION_MISMATCH');
    expect(errorCode('K51')).toBe('INDUSTRY_SECTION_MISMATCH');
  });

  it('accepts a well-formed class of a division whose classes are not bundled, marked inexact', () => {
    expect(ok('C3670')).toMatchObject({ code: 'C3670', level: 'class', division: '36', class: '3670', name: '汽车制造业', exact: false });
    expect(ok('C3399')).toMatchObject({ name: '其他未列明金属制品制造', exact: true });
  });

  it('keeps every bundled group and class under a known division of the right section', () => {
    for (const entry of [...listIndustries('group'), ...listIndustries('class')]) {
      const parsed = ok(entry.code);
      expect(parsed).toEqual(entry);
      expect(parsed.exact).toBe(true);
    }
    expect(industryTableVersion).toBe('GB/T 4754-2017');
  });
});
