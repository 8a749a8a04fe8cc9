import { seededRandom } from '../scoring/index.ts';
import { addMonths, type Outcome } from './performance-window.ts';

/**
 * A simulated loan book for the demo and the tests: loans to enterprises whose chance of default rises with
 * youth, small size, no staff, deregistration, penalties, court enforcement and dishonest-debtor listings — so a
 * scorecard trained on it has something real to find. Deterministic from the seed (xoshiro128**).
 */
export interface SimulatedLoan {
  uscc: string;
  loanRef: string;
  disbursedOn: string;
  amountFen: string;
  termMonths: number;
  outcome: Outcome;
  outcomeOn: string;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Probability that a loan to an enterprise with these features defaults within 12 months (the simulation's truth). */
export function simulatedDefaultRisk(f: Record<string, unknown>): number {
  const years = num(f.years_in_business) ?? 0;
  const employees = num(f.employees);
  const capital = num(f.registered_capital_wan) ?? 0;
  let z = -0.1;
  z -= 0.1 * Math.min(years, 20);
  if (years < 2) z += 0.8;
  z += employees === null ? 0.5 : -0.3 * Math.log1p(employees);
  z -= 0.12 * Math.log1p(Math.max(capital, 0));
  if (f.status !== undefined && f.status !== 'active') z += 1.5;
  if (f.entity_type === 'individual_business') z += 0.4;
  z += 0.8 * (num(f.penalties_active) ?? 0) + 1.2 * (num(f.enforcement_active) ?? 0) + 1.5 * (num(f.dishonest_debtor) ?? 0);
  z += 0.6 * (num(f.utility_arrears_12m) ?? 0);
  return 1 / (1 + Math.exp(-z));
}

/**
 * One loan per listed enterprise, disbursed on `disbursedOn(i)`, with its outcome as of `today`: a bad defaults
 * 2–11 months after disbursement; a good is repaid at the end of its term when that is past, else performing today.
 */
export function simulateLoanBook(enterprises: readonly { uscc: string; features: Record<string, unknown> }[], o: {
  seed: number | string; today: string; disbursedOn: (i: number, random: () => number) => string; refPrefix?: string;
}): SimulatedLoan[] {
  const random = seededRandom(o.seed);
  return enterprises.map((e, i) => {
    const disbursedOn = o.disbursedOn(i, () => random.next());
    const termMonths = [6, 12, 12, 24, 36][random.int(5)];
    const amountFen = String((10 + random.int(490)) * 1_000_000); // 10万 – 500万 yuan in 10,000-yuan steps
    const bad = random.next() < simulatedDefaultRisk(e.features);
    let outcome: Outcome;
    let outcomeOn: string;
    if (bad) {
      outcome = 'defaulted';
      outcomeOn = addMonths(disbursedOn, 2 + random.int(10));
    } else {
      const due = addMonths(disbursedOn, termMonths);
      [outcome, outcomeOn] = due <= o.today ? ['repaid', due] : ['performing', o.today];
    }
    if (outcomeOn > o.today) [outcome, outcomeOn] = ['performing', o.today];
    return { uscc: e.uscc, loanRef: `${o.refPrefix ?? 'L'}${String(i + 1).padStart(6, '0')}`, disbursedOn, amountFen, termMonths, outcome, outcomeOn };
  });
}
