/**
 * 企业划型 — enterprise size class (大/中/小/微) per 中小企业划型标准规定 (工信部联企业〔2011〕300号).
 *
 * Semantics (rules/sme-size.md): an enterprise is an SME when ANY value is below the row's ceiling, else
 * large; among SMEs it is medium when EVERY medium floor holds, else small when EVERY small floor holds,
 * else micro. Individual businesses use the same table (参照执行).
 */
import type { ValueError } from './code-error.ts';
import { fenToWan, parseYuanToFen, wanToFen } from './decimal.ts';
import { isIndustryError, parseIndustryCode } from './industries.ts';
import { SIZE_FIELDS, candidateRows, selectSizeTable, sizeTables } from './size-table.ts';
import type { SizeBounds, SizeField, SizeRow, SizeTable } from './size-table.ts';

export type SizeClass = 'large' | 'medium' | 'small' | 'micro' | 'unknown';

export interface SizeClassInput {
  /** GB/T 4754-2017 code: 'C', 'C13', 'C1311', '7010' … */
  industryCode: string;
  /** 从业人员, persons. */
  employees?: number | null;
  /** 营业收入 in yuan as a decimal string, e.g. "20000000.00". */
  revenue?: string | null;
  /** 资产总额 in yuan as a decimal string. */
  assets?: string | null;
}

export interface SizeClassResult {
  sizeClass: SizeClass;
  /** How the class was reached, in zh-CN, e.g. "工业：… 从业人员 300 人 ≥ 300 人 且 营业收入 2000 万元 ≥ 2000 万元 → 中型". */
  rule: string;
  ruleEn: string;
  /** Table row that decided (1-based); 0 when the industry code fits several rows. */
  row: number;
  industryGroup: string;
  tableVersion: string;
  /** Inputs without which the class cannot be decided: employees, revenue, assets, or industryCode (too coarse). */
  missing: string[];
}

export type SizeClassOutcome = SizeClassResult | { error: ValueError };

export function isSizeClassError(x: SizeClassOutcome): x is { error: ValueError } {
  return 'error' in x;
}

const CLASS_ZH: Record<SizeClass, string> = { large: '大型', medium: '中型', small: '小型', micro: '微型', unknown: '未知' };
const LABEL_ZH: Record<SizeField, string> = { employees: '从业人员', revenue: '营业收入', assets: '资产总额' };
const LABEL_EN: Record<SizeField, string> = { employees: 'employees', revenue: 'revenue', assets: 'total assets' };

/** Values in comparable units: persons, or fen for money. */
type Values = Partial<Record<SizeField, bigint>>;

function bound(field: SizeField, value: string): bigint {
  return field === 'employees' ? BigInt(value) : wanToFen(value);
}

function showZh(field: SizeField, v: bigint): string {
  return field === 'employees' ? `${v} 人` : `${fenToWan(v)} 万元`;
}
function showEn(field: SizeField, v: bigint): string {
  return field === 'employees' ? `${v}` : `${fenToWan(v)}×10k CNY`;
}
function clause(field: SizeField, v: bigint, op: '≥' | '<', b: bigint): { zh: string; en: string } {
  return {
    zh: `${LABEL_ZH[field]} ${showZh(field, v)} ${op} ${showZh(field, b)}`,
    en: `${LABEL_EN[field]} ${showEn(field, v)} ${op} ${showEn(field, b)}`,
  };
}

type Reach =
  | { state: 'all'; clauses: { zh: string; en: string }[] }
  | { state: 'short'; clause: { zh: string; en: string } }
  | { state: 'unknown'; missing: SizeField[] };

/**
 * Does every value reach its bound? Three-valued: a value known to fall short decides 'short' even when
 * other values are missing; otherwise a missing value leaves it 'unknown'. Because each group of bounds
 * tests distinct fields, 'unknown' here means some completion of the missing values goes either way.
 */
function reachAll(bounds: SizeBounds, values: Values): Reach {
  const fields = SIZE_FIELDS.filter((f) => bounds[f] !== undefined);
  for (const f of fields) {
    const v = values[f];
    const b = bound(f, bounds[f] as string);
    if (v !== undefined && v < b) return { state: 'short', clause: clause(f, v, '<', b) };
  }
  const missing = fields.filter((f) => values[f] === undefined);
  if (missing.length > 0) return { state: 'unknown', missing };
  return { state: 'all', clauses: fields.map((f) => clause(f, values[f] as bigint, '≥', bound(f, bounds[f] as string))) };
}

function fieldsOf(row: SizeRow): SizeField[] {
  return SIZE_FIELDS.filter((f) => row.ceiling[f] !== undefined || row.medium[f] !== undefined || row.small[f] !== undefined);
}

