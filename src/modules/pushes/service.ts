/**
 * C9 按区域、行业批量推送: institutions subscribe to public (L1) catalog items for enterprises in region / industry
 * prefixes; a batch per period holds the records of those items that changed since the subscription's watermark,
 * masked as the public view masks them, and is announced in-app and by one signed webhook event (counts + link).
 */
import type { Db } from '../../platform/db/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import { badRequest, conflict } from '../../platform/http/index.ts';
import type { AuditActor, AuditSink } from '../audit/index.ts';
import type { CatalogItem } from '../catalog/index.ts';
import { DEFAULT_MASKING, maskRecord, needsAuthorisation, type InstitutionWebhooks } from '../consent/index.ts';
import { RECORDS_CHANGED, markKey, type ObjectionMark, type RecordRef, type WithheldMark } from '../aggregation/index.ts';
import { boundaryAtOrBefore, nextBoundary, periodOf } from './periods.ts';
import { createPushStore, type BatchRow, type BatchTrigger, type EntryRow, type Frequency, type SubscriptionRow } from './store.ts';

export interface Requester { actor: AuditActor; name: string }
export const SYSTEM_REQUESTER: Requester = { actor: { userId: null, keyId: null, role: 'system', orgId: null, orgKind: null }, name: 'system' };

/** A current record version as the aggregation service answers it (personal fields in clear: masked here). */
export interface CurrentRecord { key: string; version: number; validFrom: string; data: Record<string, unknown> }
export interface RegistryFacts { uscc: string; name: string; region_code: string; industry_code: string }

export interface PushOptions {
  db: Db;
  /** the current catalog's item (catalog service) */
  catalogItem: (code: string) => Promise<CatalogItem | undefined>;
  /** every item of the current catalog (the subscription editor lists the public ones) */
  catalogItems: () => Promise<CatalogItem[]>;
  /** the current records of one enterprise and item (aggregation service) */
  records: (uscc: string, itemCode: string) => Promise<CurrentRecord[]>;
  /** registry facts of enterprises (entities service) */
  registry: (usccs: string[]) => Promise<RegistryFacts[]>;
  audit?: AuditSink;
  clock?: () => number;
  /** the institutions' signed webhooks (consent); without it batches are announced in-app only */
  webhooks?: InstitutionWebhooks;
  /**
   * C11 marks of records (aggregation): entries carry the objection flag (异议处理中) as it stands when they are read,
   * and a record whose publicity ended since the batch was built (repaired, expired, deleted) is no longer handed out
   */
  marks?: (refs: RecordRef[]) => Promise<Map<string, { objection: ObjectionMark | null; withheld: WithheldMark | null }>>;
  /** outbox events read per page while building (each names up to one ingest chunk of records) */
  eventPage?: number;
}

export interface SubscriptionInput { regionPrefixes: string[]; industryPrefixes: string[]; items: string[]; frequency: Frequency }

export interface BatchOutcome { batchId: string; orgId: string; period: string; entries: number; counts: Record<string, number>; webhook: boolean }

/** Where an institution fetches a batch's entries (the webhook carries this link, never the data). */
export const entriesPath = (batchId: string) => `/api/v1/pushes/batches/${batchId}/entries`;

/** A build left 'building' longer than this is a crashed one (its entries are dropped, the window built again). */
const STALE_BUILD_MS = 30 * 60_000;
const SUPERSEDED = 'PUSH_BATCH_SUPERSEDED';

/** Changes looked up per round trip group (registry, then the records of each enterprise and item). */
const CHANGE_CHUNK = 500;

const prefixMatch = (code: string, prefixes: string[]) => prefixes.length === 0 || prefixes.some((p) => code.startsWith(p));

