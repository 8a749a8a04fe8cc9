import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { Platform } from '../../platform/platform.ts';
import { AppError } from '../../platform/http/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { EntityService } from '../entities/index.ts';
import { codes } from '../entities/index.ts';

export const VERSION = '0.1.0';

export interface SiteRoutesOptions {
  platform: Platform;
  identity: IdentityService;
  entities: EntityService;
}

/** Node-level routes: health, readiness and the public headline numbers. */
export const siteRoutes: FastifyPluginAsync<SiteRoutesOptions> = async (app, { platform, identity, entities }) => {
  const { config } = platform;

  app.get('/health', {
    config: { access: 'public' },
    schema: {
      tags: ['node'], summary: 'Liveness: 200 once the node serves',
      response: { 200: Type.Object({ status: Type.Literal('ok'), node: Type.String(), tier: Type.String(), region: Type.String(), version: Type.String(), database: Type.String(), time: Type.String({ format: 'date-time' }) }) },
    },
  }, async () => ({
    status: 'ok' as const, node: config.nodeName, tier: config.nodeTier, region: config.regionCode, version: VERSION,
    database: platform.db.kind, time: new Date().toISOString(),
  }));

  app.get('/ready', {
    config: { access: 'public' },
    schema: { tags: ['node'], summary: 'Readiness: database reachable and start-up work finished', response: { 200: Type.Object({ status: Type.Literal('ready') }) } },
  }, async () => {
    if (!platform.ready) throw new AppError('NOT_READY', 503, { zh: '节点正在启动', en: 'The node is starting' });
    await platform.db.query('SELECT 1');
    return { status: 'ready' as const };
  });

  app.get('/public/summary', {
    config: { access: 'public' },
    schema: {
      tags: ['node'], summary: 'Headline figures for the public home page',
      response: { 200: Type.Object({ nodeName: Type.String(), regionCode: Type.String(), regionName: Type.String(), tier: Type.String(), enterprises: Type.Integer(), institutions: Type.Integer(), providers: Type.Integer() }) },
    },
  }, async () => {
    const orgs = await identity.countOrganisations();
    return {
      nodeName: config.nodeName, regionCode: config.regionCode, regionName: codes.regionByCode(config.regionCode)?.fullName ?? config.regionCode, tier: config.nodeTier,
      enterprises: await entities.count(), institutions: orgs.institution, providers: orgs.provider,
    };
  });
};
