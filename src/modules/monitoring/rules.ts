/**
 * 风险监测预警 — the screening rules and the default / dishonesty levels (SPEC C10), as data: the shipped set is
 * src/data/monitoring/rules-v1.json, later versions are published by op_admin and kept in the database. This file
 * validates a rule set and decides, purely, whether a new record version trips a rule (edge-triggered: a condition
 * that already held for the previous version of the same record raises nothing new).
 */
import { readFileSync } from 'node:fs';

export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** A rule on the enterprise's public-credit grade rather than on a catalog item. */
export const GRADE_ITEM = 'EVALUATION_GRADE';
export const CONSEQUENCES = ['shown_to_institutions', 'refuse_new_applications'] as const;
export type Consequence = (typeof CONSEQUENCES)[number];

export type Condition =
  | { type: 'new' }
  | { type: 'field_in'; field: string; values: (string | number | boolean)[] }
  | { type: 'number_drop'; field: string; minDrop: number }
  | { type: 'date_older_than'; field: string; days: number }
  | { type: 'grade_drop'; minSteps: number };

export interface ScreeningRule {
  id: string;
  item: string;
  condition: Condition;
  severity: Severity;
  enabled: boolean;
  zh: string;
  en: string;
}

/** One way a level holds: every threshold it names holds (a level holds when any of its `when` entries does). */
export interface LevelCondition { minOverdueDays?: number; minDefaults?: number; minTroubledAmountFen?: string }

export interface LevelRule {
  id: string;
  /** higher = more severe */
  rank: number;
  zh: string;
  en: string;
  when: LevelCondition[];
  /** days the level stays after the loans that caused it are cured or closed */
  retainDays: number;
  consequences: Consequence[];
}

export interface RuleSet {
  version?: number;
  source?: string;
  effectiveFrom?: string;
  rules: ScreeningRule[];
  levels: LevelRule[];
  /** defaults older than this many days no longer count (征信业管理条例 第十六条: adverse information kept 5 years) */
  defaultLookbackDays: number;
}

export interface RuleProblem { path: string; zh: string; en: string }

/** What validation needs to know of a catalog item: its fields (personal ones may not be shown on an alert). */
export type ItemFields = (code: string) => Promise<{ code: string; personal: boolean }[] | undefined>;

export function defaultRuleSet(): RuleSet {
  return JSON.parse(readFileSync(new URL('../../data/monitoring/rules-v1.json', import.meta.url), 'utf8')) as RuleSet;
}

/** Grades from best to worst (the evaluation's bands with their sub-grades). */
export const GRADE_ORDER = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-'] as const;

/** How many steps `to` is below `from` (negative or 0 when not lower; null when either grade is unknown). */
export function gradeSteps(from: string, to: string): number | null {
  const a = GRADE_ORDER.indexOf(from as (typeof GRADE_ORDER)[number]);
  const b = GRADE_ORDER.indexOf(to as (typeof GRADE_ORDER)[number]);
  return a < 0 || b < 0 ? null : b - a;
}

const ID = /^[a-z][a-z0-9_]{1,47}$/;
const isPosInt = (v: unknown, min = 1): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;
const FEN = /^(0|[1-9]\d{0,17})$/;

