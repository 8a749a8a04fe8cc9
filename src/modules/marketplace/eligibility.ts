/**
 * Product eligibility rules (准入规则) — a small declarative JSON language over the registry (entities) and the
 * evaluation (grade, profile tags, features). A product carries a list of rules; every rule must hold for the product
 * to be recommended. Rules are validated when a product is saved and submitted, and compiled once into closures kept
 * in the in-memory product index (matching.ts), so matching is pure CPU.
 *
 * Each rule evaluates to held / failed with a zh/en sentence naming the fact it looked at (the reason shown).
 *
 * ```jsonc
 * { "rule": "industry", "sections": ["C", "I"], "excludedPrefixes": ["C25"] }   // GB/T 4754-2017
 * { "rule": "size", "classes": ["micro", "small", "medium"] }                    // 工信部联企业〔2011〕300号
 * { "rule": "entity_type", "types": ["enterprise", "individual_business"] }
 * { "rule": "region", "prefixes": ["1310"] }                                     // GB/T 2260 prefixes
 * { "rule": "min_grade", "grade": "B" }       // a letter admits its whole band (B+, B, B-); a sub-grade is exact
 * { "rule": "min_years", "years": 2 }         // years in business since establishment
 * { "rule": "tags_required", "tags": ["high_tech", "specialised_new"], "mode": "any" }   // or "all"
 * { "rule": "tags_excluded", "tags": ["dishonest_debtor", "serious_dishonesty"] }
 * { "rule": "min_capital", "fen": "100000000" }                                  // registered capital, integer fen
 * { "rule": "feature", "feature": "tax_normal_months", "op": ">=", "value": 12 } // evaluation features
 * { "rule": "status", "statuses": ["active"] }  // implied (active only) when a product names no status rule
 * ```
 * The product's regions served are checked as an implied `region` rule ahead of the listed ones.
 */
import { FEATURE_CODES } from '../evaluation/index.ts';
import { codes } from '../entities/index.ts';

export type FeatureOp = '>=' | '<=' | '>' | '<' | '=' | '!=';

export type Rule =
  | { rule: 'industry'; sections?: string[]; excludedPrefixes?: string[] }
  | { rule: 'size'; classes: string[] }
  | { rule: 'entity_type'; types: string[] }
  | { rule: 'region'; prefixes: string[] }
  | { rule: 'min_grade'; grade: string }
  | { rule: 'min_years'; years: number }
  | { rule: 'tags_required'; tags: string[]; mode?: 'any' | 'all' }
  | { rule: 'tags_excluded'; tags: string[] }
  | { rule: 'min_capital'; fen: string }
  | { rule: 'feature'; feature: string; op: FeatureOp; value: number | boolean | string }
  | { rule: 'status'; statuses: string[] };

export type RuleKind = Rule['rule'];
export const RULE_KINDS: readonly RuleKind[] = [
  'industry', 'size', 'entity_type', 'region', 'min_grade', 'min_years', 'tags_required', 'tags_excluded', 'min_capital', 'feature', 'status',
];

/** What the rules look at: the registry entry and the current evaluation of one enterprise. */
export interface EnterpriseProfile {
  uscc: string;
  name: string;
  entityType: string;
  regionCode: string;
  industryCode: string;
  sizeClass: string;
  status: string;
  /** years since establishment (one decimal), null when the registry has no date */
  yearsInBusiness: number | null;
  registeredCapitalFen: bigint | null;
  /** null when the enterprise has not been evaluated yet (grade rules then fail) */
  grade: string | null;
  tags: ReadonlySet<string>;
  features: Readonly<Record<string, unknown>>;
}

export interface RuleOutcome {
  /** position in the product's rule list ('regions' for the implied regions-served rule, 'status' for the implied status rule) */
  rule: string;
  kind: RuleKind;
  held: boolean;
  zh: string;
  en: string;
}

export interface CompiledRule {
  rule: string;
  kind: RuleKind;
  test(p: EnterpriseProfile): boolean;
  explain(p: EnterpriseProfile): RuleOutcome;
}

