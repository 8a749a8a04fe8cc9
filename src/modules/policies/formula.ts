/**
 * The benefit formula of a policy, as data, and its computation in integer fen (bigint; never a float).
 *
 * ```jsonc
 * { "rateBp": 150, "maxDays": 365, "capFen": "5000000" }                 // interest_subsidy: 贴息率 1.50 %, ≤ 365 days
 * { "shareBp": 4000, "capFen": "20000000" }                              // risk_compensation / re_guarantee: 40 % of the loss
 * { "shareBp": 5000, "feeRateCapBp": 100, "capFen": "3000000" }          // guarantee_fee_subsidy: 50 % of the fee, fee ≤ 1 %
 * ```
 * Rounding: every division rounds down to the whole fen (the public purse never pays a fraction up), once, at the end
 * of each product — interest subsidy = ⌊principal × bp × days ÷ (10,000 × 365)⌋. The cap is per enterprise and
 * policy: what the enterprise has been approved or paid under the policy already is taken off it.
 */
import type { Localized } from '../../platform/i18n/index.ts';
import type { PolicyKind } from './kinds.ts';
import type { LoanFacts } from './loan-rules.ts';

export interface Formula {
  rateBp?: number;
  maxDays?: number;
  shareBp?: number;
  feeRateCapBp?: number;
  capFen: string;
}

export interface FormulaProblem { path: string; zh: string; en: string }

/** What the applicant states (fen as digit strings): the guarantee fee paid, or the principal loss / compensation paid. */
export interface DeclaredFacts { guaranteeFeeFen?: string; lossFen?: string }

export interface Computation {
  kind: PolicyKind;
  /** the formula's inputs, shown to the reviewer beside the result */
  inputs: Record<string, string | number>;
  /** before the per-enterprise cap */
  uncappedFen: string;
  /** what the cap leaves (cap − already approved or paid for the enterprise under this policy) */
  capLeftFen: string;
  amountFen: string;
  capped: boolean;
  /** the sum written out with the numbers, in both languages */
  text: Localized;
}

const FEN = /^(0|[1-9][0-9]{0,15})$/;
const isBp = (v: unknown, max = 10_000) => typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= max;

/** Every problem of a formula for a policy kind (empty = valid). */
export function validateFormula(kind: PolicyKind, raw: unknown): FormulaProblem[] {
  const out: FormulaProblem[] = [];
  const add = (path: string, zh: string, en: string) => out.push({ path: `/formula${path}`, zh, en });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [{ path: '/formula', zh: '计算公式须为对象', en: 'the formula must be an object' }];
  const f = raw as Record<string, unknown>;
  const allowed = kind === 'interest_subsidy' ? ['rateBp', 'maxDays', 'capFen'] : kind === 'guarantee_fee_subsidy' ? ['shareBp', 'feeRateCapBp', 'capFen'] : ['shareBp', 'capFen'];
  for (const k of Object.keys(f)) if (!allowed.includes(k)) add(`/${k}`, `该类政策的公式没有参数 ${k}`, `this kind of policy has no formula parameter ${k}`);
  if (typeof f.capFen !== 'string' || !FEN.test(f.capFen) || f.capFen === '0') add('/capFen', '每户封顶额须为正整数分（字符串）', 'capFen must be a positive whole number of fen as a string');
  if (kind === 'interest_subsidy') {
    if (!isBp(f.rateBp, 2_000)) add('/rateBp', '贴息率须为 1–2000 的整数基点（150 表示年 1.50%）', 'rateBp must be a whole number of basis points 1–2000 (150 = 1.50 % a year)');
    if (typeof f.maxDays !== 'number' || !Number.isInteger(f.maxDays) || f.maxDays < 1 || f.maxDays > 1_095) add('/maxDays', '最长贴息天数须为 1–1095 的整数', 'maxDays must be a whole number 1–1095');
  } else {
    if (!isBp(f.shareBp)) add('/shareBp', '比例须为 1–10000 的整数基点（4000 表示 40%）', 'shareBp must be a whole number of basis points 1–10000 (4000 = 40 %)');
    if (kind === 'guarantee_fee_subsidy' && f.feeRateCapBp !== undefined && !isBp(f.feeRateCapBp, 1_000)) {
      add('/feeRateCapBp', '担保费率上限须为 1–1000 的整数基点', 'feeRateCapBp must be a whole number of basis points 1–1000');
    }
  }
  return out;
}

