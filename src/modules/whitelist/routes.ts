import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { INSTITUTION_ROLES, OPERATOR_ROLES } from '../../platform/auth/roles.ts';
import { decodeCursor, encodeCursor, notFound, requirePrincipal, type Principal } from '../../platform/http/index.ts';
import { actorOf } from '../audit/index.ts';
import { MANDATORY_RULES, type RuleSet } from './rules.ts';
import type { Entry, Requester, WhitelistService } from './service.ts';
import type { RuleSetRow, RunRow } from './store.ts';
import {
  DepartureList, EntriesQuery, EntryList, ListQuery, PushedReply, RuleSetBody, RuleSetList, RuleSetReply, RunBody, RunDetail, RunList, RunParams, RunSummary,
  SubscriptionBody, SubscriptionReply,
} from './schemas.ts';

export interface WhitelistRouteOptions { whitelist: WhitelistService }

const ADMIN_ROLES = ['op_admin'] as const;
const INST_ADMIN = ['inst_admin'] as const;

function requesterOf(p: Principal): Requester {
  return { actor: actorOf(p), name: p.kind === 'user' ? p.username : `key:${p.keyId}` };
}

const shapeRuleSet = (r: RuleSetRow) => ({ version: r.version, active: r.active, createdBy: r.created_by, createdAt: r.created_at.toISOString(), definition: r.definition });

function shapeRun(r: RunRow) {
  return {
    id: r.id, trigger: r.trigger, period: r.period, ruleVersion: r.rule_version, status: r.status, previousRunId: r.previous_run_id,
    evaluated: r.evaluated, listed: r.listed, joined: r.joined, stayed: r.stayed, left: r.left_count, pushes: r.pushes, summary: r.summary,
    startedAt: r.started_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null, error: r.error,
  };
}

const shapeEntry = (e: Entry) => ({
  uscc: e.uscc, regionCode: e.region_code, industryCode: e.industry_code, score: e.score, grade: e.grade, change: e.change, reasons: e.reasons,
});

const RUN_NOT_FOUND = () => notFound('WHITELIST_RUN_NOT_FOUND', { zh: '没有这次白名单筛选', en: 'No such white-list run' });

