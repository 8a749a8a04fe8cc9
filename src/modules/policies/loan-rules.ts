/**
 * Eligibility rules over a platform loan (the enterprise itself is judged by the marketplace rule language). Every
 * policy implies one more: the loan was disbursed inside the policy's validity window. Each rule gives held / failed
 * with a zh/en sentence naming the fact it looked at.
 *
 * ```jsonc
 * { "rule": "security", "securities": ["credit"] }                 // 信用贷款 only (or guarantee, pledge, mortgage)
 * { "rule": "amount", "minFen": "1000000", "maxFen": "1000000000" } // disbursed principal range, integer fen
 * { "rule": "rate_cap", "maxBp": 450 }                              // annual rate at most 4.50 %
 * { "rule": "term", "minMonths": 6, "maxMonths": 36 }
 * { "rule": "institution_category", "categories": ["bank"] }       // the lender's category (organisations.category)
 * ```
 */
import type { Localized } from '../../platform/i18n/index.ts';
import { policyConfig } from './kinds.ts';

export interface LoanFacts {
  id: string;
  uscc: string;
  enterpriseOrgId: string | null;
  institutionOrgId: string;
  institutionName: string;
  institutionCategory: string | null;
  productName: string | null;
  status: string;
  amountFen: bigint;
  rateBp: number;
  termMonths: number;
  security: string;
  disbursedOn: string;
}

export type LoanRule =
  | { rule: 'security'; securities: string[] }
  | { rule: 'amount'; minFen?: string; maxFen?: string }
  | { rule: 'rate_cap'; maxBp: number }
  | { rule: 'term'; minMonths?: number; maxMonths?: number }
  | { rule: 'institution_category'; categories: string[] };

export const LOAN_RULE_KINDS = ['security', 'amount', 'rate_cap', 'term', 'institution_category'] as const;

export interface LoanRuleOutcome extends Localized { rule: string; kind: string; held: boolean }
interface Problem { path: string; zh: string; en: string }

const FEN = /^(0|[1-9][0-9]{0,15})$/;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string');
const isMonths = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 360);
const yuan = (fen: bigint) => { const s = fen.toString().padStart(3, '0'); return `${s.slice(0, -2)}.${s.slice(-2)}`; };
const SECURITY_ZH: Record<string, string> = { credit: '信用', guarantee: '保证', pledge: '质押', mortgage: '抵押' };

/** Every problem of a loan rule list (empty = valid). */
export function validateLoanRules(rules: unknown): Problem[] {
  const cfg = policyConfig();
  const out: Problem[] = [];
  if (!Array.isArray(rules)) return [{ path: '/loanRules', zh: '贷款条件须为列表', en: 'loan rules must be a list' }];
  if (rules.length > 10) out.push({ path: '/loanRules', zh: '贷款条件至多 10 条', en: 'at most 10 loan rules' });
  rules.forEach((raw: unknown, i) => {
    const at = `/loanRules/${i}`;
    const add = (p: string, zh: string, en: string) => out.push({ path: `${at}${p}`, zh, en });
    if (raw === null || typeof raw !== 'object') { add('', '条件须为对象', 'a rule must be an object'); return; }
    const r = raw as Record<string, unknown>;
    switch (r.rule) {
      case 'security':
        if (!isStrings(r.securities) || r.securities.some((s) => !cfg.securities.includes(s))) add('/securities', `担保方式须为 ${cfg.securities.join('、')} 中的一个或多个`, `securities must be one or more of ${cfg.securities.join(', ')}`);
        break;
      case 'amount': {
        const okMin = r.minFen === undefined || (typeof r.minFen === 'string' && FEN.test(r.minFen));
        const okMax = r.maxFen === undefined || (typeof r.maxFen === 'string' && FEN.test(r.maxFen));
        if (!okMin) add('/minFen', '最低金额须为整数分（字符串）', 'minFen must be a whole number of fen as a string');
        if (!okMax) add('/maxFen', '最高金额须为整数分（字符串）', 'maxFen must be a whole number of fen as a string');
        if (okMin && okMax && r.minFen === undefined && r.maxFen === undefined) add('', '金额条件须有最低或最高金额', 'an amount rule needs minFen or maxFen');
        if (okMin && okMax && typeof r.minFen === 'string' && typeof r.maxFen === 'string' && BigInt(r.minFen) > BigInt(r.maxFen)) add('/maxFen', '最高金额不能低于最低金额', 'maxFen cannot be below minFen');
        break;
      }
      case 'rate_cap':
        if (typeof r.maxBp !== 'number' || !Number.isInteger(r.maxBp) || r.maxBp < 0 || r.maxBp > 10_000) add('/maxBp', '利率上限须为 0–10000 的整数基点', 'maxBp must be a whole number of basis points 0–10000');
        break;
      case 'term':
        if (!isMonths(r.minMonths) || !isMonths(r.maxMonths) || (r.minMonths === undefined && r.maxMonths === undefined)) add('', '期限条件须有 1–360 的整数月数', 'a term rule needs minMonths and/or maxMonths, whole months 1–360');
        else if (typeof r.minMonths === 'number' && typeof r.maxMonths === 'number' && r.minMonths > r.maxMonths) add('/maxMonths', '最长期限不能短于最短期限', 'maxMonths cannot be below minMonths');
        break;
      case 'institution_category':
        if (!isStrings(r.categories) || r.categories.some((c) => !Object.hasOwn(cfg.institutionCategories, c))) {
          add('/categories', `机构类型须为 ${Object.keys(cfg.institutionCategories).join('、')} 中的一个或多个`, `categories must be one or more of ${Object.keys(cfg.institutionCategories).join(', ')}`);
        }
        break;
      default:
        add('/rule', `未知贷款条件类型 ${String(r.rule)}`, `unknown loan rule kind ${String(r.rule)}`);
    }
  });
  return out;
}

