import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Field { code: string; name: string; type: string; required: boolean; personal: boolean; format?: string; enum?: string[]; added?: boolean }
interface Item {
  code: string; name: string; nameEn: string; aliases?: string[]; source: { seed: string; ref: string };
  provider: { category: string; name: string }; sharingMode: string; authorisation: string; level: string;
  updateFrequency: string; deadline: string | null; naturalKey: string[]; fields: Field[];
}
interface Category { code: string; name: string; nameEn: string; items: Item[] }
interface Catalog { version: string; effectiveFrom: string; sources: { seed: string; title: string }[]; categories: Category[] }

const catalog = JSON.parse(readFileSync(new URL('./catalog-v1.json', import.meta.url), 'utf8')) as Catalog;
const items = catalog.categories.flatMap((c) => c.items);
const byName = (name: string) => items.find((i) => i.name === name || i.aliases?.includes(name));

/** Split a seed field list on 、 except inside parentheses (seed 003 item 17 has 、 inside （…）). */
function splitSeed(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '（' || ch === '(') depth++;
    if (ch === '）' || ch === ')') depth--;
    if (ch === '、' && depth === 0) { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}

// Seed 003 (湘发改财信规〔2022〕615号 附件 信用信息共享责任清单): 7 categories, 18 items, fields verbatim.
const HUNAN: [category: string, item: string, fields: string][] = [
  ['纳税信息', '非正常纳税户信息', '企业名称、统一社会信用代码、是否非正常纳税户'],
  ['纳税信息', '欠税信息', '主体名称、统一社会信用代码、主体类别、当前是否欠税（是否补缴）、欠税金额、税种、欠税统计截止日期、失信严重程度、失信行为有效期、征缴机关全称、征缴机关统一社会信用代码、认定时间'],
  ['纳税信息', '纳税信息', '主体名称、主体类别、统一社会信用代码、近一年增值税应纳税金额、近一年增值税实际缴税金额、近一年企业所得税应纳税金额、近一年企业所得税实际缴税金额、连续正常缴税周期（月）、最近一次正常缴税日期'],
  ['生态环境领域信息', '环保信用评价情况', '主体名称、主体类别、统一社会信用代码、信用评价分值、信用评价等级、评价时间、评价名称、有效期限、发布时间、评价机构、评价机构统一社会信用代码'],
  ['不动产信息', '企业名下不动产登记情况', '权利人名称、权利人证件号、不动产权证书号、不动产单元号、用途、坐落、面积、使用期限、登记机构、登记时间'],
  ['不动产信息', '企业名下房产抵押信息', '抵押权人、抵押权人证件号、不动产登记证明号、不动产单元号、权利类型、抵押人、抵押登记时间'],
  ['行政管理信息', '行政许可信息', '行政相对人名称、主体编码、行政相对人类别、法定代表人、法定代表人证件类型、法定代表人证件类型其他类型说明、法定代表人证件号码、证件类型、证件类型其他类型说明、行政许可决定文书名称、行政许可决定文书号、许可类别、其他许可类别说明、行政许可证书名称、许可编号、许可内容、许可决定日期、有效期自、有效期至、许可机关、许可机关统一社会信用代码、当前状态、数据来源单位、数据来源单位统一社会信用代码、工商注册号、唯一标识'],
  ['行政管理信息', '行政处罚信息', '行政相对人名称、主体编码、行政相对人类别、法定代表人、法定代表人证件类型、法定代表人证件类型其他类型说明、法定代表人证件号码、证件类型、证件类型其他类型说明、行政处罚决定文书名称、行政处罚决定文书号、违法行为类型、违法事实、处罚依据、处罚类别、处罚类别其他类型说明、处罚内容、罚款金额、没收违法所得和没收财物的金额、暂扣或吊销证照名称及编号、处罚决定日期、处罚有效期、公示截止期、处罚机关、处罚机关统一社会信用代码、数据来源单位、数据来源单位统一社会信用代码、工商注册号、唯一标识'],
  ['行政管理信息', '行政强制信息', '行政相对人名称、行政相对人类别、行政相对人代码、法定代表人姓名、法定代表人证件类型、法定代表人证件号码、行政强制决定文书名称、行政强制文书号、行政强制执行理由、行政强制执行依据、行政强制种类、行政强制措施类型、行政强制执行类型、行政强制内容、行政强制结果、行政强制执行方式、行政强制决定日期、实施强制措施起始时间、实施强制措施结束时间、行政强制执行时间、行政机关名称、行政机关统一社会信用代码、数据来源单位、数据来源单位代码'],
  ['行政管理信息', '行政确认信息', '行政相对人名称、行政相对人类别、行政相对人代码、法人代表人姓名、法定代表人证件类型、法定代表人证件号码、行政确认文号、确认事项名称、确认种类、确认内容、确认日期、确认机关名称、确认机关代码、数据来源单位、数据来源单位代码'],
  ['行政管理信息', '行政裁决信息', '行政相对人名称、行政相对人类别、行政相对人代码、法定代表人姓名、法定代表人证件类型、法定代表人证件号码、裁决种类、是否终局裁决、裁决内容、裁决事由、法律依据、裁决日期、裁决机关名称、裁决机关代码、数据来源单位、数据来源单位代码'],
  ['行政管理信息', '行政奖励信息', '行政相对人名称、行政相对人类别、行政相对人代码、法定代表人姓名、法定代表人证件类型、法定代表人证件号码、认定文书号、奖励名称、奖励事项、奖励级别、奖励授予日期、有效截止期、授予机构名称、授予机构代码、数据来源单名称、数据来源单位代码'],
  ['行政管理信息', '行政监督检查信息', '行政相对人名称、行政相对人类别、行政相对人代码、法定代表人姓名、法定代表人证件类型、法定代表人证件号码、检查形式、检查方式、监督检查内容、检查结果、关联文书号、监督检查日期、监督检查机关名称、监督检查机关代码、数据来源单位名称、数据来源单位代码'],
  ['水电气费缴纳信息', '水费信息', '主体名称、主体类别、统一社会信用代码、水用户信息（户名户号）、缴纳水费明细、近3个月月均用水量、近6个月月均用水量、当前是否欠费、统计时间'],
  ['水电气费缴纳信息', '电费信息', '主体名称、主体类别、统一社会信用代码、电网户号、开户日期、用电类型、地区地方名（省级）、地区地方名（市级）、价值等级、风险等级、近3个月月均用电金额、近6个月月均用电金额、近一年月均用电金额、当前是否欠费、统计时间'],
  ['水电气费缴纳信息', '燃气费信息', '主体名称、主体类别、统一社会信用代码、燃气用户信息（户名户号）、缴纳燃气费明细、近3个月月均燃气用量、近6个月月均燃气用量、当前是否欠费、统计时间'],
  ['科技研发信息', '科技研发信息', '主体名称、主体类别、统一社会信用代码、是否属于国家级高新技术企业、获得科研支持信息（实验室建设、政府资金支持、参与标准制定、人才认证等）'],
  ['新型农业经营主体信息', '新型农业经营主体信息', '新型农业经营主体名称、类别、负责人、所在地、经营内容、农村土地经营权信息、农民住房财产权信息'],
];

