import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { derive, emptyFigures, figuresFromJson, figuresToJson, growthBp, shareBp } from './figures.ts';
import { periodOf, monthOf } from './period.ts';
import { parseLowerReport, MONTHLY_REPORT_FORMAT } from './report.ts';
import { drillChild, groupFacts, markConversions, totalOf, type Fact } from './rollup.ts';
import { effectiveTarget, progressOf } from './targets.ts';
import { toCsv } from './csv.ts';
import { toXlsx } from './xlsx.ts';

const fact = (over: Partial<Fact>): Fact => ({
  kind: 'loan', uscc: '91131002MA0CXR1Q0X', month: '2026-03', productId: null, productName: null, institutionId: null,
  n: 1, amountFen: 0n, creditN: 0, creditFen: 0n, rateWeight: 0n, seconds: 0n, ...over,
});

describe('statistics rules', () => {
  it('computes shares in basis points with integer rounding half up, never a float', () => {
    expect(shareBp(1, 3)).toBe(3333);
    expect(shareBp(2, 3)).toBe(6667);
    expect(shareBp(1n, 8n)).toBe(1250);
    expect(shareBp(5, 0)).toBeNull();
    expect(shareBp(123_456_789_012_345_678n, 123_456_789_012_345_678n)).toBe(10_000);
    expect(growthBp(150, 100)).toBe(5000);
    expect(growthBp(50, 100)).toBe(-5000);
    expect(growthBp(10, 0)).toBeNull();
  });

  it('weights the average rate by amount: a large loan weighs more than a small one', () => {
    const f = emptyFigures();
    // 9,000,000 fen at 400 bp and 1,000,000 fen at 800 bp: (400×9 + 800×1) ÷ 10 = 440 bp (a plain mean would be 600)
    f.loans = 2; f.loanFen = 10_000_000n; f.rateWeight = 400n * 9_000_000n + 800n * 1_000_000n;
    f.creditLoans = 1; f.creditLoanFen = 1_000_000n;
    const d = derive(f);
    expect(d.averageRateBp).toBe(440);
    expect(d.creditShareBp).toBe(1000);
    expect(d.creditCountShareBp).toBe(5000);
    expect(derive(emptyFigures()).averageRateBp).toBeNull();
  });

  it('averages response minutes over the answered applications, rounded half up', () => {
    const f = emptyFigures();
    f.responses = 2; f.responseSeconds = 90n + 60n * 60n; // 1.5 min and 60 min → 30.75 → 31
    expect(derive(f).averageResponseMinutes).toBe(31);
  });

  it('draws period boundaries at China-time midnight of the first of the month', () => {
    const p = periodOf('2026-01', '2026-03');
    expect(p.from.toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(p.to.toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect([p.fromDay, p.toDay]).toEqual(['2026-01-01', '2026-04-01']);
    // 23:30 on 31 March in Beijing is 15:30 UTC on 31 March — March
    expect(monthOf(Date.parse('2026-03-31T15:30:00Z'))).toBe('2026-03');
    // 00:30 on 1 April in Beijing is 16:30 UTC on 31 March — April in China
    expect(monthOf(Date.parse('2026-03-31T16:30:00Z'))).toBe('2026-04');
    expect(periodOf('2026-12', '2026-12').toDay).toBe('2027-01-01');
    expect(() => periodOf('2026-04', '2026-03')).toThrow(expect.objectContaining({ code: 'STATISTICS_PERIOD_INVALID' }));
    expect(() => periodOf('2026-13', '2026-13')).toThrow(expect.objectContaining({ code: 'STATISTICS_PERIOD_INVALID' }));
  });

  it('drills province → prefecture → county by GB/T 2260 prefix', () => {
    expect(drillChild('130000', '131002')).toBe('131000');
    expect(drillChild('131000', '131002')).toBe('131002');
    expect(drillChild('131002', '131002')).toBe('131002');
    expect(drillChild('131000', '130102')).toBeNull();
  });

  it('counts an enterprise once per group however many institutions it authorised, and converts white-listed enterprises with a later loan', () => {
    const a = '91131002MA0CXR1Q0X';
    const b = '91131003MA0CXR1Q0X';
    const facts = [
      fact({ kind: 'grant', uscc: a, institutionId: 'i1' }), fact({ kind: 'grant', uscc: a, institutionId: 'i2' }), fact({ kind: 'grant', uscc: b, institutionId: 'i1' }),
      fact({ kind: 'whitelist', uscc: a, month: '2026-02' }), fact({ kind: 'whitelist', uscc: b, month: '2026-04' }),
      fact({ kind: 'loan', uscc: a, month: '2026-03', amountFen: 100n, rateWeight: 40_000n }), fact({ kind: 'loan', uscc: b, month: '2026-03', amountFen: 100n, rateWeight: 40_000n }),
    ];
    markConversions(facts);
    const attrs = new Map([[a, { regionCode: '131002', industrySection: 'C', sizeClass: 'small' }], [b, { regionCode: '131003', industrySection: 'C', sizeClass: 'micro' }]]);
    const total = totalOf(facts).result();
    expect([total.authorised, total.whitelisted, total.whitelistConverted, total.loans]).toEqual([2, 2, 1, 2]);
    const byInstitution = groupFacts(facts, attrs, 'institution', '131000');
    expect(byInstitution.get('i1')!.result().authorised).toBe(2);
    expect(byInstitution.get('i2')!.result().authorised).toBe(1);
    const byIndustry = groupFacts(facts, attrs, 'industry', '131000');
    expect(byIndustry.get('C')!.result().authorised).toBe(2);
  });

  it('inherits the latest earlier target, lets the operator override a year, and measures progress', () => {
    expect(effectiveTarget('platform_credit_share', 2024, [])).toMatchObject({ value: 7000, origin: 'default', fromYear: 2024 });
    expect(effectiveTarget('platform_credit_share', 2026, [])).toMatchObject({ value: 8000, origin: 'inherited', fromYear: 2025 });
    expect(effectiveTarget('first_loan_enterprises', 2026, [])).toMatchObject({ value: null, origin: 'none' });
    const stored = [{ metric: 'platform_credit_share', year: 2026, target_value: '8500', external_total_fen: null, note: '', updated_by: 'op', updated_at: new Date() }];
    expect(effectiveTarget('platform_credit_share', 2026, stored)).toMatchObject({ value: 8500, origin: 'operator' });
    expect(progressOf(4000, 8000)).toEqual({ progressBp: 5000, status: 'behind' });
    expect(progressOf(9000, 8000)).toEqual({ progressBp: 11250, status: 'met' });
    expect(progressOf(null, 8000).status).toBe('unknown');
    expect(progressOf(10, null).status).toBe('unset');
  });

  it('refuses a lower report whose regions lie outside the lower node, and round-trips figures as strings', () => {
    const f = emptyFigures();
    f.loans = 3; f.loanFen = 12_345_678_901_234n;
    const json = figuresToJson(f);
    expect(json.loanFen).toBe('12345678901234');
    expect(figuresFromJson(json)).toEqual(f);
    const report = { format: MONTHLY_REPORT_FORMAT, month: '2026-03', total: json, byRegion: [{ key: '130102', label: '长安区', figures: json }] };
    expect(parseLowerReport(report, { month: '2026-03', regionCode: '130100' }).byRegion[0].figures.loans).toBe(3);
    expect(() => parseLowerReport(report, { month: '2026-03', regionCode: '131000' })).toThrow(expect.objectContaining({ code: 'STATISTICS_REPORT_INVALID' }));
    expect(() => parseLowerReport({ ...report, format: 'x' }, { month: '2026-03', regionCode: '130100' })).toThrow(expect.objectContaining({ code: 'STATISTICS_REPORT_INVALID' }));
    expect(() => parseLowerReport({ ...report, total: { loans: 1.5 } }, { month: '2026-03', regionCode: '130100' })).toThrow(expect.objectContaining({ code: 'STATISTICS_REPORT_INVALID' }));
  });

  it('writes CSV with a BOM and neutralises spreadsheet formulas; XLSX is a zip whose sheet holds the cells', () => {
    const csv = toCsv([['名称', 'n'], ['=cmd()', 3], ['a,b', '-5']]);
    expect(csv.startsWith('\uFEFF名称,n\r\n')).toBe(true);
    expect(csv).toContain("'=cmd()");
    expect(csv).toContain('"a,b",-5');
    const x = toXlsx('统计', [['名称', 'n'], ['廊坊', 7]]);
    expect(x.subarray(0, 4).toString('hex')).toBe('504b0304');
    // read the entries back: local header → name → deflated data
    const names: string[] = [];
    let sheet = '';
    for (let at = 0; x.readUInt32LE(at) === 0x04034b50;) {
      const size = x.readUInt32LE(at + 18);
      const nameLen = x.readUInt16LE(at + 26);
      const name = x.subarray(at + 30, at + 30 + nameLen).toString();
      const data = x.subarray(at + 30 + nameLen, at + 30 + nameLen + size);
      names.push(name);
      if (name === 'xl/worksheets/sheet1.xml') sheet = inflateRawSync(data).toString();
      at += 30 + nameLen + size;
    }
    expect(names).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('<c r="A2" t="inlineStr"><is><t>廊坊</t></is></c><c r="B2"><v>7</v></c>');
  });
});
