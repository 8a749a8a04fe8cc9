import { describe, it, expect } from 'vitest';
import { fenToYuan, wanToFen } from './decimal.ts';
import { parseIndustryCode, isIndustryError } from './industries.ts';
import { isSizeClassError, sizeClassOf } from './size-class.ts';
import type { SizeClassInput, SizeClassOutcome, SizeClassResult } from './size-class.ts';
import { candidateRows, selectSizeTable, sizeTables } from './size-table.ts';
import type { SizeField, SizeRow, SizeTable } from './size-table.ts';

const table = sizeTables()[0];

function result(outcome: SizeClassOutcome): SizeClassResult {
  if (isSizeClassError(outcome)) throw new Error(`unexpected error ${outcome.error.code}: ${outcome.error.messageEn}`);
  return outcome;
}
const classOf = (input: SizeClassInput) => result(sizeClassOf(input)).sizeClass;

/**
 * The table of rules/sme-size.md, typed out again by hand: [row, representative industry code,
 * ceiling, medium floors, small floors] with employees in persons and money in 万元.
 */
type B = Partial<Record<SizeField, number>>;
const RULES: [number, string, B, B, B][] = [
  [1, 'A0141', { revenue: 20000 }, { revenue: 500 }, { revenue: 50 }],
  [2, 'C13', { employees: 1000, revenue: 40000 }, { employees: 300, revenue: 2000 }, { employees: 20, revenue: 300 }],
  [3, 'E4710', { revenue: 80000, assets: 80000 }, { revenue: 6000, assets: 5000 }, { revenue: 300, assets: 300 }],
  [4, 'F5165', { employees: 200, revenue: 40000 }, { employees: 20, revenue: 5000 }, { employees: 5, revenue: 1000 }],
  [5, 'F5212', { employees: 300, revenue: 20000 }, { employees: 50, revenue: 500 }, { employees: 10, revenue: 100 }],
  [6, 'G5431', { employees: 1000, revenue: 30000 }, { employees: 300, revenue: 3000 }, { employees: 20, revenue: 200 }],
  [7, 'G5920', { employees: 200, revenue: 30000 }, { employees: 100, revenue: 1000 }, { employees: 20, revenue: 100 }],
  [8, 'G6020', { employees: 1000, revenue: 30000 }, { employees: 300, revenue: 2000 }, { employees: 20, revenue: 100 }],
  [9, 'H6110', { employees: 300, revenue: 10000 }, { employees: 100, revenue: 2000 }, { employees: 10, revenue: 100 }],
  [10, 'H6210', { employees: 300, revenue: 10000 }, { employees: 100, revenue: 2000 }, { employees: 10, revenue: 100 }],
  [11, 'I63', { employees: 2000, revenue: 100000 }, { employees: 100, revenue: 1000 }, { employees: 10, revenue: 100 }],
  [12, 'I6513', { employees: 300, revenue: 10000 }, { employees: 100, revenue: 1000 }, { employees: 10, revenue: 50 }],
  [13, 'K7010', { revenue: 200000, assets: 10000 }, { revenue: 1000, assets: 5000 }, { revenue: 100, assets: 2000 }],
  [14, 'K7020', { employees: 1000, revenue: 5000 }, { employees: 300, revenue: 1000 }, { employees: 100, revenue: 500 }],
  [15, 'L7111', { employees: 300, assets: 120000 }, { employees: 100, assets: 8000 }, { employees: 10, assets: 100 }],
  [16, 'M7320', { employees: 300 }, { employees: 100 }, { employees: 10 }],
];

const asBounds = (b: B) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, String(v)]));

/** An input with each field at `units` of its own kind (persons, or fen) — one fen below a bound is the smallest step. */
type Units = Partial<Record<SizeField, bigint>>;
function input(industryCode: string, units: Units): SizeClassInput {
  return {
    industryCode,
    employees: units.employees === undefined ? undefined : Number(units.employees),
    revenue: units.revenue === undefined ? undefined : fenToYuan(units.revenue),
    assets: units.assets === undefined ? undefined : fenToYuan(units.assets),
  };
}
function atBounds(b: B): Units {
  return Object.fromEntries(Object.entries(b).map(([f, v]) => [f, f === 'employees' ? BigInt(v) : wanToFen(String(v))]));
}
const minus1 = (u: Units, f: SizeField): Units => ({ ...u, [f]: (u[f] as bigint) - 1n });

