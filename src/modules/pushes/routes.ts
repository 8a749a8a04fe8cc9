import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { INSTITUTION_ROLES } from '../../platform/auth/roles.ts';
import { decodeCursor, encodeCursor, notFound, requirePrincipal, type Principal } from '../../platform/http/index.ts';
import { actorOf } from '../audit/index.ts';
import type { PushService, Requester } from './service.ts';
import type { BatchRow, EntryRow } from './store.ts';
import { BatchList, BatchParams, BatchSchema, EntriesQuery, EntryList, ItemList, ListQuery, RunBody, RunReply, SubscriptionBody, SubscriptionReply } from './schemas.ts';

export interface PushRouteOptions { pushes: PushService }

const INST_ADMIN = ['inst_admin'] as const;
const OP_ADMIN = ['op_admin'] as const;

function requesterOf(p: Principal): Requester {
  return { actor: actorOf(p), name: p.kind === 'user' ? p.username : `key:${p.keyId}` };
}

const shapeBatch = (b: BatchRow) => ({
  id: b.id, trigger: b.trigger, period: b.period, frequency: b.frequency, regionPrefixes: b.region_prefixes, industryPrefixes: b.industry_prefixes,
  items: b.items, entryCount: b.entry_count, counts: b.counts, createdAt: b.created_at.toISOString(), readyAt: b.ready_at?.toISOString() ?? null,
});

const shapeEntry = (e: EntryRow & { objection: { id: string; state: 'open' | 'escalated'; filedAt: string } | null }) => ({
  uscc: e.uscc, entityName: e.entity_name, regionCode: e.region_code, industryCode: e.industry_code, item: e.item_code, recordKey: e.record_key,
  version: e.version, change: e.change, validFrom: e.valid_from.toISOString(), data: e.data, masked: e.masked, objection: e.objection,
});

const BATCH_NOT_FOUND = () => notFound('PUSH_BATCH_NOT_FOUND', { zh: '没有这个推送批次', en: 'No such push batch' });

/** C9 batch push of public information under /api/v1/pushes. */
export const pushRoutes: FastifyPluginAsync<PushRouteOptions> = async (app, opts) => {
  const { pushes } = opts;
  app.addHook('onClose', async () => pushes.drain());

  app.get('/pushes/items', {
    config: { access: { roles: INSTITUTION_ROLES } },
    schema: { tags: ['pushes'], summary: 'The public (L1) catalog items an institution may subscribe to', response: { 200: ItemList } },
  }, async () => ({ items: (await pushes.publicItems()).map((i) => ({
    code: i.code, name: i.name, nameEn: i.nameEn, level: i.level, fields: i.fields.map((f) => ({ code: f.code, name: f.name, nameEn: f.nameEn, personal: f.personal })),
  })) }));

  async function subscriptionReply(orgId: string) {
    const s = await pushes.subscription(orgId);
    return s
      ? {
        subscribed: true, regionPrefixes: s.region_prefixes, industryPrefixes: s.industry_prefixes, items: s.items, frequency: s.frequency,
        nextDueAt: s.next_due_at.toISOString(), updatedBy: s.updated_by, updatedAt: s.updated_at.toISOString(),
      }
      : { subscribed: false, regionPrefixes: [], industryPrefixes: [], items: [], frequency: 'daily' as const, nextDueAt: null, updatedBy: null, updatedAt: null };
  }

  app.get('/pushes/subscription', {
    config: { access: { roles: INSTITUTION_ROLES } },
    schema: { tags: ['pushes'], summary: "The institution's push subscription", response: { 200: SubscriptionReply } },
  }, async (request) => subscriptionReply(requirePrincipal(request).orgId));

  app.put('/pushes/subscription', {
    config: { access: { roles: INST_ADMIN } },
    schema: { tags: ['pushes'], summary: "Set the institution's push subscription (public items only)", body: SubscriptionBody, response: { 200: SubscriptionReply } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const body = request.body as Static<typeof SubscriptionBody>;
    await pushes.setSubscription(p.orgId, body, requesterOf(p));
    return subscriptionReply(p.orgId);
  });

  app.delete('/pushes/subscription', {
    config: { access: { roles: INST_ADMIN } },
    schema: { tags: ['pushes'], summary: "End the institution's push subscription (its batches stay readable)", response: { 200: SubscriptionReply } },
  }, async (request) => {
    const p = requirePrincipal(request);
    await pushes.deleteSubscription(p.orgId, requesterOf(p));
    return subscriptionReply(p.orgId);
  });

  app.get('/pushes/batches', {
    config: { access: { roles: INSTITUTION_ROLES } },
    schema: { tags: ['pushes'], summary: "The institution's push batches, newest first (keyset pagination)", querystring: ListQuery, response: { 200: BatchList } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const q = request.query as Static<typeof ListQuery>;
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    const rows = await pushes.batches(p.orgId, after ? { at: new Date(after[0]), id: after[1] } : null, limit);
    const last = rows.at(-1);
    return { items: rows.map(shapeBatch), nextCursor: rows.length === limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null };
  });

  app.get('/pushes/batches/:id', {
    config: { access: { roles: INSTITUTION_ROLES } },
    schema: { tags: ['pushes'], summary: 'One push batch of the institution', params: BatchParams, response: { 200: BatchSchema } },
  }, async (request) => {
    const { id } = request.params as Static<typeof BatchParams>;
    const b = await pushes.batchOf(requirePrincipal(request).orgId, id);
    if (!b) throw BATCH_NOT_FOUND();
    return shapeBatch(b);
  });

  app.get('/pushes/batches/:id/entries', {
    config: { access: { roles: INSTITUTION_ROLES } },
    schema: { tags: ['pushes'], summary: 'The entries of a push batch, paged (personal fields masked)', params: BatchParams, querystring: EntriesQuery, response: { 200: EntryList } },
  }, async (request) => {
    const { id } = request.params as Static<typeof BatchParams>;
    const q = request.query as Static<typeof EntriesQuery>;
    if (!await pushes.batchOf(requirePrincipal(request).orgId, id)) throw BATCH_NOT_FOUND();
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 3) as [string, string, string] | null;
    const rows = await pushes.entries(id, { item: q.item, after, limit });
    const last = rows.at(-1);
    // a record whose publicity ended since the batch was built (repaired, expired, deleted) is no longer handed out
    return { items: rows.filter((e) => !e.withheld).map(shapeEntry), nextCursor: rows.length === limit && last ? encodeCursor([last.uscc, last.item_code, last.record_key]) : null };
  });

  app.post('/pushes/runs', {
    config: { access: { roles: OP_ADMIN } },
    schema: { tags: ['pushes'], summary: "Build a batch now (on demand) for one institution's subscription or for every subscription", body: RunBody, response: { 201: RunReply } },
  }, async (request, reply) => {
    const p = requirePrincipal(request);
    const body = (request.body ?? {}) as Static<typeof RunBody>;
    const out = await pushes.runNow(body.institutionOrgId ?? null, requesterOf(p));
    return reply.code(201).send({ batches: out.map((b) => ({ batchId: b.batchId, institutionOrgId: b.orgId, period: b.period, entries: b.entries, webhook: b.webhook })) });
  });
};
