import type { UsageEntry } from '../quality/index.ts';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Role } from '../../../platform/auth/roles.ts';
import { uuidv7 } from '../../../platform/crypto/index.ts';
import { forbidden, notFound, requirePrincipal, type Principal } from '../../../platform/http/index.ts';
import type { CatalogItem, CatalogService } from '../../catalog/index.ts';
import { auditedRead, type AuditSink } from '../../audit/index.ts';
import { DEFAULT_MASKING, maskRecord } from '../../consent/index.ts';
import { usccError } from '../../entities/index.ts';
import type { InterfaceCaller } from './caller.ts';
import type { EndpointRegistry } from './endpoint-registry.ts';
import type { ProviderRecord } from './provider-contract.ts';
import { EndpointBody, EndpointParams, EndpointView, LiveParams, LiveReply, type EndpointBodyInput } from './schemas.ts';

export interface InterfaceCallRouteOptions {
  caller: InterfaceCaller;
  catalog: CatalogService;
  endpoints: EndpointRegistry;
  /** Records each live read for the provider's usage feedback (quality module's data_usage). */
  recordUsage?: (entry: UsageEntry) => Promise<void>;
  /** the audit log every live read is written to */
  audit?: AuditSink;
}

/** Who may read live interface data now; institutions join with the authorisation capability (C4). */
const LIVE_ROLES: readonly Role[] = ['op_admin', 'op_supervisor', 'enterprise_legal_rep', 'enterprise_agent'];

/**
 * The enterprise itself sees all its data (信息主体免费查询); anyone else sees personal fields masked (SPEC C4),
 * on the server.
 */
function maskedFor(viewerIsSubject: boolean, item: CatalogItem, records: ProviderRecord[]): ProviderRecord[] {
  if (viewerIsSubject || !item.fields.some((f) => f.personal)) return records;
  return records.map((r) => maskRecord(item, r, DEFAULT_MASKING.operator).data as ProviderRecord);
}

/** What the provider is told the read is based on, until institutions read under C4 authorisations. */
function authorisationRefOf(p: Principal, uscc: string): string {
  if (p.orgKind === 'enterprise') return `subject-self:${uscc}`;
  return `operator:${p.kind === 'user' ? p.userId : p.keyId}`;
}

/** C3 interface call: live reads from providers and the registry of provider endpoints. */
export const interfaceCallRoutes: FastifyPluginAsync<InterfaceCallRouteOptions> = async (app, { caller, catalog, endpoints, recordUsage, audit }) => {
  app.get('/aggregation/live/:uscc/:item', {
    config: { access: { roles: LIVE_ROLES } },
    schema: {
      tags: ['aggregation'],
      summary: 'Read an interface-call item of one enterprise from its provider now (cached answer marked stale when the provider is down)',
      params: LiveParams,
      response: { 200: LiveReply },
    },
  }, async (request, reply) => {
    const { uscc, item: code } = request.params as { uscc: string; item: string };
    return auditedRead(audit, request, { action: 'records.live', subject: uscc, items: [code] }, () => live(request, reply));
  });

  async function live(request: FastifyRequest, reply: FastifyReply) {
    const p = requirePrincipal(request);
    const { uscc, item: code } = request.params as { uscc: string; item: string };
    const invalid = usccError(uscc);
    if (invalid) throw invalid;
    const subject = p.orgKind === 'enterprise';
    if (subject && p.uscc !== uscc) {
      throw forbidden('SUBJECT_FORBIDDEN', { zh: '企业用户只能查询本企业的数据', en: 'An enterprise user may read only its own enterprise\'s data' });
    }
    const item = await catalog.item(code);
    if (!item || item.sharingMode !== 'interface') {
      throw notFound('INTERFACE_ITEM_UNKNOWN', {
        zh: `信息资源目录中没有以接口调用方式共享的数据项 ${code}`,
        en: `The catalog has no item ${code} shared by interface call`,
      });
    }
    const authorisationRef = authorisationRefOf(p, uscc);
    const result = await caller.fetchItem({ uscc, item, authorisationRef, requestId: uuidv7(), log: request.log });
    await recordUsage?.({
      at: new Date(), consumerOrgId: p.orgId, itemCode: item.code, providerCategory: item.provider.category, uscc,
      mode: 'interface_call', purpose: subject ? 'self_view' : 'operator_review', authorisationRef,
    });
    reply.header('cache-control', 'no-store');
    return {
      uscc,
      item: item.code,
      records: maskedFor(subject, item, result.records),
      fetchedAt: result.fetchedAt,
      stale: result.stale,
      source: result.source,
      provider: result.provider,
      asOf: result.asOf,
    };
  }

  app.get('/aggregation/provider-endpoints', {
    config: { access: { roles: ['op_admin'] } },
    schema: {
      tags: ['aggregation'],
      summary: 'Where the platform calls each provider category, with its circuit-breaker state (secrets are never shown)',
      response: { 200: Type.Object({ items: Type.Array(EndpointView) }) },
    },
  }, async () => {
    const breakers = caller.breakerStates();
    const closed = { state: 'closed' as const, consecutiveFailures: 0, retryAt: null };
    return { items: (await endpoints.list()).map((e) => ({ ...e, breaker: breakers.get(e.category) ?? closed })) };
  });

  app.put('/aggregation/provider-endpoints/:category', {
    config: { access: { roles: ['op_admin'] } },
    schema: {
      tags: ['aggregation'],
      summary: 'Set the endpoint of a provider category (http/https base URL, key id, HMAC-SM3 shared secret)',
      params: EndpointParams,
      body: EndpointBody,
      response: { 200: EndpointView },
    },
  }, async (request) => {
    const p = requirePrincipal(request);
    const { category } = request.params as { category: string };
    const current = await catalog.current();
    const known = current.categories.some((c) => c.items.some((i) => i.provider.category === category));
    if (!known) {
      throw notFound('PROVIDER_CATEGORY_UNKNOWN', {
        zh: `信息资源目录中没有数据提供方类别 ${category}`,
        en: `No catalog item comes from provider category ${category}`,
      });
    }
    const saved = await endpoints.set(category, request.body as EndpointBodyInput, p.kind === 'user' ? p.userId : p.keyId);
    const breaker = caller.breakerStates().get(category) ?? { state: 'closed' as const, consecutiveFailures: 0, retryAt: null };
    return { ...saved, breaker };
  });
};
