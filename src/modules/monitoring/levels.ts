/**
 * 违约失信等级 — default / dishonesty levels of enterprises with platform loans (SPEC C10), pure: the facts taken from
 * the enterprise's platform loans, the level they put it at (rules-v1.json `levels`), and how a stored level moves:
 * up at once, down only after the loans that caused it have been cured or closed for the level's `retainDays`.
 */
import type { Consequence, LevelRule, RuleSet } from './rules.ts';

/** A platform loan as the marketplace reports it (applications in disbursed / repaying / closed / defaulted). */
export interface LoanFacts {
  application_id: string;
  status: string;
  amount_fen: string;
  overdue_days: number | null;
  repayment_status: string | null;
  closed_at: Date | null;
}

export interface LevelBasis {
  /** the most days past due of a loan now overdue */
  maxOverdueDays: number;
  /** defaulted loans that ended within the lookback window */
  defaults: number;
  /** the amount of the overdue and counted defaulted loans, fen as text */
  troubledAmountFen: string;
  /** the applications behind the facts */
  loans: string[];
}

const DAY_MS = 86_400_000;

/** The facts of one enterprise's loans at `now`. */
export function basisOf(loans: readonly LoanFacts[], lookbackDays: number, now: number): LevelBasis {
  let maxOverdueDays = 0;
  let defaults = 0;
  let amount = 0n;
  const ids: string[] = [];
  for (const l of loans) {
    const overdue = (l.status === 'repaying' || l.status === 'disbursed') && l.repayment_status === 'overdue' && (l.overdue_days ?? 0) > 0;
    const defaulted = l.status === 'defaulted' && (l.closed_at === null || now - l.closed_at.getTime() <= lookbackDays * DAY_MS);
    if (overdue) maxOverdueDays = Math.max(maxOverdueDays, l.overdue_days ?? 0);
    if (defaulted) defaults++;
    if (overdue || defaulted) {
      amount += BigInt(l.amount_fen);
      ids.push(l.application_id);
    }
  }
  return { maxOverdueDays, defaults, troubledAmountFen: amount.toString(), loans: ids };
}

/** The most severe level whose conditions hold for the basis (null = none). */
export function levelFor(basis: LevelBasis, levels: readonly LevelRule[]): LevelRule | null {
  const ordered = [...levels].sort((a, b) => b.rank - a.rank);
  for (const level of ordered) {
    const holds = level.when.some((w) => (w.minOverdueDays === undefined || basis.maxOverdueDays >= w.minOverdueDays)
      && (w.minDefaults === undefined || basis.defaults >= w.minDefaults)
      && (w.minTroubledAmountFen === undefined || BigInt(basis.troubledAmountFen) >= BigInt(w.minTroubledAmountFen)));
    if (holds) return level;
  }
  return null;
}

export interface StoredLevel { level: string; cured_at: Date | null; ends_at: Date | null }

export type LevelMove =
  | { kind: 'none' }
  /** a new level, or a change of level in force now (up at once; down when the retained level ran out) */
  | { kind: 'set'; level: LevelRule }
  /** the facts no longer hold the stored level: it stays until `endsAt` */
  | { kind: 'cured'; endsAt: Date }
  /** the facts hold the stored level again before it ran out */
  | { kind: 'relapsed' }
  /** the retained level ran out and nothing holds now */
  | { kind: 'ended' };

/**
 * How the stored level of an enterprise moves given the level its facts put it at now. A worse level applies at
 * once; a better one only once the stored level has been retained `retainDays` after the cure (the time the facts
 * stopped holding it), so a borrower cannot shed a level by curing the day before applying.
 */
export function moveOf(stored: StoredLevel | null, computed: LevelRule | null, set: RuleSet, now: number): LevelMove {
  if (!stored) return computed ? { kind: 'set', level: computed } : { kind: 'none' };
  const current = set.levels.find((l) => l.id === stored.level);
  // a level dropped from the rules by a new version: the facts decide afresh
  if (!current) return computed ? { kind: 'set', level: computed } : { kind: 'ended' };
  if (computed && computed.rank > current.rank) return { kind: 'set', level: computed };
  if (computed && computed.rank === current.rank) return stored.cured_at ? { kind: 'relapsed' } : { kind: 'none' };
  if (!stored.ends_at) return { kind: 'cured', endsAt: new Date(now + current.retainDays * DAY_MS) };
  if (stored.ends_at.getTime() > now) return { kind: 'none' };
  return computed ? { kind: 'set', level: computed } : { kind: 'ended' };
}

/** Whether a level carries a consequence. */
export const hasConsequence = (level: LevelRule | undefined, c: Consequence): boolean => level?.consequences.includes(c) ?? false;