export interface RuleProblem { path: string; zh: string; en: string }

/** Grades from best to worst (model-v1.json bands with +/-). */
export const GRADE_ORDER = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-'] as const;
const GRADE_RANK = new Map<string, number>(GRADE_ORDER.map((g, i) => [g, i]));
export const SIZE_CLASSES = ['micro', 'small', 'medium', 'large'] as const;
export const ENTITY_TYPES = ['enterprise', 'individual_business', 'farmer_cooperative', 'other'] as const;
export const STATUSES = ['active', 'revoked', 'cancelled', 'moved_out'] as const;
const OPS: readonly FeatureOp[] = ['>=', '<=', '>', '<', '=', '!='];

/** The profile tags evaluation/tags.ts can give (src/modules/evaluation/README.md "Tags"); prefixed ones by pattern. */
export const PROFILE_TAGS = [
  'high_tech', 'rd_support', 'specialised_new', 'green', 'env_risk', 'agricultural', 'gov_procurement_supplier', 'tax_good', 'tax_risk',
  'utility_stable', 'utility_arrears', 'housing_fund_continuous', 'patent_holder', 'foreign_trade', 'honoured', 'commitment_signed',
  'court_enforcement', 'dishonest_debtor', 'serious_dishonesty', 'admin_penalty', 'startup', 'established',
] as const;
/** Names of the profile tags, for sentences and the rule builder. */
export const PROFILE_TAG_NAMES: Record<string, { zh: string; en: string }> = {
  high_tech: { zh: '高新技术企业', en: 'high-tech enterprise' }, rd_support: { zh: '获研发支持', en: 'R&D support' },
  specialised_new: { zh: '专精特新', en: 'specialised and innovative' }, green: { zh: '环保信用绿牌', en: 'green environmental credit' },
  env_risk: { zh: '环境信用风险', en: 'environmental credit risk' }, agricultural: { zh: '涉农主体', en: 'agricultural' },
  gov_procurement_supplier: { zh: '政府采购供应商', en: 'government-procurement supplier' }, tax_good: { zh: '纳税良好', en: 'good tax record' },
  tax_risk: { zh: '税务风险', en: 'tax risk' }, utility_stable: { zh: '水电气缴费稳定', en: 'utilities paid regularly' },
  utility_arrears: { zh: '水电气欠费', en: 'utility arrears' }, housing_fund_continuous: { zh: '公积金连续缴存', en: 'housing fund paid continuously' },
  patent_holder: { zh: '拥有专利', en: 'patent holder' }, foreign_trade: { zh: '外贸企业', en: 'foreign trade' }, honoured: { zh: '获得荣誉', en: 'honoured' },
  commitment_signed: { zh: '已签署信用承诺', en: 'credit commitment signed' }, court_enforcement: { zh: '被执行人', en: 'court enforcement' },
  dishonest_debtor: { zh: '失信被执行人', en: 'dishonest judgement debtor' }, serious_dishonesty: { zh: '严重失信主体', en: 'serious dishonesty list' },
  admin_penalty: { zh: '行政处罚', en: 'administrative penalty' }, startup: { zh: '初创企业（不足 3 年）', en: 'start-up (< 3 years)' },
  established: { zh: '成熟企业（10 年以上）', en: 'established (≥ 10 years)' },
};
export const tagZh = (t: string) => PROFILE_TAG_NAMES[t]?.zh ?? t;
const tagsZh = (ts: readonly string[]) => ts.map(tagZh).join('、');

const TAG_PATTERN = /^(size:(large|medium|small|micro)|type:[a-z_]+|industry:[A-T]|region:[0-9]{2,6})$/;
export const isKnownTag = (t: string) => (PROFILE_TAGS as readonly string[]).includes(t) || TAG_PATTERN.test(t);

/** The grade rank a minimum admits: a letter admits its whole band (down to its minus), a sub-grade itself. */
function maxRankFor(min: string): number | undefined {
  if (/^[A-D]$/.test(min)) return GRADE_RANK.get(`${min}-`);
  return GRADE_RANK.get(min);
}

