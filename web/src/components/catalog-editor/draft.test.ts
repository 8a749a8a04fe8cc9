import { describe, expect, it } from 'vitest';
import type { CatalogCategory } from '../../api/types.ts';
import { blankItem, diffCatalog, draftOf, findItem, isEmptyDiff, itemState, moveField, sameValue, withField, withItem, withNewItem, withoutField } from './draft.ts';

const published: CatalogCategory[] = [
  {
    code: 'UTILITIES',
    name: '水电气费缴纳信息',
    nameEn: 'Utilities',
    items: [
      {
        code: 'UTILITY_WATER',
        name: '水费信息',
        nameEn: 'Water',
        source: { seed: '003', ref: '14' },
        provider: { category: 'utilities', name: '地方人民政府负责' },
        sharingMode: 'physical',
        authorisation: 'required',
        level: 'L2',
        updateFrequency: 'monthly',
        deadline: null,
        naturalKey: ['uscc', 'water_account'],
        fields: [
          { code: 'uscc', name: '统一社会信用代码', nameEn: 'USCC', type: 'uscc', required: true, personal: false },
          { code: 'water_account', name: '水用户信息（户名户号）', nameEn: 'Account', type: 'string', required: true, personal: false },
          { code: 'stat_date', name: '统计时间', nameEn: 'As of', type: 'date', required: false, personal: false },
        ],
      },
    ],
  },
];

describe('catalog draft', () => {
  it('is a copy: editing it leaves the published catalog alone', () => {
    const draft = draftOf(published);
    draft[0].items[0].name = '改名';
    expect(published[0].items[0].name).toBe('水费信息');
  });

  it('sees no change in an untouched draft, even when optional values are spelled differently', () => {
    const draft = draftOf(published);
    delete draft[0].items[0].deadline;
    expect(isEmptyDiff(diffCatalog(published, draft))).toBe(true);
  });

  it('names the attributes of an item that changed', () => {
    const water = findItem(draftOf(published), 'UTILITY_WATER')!.item;
    const draft = withItem(draftOf(published), { ...water, updateFrequency: 'daily', provider: { ...water.provider, name: '市水务集团' } });
    const diff = diffCatalog(published, draft);
    expect(diff.changedItems).toEqual([
      { code: 'UTILITY_WATER', name: '水费信息', attributes: ['provider', 'updateFrequency'], addedFields: [], removedFields: [], changedFields: [] },
    ]);
    expect(itemState(diff, 'UTILITY_WATER')).toBe('changed');
  });

  it('names fields added, removed and changed', () => {
    let water = findItem(draftOf(published), 'UTILITY_WATER')!.item;
    water = withField(water, { code: 'arrears_amount', name: '欠费金额', nameEn: 'Arrears', type: 'decimal', required: false, personal: false });
    water = withoutField(water, 'stat_date');
    water = withField(water, { ...water.fields[1], name: '户号' }, 'water_account');
    const change = diffCatalog(published, withItem(draftOf(published), water)).changedItems[0];
    expect(change.addedFields).toEqual(['arrears_amount']);
    expect(change.removedFields).toEqual(['stat_date']);
    expect(change.changedFields).toEqual(['water_account']);
  });

  it('keeps a renamed field in the natural key and drops a removed one from it', () => {
    const water = published[0].items[0];
    const renamed = withField(water, { ...water.fields[1], code: 'account_no' }, 'water_account');
    expect(renamed.naturalKey).toEqual(['uscc', 'account_no']);
    expect(withoutField(renamed, 'account_no').naturalKey).toEqual(['uscc']);
  });

  it('drops enum values and an empty format from a field that does not use them', () => {
    const water = withField(published[0].items[0], { code: 'kind', name: '类别', nameEn: 'Kind', type: 'string', required: false, personal: false, enum: ['a'], format: '' });
    const kind = water.fields.find((field) => field.code === 'kind')!;
    expect(kind).not.toHaveProperty('enum');
    expect(kind).not.toHaveProperty('format');
  });

  it('counts a reordering of fields as a change of the item', () => {
    const water = moveField(published[0].items[0], 'stat_date', -1);
    expect(water.fields.map((field) => field.code)).toEqual(['uscc', 'stat_date', 'water_account']);
    expect(diffCatalog(published, withItem(draftOf(published), water)).changedItems).toHaveLength(1);
  });

  it('starts a new item keyed by the entity and reports it as added', () => {
    const item = blankItem({ code: 'UTILITY_HEAT', name: '供暖费信息', nameEn: 'Heating', provider: { category: 'utilities', name: '热力公司' }, note: '运营方新增' });
    expect(item.naturalKey).toEqual(['uscc']);
    expect(item.fields.find((field) => field.code === 'uscc')).toMatchObject({ type: 'uscc', required: true });
    const diff = diffCatalog(published, withNewItem(draftOf(published), 'UTILITIES', item));
    expect(diff.addedItems).toEqual([{ code: 'UTILITY_HEAT', name: '供暖费信息', category: '水电气费缴纳信息' }]);
    expect(itemState(diff, 'UTILITY_HEAT')).toBe('added');
  });

  it('compares values regardless of key order', () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue({ a: undefined }, {})).toBe(true);
  });
});