const LEVELS = ['L1', 'L2', 'L3'];
const MODES = ['physical', 'interface', 'verification'];
const FREQS = ['realtime', 'daily', 'monthly', 'quarterly', 'yearly'];
const AUTH = ['none', 'required'];
const TYPES = ['string', 'integer', 'decimal', 'date', 'boolean', 'enum', 'uscc', 'id_number', 'region_code'];
const PROVIDERS = ['tax', 'housing_fund', 'social_insurance', 'utilities', 'market_regulation', 'court', 'environment', 'natural_resources',
  'science', 'agriculture', 'customs', 'ip', 'development_reform', 'finance', 'enterprise', 'other'];

describe('catalog-v1.json structure', () => {
  it('has version 1 metadata and sources', () => {
    expect(catalog.version).toBe('1');
    expect(catalog.effectiveFrom).toBe('2026-11-23');
    expect(catalog.sources.map((s) => s.seed)).toEqual(expect.arrayContaining(['003', '000', '001', '004', 'spec']));
  });

  it('category and item codes are unique and UPPER_SNAKE', () => {
    const cat = catalog.categories.map((c) => c.code);
    expect(new Set(cat).size).toBe(cat.length);
    const codes = items.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of [...cat, ...codes]) expect(c).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
  });

  it.each(items.map((i) => [i.code, i] as const))('%s: fields, key and enumerations are well-formed', (_code, item) => {
    expect(item.fields.length).toBeGreaterThan(0);
    const codes = item.fields.map((f) => f.code);
    expect(new Set(codes).size, `duplicate field code in ${item.code}`).toBe(codes.length);
    for (const f of item.fields) {
      expect(f.code).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(f.name.length).toBeGreaterThan(0);
      expect(TYPES).toContain(f.type);
      expect(typeof f.required).toBe('boolean');
      expect(typeof f.personal).toBe('boolean');
      if (f.type === 'enum') {
        expect(Array.isArray(f.enum) && f.enum.length > 0, `${item.code}.${f.code} enum`).toBe(true);
        expect(new Set(f.enum).size).toBe(f.enum!.length);
      } else expect(f.enum).toBeUndefined();
      if (f.type === 'id_number') expect(f.personal).toBe(true);
    }
    const uscc = item.fields.find((f) => f.code === 'uscc');
    expect(uscc, `${item.code} uscc`).toBeDefined();
    expect(uscc!.type).toBe('uscc');
    expect(uscc!.required).toBe(true);
    expect(item.naturalKey).toContain('uscc');
    for (const k of item.naturalKey) {
      const f = item.fields.find((x) => x.code === k);
      expect(f, `${item.code} natural key ${k}`).toBeDefined();
      expect(f!.required).toBe(true);
    }
    expect(LEVELS).toContain(item.level);
    expect(MODES).toContain(item.sharingMode);
    expect(FREQS).toContain(item.updateFrequency);
    expect(AUTH).toContain(item.authorisation);
    expect(PROVIDERS).toContain(item.provider.category);
    expect(item.provider.name.length).toBeGreaterThan(0);
    if (item.deadline !== null) expect(item.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    if (item.level !== 'L1') expect(item.authorisation).toBe('required');
    expect(['003', '000', '004', 'spec']).toContain(item.source.seed);
    expect(item.source.ref.length).toBeGreaterThan(0);
  });
});

