import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { badRequest, forbidden, notFound, requirePrincipal } from '../../platform/http/index.ts';
import { INSTITUTION_ROLES, OPERATOR_ROLES } from '../../platform/auth/roles.ts';
import {
  isIndustryError, isSizeClassError, listIndustries, listRegions, parseIndustryCode, regionByCode, regionTableVersion,
  sizeClassOf, validateIdNumber, validateUscc, type IndustryLevel, type RegionLevel,
} from './codes/index.ts';
import {
  CodeCheckSchema, EntityDetailSchema, EntityInputSchema, EntityPatchSchema, EntitySearchQuery, EntitySummarySchema,
  IndustrySchema, RegionSchema, SizeClassBody, SizeClassReply, type EntityInput, type EntityPatch, type EntitySearch,
} from './schemas.ts';
import type { EntityService } from './service.ts';

const UsccParam = Type.Object({ uscc: Type.String({ maxLength: 64 }) });

/** Public code services (SPEC §3 fixed routes). */
export const codeRoutes: FastifyPluginAsync = async (app) => {
  app.get('/codes/uscc/:code', {
    config: { access: 'public' },
    schema: { tags: ['codes'], summary: 'Check a unified social credit code (GB 32100-2015)', params: Type.Object({ code: Type.String({ maxLength: 64 }) }), response: { 200: CodeCheckSchema } },
  }, async (request) => validateUscc((request.params as { code: string }).code));

  app.get('/codes/id-number/:id', {
    config: { access: 'public' },
    schema: { tags: ['codes'], summary: 'Check a resident ID number (GB 11643-1999)', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: CodeCheckSchema } },
  }, async (request) => validateIdNumber((request.params as { id: string }).id));

  app.get('/codes/regions/:code', {
    config: { access: 'public' },
    schema: { tags: ['codes'], summary: 'One administrative division (GB/T 2260)', params: Type.Object({ code: Type.String({ maxLength: 12 }) }), response: { 200: RegionSchema } },
  }, async (request) => {
    const code = (request.params as { code: string }).code;
    const region = regionByCode(code);
    if (!region) throw notFound('REGION_UNKNOWN', { zh: `行政区划代码 ${code} 不存在`, en: `Unknown region code ${code}` });
    return { ...region, tableVersion: regionTableVersion };
  });

  app.get('/codes/regions', {
    config: { access: 'public' },
    schema: {
      tags: ['codes'], summary: 'Administrative divisions: provinces, or the children of `parent`',
      querystring: Type.Object({ parent: Type.Optional(Type.String({ pattern: '^\\d{6}$' })), level: Type.Optional(Type.Union([Type.Literal('province'), Type.Literal('prefecture'), Type.Literal('county')])) }),
      response: { 200: Type.Object({ items: Type.Array(RegionSchema) }) },
    },
  }, async (request) => {
    const { parent, level } = request.query as { parent?: string; level?: RegionLevel };
    if (parent && !regionByCode(parent)) throw notFound('REGION_UNKNOWN', { zh: `行政区划代码 ${parent} 不存在`, en: `Unknown region code ${parent}` });
    const items = listRegions({ parent, level: level ?? (parent ? undefined : 'province') });
    return { items: items.map((r) => ({ ...r, tableVersion: regionTableVersion })) };
  });

  app.get('/codes/industries', {
    config: { access: 'public' },
    schema: {
      tags: ['codes'], summary: 'Industry classification (GB/T 4754-2017)',
      querystring: Type.Object({ level: Type.Optional(Type.Union([Type.Literal('section'), Type.Literal('division'), Type.Literal('group'), Type.Literal('class')])) }),
      response: { 200: Type.Object({ items: Type.Array(IndustrySchema) }) },
    },
  }, async (request) => ({ items: listIndustries((request.query as { level?: IndustryLevel }).level) }));

  app.get('/codes/industries/:code', {
    config: { access: 'public' },
    schema: { tags: ['codes'], summary: 'One industry code', params: Type.Object({ code: Type.String({ maxLength: 16 }) }), response: { 200: IndustrySchema } },
  }, async (request) => {
    const ind = parseIndustryCode((request.params as { code: string }).code);
    if (isIndustryError(ind)) throw notFound(ind.error.code, { zh: ind.error.message, en: ind.error.messageEn });
    return ind;
  });

  app.post('/codes/size-class', {
    config: { access: 'public' },
    schema: { tags: ['codes'], summary: 'SME size class (工信部联企业〔2011〕300号), with the rule that decided it', body: SizeClassBody, response: { 200: SizeClassReply } },
  }, async (request) => {
    const b = request.body as { industryCode: string; employees?: number | null; revenue?: string | null; assets?: string | null };
    const outcome = sizeClassOf(b);
    if (isSizeClassError(outcome)) throw badRequest(outcome.error.code, { zh: outcome.error.message, en: outcome.error.messageEn });
    return outcome;
  });
};

