/**
 * The rules of the coordination mechanism that need no database: negative-list screening (负面清单) of a candidate
 * with its reasons, the response deadline and overdue flag, and money as integer fen (never a float).
 */
import { readFileSync } from 'node:fs';
import { badRequest } from '../../platform/http/index.ts';

/** One negative-list rule: the candidate is excluded when the evaluation feature passes the test. */
export interface NegativeRule {
  id: string;
  feature: string;
  test: { type: 'above'; value: number } | { type: 'in'; values: string[] };
  zh: string;
  en: string;
  passZh: string;
  passEn: string;
}

export interface NegativeList { version: string; source: string; effectiveFrom: string; rules: NegativeRule[] }

export interface Coded { code: string; zh: string; en: string }

export interface FeedbackSettings {
  version: string;
  source: string;
  effectiveFrom: string;
  /** calendar days a bank has to give its first response after the list is pushed */
  responseDeadlineDays: number;
  channels: Coded[];
  difficulties: Coded[];
  declineReasons: Coded[];
}

/** A reason stored with a candidate: a rule that held or failed, or a fact shown for information. */
export interface Reason { rule: string; outcome: 'pass' | 'fail' | 'info'; zh: string; en: string; value?: string | null }

function readData<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../data/coordination/${name}`, import.meta.url), 'utf8')) as T;
}

/** Refuses a malformed negative list at start-up rather than screening with it. */
export function validateNegativeList(list: NegativeList): string[] {
  const problems: string[] = [];
  if (!list.version || !list.source) problems.push('version and source are required');
  const ids = new Set<string>();
  for (const r of list.rules ?? []) {
    if (ids.has(r.id)) problems.push(`rule ${r.id} is defined twice`);
    ids.add(r.id);
    if (!r.feature) problems.push(`rule ${r.id} names no feature`);
    if (!r.zh || !r.en || !r.passZh || !r.passEn) problems.push(`rule ${r.id} needs zh/en texts for both outcomes`);
    const ok = r.test?.type === 'above' ? Number.isFinite(r.test.value) : r.test?.type === 'in' ? Array.isArray(r.test.values) && r.test.values.length > 0 : false;
    if (!ok) problems.push(`rule ${r.id} has an unknown test`);
  }
  if (ids.size === 0) problems.push('the negative list has no rules');
  return problems;
}

export function loadNegativeList(): NegativeList {
  const list = readData<NegativeList>('negative-list-v1.json');
  const problems = validateNegativeList(list);
  if (problems.length) throw new Error(`src/data/coordination/negative-list-v1.json: ${problems.join('; ')}`);
  return list;
}

export function loadFeedbackSettings(): FeedbackSettings {
  const s = readData<FeedbackSettings>('feedback-v1.json');
  if (!Number.isInteger(s.responseDeadlineDays) || s.responseDeadlineDays < 1) throw new Error('src/data/coordination/feedback-v1.json: responseDeadlineDays must be a positive integer');
  return s;
}

/** What is known about a candidate when the list is built. */
export interface CandidateFacts {
  /** false when the enterprise has left the registry since the visit */
  registered: boolean;
  /** the enterprise's current evaluation features (C6); absent keys mean no record */
  features: Record<string, unknown> | null;
  /** the period of the latest white-list the enterprise is on, or null; undefined when no white-list was run */
  whitelistPeriod?: string | null;
  needAmountFen: bigint;
}

function fails(rule: NegativeRule, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (rule.test.type === 'above') return typeof value === 'number' ? value > rule.test.value : typeof value === 'boolean' ? Number(value) > rule.test.value : false;
  return rule.test.values.includes(String(value));
}

/**
 * Screens one candidate against the negative list. Every rule gives a reason (held or failed) so the operator sees
 * why an enterprise is in or out; a missing fact (no record) does not exclude. The white-list and the need are
 * shown for information and never decide.
 */
export function screenCandidate(facts: CandidateFacts, list: NegativeList): { included: boolean; reasons: Reason[] } {
  const reasons: Reason[] = [];
  if (!facts.registered) {
    reasons.push({ rule: 'registry', outcome: 'fail', zh: '已不在市场主体名录中', en: 'No longer in the market-entity registry', value: null });
  }
  for (const rule of list.rules) {
    const raw = facts.features?.[rule.feature];
    const value = raw === undefined || raw === null ? null : String(raw);
    reasons.push(fails(rule, raw)
      ? { rule: rule.id, outcome: 'fail', zh: rule.zh, en: rule.en, value }
      : { rule: rule.id, outcome: 'pass', zh: rule.passZh, en: rule.passEn, value });
  }
  const yuan = fenToYuan(facts.needAmountFen).replace(/\B(?=(\d{3})+(?!\d))(?=\d*\.)/g, ',');
  reasons.push({ rule: 'financing_need', outcome: 'info', zh: `走访记录的融资需求 ${yuan} 元`, en: `Financing need recorded at the visit: CNY ${yuan}`, value: facts.needAmountFen.toString() });
  if (facts.whitelistPeriod !== undefined) {
    reasons.push(facts.whitelistPeriod
      ? { rule: 'whitelist', outcome: 'info', zh: `在 ${facts.whitelistPeriod} 信易贷白名单上`, en: `On the ${facts.whitelistPeriod} white-list`, value: facts.whitelistPeriod }
      : { rule: 'whitelist', outcome: 'info', zh: '不在最近一期信易贷白名单上', en: 'Not on the latest white-list', value: null });
  }
  return { included: !reasons.some((r) => r.outcome === 'fail'), reasons };
}

const FEN = /^[1-9][0-9]{0,14}$/;

/**
 * An amount in integer fen from the API: a string of digits (or an integer a JSON client sent, which the schema
 * turns into its digits). Fractions, exponents and floats are refused, never rounded.
 */
export function parseFen(value: string | number, field: string): bigint {
  const text = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : '') : value;
  if (!FEN.test(text)) {
    throw badRequest('COORDINATION_AMOUNT_INVALID', {
      zh: `${field} 须为以分计的正整数（至多 15 位），不接受小数`,
      en: `${field} must be a positive whole number of fen (up to 15 digits); fractions are refused`,
    }, { field });
  }
  return BigInt(text);
}

/** Fen as a yuan decimal string ('123456' → '1234.56'), by digits only. */
export function fenToYuan(fen: bigint | string): string {
  const s = (typeof fen === 'bigint' ? fen : BigInt(fen)).toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

const DAY_MS = 86_400_000;

/** When a bank's first response is due: the push plus the deadline in calendar days. */
export function dueAt(assignedAt: Date, deadlineDays: number): Date {
  return new Date(assignedAt.getTime() + deadlineDays * DAY_MS);
}

/** Overdue: no response yet and the due time has passed. A response, however late, ends it. */
export function isOverdue(a: { status: string; dueAt: Date }, now: number): boolean {
  return a.status === 'pending' && now > a.dueAt.getTime();
}

/** The responses a bank may give from each state (受理 → 授信 → 放款; 不予授信 until credit is granted). */
export const TRANSITIONS: Record<string, readonly string[]> = {
  pending: ['accepted', 'granted', 'declined'],
  accepted: ['granted', 'declined'],
  granted: ['disbursed'],
  disbursed: [],
  declined: [],
};

/** The first and the last calendar day of a 'YYYY-MM' period. */
export function periodDays(period: string): { from: string; to: string } {
  const [y, m] = period.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${period}-01`, to: `${period}-${String(last).padStart(2, '0')}` };
}
