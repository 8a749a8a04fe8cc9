import type { Db, Queryable } from '../../platform/db/index.ts';
import { AppError, type Principal } from '../../platform/http/index.ts';
import type { CatalogItem } from '../catalog/index.ts';
import type { ConsentStore, AuthorisationRow } from './store.ts';

/** How an allowed item is seen: L1 by any institution, under an authorisation, by the subject, by an operator. */
export type Access = 'public' | 'authorised' | 'subject' | 'operator';

/** Stable refusal codes (audit `reason`, problem `refused[].code`). */
export type RefusalCode =
  | 'AUTHORISATION_REQUIRED'
  | 'AUTHORISATION_LIMIT'
  | 'AUTHORISATION_MODE'
  | 'PURPOSE_REQUIRED'
  | 'NOT_YOUR_ENTERPRISE'
  | 'OPERATOR_REASON_REQUIRED'
  | 'ROLE_NOT_ALLOWED'
  /** the institution has no current information-security assessment (seed 000 一(3) 对接入机构进行信息安全评估) */
  | 'INSTITUTION_NOT_ASSESSED';

export type Decision =
  | { item: string; allowed: true; access: Access; authorisationId: string | null }
  | { item: string; allowed: false; code: RefusalCode; authorisationId: string | null };

export interface DecideInput {
  principal: Principal;
  uscc: string;
  items: readonly CatalogItem[];
  purpose: string | null;
  /** an operator's stated reason (audited) */
  reason?: string | null;
}

/** Catalog items that need an authorisation: authorisation required, or above L1. */
export function needsAuthorisation(item: Pick<CatalogItem, 'authorisation' | 'level'>): boolean {
  return item.authorisation === 'required' || item.level !== 'L1';
}

/** Modes that let an institution read detail records; 'verify' and 'model' give only verdicts or model outputs. */
const DETAIL_MODES = new Set(['view', 'query']);
/** Frequency periods are counted in China Standard Time (no daylight saving). */
const CST_OFFSET_MS = 8 * 3_600_000;
export const MIN_OPERATOR_REASON = 4;

export function periodKey(period: 'day' | 'month', at: Date): string {
  const local = new Date(at.getTime() + CST_OFFSET_MS).toISOString();
  return period === 'day' ? local.slice(0, 10) : local.slice(0, 7);
}

export function operatorReasonOk(reason: string | null | undefined): boolean {
  return typeof reason === 'string' && Array.from(reason.trim()).length >= MIN_OPERATOR_REASON;
}

/** Whether an institution may read data that needs an authorisation at all (a passed, current security assessment). */
export type InstitutionClearance = (orgId: string) => Promise<boolean>;

/** The answer to an institution refused for want of a current assessment (data reads and credit reports alike). */
export function institutionNotAssessed(extra?: Record<string, unknown>): AppError {
  return new AppError('INSTITUTION_NOT_ASSESSED', 403, {
    zh: '本机构尚无有效的信息安全评估（未评估、未通过或已过期），暂不能查询需企业授权的信息；请联系平台运营方',
    en: "Your institution has no current information-security assessment (none, failed or expired), so it cannot read data that needs an enterprise's authorisation; contact the platform operator",
  }, extra);
}

/**
 * The caller's clearance, read before the deciding transaction opens (on the embedded database a read outside the
 * open transaction would wait for it). Anyone but an institution, and every institution without a check, is cleared.
 */
export async function clearanceOf(principal: Principal, check: InstitutionClearance | undefined): Promise<boolean> {
  return principal.orgKind !== 'institution' || check === undefined || check(principal.orgId);
}

/**
 * The policy point (SPEC §C4): per item, allowed (and how) or refused (and why). Decisions are never cached —
 * every call reads the authorisations as they stand, so a revocation or expiry takes effect on the next request.
 * Each authorisation an allowed decision relies on is counted once per call against its frequency limit, in the
 * caller's transaction and under the authorisation's row lock: two concurrent reads cannot both take the last use.
 */
export async function decideIn(q: Queryable, store: ConsentStore, input: DecideInput, at: Date, cleared = true): Promise<Decision[]> {
  const { principal, uscc, items } = input;
  const refuseAll = (code: RefusalCode): Decision[] => items.map((i) => ({ item: i.code, allowed: false, code, authorisationId: null }));
  // The subject enterprise sees all its own data.
  if (principal.orgKind === 'enterprise') {
    if (principal.kind === 'user' && principal.uscc === uscc) return items.map((i) => ({ item: i.code, allowed: true, access: 'subject', authorisationId: null }));
    return refuseAll('NOT_YOUR_ENTERPRISE');
  }
  if (principal.orgKind === 'operator') {
    if (!operatorReasonOk(input.reason)) return refuseAll('OPERATOR_REASON_REQUIRED');
    return items.map((i) => ({ item: i.code, allowed: true, access: 'operator', authorisationId: null }));
  }
  if (principal.orgKind !== 'institution' || principal.kind !== 'user') return refuseAll('ROLE_NOT_ALLOWED');

  const needing = items.filter(needsAuthorisation);
  // an institution not (or no longer) assessed reads public items only, whatever it was authorised
  if (needing.length && !cleared) {
    return items.map((i) => needsAuthorisation(i)
      ? { item: i.code, allowed: false, code: 'INSTITUTION_NOT_ASSESSED', authorisationId: null }
      : { item: i.code, allowed: true, access: 'public', authorisationId: null });
  }
  const live = needing.length && input.purpose ? await store.liveFor(q, uscc, principal.orgId, at) : [];
  const usable = live.filter((a) => a.purpose === input.purpose && DETAIL_MODES.has(a.mode));
  const capacity = new Map<string, boolean>();
  async function take(a: AuthorisationRow): Promise<boolean> {
    const known = capacity.get(a.id);
    if (known !== undefined) return known;
    const key = periodKey(a.frequency_period, at);
    const ok = (await store.uses(q, a.id, key)) < a.frequency_count;
    if (ok) await store.recordUse(q, a.id, key, at);
    capacity.set(a.id, ok);
    return ok;
  }

  const out: Decision[] = [];
  for (const item of items) {
    if (!needsAuthorisation(item)) {
      out.push({ item: item.code, allowed: true, access: 'public', authorisationId: null });
      continue;
    }
    if (!input.purpose) {
      out.push({ item: item.code, allowed: false, code: 'PURPOSE_REQUIRED', authorisationId: null });
      continue;
    }
    const covering = usable.filter((a) => a.items.includes(item.code));
    if (covering.length === 0) {
      const wrongMode = live.find((a) => a.purpose === input.purpose && a.items.includes(item.code));
      out.push({ item: item.code, allowed: false, code: wrongMode ? 'AUTHORISATION_MODE' : 'AUTHORISATION_REQUIRED', authorisationId: wrongMode?.id ?? null });
      continue;
    }
    let granted: AuthorisationRow | undefined;
    for (const a of covering) {
      if (await take(a)) {
        granted = a;
        break;
      }
    }
    out.push(granted
      ? { item: item.code, allowed: true, access: 'authorised', authorisationId: granted.id }
      : { item: item.code, allowed: false, code: 'AUTHORISATION_LIMIT', authorisationId: covering[0].id });
  }
  return out;
}

/** `decide` in its own transaction (counting uses) — for callers that do not compose it with other writes. */
export function createPolicyPoint(db: Db, store: ConsentStore, clock: () => number = Date.now, check?: InstitutionClearance) {
  return {
    decide: async (input: DecideInput) => {
      const cleared = await clearanceOf(input.principal, check);
      return db.tx((q) => decideIn(q, store, input, new Date(clock()), cleared));
    },
  };
}
