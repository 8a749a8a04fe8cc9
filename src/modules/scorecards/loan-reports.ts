import type { Localized } from '../../platform/i18n/index.ts';
import { badRequest } from '../../platform/http/index.ts';
import { parseCsv } from '../scoring/index.ts';
import { usccError } from '../entities/index.ts';
import type { Outcome } from './performance-window.ts';

/**
 * A loan as an institution reports it: at disbursement (USCC, its own reference, date, amount in fen, term) and
 * later its outcome — in one item or two. Amounts are integer fen as a digit string: never a float.
 */
export interface LoanReport {
  loanRef: string;
  uscc?: string;
  disbursedOn?: string;
  amountFen?: string;
  termMonths?: number;
  outcome?: Outcome | null;
  outcomeOn?: string | null;
}

export interface ItemProblem extends Localized {
  code: string;
}

export const OUTCOMES: readonly Outcome[] = ['performing', 'repaid', 'defaulted'];
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const FEN = /^[1-9]\d{0,15}$/;

const problem = (code: string, zh: string, en: string): ItemProblem => ({ code, zh, en });

function validDate(s: string): boolean {
  return DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}

/** Checks the fields an item carries (whether a new loan has all of them is decided against the stored loans). */
export function checkReport(r: LoanReport, today: string): ItemProblem | null {
  if (!r.loanRef || r.loanRef.length > 64 || r.loanRef.trim() !== r.loanRef) {
    return problem('SCORECARD_LOAN_REF_INVALID', '贷款编号须为 1–64 个字符且首尾无空格', 'The loan reference must be 1–64 characters without leading or trailing spaces');
  }
  if (r.uscc !== undefined) {
    const err = usccError(r.uscc);
    if (err) return { code: err.code, ...err.text };
  }
  if (r.disbursedOn !== undefined) {
    if (!validDate(r.disbursedOn)) return problem('SCORECARD_DATE_INVALID', `放款日期 ${r.disbursedOn} 不是有效日期（YYYY-MM-DD）`, `The disbursement date ${r.disbursedOn} is not a valid date (YYYY-MM-DD)`);
    if (r.disbursedOn > today) return problem('SCORECARD_DATE_IN_FUTURE', `放款日期 ${r.disbursedOn} 晚于今天`, `The disbursement date ${r.disbursedOn} is after today`);
  }
  if (r.amountFen !== undefined && !FEN.test(r.amountFen)) {
    return problem('SCORECARD_AMOUNT_INVALID', '放款金额须为正整数（单位：分）', 'The amount must be a positive whole number of fen');
  }
  if (r.termMonths !== undefined && !(Number.isInteger(r.termMonths) && r.termMonths >= 1 && r.termMonths <= 600)) {
    return problem('SCORECARD_TERM_INVALID', '贷款期限须为 1–600 个月', 'The term must be 1–600 months');
  }
  const hasOutcome = r.outcome !== undefined && r.outcome !== null;
  const hasDate = r.outcomeOn !== undefined && r.outcomeOn !== null;
  if (hasOutcome !== hasDate) return problem('SCORECARD_OUTCOME_INCOMPLETE', '贷款表现与其日期须同时填写', 'An outcome needs its date, and a date its outcome');
  if (hasOutcome) {
    if (!OUTCOMES.includes(r.outcome as Outcome)) return problem('SCORECARD_OUTCOME_INVALID', '贷款表现须为 performing、repaid 或 defaulted', 'The outcome must be performing, repaid or defaulted');
    const on = r.outcomeOn as string;
    if (!validDate(on)) return problem('SCORECARD_DATE_INVALID', `表现日期 ${on} 不是有效日期（YYYY-MM-DD）`, `The outcome date ${on} is not a valid date (YYYY-MM-DD)`);
    if (on > today) return problem('SCORECARD_DATE_IN_FUTURE', `表现日期 ${on} 晚于今天`, `The outcome date ${on} is after today`);
  }
  return null;
}

/** Loans per CSV upload (the JSON route takes 5,000 per request). */
export const MAX_CSV_ROWS = 20_000;

export const CSV_COLUMNS = ['loan_ref', 'uscc', 'disbursed_on', 'amount_fen', 'term_months', 'outcome', 'outcome_on'] as const;

/**
 * Loan reports from CSV (UTF-8, RFC 4180) with a header naming the columns above in any order; `loan_ref` is
 * required, the others may be absent or empty (an outcome-only file has loan_ref, outcome, outcome_on).
 */
export function reportsFromCsv(text: string): LoanReport[] {
  const rows = parseCsv(text);
  if (rows.length === 0) throw badRequest('SCORECARD_CSV_EMPTY', { zh: 'CSV 文件为空', en: 'The CSV file is empty' });
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length || !header.includes('loan_ref')) {
    throw badRequest('SCORECARD_CSV_HEADER', {
      zh: `CSV 表头须包含 loan_ref，且只能使用这些列：${CSV_COLUMNS.join(', ')}${unknown.length ? `（未知列：${unknown.join(', ')}）` : ''}`,
      en: `The CSV header must include loan_ref and use only these columns: ${CSV_COLUMNS.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`,
    });
  }
  if (rows.length - 1 > MAX_CSV_ROWS) {
    throw badRequest('SCORECARD_CSV_TOO_LARGE', { zh: `一个 CSV 文件最多 ${MAX_CSV_ROWS} 行贷款，请分批上传`, en: `A CSV file may hold at most ${MAX_CSV_ROWS} loans; upload it in parts` });
  }
  return rows.slice(1).map((cells) => {
    const v = (name: string) => {
      const i = header.indexOf(name);
      const cell = i < 0 ? '' : (cells[i] ?? '').trim();
      return cell === '' ? undefined : cell;
    };
    const term = v('term_months');
    return {
      loanRef: v('loan_ref') ?? '',
      uscc: v('uscc')?.toUpperCase(),
      disbursedOn: v('disbursed_on'),
      amountFen: v('amount_fen'),
      termMonths: term === undefined ? undefined : /^\d+$/.test(term) ? Number(term) : NaN,
      outcome: v('outcome') as Outcome | undefined,
      outcomeOn: v('outcome_on'),
    };
  });
}
