import { readFileSync } from 'node:fs';
import { badRequest, conflict } from '../../platform/http/index.ts';
import type { Localized } from '../../platform/i18n/index.ts';

/**
 * C9 the application state machine (融资申请流程), pure: which action may move an application from which status,
 * who may take it, and the coded lists (decline reasons, securities) of src/data/marketplace/workflow-v1.json.
 *
 * ```
 *            submit (enterprise)                    accept (institution)          approve
 *   (none) ───────────────────▶ submitted ───────────────────────▶ accepted ───────────────▶ approved ──disburse──▶ disbursed
 *   (none) ──take (接单, institution)──────────────────────────────▲   │                                          │
 *                              │  └──withdraw (enterprise)──▶ withdrawn   └──decline (reason code)──▶ declined     repayment
 *                              └──decline──▶ declined                                                              ▼
 *                                                                               repaying ──repaid──▶ closed / ──defaulted──▶ defaulted
 * ```
 * `escalate` (the SLA sweep) is recorded on the timeline without changing the status.
 */
export const STATUSES = ['submitted', 'accepted', 'approved', 'declined', 'withdrawn', 'disbursed', 'repaying', 'closed', 'defaulted'] as const;
export type ApplicationStatus = (typeof STATUSES)[number];
export const ACTIONS = ['submit', 'take', 'withdraw', 'accept', 'escalate', 'approve', 'decline', 'disburse', 'repayment'] as const;
export type ApplicationAction = (typeof ACTIONS)[number];
export type Party = 'enterprise' | 'institution' | 'system';
export const REPAYMENT_STATUSES = ['performing', 'overdue', 'repaid', 'defaulted'] as const;
export type RepaymentStatus = (typeof REPAYMENT_STATUSES)[number];

interface Transition { from: readonly (ApplicationStatus | null)[]; party: Party }

export const TRANSITIONS: Readonly<Record<ApplicationAction, Transition>> = {
  submit: { from: [null], party: 'enterprise' },
  take: { from: [null], party: 'institution' },
  withdraw: { from: ['submitted'], party: 'enterprise' },
  accept: { from: ['submitted'], party: 'institution' },
  escalate: { from: ['submitted'], party: 'system' },
  approve: { from: ['accepted'], party: 'institution' },
  decline: { from: ['submitted', 'accepted'], party: 'institution' },
  disburse: { from: ['approved'], party: 'institution' },
  repayment: { from: ['disbursed', 'repaying'], party: 'institution' },
};

export const TERMINAL: readonly ApplicationStatus[] = ['declined', 'withdrawn', 'closed', 'defaulted'];

export interface WorkflowConfig {
  slaWorkingDays: number;
  declineReasons: Record<string, Localized>;
  securities: Record<string, Localized>;
  statuses: Record<ApplicationStatus, Localized>;
  actions: Record<ApplicationAction, Localized>;
  repaymentStatuses: Record<RepaymentStatus, Localized>;
}

let cached: WorkflowConfig | null = null;
/** The shipped workflow configuration (SLA, coded lists, labels). */
export function workflowConfig(): WorkflowConfig {
  cached ??= JSON.parse(readFileSync(new URL('../../data/marketplace/workflow-v1.json', import.meta.url), 'utf8')) as WorkflowConfig;
  return cached;
}

/** The status an action leads to from `from` (the repayment action depends on the reported repayment status). */
export function nextStatus(from: ApplicationStatus | null, action: ApplicationAction, repayment?: RepaymentStatus): ApplicationStatus {
  const t = TRANSITIONS[action];
  if (!t.from.includes(from)) {
    const cfg = workflowConfig();
    const was = from ? cfg.statuses[from] : { zh: '无', en: 'none' };
    throw conflict('APPLICATION_STATE', {
      zh: `当前状态为“${was.zh}”，不能执行“${cfg.actions[action].zh}”`,
      en: `The application is “${was.en}”; “${cfg.actions[action].en}” is not allowed now`,
    }, { status: from, action });
  }
  switch (action) {
    case 'submit': return 'submitted';
    case 'take': case 'accept': return 'accepted';
    case 'withdraw': return 'withdrawn';
    case 'escalate': return 'submitted';
    case 'approve': return 'approved';
    case 'decline': return 'declined';
    case 'disburse': return 'disbursed';
    case 'repayment':
      if (repayment === 'repaid') return 'closed';
      if (repayment === 'defaulted') return 'defaulted';
      return 'repaying';
  }
}

/** Integer fen from a decimal digit string: refuses "1.5", "1e3", "-1", numbers (floats in JSON) and zero. */
export function fenOf(value: unknown, field: string): bigint {
  if (typeof value !== 'string' || !/^[1-9]\d{0,17}$/.test(value)) {
    throw badRequest('AMOUNT_NOT_INTEGER_FEN', {
      zh: `${field} 须为以分为单位的正整数字符串（如 "500000000"），不能含小数点、指数或符号`,
      en: `${field} must be a positive whole number of fen as a string (e.g. "500000000"), without a decimal point, exponent or sign`,
    }, { field });
  }
  return BigInt(value);
}

/** Integer basis points (0–10,000 a year): refuses fractions. */
export function bpOf(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10_000) {
    throw badRequest('RATE_NOT_INTEGER_BP', {
      zh: `${field} 须为 0–10000 之间的整数基点（385 表示年利率 3.85%）`,
      en: `${field} must be a whole number of basis points between 0 and 10000 (385 = 3.85 % a year)`,
    }, { field });
  }
  return value;
}

export function assertCoded(list: Record<string, Localized>, code: string, errorCode: string, what: Localized): void {
  if (!Object.hasOwn(list, code)) {
    throw badRequest(errorCode, { zh: `未知的${what.zh}：${code}`, en: `Unknown ${what.en}: ${code}` }, { allowed: Object.keys(list) });
  }
}