export function gradeRank(grade: string | null): number | undefined {
  return grade === null ? undefined : GRADE_RANK.get(grade);
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const FEN = /^[0-9]{1,15}$/;

/** Every problem of a rule list (empty = valid). */
export function validateRules(rules: unknown): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const add = (path: string, zh: string, en: string) => problems.push({ path, zh, en });
  if (!Array.isArray(rules)) return [{ path: '/rules', zh: '准入规则须为列表', en: 'rules must be a list' }];
  if (rules.length > 30) add('/rules', '准入规则至多 30 条', 'at most 30 rules');
  rules.forEach((raw: unknown, i) => {
    const at = `/rules/${i}`;
    if (raw === null || typeof raw !== 'object') { add(at, '规则须为对象', 'a rule must be an object'); return; }
    const r = raw as Record<string, unknown>;
    const list = (key: string, allowed: readonly string[] | null, pattern: RegExp | null, zhName: string) => {
      const v = r[key];
      if (!isStrings(v) || v.length === 0) { add(`${at}/${key}`, `${zhName}须为非空字符串列表`, `${key} must be a non-empty list of strings`); return; }
      for (const x of v) {
        if ((allowed && !allowed.includes(x)) || (pattern && !pattern.test(x))) add(`${at}/${key}`, `${zhName}中的值 ${x} 无效`, `${key} holds an invalid value ${x}`);
      }
    };
    switch (r.rule) {
      case 'industry': {
        const sections = r.sections ?? [];
        const excluded = r.excludedPrefixes ?? [];
        if (!isStrings(sections) || sections.some((s) => !/^[A-T]$/.test(s))) add(`${at}/sections`, '行业门类须为 A–T 的单个字母（GB/T 4754-2017）', 'sections are single letters A–T (GB/T 4754-2017)');
        if (!isStrings(excluded) || excluded.some((s) => !/^[A-T][0-9]{0,4}$/.test(s))) add(`${at}/excludedPrefixes`, '排除的行业代码须为门类字母加数字（GB/T 4754-2017）', 'excluded codes are a section letter and digits (GB/T 4754-2017)');
        if (isStrings(sections) && isStrings(excluded) && sections.length === 0 && excluded.length === 0) add(at, '行业规则须列出允许的门类或排除的代码', 'an industry rule needs allowed sections or excluded codes');
        break;
      }
      case 'size': list('classes', SIZE_CLASSES, null, '企业规模'); break;
      case 'entity_type': list('types', ENTITY_TYPES, null, '主体类型'); break;
      case 'status': list('statuses', STATUSES, null, '登记状态'); break;
      case 'region': {
        list('prefixes', null, /^[0-9]{2,6}$/, '地区');
        if (isStrings(r.prefixes)) for (const p of r.prefixes) if (!regionPrefixOf(p)) add(`${at}/prefixes`, `行政区划代码 ${p} 不存在（GB/T 2260）`, `unknown region code ${p} (GB/T 2260)`);
        break;
      }
      case 'min_grade':
        if (typeof r.grade !== 'string' || maxRankFor(r.grade) === undefined) add(`${at}/grade`, `未知等级 ${String(r.grade)}`, `unknown grade ${String(r.grade)}`);
        break;
      case 'min_years':
        if (typeof r.years !== 'number' || !Number.isInteger(r.years) || r.years < 0 || r.years > 100) add(`${at}/years`, '成立年限须为 0–100 的整数', 'years must be an integer 0–100');
        break;
      case 'tags_required':
      case 'tags_excluded':
        list('tags', null, null, '画像标签');
        if (isStrings(r.tags)) for (const t of r.tags) if (!isKnownTag(t)) add(`${at}/tags`, `未知画像标签 ${t}`, `unknown profile tag ${t}`);
        if (r.rule === 'tags_required' && r.mode !== undefined && r.mode !== 'any' && r.mode !== 'all') add(`${at}/mode`, '标签匹配方式须为 any 或 all', 'mode must be any or all');
        break;
      case 'min_capital':
        if (typeof r.fen !== 'string' || !FEN.test(r.fen)) add(`${at}/fen`, '注册资本须为整数分（字符串），不得有小数', 'fen must be a whole number of fen as a string, no decimals');
        break;
      case 'feature':
        if (typeof r.feature !== 'string' || !(FEATURE_CODES as readonly string[]).includes(r.feature)) add(`${at}/feature`, `未知评价特征 ${String(r.feature)}`, `unknown evaluation feature ${String(r.feature)}`);
        if (!OPS.includes(r.op as FeatureOp)) add(`${at}/op`, `比较符须为 ${OPS.join(' ')} 之一`, `op must be one of ${OPS.join(' ')}`);
        if (typeof r.value === 'number' ? !Number.isFinite(r.value) : typeof r.value !== 'boolean' && typeof r.value !== 'string') add(`${at}/value`, '阈值须为数字、布尔或字符串', 'value must be a number, boolean or string');
        else if (typeof r.value !== 'number' && r.op !== '=' && r.op !== '!=') add(`${at}/op`, '非数字阈值只能用 = 或 !=', 'a non-numeric value takes = or != only');
        break;
      default:
        add(`${at}/rule`, `未知规则类型 ${String(r.rule)}`, `unknown rule kind ${String(r.rule)}`);
    }
  });
  return problems;
}