/** C7 white-list API under /api/v1/whitelist. */
export const whitelistRoutes: FastifyPluginAsync<WhitelistRouteOptions> = async (app, opts) => {
  const { whitelist } = opts;
  app.addHook('onClose', async () => whitelist.drain());

  app.get('/whitelist/rules', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['whitelist'], summary: 'The active white-list rule set and every published version', response: { 200: RuleSetList } },
  }, async () => {
    await whitelist.activeRules();
    const versions = (await whitelist.ruleSets()).map(shapeRuleSet);
    return { active: versions.find((v) => v.active)!, versions, mandatory: [...MANDATORY_RULES] };
  });

  app.post('/whitelist/rules', {
    config: { access: { roles: ADMIN_ROLES } },
    schema: { tags: ['whitelist'], summary: 'Publish a new rule-set version (validated; becomes the active one)', body: RuleSetBody, response: { 201: RuleSetReply } },
  }, async (request, reply) => {
    const p = requirePrincipal(request);
    const version = await whitelist.publishRules(request.body as Static<typeof RuleSetBody> as RuleSet, requesterOf(p));
    const row = (await whitelist.ruleSets()).find((r) => r.version === version)!;
    return reply.code(201).send(shapeRuleSet(row));
  });

  app.post('/whitelist/runs', {
    config: { access: { roles: ADMIN_ROLES } },
    schema: { tags: ['whitelist'], summary: 'Run the white-list selection now (on demand); answers when it is stored and pushed', body: RunBody, response: { 201: RunSummary } },
  }, async (request, reply) => {
    const p = requirePrincipal(request);
    const body = (request.body ?? {}) as Static<typeof RunBody>;
    const r = await whitelist.runWhitelist({ trigger: 'on_demand', period: body.period, requester: requesterOf(p) });
    return reply.code(201).send(shapeRun((await whitelist.run(r.runId))!));
  });

  app.get('/whitelist/runs', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['whitelist'], summary: 'White-list runs, newest first (keyset pagination)', querystring: ListQuery, response: { 200: RunList } },
  }, async (request) => {
    const q = request.query as Static<typeof ListQuery>;
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    const rows = await whitelist.runs(after ? { at: new Date(after[0]), id: after[1] } : null, limit);
    const last = rows.at(-1);
    return { items: rows.map(shapeRun), nextCursor: rows.length === limit && last ? encodeCursor([last.started_at.toISOString(), last.id]) : null };
  });

  app.get('/whitelist/runs/:id', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['whitelist'], summary: 'One run: counts, the enterprises that left with the rule that stopped holding, the pushes', params: RunParams, response: { 200: RunDetail } },
  }, async (request) => {
    const { id } = request.params as Static<typeof RunParams>;
    const run = await whitelist.run(id);
    if (!run) throw RUN_NOT_FOUND();
    const pushes = await whitelist.pushes(id);
    return {
      run: shapeRun(run), departures: await whitelist.departures(id),
      pushes: pushes.map((x) => ({ institutionOrgId: x.institution_org_id, entryCount: x.entry_count, channel: x.channel, pushedAt: x.pushed_at.toISOString() })),
    };
  });

  app.get('/whitelist/runs/:id/entries', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['whitelist'], summary: 'The entries of a run with their reasons, by region/industry prefix', params: RunParams, querystring: EntriesQuery, response: { 200: EntryList } },
  }, async (request) => {
    const { id } = request.params as Static<typeof RunParams>;
    const q = request.query as Static<typeof EntriesQuery>;
    if (!await whitelist.run(id)) throw RUN_NOT_FOUND();
    const limit = q.limit ?? 100;
    const after = decodeCursor(q.cursor, 1) as [string] | null;
    const rows = await whitelist.entries(id, { regionPrefix: q.region, industryPrefix: q.industry, after: after?.[0] ?? null, limit });
    return { items: rows.map(shapeEntry), nextCursor: rows.length === limit ? encodeCursor([rows[rows.length - 1].uscc]) : null };
  });

  app.get('/whitelist/runs/:id/departures', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['whitelist'], summary: 'The enterprises that left the list in a run, with the rules that stopped holding', params: RunParams, querystring: ListQuery, response: { 200: DepartureList } },
  }, async (request) => {
    const { id } = request.params as Static<typeof RunParams>;
    const q = request.query as Static<typeof ListQuery>;
    if (!await whitelist.run(id)) throw RUN_NOT_FOUND();
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 1) as [string] | null;
    const rows = await whitelist.departures(id, limit, after?.[0] ?? null);
    return { items: rows, nextCursor: rows.length === limit ? encodeCursor([rows[rows.length - 1].uscc]) : null };
  });

  app.get('/whitelist/pushed', {
    config: { access: { roles: INSTITUTION_ROLES } },
    schema: { tags: ['whitelist'], summary: "The entries of the latest white-list pushed to the caller's institution, with reasons", querystring: ListQuery, response: { 200: PushedReply } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const q = request.query as Static<typeof ListQuery>;
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 1) as [string] | null;
    const found = await whitelist.pushed(p.orgId, after?.[0] ?? null, limit);
    if (!found) return { runId: null, period: null, pushedAt: null, entryCount: 0, items: [], nextCursor: null };
    const run = await whitelist.run(found.push.run_id);
    return {
      runId: found.push.run_id, period: run?.period ?? null, pushedAt: found.push.pushed_at.toISOString(), entryCount: found.push.entry_count,
      items: found.entries.map(shapeEntry), nextCursor: found.entries.length === limit ? encodeCursor([found.entries[found.entries.length - 1].uscc]) : null,
    };
  });

  // every institution role reads its subscription (the white-list page shows what is pushed and why); only inst_admin sets it
  app.get('/whitelist/subscription', {
    config: { access: { roles: INSTITUTION_ROLES } },
    schema: { tags: ['whitelist'], summary: "The institution's white-list subscription (region and industry prefixes)", response: { 200: SubscriptionReply } },
  }, async (request) => {
    const s = await whitelist.subscription(requirePrincipal(request).orgId);
    return { regionPrefixes: s?.region_prefixes ?? [], industryPrefixes: s?.industry_prefixes ?? [], updatedAt: s?.updated_at.toISOString() ?? null };
  });

  app.put('/whitelist/subscription', {
    config: { access: { roles: INST_ADMIN } },
    schema: { tags: ['whitelist'], summary: "Set the institution's white-list subscription", body: SubscriptionBody, response: { 200: SubscriptionReply } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const body = request.body as Static<typeof SubscriptionBody>;
    await whitelist.setSubscription(p.orgId, { regionPrefixes: body.regionPrefixes, industryPrefixes: body.industryPrefixes }, requesterOf(p));
    const s = await whitelist.subscription(p.orgId);
    return { regionPrefixes: s!.region_prefixes, industryPrefixes: s!.industry_prefixes, updatedAt: s!.updated_at.toISOString() };
  });
};