/** Every loan rule's outcome, the implied window rule first. The rules must have been validated. */
export function explainLoanRules(rules: readonly LoanRule[], window: { validFrom: string; validTo: string }, l: LoanFacts): LoanRuleOutcome[] {
  const cfg = policyConfig();
  const inWindow = l.disbursedOn >= window.validFrom && l.disbursedOn <= window.validTo;
  const out: LoanRuleOutcome[] = [{
    rule: 'window', kind: 'window', held: inWindow,
    zh: inWindow ? `放款日 ${l.disbursedOn} 在政策有效期 ${window.validFrom} 至 ${window.validTo} 内` : `放款日 ${l.disbursedOn} 不在政策有效期 ${window.validFrom} 至 ${window.validTo} 内`,
    en: inWindow ? `disbursed on ${l.disbursedOn}, within the policy window ${window.validFrom} – ${window.validTo}` : `disbursed on ${l.disbursedOn}, outside the policy window ${window.validFrom} – ${window.validTo}`,
  }];
  rules.forEach((r, i) => {
    const id = String(i);
    const push = (held: boolean, zh: string, en: string) => out.push({ rule: id, kind: r.rule, held, zh, en });
    switch (r.rule) {
      case 'security': {
        const held = r.securities.includes(l.security);
        push(held, held ? `担保方式为${SECURITY_ZH[l.security] ?? l.security}，符合要求` : `担保方式为${SECURITY_ZH[l.security] ?? l.security}，政策仅支持${r.securities.map((s) => SECURITY_ZH[s] ?? s).join('、')}贷款`,
          held ? `security ${l.security} is supported` : `security ${l.security}; the policy supports ${r.securities.join(', ')} loans only`);
        break;
      }
      case 'amount': {
        const lo = r.minFen === undefined ? null : BigInt(r.minFen);
        const hi = r.maxFen === undefined ? null : BigInt(r.maxFen);
        const held = (lo === null || l.amountFen >= lo) && (hi === null || l.amountFen <= hi);
        const range = `${lo === null ? '' : `${yuan(lo)} 元起`}${hi === null ? '' : `，不超过 ${yuan(hi)} 元`}`;
        push(held, `放款金额 ${yuan(l.amountFen)} 元${held ? '，符合' : '，不符合'}政策金额要求（${range.replace(/^，/, '')}）`,
          `principal CNY ${yuan(l.amountFen)} ${held ? 'meets' : 'fails'} the amount rule (${lo === null ? '' : `from CNY ${yuan(lo)}`}${lo !== null && hi !== null ? ' ' : ''}${hi === null ? '' : `up to CNY ${yuan(hi)}`})`);
        break;
      }
      case 'rate_cap': {
        const held = l.rateBp <= r.maxBp;
        push(held, `执行年利率 ${l.rateBp / 100}%${held ? '，不高于' : '，高于'}政策上限 ${r.maxBp / 100}%`, `annual rate ${l.rateBp / 100}% ${held ? 'within' : 'above'} the policy cap of ${r.maxBp / 100}%`);
        break;
      }
      case 'term': {
        const held = (r.minMonths === undefined || l.termMonths >= r.minMonths) && (r.maxMonths === undefined || l.termMonths <= r.maxMonths);
        push(held, `贷款期限 ${l.termMonths} 个月${held ? '，符合' : '，不符合'}政策期限要求（${r.minMonths ?? 1}–${r.maxMonths ?? 360} 个月）`,
          `term ${l.termMonths} months ${held ? 'meets' : 'fails'} the term rule (${r.minMonths ?? 1}–${r.maxMonths ?? 360} months)`);
        break;
      }
      case 'institution_category': {
        const held = l.institutionCategory !== null && r.categories.includes(l.institutionCategory);
        const names = r.categories.map((c) => cfg.institutionCategories[c]?.zh ?? c).join('、');
        push(held, held ? `放款机构 ${l.institutionName} 属于政策支持的机构类型` : `放款机构 ${l.institutionName} 不属于政策支持的机构类型（${names}）`,
          held ? `lender ${l.institutionName} is of a supported type` : `lender ${l.institutionName} is not of a supported type (${r.categories.join(', ')})`);
        break;
      }
    }
  });
  return out;
}