/** The subtree prefix of a GB/T 2260 code or prefix (2 = province, 4 = prefecture, 6 = county), or undefined. */
export function regionPrefixOf(code: string): string | undefined {
  const full = code.padEnd(6, '0');
  const p = codes.regionSubtreePrefix(full);
  return p !== undefined && p.length === code.length ? p : code.length === 6 ? p : undefined;
}

const regionName = (prefix: string) => codes.regionByCode(prefix.padEnd(6, '0'))?.fullName ?? prefix;
const joinZh = (xs: readonly string[]) => xs.join('、');
const joinEn = (xs: readonly string[]) => xs.join(', ');
const SIZE_ZH: Record<string, string> = { micro: '微型', small: '小型', medium: '中型', large: '大型', unknown: '未划型' };
const TYPE_ZH: Record<string, string> = { enterprise: '企业', individual_business: '个体工商户', farmer_cooperative: '农民专业合作社', other: '其他' };
const STATUS_ZH: Record<string, string> = { active: '存续', revoked: '吊销', cancelled: '注销', moved_out: '迁出' };
const OP_ZH: Record<FeatureOp, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '=': '=', '!=': '≠' };

/** A feature value against a rule's threshold; a missing value never holds (also the fast path's, fast-rules.ts). */
export function compareFeature(v: unknown, op: FeatureOp, target: number | boolean | string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof target === 'number') {
    if (typeof v !== 'number') return false;
    switch (op) {
      case '>=': return v >= target;
      case '<=': return v <= target;
      case '>': return v > target;
      case '<': return v < target;
      case '=': return v === target;
      case '!=': return v !== target;
    }
  }
  return op === '=' ? v === target : v !== target;
}

/** Yuan text of integer fen, for sentences (no float: integer division on bigint). */
export function fenText(fen: bigint): string {
  const yuan = fen / 100n;
  const cents = fen % 100n;
  return cents === 0n ? `${yuan}` : `${yuan}.${cents.toString().padStart(2, '0')}`;
}

