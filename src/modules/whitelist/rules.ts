/**
 * 信易贷白名单 — the white-list rules (SPEC C7; 国办发〔2021〕52号; 廊坊市实施方案 6). A rule set is data
 * (src/data/whitelist/rules-v1.json, later versions in the database); this file validates it and turns each rule into
 * SQL fragments over one row of the selection (see selection.ts): `held` (a boolean, never null) and `value` (the fact
 * shown in the reason). Evaluation stays set-based: one statement over every registered enterprise.
 */
import { readFileSync } from 'node:fs';

export const RULE_IDS = [
  'industry_policy', 'credit_grade', 'no_serious_dishonesty', 'no_current_enforcement', 'no_dishonest_debtor',
  'operating_status', 'financing_need', 'credit_commitment', 'sme_size',
] as const;
export type RuleId = typeof RULE_IDS[number];

/** Rules that can never be switched off: the list exists to recommend creditworthy enterprises (SPEC C7, issue 5). */
export const MANDATORY_RULES: readonly RuleId[] = ['no_current_enforcement', 'credit_commitment'];

export interface Rule {
  id: RuleId;
  enabled: boolean;
  zh: string;
  en: string;
  params: Record<string, unknown>;
}

export interface RuleSet {
  version?: number;
  source?: string;
  effectiveFrom?: string;
  rules: Rule[];
}

export interface RuleProblem { path: string; zh: string; en: string }

/** Grades from best to worst; a sub-grade counts within its band (A+ > A > A- > B+ …). */
export const GRADE_ORDER = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-'] as const;
const SIZE_CLASSES = ['micro', 'small', 'medium', 'large'];

export function defaultRuleSet(): RuleSet {
  return JSON.parse(readFileSync(new URL('../../data/whitelist/rules-v1.json', import.meta.url), 'utf8')) as RuleSet;
}

/** The grades at or above `min`. */
export function gradesAtLeast(min: string): string[] {
  const i = GRADE_ORDER.indexOf(min as typeof GRADE_ORDER[number]);
  return i < 0 ? [] : GRADE_ORDER.slice(0, i + 1);
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Every problem of a rule set (empty = valid). */
export function validateRuleSet(set: RuleSet): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const add = (path: string, zh: string, en: string) => problems.push({ path, zh, en });
  if (!Array.isArray(set.rules)) {
    add('/rules', '缺少规则列表', 'rules must be a list');
    return problems;
  }
  const seen = new Set<string>();
  set.rules.forEach((r, i) => {
    const at = `/rules/${i}`;
    if (!RULE_IDS.includes(r.id)) { add(`${at}/id`, `未知规则 ${String(r.id)}`, `unknown rule ${String(r.id)}`); return; }
    if (seen.has(r.id)) add(`${at}/id`, `规则 ${r.id} 重复`, `rule ${r.id} appears twice`);
    seen.add(r.id);
    if (!r.zh || !r.en) add(at, '规则须有中英文说明', 'a rule needs a zh and an en description');
    if (!r.enabled && MANDATORY_RULES.includes(r.id)) add(`${at}/enabled`, `规则 ${r.id} 不可停用`, `rule ${r.id} cannot be disabled`);
    const p = r.params ?? {};
    switch (r.id) {
      case 'industry_policy':
        if (!isStringArray(p.allowedSections ?? []) || !isStringArray(p.excludedCodePrefixes ?? [])) {
          add(`${at}/params`, '行业门类与排除代码须为字符串列表', 'allowedSections and excludedCodePrefixes must be lists of strings');
        } else if ((p.excludedCodePrefixes as string[] ?? []).some((c) => !/^[A-T][0-9]{0,4}$/.test(c))) {
          add(`${at}/params/excludedCodePrefixes`, '排除的行业代码须为门类字母加数字（GB/T 4754-2017）', 'excluded codes are a section letter and digits (GB/T 4754-2017)');
        } else if ((p.allowedSections as string[] ?? []).some((s) => !/^[A-T]$/.test(s))) {
          add(`${at}/params/allowedSections`, '行业门类须为 A–T 的单个字母（GB/T 4754-2017）', 'sections are single letters A–T (GB/T 4754-2017)');
        }
        break;
      case 'credit_grade':
        if (gradesAtLeast(String(p.minGrade)).length === 0) add(`${at}/params/minGrade`, `未知等级 ${String(p.minGrade)}`, `unknown grade ${String(p.minGrade)}`);
        break;
      case 'no_current_enforcement':
        if (!isStringArray(p.closedStatuses ?? [])) add(`${at}/params/closedStatuses`, '结案状态须为字符串列表', 'closedStatuses must be a list of strings');
        break;
      case 'operating_status':
        if (typeof p.minYearsInBusiness !== 'number' || p.minYearsInBusiness < 0) {
          add(`${at}/params/minYearsInBusiness`, '成立年限须为非负数', 'minYearsInBusiness must be a number ≥ 0');
        }
        break;
      case 'financing_need':
        if (typeof p.maxAgeDays !== 'number' || p.maxAgeDays <= 0) add(`${at}/params/maxAgeDays`, '需求有效天数须为正数', 'maxAgeDays must be a positive number');
        break;
      case 'sme_size':
        if (!isStringArray(p.sizeClasses) || p.sizeClasses.length === 0 || p.sizeClasses.some((s) => !SIZE_CLASSES.includes(s))) {
          add(`${at}/params/sizeClasses`, '规模类型须为 micro/small/medium/large 中的一个或多个', 'sizeClasses must be one or more of micro, small, medium, large');
        }
        break;
      default:
        break;
    }
  });
  for (const id of MANDATORY_RULES) {
    if (!seen.has(id)) add('/rules', `缺少必备规则 ${id}`, `mandatory rule ${id} is missing`);
  }
  return problems;
}