describe('the bundled SME table', () => {
  it('matches rules/sme-size.md row by row, including the industry mapping', () => {
    expect(table.rows).toHaveLength(16);
    for (const [row, code, ceiling, medium, small] of RULES) {
      const r = table.rows[row - 1];
      expect({ row: r.row, ceiling: r.ceiling, medium: r.medium, small: r.small }).toEqual({ row, ceiling: asBounds(ceiling), medium: asBounds(medium), small: asBounds(small) });
      const parsed = parseIndustryCode(code);
      if (isIndustryError(parsed)) throw new Error(code);
      expect(candidateRows(table, parsed).map((x) => x.row)).toEqual([row]);
    }
  });

  it('records source, version, effective date and units', () => {
    expect(table).toMatchObject({ version: 'MIIT-2011-300', source: '工信部联企业〔2011〕300号', effectiveFrom: '2011-06-18', units: { employees: '人', revenue: '万元', assets: '万元' } });
  });

  it('maps industries to rows as the standard says', () => {
    const rowOf = (code: string) => {
      const p = parseIndustryCode(code);
      if (isIndustryError(p)) throw new Error(code);
      return candidateRows(table, p).map((r) => r.row);
    };
    expect(rowOf('B06')).toEqual([2]);
    expect(rowOf('D4430')).toEqual([2]);
    expect(rowOf('C')).toEqual([2]);
    expect(rowOf('G53')).toEqual([6]);
    expect(rowOf('G58')).toEqual([6]);
    expect(rowOf('G5930')).toEqual([7]);
    expect(rowOf('I64')).toEqual([11]);
    expect(rowOf('K7030')).toEqual([16]);
    expect(rowOf('K701')).toEqual([13]);
    expect(rowOf('L72')).toEqual([15]);
    expect(rowOf('J66')).toEqual([16]);
    expect(rowOf('K70')).toEqual([13, 14, 16]);
    expect(rowOf('G')).toEqual([6, 7, 8]);
    expect(rowOf('F')).toEqual([4, 5]);
  });
});

describe('sizeClassOf at every threshold of every row', () => {
  for (const [row, code, ceiling, medium, small] of RULES) {
    const fields = Object.keys(ceiling) as SizeField[];
    describe(`row ${row} ${table.rows[row - 1].industryGroup} (${code})`, () => {
      it('is large with every value at the ceiling, and an SME as soon as any one value is below it (OR)', () => {
        const top = atBounds(ceiling);
        expect(classOf(input(code, top))).toBe('large');
        for (const f of fields) {
          // Others far above their ceilings: the single short value alone makes it an SME.
          const others = Object.fromEntries(fields.map((g) => [g, (top[g] as bigint) * 10n]));
          expect(classOf(input(code, minus1({ ...others, [f]: top[f] }, f)))).toBe('medium');
          expect(classOf(input(code, minus1(top, f)))).toBe('medium');
        }
      });

      it('is medium with every value at the medium floor, and small when any one is short (AND)', () => {
        const floor = atBounds(medium);
        expect(classOf(input(code, floor))).toBe('medium');
        for (const f of fields) expect(classOf(input(code, minus1(floor, f)))).toBe('small');
      });

      it('is small with every value at the small floor, and micro when any one is short (AND)', () => {
        const floor = atBounds(small);
        expect(classOf(input(code, floor))).toBe('small');
        for (const f of fields) expect(classOf(input(code, minus1(floor, f)))).toBe('micro');
      });

      it('is unknown, naming the field, when a needed value is missing', () => {
        for (const f of fields) {
          const top = atBounds(ceiling);
          delete top[f];
          const r = result(sizeClassOf(input(code, top)));
          expect(r).toMatchObject({ sizeClass: 'unknown', missing: [f], row, tableVersion: 'MIIT-2011-300' });
        }
      });
    });
  }
});