/** The day after `day` plus `months` calendar months (the end of the term), as YYYY-MM-DD; the month end clamps. */
export function addMonthsToDay(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

const pct = (bp: number | bigint) => `${Number(bp) / 100}%`;
const yuan = (fen: bigint) => {
  const s = (fen < 0n ? -fen : fen).toString().padStart(3, '0');
  return `${fen < 0n ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
};
const min = (a: bigint, b: bigint) => (a < b ? a : b);

/**
 * The benefit of one loan under a policy's formula. `alreadyFen` is what the enterprise has been approved or paid under
 * this policy before (the cap is per enterprise). The declared facts must have been checked (declaredProblem).
 */
export function computeBenefit(kind: PolicyKind, f: Formula, loan: Pick<LoanFacts, 'amountFen' | 'rateBp' | 'termMonths' | 'disbursedOn'>, declared: DeclaredFacts, alreadyFen: bigint): Computation {
  const cap = BigInt(f.capFen);
  const capLeft = cap > alreadyFen ? cap - alreadyFen : 0n;
  let uncapped: bigint;
  let inputs: Record<string, string | number>;
  let zh: string;
  let en: string;
  if (kind === 'interest_subsidy') {
    const termDays = daysBetween(loan.disbursedOn, addMonthsToDay(loan.disbursedOn, loan.termMonths));
    const days = Math.min(termDays, f.maxDays ?? termDays);
    // a subsidy never exceeds the interest the loan actually carries
    const bp = Math.min(f.rateBp ?? 0, loan.rateBp);
    uncapped = (loan.amountFen * BigInt(bp) * BigInt(days)) / (10_000n * 365n);
    inputs = { principalFen: loan.amountFen.toString(), subsidyRateBp: f.rateBp ?? 0, loanRateBp: loan.rateBp, appliedRateBp: bp, termDays, maxDays: f.maxDays ?? termDays, days };
    zh = `${yuan(loan.amountFen)} 元 × ${pct(bp)} × ${days} 天 ÷ 365 = ${yuan(uncapped)} 元`;
    en = `CNY ${yuan(loan.amountFen)} × ${pct(bp)} × ${days} days ÷ 365 = CNY ${yuan(uncapped)}`;
  } else if (kind === 'guarantee_fee_subsidy') {
    const paid = BigInt(declared.guaranteeFeeFen ?? '0');
    const feeCap = f.feeRateCapBp ? (loan.amountFen * BigInt(f.feeRateCapBp)) / 10_000n : paid;
    const fee = min(paid, feeCap);
    uncapped = (fee * BigInt(f.shareBp ?? 0)) / 10_000n;
    inputs = { principalFen: loan.amountFen.toString(), guaranteeFeeFen: paid.toString(), feeRateCapBp: f.feeRateCapBp ?? 0, countedFeeFen: fee.toString(), shareBp: f.shareBp ?? 0 };
    zh = `${f.feeRateCapBp ? `min(${yuan(paid)}, ${yuan(loan.amountFen)} × ${pct(f.feeRateCapBp)}) = ` : ''}${yuan(fee)} 元 × ${pct(f.shareBp ?? 0)} = ${yuan(uncapped)} 元`;
    en = `${f.feeRateCapBp ? `min(${yuan(paid)}, ${yuan(loan.amountFen)} × ${pct(f.feeRateCapBp)}) = ` : ''}CNY ${yuan(fee)} × ${pct(f.shareBp ?? 0)} = CNY ${yuan(uncapped)}`;
  } else {
    const loss = BigInt(declared.lossFen ?? '0');
    uncapped = (loss * BigInt(f.shareBp ?? 0)) / 10_000n;
    inputs = { principalFen: loan.amountFen.toString(), lossFen: loss.toString(), shareBp: f.shareBp ?? 0 };
    zh = `${yuan(loss)} 元 × ${pct(f.shareBp ?? 0)} = ${yuan(uncapped)} 元`;
    en = `CNY ${yuan(loss)} × ${pct(f.shareBp ?? 0)} = CNY ${yuan(uncapped)}`;
  }
  const amount = min(uncapped, capLeft);
  const capped = amount < uncapped;
  inputs = { ...inputs, capFen: cap.toString(), alreadyFen: alreadyFen.toString() };
  if (capped) {
    zh += `；每户封顶 ${yuan(cap)} 元，已享受 ${yuan(alreadyFen)} 元，本次 ${yuan(amount)} 元`;
    en += `; capped at CNY ${yuan(cap)} per enterprise, CNY ${yuan(alreadyFen)} received already: CNY ${yuan(amount)} now`;
  }
  return { kind, inputs, uncappedFen: uncapped.toString(), capLeftFen: capLeft.toString(), amountFen: amount.toString(), capped, text: { zh, en } };
}

/** Why the declared facts do not fit the policy kind and loan (null = they do). */
export function declaredProblem(declaredKind: 'guarantee_fee' | 'loss' | null, d: DeclaredFacts, principalFen: bigint): FormulaProblem | null {
  if (declaredKind === 'guarantee_fee') {
    if (typeof d.guaranteeFeeFen !== 'string' || !FEN.test(d.guaranteeFeeFen) || d.guaranteeFeeFen === '0') {
      return { path: '/declared/guaranteeFeeFen', zh: '请填写已缴纳的担保费（正整数分）', en: 'State the guarantee fee paid (a positive whole number of fen)' };
    }
  }
  if (declaredKind === 'loss') {
    if (typeof d.lossFen !== 'string' || !FEN.test(d.lossFen) || d.lossFen === '0') {
      return { path: '/declared/lossFen', zh: '请填写本金损失或代偿金额（正整数分）', en: 'State the principal loss or compensation paid (a positive whole number of fen)' };
    }
    if (BigInt(d.lossFen) > principalFen) {
      return { path: '/declared/lossFen', zh: `本金损失不能超过放款本金 ${yuan(principalFen)} 元`, en: `The loss cannot exceed the principal disbursed (CNY ${yuan(principalFen)})` };
    }
  }
  return null;
}
