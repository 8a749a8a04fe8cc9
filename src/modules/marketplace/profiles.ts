import type { EnterpriseProfile } from './eligibility.ts';

/**
 * What the eligibility rules look at, assembled from the registry (entities module) and the current evaluation
 * (evaluation module). Both are read through their services (wired in src/app.ts), never by querying their tables.
 */
export interface RegistryFacts {
  uscc: string;
  name: string;
  entity_type: string;
  region_code: string;
  industry_code: string;
  size_class: string;
  status: string;
  established_on: string | null;
  registered_capital_fen: string | null;
}

export interface ProfileSources {
  registry(usccs: readonly string[]): Promise<RegistryFacts[]>;
  /** the current feature rows (enterprises never evaluated are evaluated first) */
  features(usccs: readonly string[]): Promise<Map<string, { features: Record<string, unknown> }>>;
  scores(usccs: readonly string[]): Promise<{ uscc: string; grade: string; tags: string[] }[]>;
}

export type ProfileLoader = (usccs: readonly string[]) => Promise<Map<string, EnterpriseProfile>>;

const DAY_MS = 86_400_000;

/** Whole years and tenths since `established` at `now` (365.25-day years, as the evaluation features). */
export function yearsSince(established: string | null, now: number): number | null {
  if (!established) return null;
  const t = Date.parse(`${established}T00:00:00+08:00`);
  if (Number.isNaN(t)) return null;
  return Math.max(0, Math.floor(((now - t) / DAY_MS / 365.25) * 10) / 10);
}

export function createProfileLoader(src: ProfileSources, clock: () => number = Date.now): ProfileLoader {
  return async (usccs) => {
    const unique = [...new Set(usccs)];
    const out = new Map<string, EnterpriseProfile>();
    if (!unique.length) return out;
    const registry = await src.registry(unique);
    const present = registry.map((r) => r.uscc);
    const features = await src.features(present);
    const scores = new Map((await src.scores(present)).map((s) => [s.uscc, s]));
    const now = clock();
    for (const r of registry) {
      const s = scores.get(r.uscc);
      out.set(r.uscc, {
        uscc: r.uscc, name: r.name, entityType: r.entity_type, regionCode: r.region_code, industryCode: r.industry_code,
        sizeClass: r.size_class, status: r.status, yearsInBusiness: yearsSince(r.established_on, now),
        registeredCapitalFen: r.registered_capital_fen === null ? null : BigInt(r.registered_capital_fen),
        grade: s?.grade ?? null, tags: new Set(s?.tags ?? []), features: features.get(r.uscc)?.features ?? {},
      });
    }
    return out;
  };
}