describe('seed 003 (Hunan list): 7 categories, 18 items, exact fields', () => {
  it('lists exactly 18 items in 7 categories', () => {
    expect(HUNAN).toHaveLength(18);
    expect(new Set(HUNAN.map(([c]) => c)).size).toBe(7);
    expect(items.filter((i) => i.source.seed === '003')).toHaveLength(18);
  });

  it.each(HUNAN)('%s / %s', (categoryName, itemName, seedFields) => {
    const category = catalog.categories.find((c) => c.name === categoryName);
    expect(category, categoryName).toBeDefined();
    const item = category!.items.find((i) => i.name === itemName);
    expect(item, itemName).toBeDefined();
    expect(item!.source.seed).toBe('003');
    const transcribed = item!.fields.filter((f) => !f.added).map((f) => f.name);
    expect(transcribed).toEqual(splitSeed(seedFields)); // none dropped, none invented, seed order
    for (const f of item!.fields.filter((x) => x.added)) expect(['uscc', 'record_id']).toContain(f.code);
  });
});

describe('domain rules', () => {
  it('money fields are decimal yuan and scales are enums', () => {
    expect(byName('欠税信息')!.fields.find((f) => f.name === '欠税金额')!.type).toBe('decimal');
    expect(byName('行政处罚信息')!.fields.find((f) => f.name === '罚款金额')!.type).toBe('decimal');
    expect(byName('环保信用评价情况')!.fields.find((f) => f.name === '信用评价等级')!.enum).toEqual(['绿', '蓝', '黄', '红', '黑']);
  });

  it('personal data is flagged', () => {
    for (const name of ['行政许可信息', '行政处罚信息', '行政强制信息']) {
      const item = byName(name)!;
      expect(item.fields.filter((f) => f.personal).map((f) => f.code)).toEqual(expect.arrayContaining(['legal_rep_name', 'legal_rep_id_number']));
    }
    expect(byName('新型农业经营主体信息')!.fields.find((f) => f.name === '负责人')!.personal).toBe(true);
  });

  it('public records are L1 without authorisation; business data is L2 with authorisation', () => {
    for (const n of ['行政许可信息', '行政处罚信息', '失信被执行人信息', '工商登记信息', '严重失信主体名单']) {
      expect(byName(n)!.level, n).toBe('L1');
      expect(byName(n)!.authorisation, n).toBe('none');
    }
    for (const n of ['纳税信息', '欠税信息', '电费信息', '水费信息', '燃气费信息', '住房公积金缴纳情况', '社会保险缴纳情况']) {
      expect(byName(n)!.level, n).toBe('L2');
      expect(byName(n)!.authorisation, n).toBe('required');
    }
  });

  it('sharing modes follow the seed (接口调用 → interface, 物理归集 → physical)', () => {
    expect(byName('纳税信息')!.sharingMode).toBe('interface');
    expect(byName('电费信息')!.sharingMode).toBe('interface');
    expect(byName('水费信息')!.sharingMode).toBe('physical');
    expect(byName('行政许可信息')!.sharingMode).toBe('physical');
  });
});

