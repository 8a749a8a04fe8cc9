import type { Platform } from '../../platform/platform.ts';
import type { EntityService } from '../entities/index.ts';
import type { EvaluationService } from '../evaluation/index.ts';
import type { IdentityService } from '../identity/index.ts';
import { actorOf } from '../audit/index.ts';
import { addMonths, createScorecardService, cstDay, simulateLoanBook } from '../scorecards/index.ts';

/** The demo bank that feeds back the simulated loan book (created by seedDemo). */
export const DEMO_LENDER = '华北示范商业银行廊坊分行';

/**
 * A simulated loan book for the demo (C6 scorecards): `loans` (default 1,000) loans from the demo bank to registered enterprises,
 * disbursed 14–36 months ago, each reported in the month it was disbursed (so its feature snapshot counts as taken
 * at disbursement), and their outcomes fed back today — enough for an operator to train a first scorecard.
 * The default risk rises with youth, small size, missing staff, deregistration, penalties and enforcement
 * (simulateLoanBook). The snapshots are the features the platform holds now: the demo has no history to replay.
 * Runs once: nothing happens when the bank has reported loans already.
 */
export async function seedDemoLoans(platform: Platform, services: { identity: IdentityService; entities: EntityService; evaluation: EvaluationService }, opts: { loans?: number; seed?: number } = {}): Promise<number> {
  const bank = (await services.identity.organisations('institution')).find((o) => o.name === DEMO_LENDER);
  if (!bank) return 0;
  let simulated = Date.now();
  const scorecards = createScorecardService({ db: platform.db, features: services.evaluation, clock: () => simulated });
  if ((await scorecards.loanCounts(bank.id)).length > 0) return 0;
  const wanted = opts.loans ?? 1000;
  const usccs: string[] = [];
  for (let cursor: string | undefined; usccs.length < wanted;) {
    const page = await services.entities.search({ limit: 200, cursor });
    usccs.push(...page.items.map((e) => e.uscc));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const features = await services.evaluation.currentFeatures(usccs.slice(0, wanted));
  const today = cstDay(Date.now());
  const book = simulateLoanBook([...features].map(([uscc, f]) => ({ uscc, features: f.features })), {
    seed: opts.seed ?? 20261128, today, refPrefix: 'DEMO-',
    disbursedOn: (_i, random) => {
      const month = addMonths(today, -(14 + Math.floor(random() * 23)));
      return `${month.slice(0, 8)}${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    },
  });
  const requester = { actor: actorOf(null), name: 'demo' };
  const byMonth = new Map<string, typeof book>();
  for (const l of book) byMonth.set(l.disbursedOn.slice(0, 7), [...(byMonth.get(l.disbursedOn.slice(0, 7)) ?? []), l]);
  for (const [month, loans] of [...byMonth].sort(([a], [b]) => a.localeCompare(b))) {
    // reported on the 28th of the month of disbursement, 10:00 China time
    simulated = Date.parse(`${month}-28T10:00:00+08:00`);
    await scorecards.reportLoans(bank.id, loans.map(({ outcome: _o, outcomeOn: _d, ...l }) => l), requester);
  }
  simulated = Date.now();
  await scorecards.reportLoans(bank.id, book.map((l) => ({ loanRef: l.loanRef, outcome: l.outcome, outcomeOn: l.outcomeOn })), requester);
  return book.length;
}