/** Every problem of a rule set (empty = valid). */
export async function validateRuleSet(set: RuleSet, itemFields: ItemFields): Promise<RuleProblem[]> {
  const problems: RuleProblem[] = [];
  const add = (path: string, zh: string, en: string) => problems.push({ path, zh, en });
  if (!Array.isArray(set.rules) || set.rules.length === 0) add('/rules', '缺少筛查规则列表', 'rules must be a non-empty list');
  if (!Array.isArray(set.levels) || set.levels.length === 0) add('/levels', '缺少违约失信等级列表', 'levels must be a non-empty list');
  if (!isPosInt(set.defaultLookbackDays)) add('/defaultLookbackDays', '违约回溯天数须为正整数', 'defaultLookbackDays must be a positive whole number');
  if (problems.length) return problems;
  const ids = new Set<string>();
  for (const [i, r] of set.rules.entries()) {
    const at = `/rules/${i}`;
    if (typeof r.id !== 'string' || !ID.test(r.id)) add(`${at}/id`, '规则编号须为小写字母、数字和下划线（2–48 位）', 'a rule id is 2–48 lower-case letters, digits and underscores');
    else if (ids.has(r.id)) add(`${at}/id`, `规则 ${r.id} 重复`, `rule ${r.id} appears twice`);
    ids.add(r.id);
    if (!SEVERITIES.includes(r.severity)) add(`${at}/severity`, '严重程度须为 high、medium 或 low', 'severity must be high, medium or low');
    if (typeof r.enabled !== 'boolean') add(`${at}/enabled`, '启用标志须为 true 或 false', 'enabled must be true or false');
    if (!r.zh?.trim() || !r.en?.trim()) add(at, '规则须有中英文标题', 'a rule needs a zh and an en title');
    const c = r.condition as Condition | undefined;
    if (!c || typeof c !== 'object') { add(`${at}/condition`, '缺少触发条件', 'the condition is missing'); continue; }
    if (r.item === GRADE_ITEM) {
      if (c.type !== 'grade_drop') add(`${at}/condition/type`, `${GRADE_ITEM} 只能用 grade_drop 条件`, `${GRADE_ITEM} takes the grade_drop condition only`);
      else if (!isPosInt(c.minSteps) || c.minSteps > GRADE_ORDER.length) add(`${at}/condition/minSteps`, '等级下降档数须为 1–12 的整数', 'minSteps must be a whole number 1–12');
      continue;
    }
    const fields = typeof r.item === 'string' ? await itemFields(r.item) : undefined;
    if (!fields) { add(`${at}/item`, `目录中没有信息项 ${String(r.item)}`, `the catalog has no item ${String(r.item)}`); continue; }
    if (c.type === 'new') continue;
    if (c.type === 'grade_drop') { add(`${at}/condition/type`, `grade_drop 只能用于 ${GRADE_ITEM}`, `grade_drop is for ${GRADE_ITEM} only`); continue; }
    if (c.type !== 'field_in' && c.type !== 'number_drop' && c.type !== 'date_older_than') {
      add(`${at}/condition/type`, `未知的条件类型 ${String((c as { type?: unknown }).type)}`, `unknown condition type ${String((c as { type?: unknown }).type)}`);
      continue;
    }
    const field = fields.find((f) => f.code === c.field);
    if (!field) add(`${at}/condition/field`, `信息项 ${r.item} 没有字段 ${String(c.field)}`, `item ${r.item} has no field ${String(c.field)}`);
    // an alert shows the value that tripped the rule: never a personal field
    else if (field.personal) add(`${at}/condition/field`, `字段 ${c.field} 含个人信息，不能用于预警`, `field ${c.field} holds personal data and cannot be screened`);
    if (c.type === 'field_in' && (!Array.isArray(c.values) || c.values.length === 0 || c.values.some((v) => !['string', 'number', 'boolean'].includes(typeof v)))) {
      add(`${at}/condition/values`, '取值列表须为非空的字符串、数字或布尔值列表', 'values must be a non-empty list of strings, numbers or booleans');
    }
    if (c.type === 'number_drop' && !isPosInt(c.minDrop)) add(`${at}/condition/minDrop`, '下降幅度须为正整数', 'minDrop must be a positive whole number');
    if (c.type === 'date_older_than' && (!isPosInt(c.days) || c.days > 3660)) add(`${at}/condition/days`, '天数须为 1–3660 的整数', 'days must be a whole number 1–3660');
  }
  const levelIds = new Set<string>();
  const ranks = new Set<number>();
  for (const [i, l] of set.levels.entries()) {
    const at = `/levels/${i}`;
    if (typeof l.id !== 'string' || !ID.test(l.id)) add(`${at}/id`, '等级编号须为小写字母、数字和下划线', 'a level id is lower-case letters, digits and underscores');
    else if (levelIds.has(l.id)) add(`${at}/id`, `等级 ${l.id} 重复`, `level ${l.id} appears twice`);
    levelIds.add(l.id);
    if (!isPosInt(l.rank) || ranks.has(l.rank)) add(`${at}/rank`, '等级序号须为互不相同的正整数', 'ranks must be distinct positive whole numbers');
    ranks.add(l.rank);
    if (!l.zh?.trim() || !l.en?.trim()) add(at, '等级须有中英文名称', 'a level needs a zh and an en name');
    if (!isPosInt(l.retainDays, 0)) add(`${at}/retainDays`, '保留天数须为非负整数', 'retainDays must be a whole number ≥ 0');
    if (!Array.isArray(l.consequences) || l.consequences.some((c) => !CONSEQUENCES.includes(c))) {
      add(`${at}/consequences`, `后果须取自 ${CONSEQUENCES.join('、')}`, `consequences must be among ${CONSEQUENCES.join(', ')}`);
    }
    if (!Array.isArray(l.when) || l.when.length === 0) { add(`${at}/when`, '须至少有一个认定条件', 'a level needs at least one condition'); continue; }
    for (const [j, w] of l.when.entries()) {
      const wat = `${at}/when/${j}`;
      const keys = Object.keys(w ?? {});
      if (keys.length === 0 || keys.some((k) => !['minOverdueDays', 'minDefaults', 'minTroubledAmountFen'].includes(k))) {
        add(wat, '条件只能含 minOverdueDays、minDefaults、minTroubledAmountFen，且至少一个', 'a condition names one or more of minOverdueDays, minDefaults, minTroubledAmountFen');
        continue;
      }
      if (w.minOverdueDays !== undefined && !isPosInt(w.minOverdueDays)) add(`${wat}/minOverdueDays`, '逾期天数须为正整数', 'minOverdueDays must be a positive whole number');
      if (w.minDefaults !== undefined && !isPosInt(w.minDefaults)) add(`${wat}/minDefaults`, '违约笔数须为正整数', 'minDefaults must be a positive whole number');
      if (w.minTroubledAmountFen !== undefined && (typeof w.minTroubledAmountFen !== 'string' || !FEN.test(w.minTroubledAmountFen))) {
        add(`${wat}/minTroubledAmountFen`, '金额须为以分为单位的整数字符串', 'minTroubledAmountFen must be whole fen as a string');
      }
    }
  }
  return problems;
}