describe('sizeClassOf, hand-written cases', () => {
  it('explains the decision in Chinese and English', () => {
    const r = result(sizeClassOf({ industryCode: 'C13', employees: 300, revenue: '20000000.00' }));
    expect(r).toMatchObject({ sizeClass: 'medium', row: 2, industryGroup: '工业', tableVersion: 'MIIT-2011-300', missing: [] });
    expect(r.rule).toBe('工业：从业人员 300 人 < 1000 人，属中小微企业；从业人员 300 人 ≥ 300 人 且 营业收入 2000 万元 ≥ 2000 万元 → 中型');
    expect(r.ruleEn).toContain('→ medium');
  });

  it('classifies industry (row 2) on both sides of each bound', () => {
    expect(classOf({ industryCode: 'C13', employees: 1000, revenue: '400000000.00' })).toBe('large');
    expect(classOf({ industryCode: 'C13', employees: 999, revenue: '400000000.00' })).toBe('medium');
    expect(classOf({ industryCode: 'C13', employees: 1000, revenue: '399999999.99' })).toBe('medium');
    expect(classOf({ industryCode: 'C13', employees: 20, revenue: '3000000.00' })).toBe('small');
    expect(classOf({ industryCode: 'C13', employees: 19, revenue: '3000000.00' })).toBe('micro');
    expect(classOf({ industryCode: 'C13', employees: 20, revenue: '2999999.99' })).toBe('micro');
  });

  it('classifies agriculture (row 1) by revenue alone', () => {
    const at = (revenue: string) => classOf({ industryCode: 'A0141', revenue });
    expect([at('200000000.00'), at('199999999.99'), at('5000000.00'), at('4999999.99'), at('500000.00'), at('499999.99')]).toEqual([
      'large', 'medium', 'medium', 'small', 'small', 'micro',
    ]);
  });

  it('classifies construction (row 3), real estate development (row 13) and leasing (row 15) with assets', () => {
    expect(classOf({ industryCode: 'E4710', revenue: '800000000.00', assets: '800000000.00' })).toBe('large');
    expect(classOf({ industryCode: 'E4710', revenue: '800000000.00', assets: '799999999.99' })).toBe('medium');
    expect(classOf({ industryCode: 'E4710', revenue: '60000000.00', assets: '50000000.00' })).toBe('medium');
    expect(classOf({ industryCode: 'E4710', revenue: '3000000.00', assets: '2999999.99' })).toBe('micro');
    expect(classOf({ industryCode: 'K7010', revenue: '2000000000.00', assets: '100000000.00' })).toBe('large');
    expect(classOf({ industryCode: 'K7010', revenue: '2000000000.00', assets: '99999999.99' })).toBe('medium');
    expect(classOf({ industryCode: 'K7010', revenue: '1000000.00', assets: '20000000.00' })).toBe('small');
    expect(classOf({ industryCode: 'K7010', revenue: '1000000.00', assets: '19999999.99' })).toBe('micro');
    expect(classOf({ industryCode: 'L7111', employees: 300, assets: '1200000000.00' })).toBe('large');
    expect(classOf({ industryCode: 'L7111', employees: 100, assets: '80000000.00' })).toBe('medium');
    expect(classOf({ industryCode: 'L7111', employees: 9, assets: '80000000.00' })).toBe('micro');
  });

  it('classifies wholesale, property management, software and other industries', () => {
    expect(classOf({ industryCode: 'F5165', employees: 200, revenue: '400000000.00' })).toBe('large');
    expect(classOf({ industryCode: 'F5165', employees: 5, revenue: '10000000.00' })).toBe('small');
    expect(classOf({ industryCode: 'F5165', employees: 4, revenue: '10000000.00' })).toBe('micro');
    expect(classOf({ industryCode: 'K7020', employees: 1000, revenue: '50000000.00' })).toBe('large');
    expect(classOf({ industryCode: 'K7020', employees: 100, revenue: '5000000.00' })).toBe('small');
    expect(classOf({ industryCode: 'I6513', employees: 10, revenue: '500000.00' })).toBe('small');
    expect(classOf({ industryCode: 'I6513', employees: 10, revenue: '499999.99' })).toBe('micro');
    expect([300, 299, 100, 99, 10, 9].map((employees) => classOf({ industryCode: 'M7320', employees }))).toEqual([
      'large', 'medium', 'medium', 'small', 'small', 'micro',
    ]);
  });

  it('compares money exactly, even beyond floating-point precision', () => {
    expect(classOf({ industryCode: 'A0141', revenue: '199999999999999999.99' })).toBe('large');
    expect(classOf({ industryCode: 'A0141', revenue: '0.01' })).toBe('micro');
    expect(classOf({ industryCode: 'A0141', revenue: '4999999.9' })).toBe('small');
  });
});

