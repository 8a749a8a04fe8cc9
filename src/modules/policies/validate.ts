import { badRequest } from '../../platform/http/index.ts';
import { validateRules, type Rule } from '../marketplace/index.ts';
import { validateFormula, type Formula } from './formula.ts';
import { isKind, policyConfig, type PolicyKind } from './kinds.ts';
import { validateLoanRules, type LoanRule } from './loan-rules.ts';

/** What an operator drafts: the policy's facts, formula and rules. */
export interface PolicyInput {
  name: string;
  kind: PolicyKind;
  authority: string;
  regionPrefixes: string[];
  validFrom: string;
  validTo: string;
  budgetFen: string;
  formula: Formula;
  enterpriseRules: Rule[];
  loanRules: LoanRule[];
  sections: string[];
  requiredMaterials: string[];
  summary: string;
  source: string;
}

export interface PolicyProblem { path: string; zh: string; en: string }

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const FEN = /^(0|[1-9][0-9]{0,15})$/;
const text = (v: unknown, max: number) => typeof v === 'string' && v.trim().length > 0 && v.length <= max;

/** Every problem of a policy draft at once, in both languages (empty = valid). */
export function validatePolicy(raw: Record<string, unknown>): PolicyProblem[] {
  const cfg = policyConfig();
  const out: PolicyProblem[] = [];
  const add = (path: string, zh: string, en: string) => out.push({ path, zh, en });
  if (!text(raw.name, 120)) add('/name', '请填写政策名称（不超过 120 字）', 'Enter the policy name (at most 120 characters)');
  if (!text(raw.authority, 120)) add('/authority', '请填写发布机关（不超过 120 字）', 'Enter the issuing authority (at most 120 characters)');
  if (!isKind(raw.kind)) add('/kind', `政策类型须为 ${Object.values(cfg.kinds).map((k) => k.zh).join('、')} 之一`, `kind must be one of ${Object.keys(cfg.kinds).join(', ')}`);
  const regions = raw.regionPrefixes;
  if (!Array.isArray(regions) || regions.length === 0) add('/regionPrefixes', '请至少填写一个适用地区（GB/T 2260 行政区划代码或前缀）', 'Name at least one region (a GB/T 2260 code or prefix)');
  else for (const p of validateRules([{ rule: 'region', prefixes: regions }])) add('/regionPrefixes', p.zh, p.en);
  const from = raw.validFrom;
  const to = raw.validTo;
  if (typeof from !== 'string' || !DAY.test(from)) add('/validFrom', '生效日期须为 YYYY-MM-DD', 'validFrom must be a date YYYY-MM-DD');
  if (typeof to !== 'string' || !DAY.test(to)) add('/validTo', '截止日期须为 YYYY-MM-DD', 'validTo must be a date YYYY-MM-DD');
  else if (typeof from === 'string' && DAY.test(from) && to < from) add('/validTo', '截止日期不能早于生效日期', 'validTo cannot be before validFrom');
  if (typeof raw.budgetFen !== 'string' || !FEN.test(raw.budgetFen)) add('/budgetFen', '预算须为以分为单位的非负整数字符串，不能含小数点', 'budgetFen must be a whole number of fen as a string, without a decimal point');
  if (isKind(raw.kind)) out.push(...validateFormula(raw.kind, raw.formula));
  for (const p of validateRules(raw.enterpriseRules)) add(p.path.replace(/^\/rules/, '/enterpriseRules'), p.zh, p.en);
  out.push(...validateLoanRules(raw.loanRules));
  const sections = raw.sections ?? [];
  if (!Array.isArray(sections) || sections.some((s) => typeof s !== 'string' || !Object.hasOwn(cfg.sections, s))) {
    add('/sections', `专栏须为 ${Object.keys(cfg.sections).join('、')} 中的零个或多个`, `sections must be zero or more of ${Object.keys(cfg.sections).join(', ')}`);
  }
  const materials = raw.requiredMaterials ?? [];
  if (!Array.isArray(materials) || materials.length > 20 || materials.some((m) => !text(m, 60))) add('/requiredMaterials', '申请材料须为至多 20 项、每项不超过 60 字的清单', 'requiredMaterials must be a list of at most 20 entries of up to 60 characters');
  if (raw.summary !== undefined && (typeof raw.summary !== 'string' || raw.summary.length > 2000)) add('/summary', '政策摘要不超过 2000 字', 'the summary is at most 2000 characters');
  if (raw.source !== undefined && (typeof raw.source !== 'string' || raw.source.length > 500)) add('/source', '政策依据不超过 500 字', 'the source is at most 500 characters');
  return out;
}

/** The draft normalised, or POLICY_INVALID (400) listing every problem. */
export function assertValidPolicy(raw: Record<string, unknown>): PolicyInput {
  const problems = validatePolicy(raw);
  if (problems.length) {
    throw badRequest('POLICY_INVALID', {
      zh: `政策内容有 ${problems.length} 处问题：${problems.map((p) => `${p.path} ${p.zh}`).join('；')}`,
      en: `The policy has ${problems.length} problem(s): ${problems.map((p) => `${p.path} ${p.en}`).join('; ')}`,
    }, { problems });
  }
  return {
    name: (raw.name as string).trim(), kind: raw.kind as PolicyKind, authority: (raw.authority as string).trim(),
    regionPrefixes: [...new Set(raw.regionPrefixes as string[])], validFrom: raw.validFrom as string, validTo: raw.validTo as string,
    budgetFen: raw.budgetFen as string, formula: raw.formula as Formula, enterpriseRules: raw.enterpriseRules as Rule[], loanRules: raw.loanRules as LoanRule[],
    sections: [...new Set((raw.sections ?? []) as string[])], requiredMaterials: ((raw.requiredMaterials ?? []) as string[]).map((m) => m.trim()),
    summary: ((raw.summary ?? '') as string).trim(), source: ((raw.source ?? '') as string).trim(),
  };
}
