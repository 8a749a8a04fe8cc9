/**
 * The bad definition of a scorecard (SPEC C6): which reported loans count as good, bad or indeterminate over a
 * performance window after disbursement, and which are left out because their feature snapshot was taken too
 * long after the loan (the snapshot could then hold facts from after the credit decision).
 */
export type Outcome = 'performing' | 'repaid' | 'defaulted';
export type Label = 'good' | 'bad' | 'indeterminate' | 'late_snapshot';

export interface PerformanceRule {
  /** Months after disbursement a loan is observed (default 12). */
  windowMonths: number;
  /** A loan reported more than this many days after disbursement trains nothing: its snapshot is not "at disbursement". */
  maxSnapshotLagDays: number;
  /** When true a loan repaid before the window ends is indeterminate rather than good (default false). */
  repaidNeedsWindow: boolean;
}

export const DEFAULT_RULE: PerformanceRule = { windowMonths: 12, maxSnapshotLagDays: 31, repaidNeedsWindow: false };

export interface LoanFacts {
  disbursedOn: string;
  /** When the loan was reported, i.e. when its features were snapshotted. */
  reportedAt: Date;
  outcome: Outcome | null;
  outcomeOn: string | null;
}

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar day ('YYYY-MM-DD') of an instant: loan dates are Chinese business days. */
export function cstDay(ms: number): string {
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** `date` plus whole calendar months; the day is clamped to the month's last day (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whole days from calendar day `a` to calendar day `b`. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/**
 * good: repaid, or still performing at least `windowMonths` after disbursement;
 * bad: defaulted on or before the end of the window;
 * indeterminate: no outcome yet, performing but observed for less than the window, defaulted after it, or (with
 * `repaidNeedsWindow`) repaid before it ends;
 * late_snapshot: reported more than `maxSnapshotLagDays` days after disbursement, whatever the outcome.
 */
export function classifyLoan(loan: LoanFacts, rule: PerformanceRule = DEFAULT_RULE): Label {
  if (daysBetween(loan.disbursedOn, cstDay(loan.reportedAt.getTime())) > rule.maxSnapshotLagDays) return 'late_snapshot';
  if (loan.outcome === null || loan.outcomeOn === null) return 'indeterminate';
  const windowEnd = addMonths(loan.disbursedOn, rule.windowMonths);
  switch (loan.outcome) {
    case 'defaulted':
      return loan.outcomeOn <= windowEnd ? 'bad' : 'indeterminate';
    case 'repaid':
      return rule.repaidNeedsWindow && loan.outcomeOn < windowEnd ? 'indeterminate' : 'good';
    case 'performing':
      return loan.outcomeOn >= windowEnd ? 'good' : 'indeterminate';
  }
}

export interface PopulationCounts {
  good: number;
  bad: number;
  indeterminate: number;
  lateSnapshot: number;
}

export function countLabels(labels: Iterable<Label>): PopulationCounts {
  const c: PopulationCounts = { good: 0, bad: 0, indeterminate: 0, lateSnapshot: 0 };
  for (const l of labels) {
    if (l === 'late_snapshot') c.lateSnapshot++;
    else c[l]++;
  }
  return c;
}