export function createPushService(opts: PushOptions) {
  const { db } = opts;
  const clock = opts.clock ?? Date.now;
  const store = createPushStore(db);
  const eventPage = opts.eventPage ?? 20;
  let running: Promise<BatchOutcome[]> | null = null;

  /** Refuses items that are unknown, not public (L2/L3 or needing authorisation) or not aggregated as records. */
  async function checkItems(codes: string[]): Promise<string[]> {
    const unique = [...new Set(codes)];
    for (const code of unique) {
      const item = await opts.catalogItem(code);
      if (!item) throw badRequest('PUSH_ITEM_UNKNOWN', { zh: `目录中没有信息项 ${code}`, en: `The catalog has no item ${code}` }, { item: code });
      if (needsAuthorisation(item)) {
        throw badRequest('PUSH_ITEM_NOT_PUBLIC', {
          zh: `信息项“${item.name}”（${code}，${item.level}）不是公开信息，须经企业授权后查询，不能批量推送`,
          en: `Item "${item.nameEn}" (${code}, ${item.level}) is not public information: it needs the enterprise's authorisation and cannot be pushed in batches`,
        }, { item: code, level: item.level });
      }
      if (item.sharingMode !== 'physical') {
        throw badRequest('PUSH_ITEM_NOT_AGGREGATED', {
          zh: `信息项“${item.name}”（${code}）不归集到平台（按需调用或核验），没有可推送的记录`,
          en: `Item "${item.nameEn}" (${code}) is not aggregated on the platform (called or verified on demand); there are no records to push`,
        }, { item: code });
      }
    }
    return unique;
  }

  /** The changed current records named by the events of one page, for the subscription's regions and industries. */
  async function collect(sub: Pick<SubscriptionRow, 'region_prefixes' | 'industry_prefixes'>, events: { payload: { item: string; changes: [string, string, number][] } }[]): Promise<EntryRow[]> {
    // latest version named per record in this page (one event per ingest chunk; a record can change twice in a window)
    const named = new Map<string, { uscc: string; item: string; key: string; version: number }>();
    for (const e of events) {
      for (const [uscc, key, version] of e.payload.changes) {
        const id = `${uscc}\u001f${e.payload.item}\u001f${key}`;
        const before = named.get(id);
        if (!before || before.version < version) named.set(id, { uscc, item: e.payload.item, key, version });
      }
    }
    const changes = [...named.values()];
    const out: EntryRow[] = [];
    const items = new Map<string, CatalogItem | undefined>();
    for (let i = 0; i < changes.length; i += CHANGE_CHUNK) {
      const chunk = changes.slice(i, i + CHANGE_CHUNK);
      const facts = new Map((await opts.registry([...new Set(chunk.map((c) => c.uscc))])).map((f) => [f.uscc, f]));
      const wanted = new Map<string, typeof chunk>();
      for (const c of chunk) {
        const f = facts.get(c.uscc);
        if (!f || !prefixMatch(f.region_code, sub.region_prefixes) || !prefixMatch(f.industry_code, sub.industry_prefixes)) continue;
        const group = `${c.uscc}\u001f${c.item}`;
        wanted.set(group, [...(wanted.get(group) ?? []), c]);
      }
      for (const group of wanted.values()) {
        const { uscc, item: code } = group[0];
        if (!items.has(code)) items.set(code, await opts.catalogItem(code));
        const item = items.get(code);
        if (!item) continue;
        const current = new Map((await opts.records(uscc, code)).map((r) => [r.key, r]));
        const f = facts.get(uscc)!;
        for (const c of group) {
          // Only the version the event named, and only while it is current: a version superseded since is skipped here
          // and its successor's event (in this window or a later one) brings the record — never twice, never lost.
          const r = current.get(c.key);
          if (!r || r.version !== c.version) continue;
          const m = maskRecord(item, r.data, DEFAULT_MASKING.institution);
          out.push({
            uscc, item_code: code, record_key: c.key, version: r.version, entity_name: f.name, region_code: f.region_code, industry_code: f.industry_code,
            change: r.version === 1 ? 'inserted' : 'updated', valid_from: new Date(r.validFrom), data: m.data, masked: m.masked,
          });
        }
      }
    }
    return out;
  }

  /**
   * Builds one batch for a subscription: the window (watermark, high mark] of records-changed events, entries written
   * page by page while the batch is 'building', then in one transaction the batch becomes ready, the watermark moves
   * to the high mark, the institution is notified and the webhook event queued.
   */
  async function build(sub: SubscriptionRow, trigger: BatchTrigger, period: string, nextDueAt: Date | null, requester: Requester): Promise<BatchOutcome | null> {
    await store.discardStale(sub.institution_org_id, new Date(clock() - STALE_BUILD_MS));
    const from = sub.watermark;
    const to = await store.highMark();
    const id = uuidv7();
    const created = new Date(clock());
    await store.insertBatch({
      id, institution_org_id: sub.institution_org_id, trigger, period, frequency: sub.frequency, from_event: from, to_event: to,
      region_prefixes: sub.region_prefixes, industry_prefixes: sub.industry_prefixes, items: sub.items, created_at: created,
    });
    for (let after = from; ;) {
      const events = await store.eventsPage(RECORDS_CHANGED, after, to, sub.items, eventPage);
      if (events.length === 0) break;
      await store.insertEntries(id, await collect(sub, events));
      after = events[events.length - 1].id;
    }
    const at = new Date(clock());
    const done = await db.tx(async (q) => {
      const c = await store.complete(q, { id, orgId: sub.institution_org_id, from, to, at, nextDueAt });
      // roll back whatever the completion wrote: the watermark must not move without its batch
      if (!c.ok) throw conflict(SUPERSEDED, { zh: '推送批次已由其他进程生成', en: 'The push batch was built by another process' });
      let webhook = false;
      if (c.count > 0) {
        await store.notify(q, sub.institution_org_id, 'pushes.batch', {
          zh: `公开信息批量推送（${period}）：符合贵机构订阅条件的记录 ${c.count} 条`,
          en: `Public information push (${period}): ${c.count} records match your subscription`,
          batchId: id, period, count: c.count,
        }, at);
        if (opts.webhooks) {
          const delivery = await opts.webhooks.enqueueInstitutionEvent(q, sub.institution_org_id, {
            type: 'pushes.batch',
            batch: { batchId: id, period, trigger, frequency: sub.frequency, institutionId: sub.institution_org_id, entries: c.count, counts: c.counts, at: at.toISOString(), entriesPath: entriesPath(id) },
          }, at);
          webhook = delivery !== null;
        }
      }
      return { ...c, webhook };
    }).catch((err: unknown) => {
      if ((err as { code?: string }).code === SUPERSEDED) return null;
      throw err;
    });
    if (!done) {
      // another process moved the watermark first (or the subscription ended): its batch stands, this one is dropped
      await store.discard(id);
      return null;
    }
    await opts.audit?.append({
      kind: 'change', action: 'pushes.batch.ready', actor: requester.actor, outcome: 'ok', destination: done.webhook ? 'webhook' : 'in_app',
      target: { type: 'push_batch', id }, details: { institutionOrgId: sub.institution_org_id, period, trigger, entries: done.count, counts: done.counts, fromEvent: from, toEvent: to },
    });
    return { batchId: id, orgId: sub.institution_org_id, period, entries: done.count, counts: done.counts, webhook: done.webhook };
  }

  async function runDue(requester: Requester): Promise<BatchOutcome[]> {
    const now = clock();
    const out: BatchOutcome[] = [];
    for (const sub of await store.dueSubscriptions(new Date(now))) {
      const boundary = boundaryAtOrBefore(now, sub.frequency);
      const period = periodOf(boundary, sub.frequency);
      const next = new Date(nextBoundary(now, sub.frequency));
      if (await store.scheduledBatchFor(sub.institution_org_id, period)) {
        await store.setNextDue(sub.institution_org_id, next);
        continue;
      }
      const r = await build(sub, 'scheduled', period, next, requester);
      if (r) out.push(r);
    }
    return out;
  }

  async function runNow(orgId: string | null, requester: Requester): Promise<BatchOutcome[]> {
    const out: BatchOutcome[] = [];
    const subs = orgId ? [await store.subscription(orgId)].filter((s): s is SubscriptionRow => s !== null) : await store.subscriptions();
    for (const sub of subs) {
      // on demand: labelled with the day and time it was asked for, outside the one-per-period rule
      const period = `${new Date(clock() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')}`;
      const r = await build(sub, 'on_demand', period, null, requester);
      if (r) out.push(r);
    }
    return out;
  }

  /** One run at a time in this process (the scheduler and an operator's request share it). */
  async function exclusive(work: () => Promise<BatchOutcome[]>): Promise<BatchOutcome[]> {
    if (running) throw conflict('PUSH_RUN_IN_PROGRESS', { zh: '批量推送正在生成，请稍后再试', en: 'Push batches are being built; try again later' });
    running = work();
    try {
      return await running;
    } finally {
      running = null;
    }
  }

  return {
    store,
    /** The public (L1, no authorisation, aggregated) items an institution may subscribe to. */
    async publicItems(): Promise<CatalogItem[]> {
      return (await opts.catalogItems()).filter((i) => !needsAuthorisation(i) && i.sharingMode === 'physical');
    },
    subscription: (orgId: string) => store.subscription(orgId),
    async setSubscription(orgId: string, s: SubscriptionInput, requester: Requester): Promise<SubscriptionRow> {
      if (s.items.length === 0) throw badRequest('PUSH_ITEMS_REQUIRED', { zh: '请至少选择一个公开信息项', en: 'Choose at least one public item' });
      const items = await checkItems(s.items);
      const before = await store.subscription(orgId);
      const at = new Date(clock());
      await db.tx((q) => store.putSubscription(q, {
        orgId, regionPrefixes: [...new Set(s.regionPrefixes)], industryPrefixes: [...new Set(s.industryPrefixes)], items, frequency: s.frequency,
        nextDueAt: new Date(nextBoundary(at.getTime(), s.frequency)), updatedBy: requester.name, at, resetDue: before?.frequency !== s.frequency,
      }));
      const after = (await store.subscription(orgId))!;
      await opts.audit?.append({
        kind: 'change', action: before ? 'pushes.subscription.updated' : 'pushes.subscription.created', actor: requester.actor, outcome: 'ok',
        target: { type: 'push_subscription', id: orgId },
        details: { regionPrefixes: after.region_prefixes, industryPrefixes: after.industry_prefixes, items: after.items, frequency: after.frequency },
      });
      return after;
    },
    async deleteSubscription(orgId: string, requester: Requester): Promise<boolean> {
      const gone = await store.deleteSubscription(orgId);
      if (gone) {
        await opts.audit?.append({
          kind: 'change', action: 'pushes.subscription.deleted', actor: requester.actor, outcome: 'ok', target: { type: 'push_subscription', id: orgId }, details: {},
        });
      }
      return gone;
    },
    /** Builds the batches that are due (the scheduler calls this). */
    runDue: (requester: Requester = SYSTEM_REQUESTER) => exclusive(() => runDue(requester)),
    /** Builds a batch now for one institution's subscription or all (operators; on demand). */
    runNow: (orgId: string | null, requester: Requester) => exclusive(() => runNow(orgId, requester)),
    async drain(): Promise<void> {
      if (running) await running.then(() => undefined, () => undefined);
    },
    /** The institution's ready batches, newest first. */
    batches: (orgId: string, before: { at: Date; id: string } | null, limit: number): Promise<BatchRow[]> => store.batches(orgId, before, limit),
    /** A ready batch of the institution, or null (another institution's batch is not found either). */
    async batchOf(orgId: string, id: string): Promise<BatchRow | null> {
      const b = await store.batch(id);
      return b && b.institution_org_id === orgId && b.status === 'ready' ? b : null;
    },
    /**
     * A page of a batch's entries, each with its record's objection flag and end of publicity as they stand now (the
     * HTTP answer leaves withheld records out; the page's cursor still moves over them).
     */
    async entries(batchId: string, f: { item?: string; after: [string, string, string] | null; limit: number }): Promise<(EntryRow & { objection: ObjectionMark | null; withheld: WithheldMark | null })[]> {
      const rows = await store.entries(batchId, f);
      const marks = opts.marks ? await opts.marks(rows.map((e) => ({ uscc: e.uscc, item: e.item_code, key: e.record_key }))) : new Map<string, { objection: ObjectionMark | null; withheld: WithheldMark | null }>();
      return rows.map((e) => {
        const m = marks.get(markKey({ uscc: e.uscc, item: e.item_code, key: e.record_key }));
        return { ...e, objection: m?.objection ?? null, withheld: m?.withheld ?? null };
      });
    },
  };
}

export type PushService = ReturnType<typeof createPushService>;
