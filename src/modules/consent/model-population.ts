/**
 * C12 clean room: who a model run may score. The enterprises whose live "model" authorisation to the institution
 * covers the run's items, each with the authorisation the run relies on, counting one use of it against its
 * frequency limit (an authorisation at its limit leaves the enterprise out, as `limited`). `admit` sees the
 * population first and may refuse it by throwing; then nothing is counted. Read as it stands now: a revoked
 * authorisation is out of the next run.
 */
import type { Db } from '../../platform/db/index.ts';
import { periodKey } from './policy.ts';
import type { AuthorisationRow, ConsentStore } from './store.ts';

export function createModelPopulation(deps: { db: Db; store: ConsentStore; now: () => Date }) {
  const { db, store, now } = deps;
  return async function takeModelPopulation(institutionOrgId: string, items: readonly string[], admit: (usccs: readonly string[]) => void = () => undefined) {
    const at = now();
    return db.tx(async (q) => {
      const chosen = new Map<string, AuthorisationRow>();
      const uncovered = new Set<string>();
      const limited = new Set<string>();
      const live = await store.liveModel(q, institutionOrgId, at);
      const used = await store.usesMany(q, live.map((a) => ({ id: a.id, periodKey: periodKey(a.frequency_period, at) })));
      for (const a of live) {
        if (chosen.has(a.enterprise_uscc)) continue;
        if (!items.every((i) => a.items.includes(i))) uncovered.add(a.enterprise_uscc);
        else if ((used.get(a.id) ?? 0) >= a.frequency_count) limited.add(a.enterprise_uscc);
        else chosen.set(a.enterprise_uscc, a);
      }
      for (const uscc of chosen.keys()) {
        uncovered.delete(uscc);
        limited.delete(uscc);
      }
      admit([...chosen.keys()]);
      await store.recordUses(q, [...chosen.values()].map((a) => ({ id: a.id, periodKey: periodKey(a.frequency_period, at) })), at);
      return {
        population: [...chosen.values()].map((a) => ({ uscc: a.enterprise_uscc, authorisationId: a.id, purpose: a.purpose })),
        uncovered: uncovered.size,
        limited: limited.size,
      };
    });
  };
}