/** One version of a record as the screening sees it (non-personal fields are all a rule may read). */
export interface ScreenedVersion { version: number; data: Record<string, unknown> }

/** What tripped a rule: the field and its value now and before (never a personal field: validation refuses those). */
export interface Trip { field: string | null; value: unknown; previous: unknown }

const DAY_MS = 86_400_000;
const dateOf = (v: unknown): number | null => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? Date.parse(`${v.slice(0, 10)}T00:00:00+08:00`) : null);
const numberOf = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

/**
 * Whether `current` (with `previous`, the version before it of the same record, if any) trips the rule at `now`.
 * Edge-triggered: a field condition that held already for the previous version raises nothing new, so a changed
 * amount on an arrears record already alerted does not alert again.
 */
export function trips(c: Condition, current: ScreenedVersion, previous: ScreenedVersion | null, now: number): Trip | null {
  switch (c.type) {
    case 'new':
      return current.version === 1 ? { field: null, value: null, previous: null } : null;
    case 'field_in': {
      const holds = (v: ScreenedVersion | null) => v !== null && c.values.some((x) => x === v.data[c.field]);
      return holds(current) && !holds(previous) ? { field: c.field, value: current.data[c.field] ?? null, previous: previous?.data[c.field] ?? null } : null;
    }
    case 'number_drop': {
      const now_ = numberOf(current.data[c.field]);
      const before = previous ? numberOf(previous.data[c.field]) : null;
      return now_ !== null && before !== null && before - now_ >= c.minDrop ? { field: c.field, value: now_, previous: before } : null;
    }
    case 'date_older_than': {
      const stale = (v: ScreenedVersion | null) => {
        const d = v ? dateOf(v.data[c.field]) : null;
        return d !== null && now - d > c.days * DAY_MS;
      };
      return stale(current) && !stale(previous) ? { field: c.field, value: current.data[c.field] ?? null, previous: previous?.data[c.field] ?? null } : null;
    }
    case 'grade_drop':
      return null;
  }
}