describe('sizeClassOf with missing inputs', () => {
  it('decides without a value the decision does not depend on', () => {
    const r = result(sizeClassOf({ industryCode: 'C13', employees: 10 }));
    expect(r).toMatchObject({ sizeClass: 'micro', missing: [] });
    expect(r.rule).toContain('未提供营业收入，不影响判定');
    expect(classOf({ industryCode: 'C13', revenue: '1000000.00' })).toBe('micro');
    expect(classOf({ industryCode: 'E4710', revenue: '1000000.00' })).toBe('micro');
    expect(classOf({ industryCode: 'C13', employees: 999, revenue: null })).toBe('unknown');
  });

  it('names exactly the missing values that block the decision', () => {
    expect(result(sizeClassOf({ industryCode: 'C13', employees: 500 })).missing).toEqual(['revenue']);
    expect(result(sizeClassOf({ industryCode: 'C13', revenue: '50000000.00' })).missing).toEqual(['employees']);
    expect(result(sizeClassOf({ industryCode: 'C13' })).missing).toEqual(['employees', 'revenue']);
    expect(result(sizeClassOf({ industryCode: 'E4710', revenue: '900000000.00' })).missing).toEqual(['assets']);
    expect(result(sizeClassOf({ industryCode: 'A0141', employees: 3 })).missing).toEqual(['revenue']);
    expect(result(sizeClassOf({ industryCode: 'M7320', revenue: '1.00', assets: '1.00' })).missing).toEqual(['employees']);
  });

  it('asks for a finer industry code when the code fits several rows', () => {
    const r = result(sizeClassOf({ industryCode: 'K70', employees: 5, revenue: '1.00', assets: '1.00' }));
    expect(r).toMatchObject({ sizeClass: 'unknown', row: 0, missing: ['industryCode'] });
    expect(r.rule).toContain('房地产开发经营');
    expect(result(sizeClassOf({ industryCode: 'F', employees: 5 })).missing).toEqual(['industryCode']);
  });
});

describe('sizeClassOf input errors', () => {
  it('rejects an invalid industry code with the industry error', () => {
    const r = sizeClassOf({ industryCode: 'Z99', employees: 3 });
    expect(isSizeClassError(r) && r.error.code).toMatch(/^INDUSTRY_/);
  });

  it.each([
    [{ employees: -1 }], [{ employees: 1.5 }], [{ revenue: '1e6' }], [{ revenue: '-5.00' }], [{ revenue: '12.345' }], [{ assets: ' 1.00' }],
    [{ revenue: 100 as unknown as string }],
  ])('rejects the malformed figure %j', (bad) => {
    const r = sizeClassOf({ industryCode: 'C13', ...bad });
    expect(isSizeClassError(r) && r.error.code).toBe('SIZE_INPUT_INVALID');
  });
});

describe('table selection by effective date', () => {
  it('uses no table before 2011-06-18 in China time', () => {
    const before = sizeClassOf({ industryCode: 'C13', employees: 5 }, new Date('2011-06-17T15:59:59Z'));
    expect(isSizeClassError(before) && before.error.code).toBe('SIZE_TABLE_NONE');
    expect(result(sizeClassOf({ industryCode: 'C13', employees: 5 }, new Date('2011-06-17T16:00:00Z'))).tableVersion).toBe('MIIT-2011-300');
  });

  it('picks the newest table in force on the date', () => {
    const revised: SizeTable = { ...table, version: 'REVISED-2030', effectiveFrom: '2030-01-01', rows: table.rows.map((r): SizeRow => ({ ...r })) };
    const tables = [revised, table];
    expect(selectSizeTable(tables, new Date('2029-12-31T12:00:00Z'))?.version).toBe('MIIT-2011-300');
    expect(selectSizeTable(tables, new Date('2030-01-01T00:00:00Z'))?.version).toBe('REVISED-2030');
    expect(selectSizeTable(tables, new Date('2000-01-01T00:00:00Z'))).toBeUndefined();
  });
});