describe('seed 000 (Langfang) extras', () => {
  it('housing fund item with the Langfang fields', () => {
    const item = byName('住房公积金缴纳情况');
    expect(item).toBeDefined();
    expect(item!.source.seed).toBe('000');
    expect(item!.provider.category).toBe('housing_fund');
    expect(item!.fields.filter((f) => !f.added).map((f) => f.name)).toEqual(
      splitSeed('企业名称、统一社会信用代码、近一年月均缴存人数、近一年住房公积金缴存总额、近一年连续正常缴纳周期(月)、最近一次正常缴费日期'));
  });

  it('real-estate mortgage (Langfang 企业名下不动产抵押信息) is present', () => {
    const item = byName('企业名下不动产抵押信息');
    expect(item).toBeDefined();
    expect(item!.provider.category).toBe('natural_resources');
    expect(item!.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['抵押权人', '不动产登记证明号', '抵押人', '抵押登记时间']));
  });
});

describe('SPEC C2 categories beyond the seeds', () => {
  const required: [string, string][] = [
    ['工商登记信息', 'market_regulation'],
    ['被执行人信息', 'court'],
    ['失信被执行人信息', 'court'],
    ['社会保险缴纳情况', 'social_insurance'],
    ['进出口信息', 'customs'],
    ['专利信息', 'ip'],
    ['注册商标信息', 'ip'],
    ['表彰奖励信息', 'development_reform'],
    ['政策扶持信息', 'finance'],
    ['严重失信主体名单', 'development_reform'],
  ];
  it.each(required)('%s', (name, provider) => {
    const item = byName(name);
    expect(item, name).toBeDefined();
    expect(item!.provider.category).toBe(provider);
    expect(item!.source).toEqual({ seed: 'spec', ref: 'SPEC C2' });
  });

  it('market registration carries region and industry codes and masks the legal representative', () => {
    const item = byName('工商登记信息')!;
    expect(item.fields.find((f) => f.code === 'region_code')!.type).toBe('region_code');
    expect(item.fields.find((f) => f.code === 'legal_rep_id_number')).toMatchObject({ type: 'id_number', personal: true });
  });
});

describe('seed 004 enterprise self-report (真实填报+信用承诺)', () => {
  const category = catalog.categories.find((c) => c.code === 'SELF_REPORT');
  const selfItems = category?.items ?? [];

  it('has one category with the four kinds of information seed 004 names', () => {
    expect(category).toMatchObject({ name: '企业自主申报信息', nameEn: 'Self-reported information' });
    expect(selfItems.map((i) => i.code)).toEqual(['SELF_QUALIFICATION', 'SELF_OPERATING', 'SELF_CONTRACT', 'SELF_PUBLIC_WELFARE']);
    for (const word of ['资质证照', '生产经营', '合同履约', '社会公益']) expect(selfItems.some((i) => i.name.startsWith(word)), word).toBe(true);
  });

  it.each(selfItems.map((i) => [i.code, i] as const))('%s is provided by the enterprise itself, physical, L2 with authorisation, citing seed 004', (_code, item) => {
    expect(item.provider).toEqual({ category: 'enterprise', name: '企业自主申报' });
    expect(item).toMatchObject({ sharingMode: 'physical', level: 'L2', authorisation: 'required', deadline: null });
    expect(item.source.seed).toBe('004');
    expect(item.source.ref).toContain('真实填报+信用承诺');
    expect(item.naturalKey[0]).toBe('uscc');
    expect(item.fields.filter((f) => f.added)).toEqual([]);
  });

  it('keeps money as decimal yuan, dates as dates and choices as enumerations', () => {
    const operating = selfItems.find((i) => i.code === 'SELF_OPERATING')!;
    expect(operating.naturalKey).toEqual(['uscc', 'period_type', 'period_end']);
    expect(operating.fields.find((f) => f.code === 'operating_revenue')).toMatchObject({ type: 'decimal', format: 'CNY', required: true });
    expect(operating.fields.find((f) => f.code === 'period_end')!.type).toBe('date');
    const contract = selfItems.find((i) => i.code === 'SELF_CONTRACT')!;
    expect(contract.fields.find((f) => f.code === 'performance_status')!.enum).toContain('逾期履行');
    expect(contract.fields.find((f) => f.code === 'counterparty_uscc')).toMatchObject({ type: 'uscc', required: false });
  });
});
