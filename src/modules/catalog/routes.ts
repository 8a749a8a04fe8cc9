import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { AppError, requirePrincipal } from '../../platform/http/index.ts';
import { localeFrom, pick, type Localized } from '../../platform/i18n/index.ts';
import { OPERATOR_ROLES } from '../../platform/auth/roles.ts';
import { CatalogReply, PublishBody, VersionSummary, type PublishInput } from './schemas.ts';
import type { CatalogService } from './service.ts';

/** C2 information resource catalog: public reading, versioned publishing by catalog administrators. */
export const catalogRoutes: FastifyPluginAsync<{ catalog: CatalogService }> = async (app, { catalog }) => {
  app.get('/catalog', {
    config: { access: 'public' },
    schema: { tags: ['catalog'], summary: 'The information catalog: categories, items, fields, sharing mode, level, provider', response: { 200: CatalogReply } },
  }, async () => catalog.current());

  app.get('/catalog/versions', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['catalog'], summary: 'Every published catalog version with its note and author', response: { 200: Type.Object({ items: Type.Array(VersionSummary) }) } },
  }, async () => ({ items: await catalog.versions() }));

  app.get('/catalog/versions/:version', {
    config: { access: 'public' },
    schema: { tags: ['catalog'], summary: 'One published catalog version', params: Type.Object({ version: Type.Integer({ minimum: 1 }) }), response: { 200: CatalogReply } },
  }, async (request) => catalog.version((request.params as { version: number }).version));

  app.post('/catalog/versions', {
    config: { access: { roles: ['op_catalog_admin'] } },
    schema: { tags: ['catalog'], summary: 'Publish a new catalog version (validated; earlier versions stay readable)', body: PublishBody, response: { 201: CatalogReply } },
  }, async (request, reply) => {
    const p = requirePrincipal(request);
    try {
      const published = await catalog.publish(request.body as PublishInput, p.kind === 'user' ? p.userId : p.orgId);
      return reply.status(201).send(published);
    } catch (err) {
      // The problem list in the reader's language (the detail already follows Accept-Language).
      if (err instanceof AppError && Array.isArray(err.extra.problemsLocalised)) {
        const locale = localeFrom(request.headers['accept-language']);
        const { problemsLocalised, ...rest } = err.extra as { problemsLocalised: Localized[] };
        throw new AppError(err.code, err.status, err.text, { ...rest, problems: problemsLocalised.map((x) => pick(x, locale)) });
      }
      throw err;
    }
  });
};
