/** A dashboard as a table (CSV with a UTF-8 BOM so Excel opens the Chinese headings correctly, and XLSX). */
import { COUNT_FIELDS, FEN_FIELDS } from './figures.ts';
import type { Dashboard } from './service.ts';

type Lang = 'zh' | 'en';

const HEAD: Record<string, { zh: string; en: string }> = {
  key: { zh: '代码', en: 'Key' }, label: { zh: '名称', en: 'Name' },
  registered: { zh: '新注册企业数', en: 'Newly registered enterprises' }, authorised: { zh: '授权企业数', en: 'Authorising enterprises' },
  demands: { zh: '融资需求笔数', en: 'Demands' }, demandFen: { zh: '需求金额（分）', en: 'Demand amount (fen)' },
  applications: { zh: '申请笔数', en: 'Applications' }, applicationFen: { zh: '申请金额（分）', en: 'Application amount (fen)' },
  approvals: { zh: '审批通过笔数', en: 'Approvals' }, approvalFen: { zh: '审批金额（分）', en: 'Approved amount (fen)' },
  loans: { zh: '放款笔数', en: 'Loans' }, loanFen: { zh: '放款金额（分）', en: 'Loan amount (fen)' },
  creditLoans: { zh: '信用贷款笔数', en: 'Credit loans' }, creditLoanFen: { zh: '信用贷款金额（分）', en: 'Credit-loan amount (fen)' },
  rateWeight: { zh: '利率×金额合计（基点·分）', en: 'Σ rate × amount (bp·fen)' },
  responses: { zh: '已响应申请数', en: 'Answered applications' }, responseSeconds: { zh: '响应时长合计（秒）', en: 'Σ response time (s)' },
  whitelisted: { zh: '白名单企业数', en: 'White-listed enterprises' }, whitelistConverted: { zh: '白名单转化企业数', en: 'White-list conversions' },
  payouts: { zh: '政策兑付笔数', en: 'Policy payouts' }, payoutFen: { zh: '兑付金额（分）', en: 'Payout amount (fen)' },
  creditShareBp: { zh: '信用贷款占比（基点）', en: 'Credit-loan share (bp)' }, averageRateBp: { zh: '加权平均利率（基点）', en: 'Weighted average rate (bp)' },
  approvalRateBp: { zh: '审批通过率（基点）', en: 'Approval rate (bp)' }, averageResponseMinutes: { zh: '平均响应时长（分钟）', en: 'Average response (minutes)' },
  whitelistConversionBp: { zh: '白名单转化率（基点）', en: 'White-list conversion (bp)' },
};
const DERIVED = ['creditShareBp', 'averageRateBp', 'approvalRateBp', 'averageResponseMinutes', 'whitelistConversionBp'] as const;
export const COLUMNS = ['key', 'label', ...COUNT_FIELDS, ...FEN_FIELDS, ...DERIVED] as const;

/** The table: a heading row, one row per group, then the total; numbers stay numbers or integer strings. */
export function dashboardTable(d: Dashboard, lang: Lang): (string | number | null)[][] {
  const line = (key: string, label: string, figures: Record<string, string | number>, derived: Record<string, number | null>) =>
    COLUMNS.map((c) => (c === 'key' ? key : c === 'label' ? label : c in figures ? figures[c] : derived[c] ?? null));
  return [
    COLUMNS.map((c) => HEAD[c][lang]),
    ...d.rows.map((r) => line(r.key, r.label[lang], r.figures, r.derived as unknown as Record<string, number | null>)),
    line('total', lang === 'zh' ? `合计（${d.scope.name}）` : `Total (${d.scope.name})`, d.total.figures, d.total.derived as unknown as Record<string, number | null>),
  ];
}

const quote = (v: string | number | null) => {
  if (v === null) return '';
  const s = String(v);
  // RFC 4180 quoting; a leading = + - @ would be a formula in a spreadsheet (CSV injection), so it is prefixed with '
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv(table: (string | number | null)[][]): string {
  return `\uFEFF${table.map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
}