/** Compiles one validated rule. `id` names it in reasons. */
function compileOne(r: Rule, id: string): CompiledRule {
  const make = (test: (p: EnterpriseProfile) => boolean, say: (p: EnterpriseProfile, held: boolean) => [string, string]): CompiledRule => ({
    rule: id, kind: r.rule, test,
    explain(p) {
      const held = test(p);
      const [zh, en] = say(p, held);
      return { rule: id, kind: r.rule, held, zh, en };
    },
  });
  switch (r.rule) {
    case 'industry': {
      const sections = r.sections ?? [];
      const excluded = r.excludedPrefixes ?? [];
      const excludedBy = (p: EnterpriseProfile) => excluded.find((x) => p.industryCode.startsWith(x));
      return make(
        (p) => (sections.length === 0 || sections.includes(p.industryCode[0])) && excludedBy(p) === undefined,
        (p, held) => {
          const ex = excludedBy(p);
          if (held) return [`行业 ${p.industryCode} 符合产品的行业要求`, `industry ${p.industryCode} meets the product's industry rule`];
          if (ex) return [`行业 ${p.industryCode} 属于产品排除的行业 ${ex}`, `industry ${p.industryCode} falls under the excluded code ${ex}`];
          return [`行业 ${p.industryCode} 不在产品支持的门类 ${joinZh(sections)} 内`, `industry ${p.industryCode} is outside the sections served (${joinEn(sections)})`];
        });
    }
    case 'size':
      return make((p) => r.classes.includes(p.sizeClass), (p, held) => held
        ? [`企业规模为${SIZE_ZH[p.sizeClass] ?? p.sizeClass}，符合要求`, `size class ${p.sizeClass} is served`]
        : [`企业规模为${SIZE_ZH[p.sizeClass] ?? p.sizeClass}，产品仅面向${joinZh(r.classes.map((c) => SIZE_ZH[c] ?? c))}企业`, `size class ${p.sizeClass}; the product serves ${joinEn(r.classes)} only`]);
    case 'entity_type':
      return make((p) => r.types.includes(p.entityType), (p, held) => held
        ? [`主体类型为${TYPE_ZH[p.entityType] ?? p.entityType}，符合要求`, `entity type ${p.entityType} is served`]
        : [`主体类型为${TYPE_ZH[p.entityType] ?? p.entityType}，产品仅面向${joinZh(r.types.map((c) => TYPE_ZH[c] ?? c))}`, `entity type ${p.entityType}; the product serves ${joinEn(r.types)} only`]);
    case 'status':
      return make((p) => r.statuses.includes(p.status), (p, held) => held
        ? [`登记状态为${STATUS_ZH[p.status] ?? p.status}`, `registration status is ${p.status}`]
        : [`登记状态为${STATUS_ZH[p.status] ?? p.status}，产品要求${joinZh(r.statuses.map((s) => STATUS_ZH[s] ?? s))}`, `registration status is ${p.status}; the product requires ${joinEn(r.statuses)}`]);
    case 'region':
      return make((p) => r.prefixes.some((x) => p.regionCode.startsWith(x)), (p, held) => held
        ? [`注册地 ${regionName(p.regionCode)} 在产品服务地区内`, `registered in ${p.regionCode}, within the regions served`]
        : [`注册地 ${regionName(p.regionCode)} 不在产品服务地区（${joinZh(r.prefixes.map(regionName))}）内`, `registered in ${p.regionCode}, outside the regions served (${joinEn(r.prefixes)})`]);
    case 'min_grade': {
      const max = maxRankFor(r.grade) ?? -1;
      return make((p) => { const g = gradeRank(p.grade); return g !== undefined && g <= max; }, (p, held) => p.grade === null
        ? [`尚无信用评价等级，产品要求 ${r.grade} 级及以上`, `no evaluation grade yet; the product requires ${r.grade} or better`]
        : held ? [`信用评价等级 ${p.grade}，达到 ${r.grade} 级要求`, `evaluation grade ${p.grade} meets the minimum ${r.grade}`]
          : [`信用评价等级 ${p.grade}，低于产品要求的 ${r.grade} 级`, `evaluation grade ${p.grade} is below the minimum ${r.grade}`]);
    }
    case 'min_years':
      return make((p) => p.yearsInBusiness !== null && p.yearsInBusiness >= r.years, (p, held) => p.yearsInBusiness === null
        ? [`登记信息无成立日期，产品要求成立满 ${r.years} 年`, `no establishment date on record; the product requires ${r.years} years in business`]
        : held ? [`成立 ${p.yearsInBusiness} 年，满足 ${r.years} 年要求`, `${p.yearsInBusiness} years in business, at least ${r.years}`]
          : [`成立 ${p.yearsInBusiness} 年，不足产品要求的 ${r.years} 年`, `${p.yearsInBusiness} years in business, fewer than the ${r.years} required`]);
    case 'tags_required': {
      const all = r.mode === 'all';
      const has = (p: EnterpriseProfile) => r.tags.filter((t) => p.tags.has(t));
      return make((p) => (all ? r.tags.every((t) => p.tags.has(t)) : r.tags.some((t) => p.tags.has(t))), (p, held) => held
        ? [`具备画像标签 ${tagsZh(has(p))}`, `has the profile tag(s) ${joinEn(has(p))}`]
        : all ? [`缺少产品要求的画像标签 ${tagsZh(r.tags.filter((t) => !p.tags.has(t)))}`, `lacks the required profile tag(s) ${joinEn(r.tags.filter((t) => !p.tags.has(t)))}`]
          : [`不具备产品要求的任一画像标签（${tagsZh(r.tags)}）`, `has none of the required profile tags (${joinEn(r.tags)})`]);
    }
    case 'tags_excluded': {
      const hit = (p: EnterpriseProfile) => r.tags.filter((t) => p.tags.has(t));
      return make((p) => !r.tags.some((t) => p.tags.has(t)), (p, held) => held
        ? [`无产品排除的画像标签（${tagsZh(r.tags)}）`, `none of the excluded profile tags (${joinEn(r.tags)})`]
        : [`具有产品排除的画像标签 ${tagsZh(hit(p))}`, `has the excluded profile tag(s) ${joinEn(hit(p))}`]);
    }
    case 'min_capital': {
      const min = BigInt(r.fen);
      return make((p) => p.registeredCapitalFen !== null && p.registeredCapitalFen >= min, (p, held) => p.registeredCapitalFen === null
        ? [`登记信息无注册资本，产品要求不低于 ${fenText(min)} 元`, `no registered capital on record; the product requires at least CNY ${fenText(min)}`]
        : held ? [`注册资本 ${fenText(p.registeredCapitalFen)} 元，不低于 ${fenText(min)} 元`, `registered capital CNY ${fenText(p.registeredCapitalFen)}, at least ${fenText(min)}`]
          : [`注册资本 ${fenText(p.registeredCapitalFen)} 元，低于产品要求的 ${fenText(min)} 元`, `registered capital CNY ${fenText(p.registeredCapitalFen)}, below the ${fenText(min)} required`]);
    }
    case 'feature':
      return make((p) => compareFeature(p.features[r.feature], r.op, r.value), (p, held) => {
        const v = p.features[r.feature];
        const shown = v === undefined || v === null ? '无数据' : String(v);
        const shownEn = v === undefined || v === null ? 'no data' : String(v);
        return held
          ? [`评价特征 ${r.feature} = ${shown}，满足 ${OP_ZH[r.op]} ${String(r.value)}`, `evaluation feature ${r.feature} = ${shownEn} satisfies ${r.op} ${String(r.value)}`]
          : [`评价特征 ${r.feature} = ${shown}，不满足产品要求的 ${OP_ZH[r.op]} ${String(r.value)}`, `evaluation feature ${r.feature} = ${shownEn} fails the required ${r.op} ${String(r.value)}`];
      });
  }
}

/**
 * A product's compiled rules, in order: its regions served (implied), an implied "active" status rule unless it names
 * a status rule, then its own rules. The rules must have been validated.
 */
export function compileRules(rules: readonly Rule[], regionPrefixes: readonly string[]): CompiledRule[] {
  const out: CompiledRule[] = [];
  if (regionPrefixes.length) out.push(compileOne({ rule: 'region', prefixes: [...regionPrefixes] }, 'regions'));
  if (!rules.some((r) => r.rule === 'status')) out.push(compileOne({ rule: 'status', statuses: ['active'] }, 'status'));
  rules.forEach((r, i) => out.push(compileOne(r, String(i))));
  return out;
}

/** Every rule's outcome with its sentence. */
export function explainRules(rules: readonly CompiledRule[], p: EnterpriseProfile): RuleOutcome[] {
  return rules.map((r) => r.explain(p));
}