/** SQL of one rule over a row of the selection (columns listed in selection.ts); parameters are appended to `params`. */
export interface RuleSql { id: RuleId; held: string; value: string }

export interface CompiledRules {
  sql: RuleSql[];
  skipped: { id: RuleId; zh: string; en: string }[];
}

/** Turns the enabled rules into SQL fragments; `param` binds a value and returns its placeholder. */
export function compileRules(set: RuleSet, param: (v: unknown) => string): CompiledRules {
  const sql: RuleSql[] = [];
  const skipped: CompiledRules['skipped'] = [];
  for (const r of set.rules) {
    if (!r.enabled) continue;
    const p = r.params ?? {};
    switch (r.id) {
      case 'industry_policy': {
        const allowed = (p.allowedSections as string[] | undefined) ?? [];
        const excluded = (p.excludedCodePrefixes as string[] | undefined) ?? [];
        // prefixes are letters and digits (validated), so they are safe LIKE patterns
        const patterns = excluded.map((x) => `${x}%`);
        sql.push({
          id: r.id,
          held: `(${allowed.length === 0 ? 'true' : `left(x.industry_code, 1) = ANY(${param(allowed)}::text[])`}
            AND ${patterns.length === 0 ? 'true' : `NOT (x.industry_code LIKE ANY(${param(patterns)}::text[]))`})`,
          value: 'x.industry_code',
        });
        break;
      }
      case 'credit_grade':
        sql.push({ id: r.id, held: `coalesce(x.grade = ANY(${param(gradesAtLeast(String(p.minGrade)))}::text[]), false)`, value: `x.grade || ' (' || x.score || ')'` });
        break;
      case 'no_serious_dishonesty':
        sql.push({ id: r.id, held: 'NOT x.serious', value: 'NULL' });
        break;
      case 'no_current_enforcement':
        sql.push({ id: r.id, held: 'NOT x.enforcement', value: 'NULL' });
        break;
      case 'no_dishonest_debtor':
        sql.push({ id: r.id, held: 'NOT x.dishonest', value: 'NULL' });
        break;
      case 'operating_status':
        sql.push({
          id: r.id,
          held: `(x.status = 'active' AND x.established_on IS NOT NULL AND x.established_on <= (x.as_of - make_interval(months => round(${param(Number(p.minYearsInBusiness) * 12)}::numeric)::int))::date)`,
          value: `round(((x.as_of - x.established_on) / 365.25)::numeric, 1)::text`,
        });
        break;
      case 'financing_need':
        // a live financing demand (C9): open, published or updated within the rule's number of days (selection.ts)
        sql.push({ id: r.id, held: 'x.demand_at IS NOT NULL', value: `to_char(x.demand_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')` });
        break;
      case 'credit_commitment':
        sql.push({ id: r.id, held: 'x.commitment_signed_at IS NOT NULL', value: `to_char(x.commitment_signed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')` });
        break;
      case 'sme_size':
        sql.push({ id: r.id, held: `x.size_class = ANY(${param(p.sizeClasses)}::text[])`, value: 'x.size_class' });
        break;
      default:
        break;
    }
  }
  return { sql, skipped };
}