export interface EntityRoutesOptions {
  entities: EntityService;
  /** Refuses deletion of an entity that has enterprise accounts bound to it. */
  hasAccounts: (uscc: string) => Promise<boolean>;
}

const READERS = [...OPERATOR_ROLES, ...INSTITUTION_ROLES];

/** C1 registry: search and read for operators and institutions; changes by platform administrators. */
export const entityRoutes: FastifyPluginAsync<EntityRoutesOptions> = async (app, { entities, hasAccounts }) => {
  app.get('/entities', {
    config: { access: { roles: READERS } },
    schema: {
      tags: ['entities'], summary: 'Search market entities (name prefix, USCC, region subtree, industry, size, status) with cursor pagination',
      querystring: EntitySearchQuery, response: { 200: Type.Object({ items: Type.Array(EntitySummarySchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
    },
  }, async (request) => entities.search(request.query as EntitySearch));

  app.get('/entities/:uscc', {
    config: { access: { roles: [...READERS, 'enterprise_legal_rep', 'enterprise_agent'] } },
    schema: { tags: ['entities'], summary: 'One market entity; personal data masked unless the caller is the entity itself', params: UsccParam, response: { 200: EntityDetailSchema } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const { uscc } = request.params as { uscc: string };
    // An enterprise user reads only its own entity here; others' public data is served by the public views.
    if (p.orgKind === 'enterprise' && p.uscc !== uscc) {
      throw forbidden('ENTITY_NOT_OWN', { zh: '只能查看本企业的信息', en: 'You may only view your own enterprise' });
    }
    return entities.get(uscc, p);
  });

  app.get('/me/enterprise', {
    config: { access: { roles: ['enterprise_legal_rep', 'enterprise_agent'] } },
    schema: { tags: ['entities'], summary: "The logged-in enterprise's own registry record, in clear (信息主体免费查询)", response: { 200: EntityDetailSchema } },
  }, async (request) => {
    const p = requirePrincipal(request);
    if (!p.uscc) throw notFound('ENTITY_NOT_BOUND', { zh: '账户未绑定企业', en: 'The account is not bound to an enterprise' });
    return entities.get(p.uscc, p);
  });

  app.post('/entities', {
    config: { access: { roles: ['op_admin'] } },
    schema: { tags: ['entities'], summary: 'Register a market entity', body: EntityInputSchema, response: { 201: EntityDetailSchema } },
  }, async (request, reply) => reply.status(201).send(await entities.create(request.body as EntityInput, requirePrincipal(request))));

  app.patch('/entities/:uscc', {
    config: { access: { roles: ['op_admin'] } },
    schema: { tags: ['entities'], summary: 'Change a market entity; the size class is recomputed', params: UsccParam, body: EntityPatchSchema, response: { 200: EntityDetailSchema } },
  }, async (request) => entities.update((request.params as { uscc: string }).uscc, request.body as EntityPatch, requirePrincipal(request)));

  app.delete('/entities/:uscc', {
    config: { access: { roles: ['op_admin'] } },
    schema: { tags: ['entities'], summary: 'Delete a market entity registered in error (refused while accounts are bound to it)', params: UsccParam, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const { uscc } = request.params as { uscc: string };
    if (await hasAccounts(uscc)) {
      throw badRequest('ENTITY_HAS_ACCOUNTS', { zh: '该市场主体已绑定企业账户，不能删除', en: 'Enterprise accounts are bound to this entity; it cannot be deleted' });
    }
    await entities.remove(uscc);
    return reply.status(204).send();
  });
};