function decide(table: SizeTable, row: SizeRow, values: Values): SizeClassResult {
  const steps: { zh: string; en: string }[] = [];
  const finish = (sizeClass: SizeClass, missing: SizeField[] = []): SizeClassResult => {
    // Inputs the row uses but the decision did not need are named, so nobody wonders whether they were ignored.
    const unused = sizeClass === 'unknown' ? [] : fieldsOf(row).filter((f) => values[f] === undefined);
    const noteZh = unused.length ? `（未提供${unused.map((f) => LABEL_ZH[f]).join('、')}，不影响判定）` : '';
    const noteEn = unused.length ? ` (${unused.map((f) => LABEL_EN[f]).join(', ')} not given; not needed)` : '';
    return {
      sizeClass,
      rule: `${row.industryGroup}：${steps.map((s) => s.zh).join('；')} → ${CLASS_ZH[sizeClass]}${noteZh}`,
      ruleEn: `${row.industryGroupEn}: ${steps.map((s) => s.en).join('; ')} → ${sizeClass}${noteEn}`,
      row: row.row,
      industryGroup: row.industryGroup,
      tableVersion: table.version,
      missing,
    };
  };
  const unknown = (missing: SizeField[], zh: string, en: string) => {
    steps.push({
      zh: `缺少${missing.map((f) => LABEL_ZH[f]).join('、')}，无法判断${zh}`,
      en: `${missing.map((f) => LABEL_EN[f]).join(' and ')} missing, so it cannot be told ${en}`,
    });
    return finish('unknown', missing);
  };

  const ceiling = reachAll(row.ceiling, values);
  if (ceiling.state === 'all') {
    steps.push({ zh: ceiling.clauses.map((c) => c.zh).join(' 且 '), en: ceiling.clauses.map((c) => c.en).join(' and ') });
    return finish('large');
  }
  if (ceiling.state === 'unknown') return unknown(ceiling.missing, '是否达到大型标准', 'whether it is large');
  steps.push({ zh: `${ceiling.clause.zh}，属中小微企业`, en: `${ceiling.clause.en}, so an SME` });

  const medium = reachAll(row.medium, values);
  if (medium.state === 'all') {
    steps.push({ zh: medium.clauses.map((c) => c.zh).join(' 且 '), en: medium.clauses.map((c) => c.en).join(' and ') });
    return finish('medium');
  }
  if (medium.state === 'unknown') return unknown(medium.missing, '是否达到中型标准', 'whether it is medium');
  steps.push({ zh: `${medium.clause.zh}，未达中型`, en: `${medium.clause.en}, so not medium` });

  const small = reachAll(row.small, values);
  if (small.state === 'all') {
    steps.push({ zh: small.clauses.map((c) => c.zh).join(' 且 '), en: small.clauses.map((c) => c.en).join(' and ') });
    return finish('small');
  }
  if (small.state === 'unknown') return unknown(small.missing, '是否达到小型标准', 'whether it is small');
  steps.push({ zh: `${small.clause.zh}，未达小型`, en: `${small.clause.en}, so not small` });
  return finish('micro');
}

function inputError(message: string, messageEn: string): { error: ValueError } {
  return { error: { code: 'SIZE_INPUT_INVALID', message, messageEn } };
}

/**
 * Classify an enterprise. Money arrives in yuan as decimal strings and is compared exactly in fen against
 * the table's 万元 bounds. A missing input yields 'unknown' only when the class depends on it: e.g. an
 * industrial firm with 10 employees is micro whatever its revenue (10 < 20 fails the small floor), but
 * one with 50 employees needs revenue to tell small from micro. The table in force on `asOf` is used.
 */
export function sizeClassOf(input: SizeClassInput, asOf: Date = new Date()): SizeClassOutcome {
  const values: Values = {};
  const { employees, revenue, assets } = input;
  if (employees !== undefined && employees !== null) {
    if (!Number.isSafeInteger(employees) || employees < 0) {
      return inputError(`从业人员数 ${employees} 无效：应为非负整数`, `Employees ${employees} is invalid: expected a non-negative integer`);
    }
    values.employees = BigInt(employees);
  }
  for (const [field, raw] of [['revenue', revenue], ['assets', assets]] as const) {
    if (raw === undefined || raw === null) continue;
    const fen = typeof raw === 'string' ? parseYuanToFen(raw) : undefined;
    if (fen === undefined) {
      return inputError(
        `${LABEL_ZH[field]} "${String(raw)}" 无效：应为以元为单位的非负金额字符串，最多两位小数（如 "20000000.00"）`,
        `${LABEL_EN[field]} "${String(raw)}" is invalid: expected a non-negative yuan amount as a string with at most two decimals (e.g. "20000000.00")`,
      );
    }
    values[field] = fen;
  }

  const industry = parseIndustryCode(input.industryCode);
  if (isIndustryError(industry)) return industry;

  const table = selectSizeTable(sizeTables(), asOf);
  if (!table) {
    return { error: { code: 'SIZE_TABLE_NONE', message: '该日期尚无适用的中小企业划型标准', messageEn: 'No SME size table was in force on that date' } };
  }

  const rows = candidateRows(table, industry);
  if (rows.length > 1) {
    const groups = rows.map((r) => r.industryGroup).join('、');
    const groupsEn = rows.map((r) => r.industryGroupEn).join(', ');
    return {
      sizeClass: 'unknown',
      rule: `行业代码 ${industry.code}（${industry.name}）不够具体：可能属于 ${groups}，请提供更细的行业代码 → 未知`,
      ruleEn: `Industry code ${industry.code} (${industry.nameEn}) is too coarse: it may fall under ${groupsEn}; give a finer code → unknown`,
      row: 0,
      industryGroup: rows.map((r) => r.industryGroup).join('/'),
      tableVersion: table.version,
      missing: ['industryCode'],
    };
  }
  return decide(table, rows[0], values);
}
