import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { forbidden, requirePrincipal } from '../../../platform/http/index.ts';
import { OPERATOR_ROLES, PROVIDER_ROLES } from '../../../platform/auth/roles.ts';
import type { QualityService } from './service.ts';
import {
  ItemsQuery, ItemsReply, QUALITY_DEFINITIONS, SnapshotReply, TrendParams, TrendQuery, TrendReply, UsageQuery, UsageReply,
} from './schemas.ts';

const READ_ROLES = [...OPERATOR_ROLES, ...PROVIDER_ROLES] as const;

/** C3 data quality per provider and item (with trend) and usage feedback to providers. */
export const qualityRoutes: FastifyPluginAsync<{ quality: QualityService }> = async (app, { quality }) => {
  app.get('/quality/items', {
    config: { access: { roles: READ_ROLES } },
    schema: {
      tags: ['quality'],
      summary: 'Current data quality of each catalog item: coverage, completeness, timeliness, error rate and record counts (operators all; a provider its own items)',
      description: QUALITY_DEFINITIONS,
      querystring: ItemsQuery,
      response: { 200: ItemsReply },
    },
  }, async (request) => {
    const q = request.query as Static<typeof ItemsQuery>;
    const category = await quality.scopeFor(requirePrincipal(request), q.provider);
    return { generatedAt: new Date().toISOString(), items: await quality.items(category, q.windowDays) };
  });

  app.get('/quality/freshness', {
    config: { access: 'public' },
    schema: {
      tags: ['quality'],
      summary: 'Public: how fresh each catalog item is (last delivery, timeliness against its update frequency, coverage)',
      description: 'Aggregate figures only, no enterprise data; the public catalog page shows them beside each item.',
      response: {
        200: Type.Object({
          generatedAt: Type.String({ format: 'date-time' }),
          items: Type.Array(Type.Object({
            item: Type.String(),
            status: Type.String({ description: 'on_time | late | never | not_applicable' }),
            lastReceivedAt: Type.Union([Type.String(), Type.Null()]),
            ageDays: Type.Union([Type.Integer(), Type.Null()]),
            expectedDays: Type.Integer(),
            coverageBp: Type.Union([Type.Integer(), Type.Null()]),
          })),
        }),
      },
    },
  }, async () => ({
    generatedAt: new Date().toISOString(),
    items: (await quality.items(null, undefined)).map((q) => ({
      item: q.item, status: q.timeliness.status, lastReceivedAt: q.timeliness.lastReceivedAt, ageDays: q.timeliness.ageDays,
      expectedDays: q.timeliness.expectedDays, coverageBp: q.coverageBp,
    })),
  }));

  app.get('/quality/items/:item/trend', {
    config: { access: { roles: READ_ROLES } },
    schema: {
      tags: ['quality'],
      summary: 'Daily quality snapshots of one item, oldest first (one per day: taken by the daily timer or an operator)',
      description: QUALITY_DEFINITIONS,
      params: TrendParams,
      querystring: TrendQuery,
      response: { 200: TrendReply },
    },
  }, async (request) => {
    const { item } = request.params as Static<typeof TrendParams>;
    const days = (request.query as Static<typeof TrendQuery>).days ?? 90;
    const p = requirePrincipal(request);
    const category = await quality.categoryOf(item);
    const allowed = await quality.scopeFor(p, undefined);
    if (allowed !== null && allowed !== category) {
      throw forbidden('ITEM_NOT_YOURS', { zh: '只能查看本单位提供的信息项', en: 'You can only see the items your organisation provides' });
    }
    return { item, days, points: await quality.trend(item, days) };
  });

  app.post('/quality/snapshots', {
    config: { access: { roles: ['op_admin'] } },
    schema: {
      tags: ['quality'],
      summary: "Take today's quality snapshot of every item now (idempotent per day and item: a second one the same day replaces the first)",
      response: { 200: SnapshotReply },
    },
  }, async () => quality.takeSnapshot());

  app.get('/quality/usage', {
    config: { access: { roles: READ_ROLES } },
    schema: {
      tags: ['quality'],
      summary: 'Usage feedback: which institutions used the items, how often, for what purpose and by which mode (operators all; a provider its own items)',
      description: 'Grouped by institution, item, purpose and mode (verification, interface_call, record_read) over the last `days` days (default 30), with the number of uses, distinct enterprises and the last use.',
      querystring: UsageQuery,
      response: { 200: UsageReply },
    },
  }, async (request) => {
    const q = request.query as Static<typeof UsageQuery>;
    const category = await quality.scopeFor(requirePrincipal(request), q.provider);
    const days = q.days ?? 30;
    return { days, items: await quality.usage(category, days) };
  });
};
