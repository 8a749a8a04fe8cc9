import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { codes } from '../../src/modules/entities/index.ts';
import { MemoryNonceStore } from '../../src/platform/auth/nonce-store.ts';
import { verifySignedRequest } from '../../src/platform/auth/request-signing.ts';
import { localeFrom, pick, type Localized } from '../../src/platform/i18n/index.ts';
import { exportLines } from './batch-export.ts';
import { buildRegistry, DEMO_DEFAULTS, type EnterpriseRegistry } from './enterprises.ts';
import { FaultState, type Faults } from './faults.ts';
import { createDataset, defaultReferenceDate, type Dataset } from './records/index.ts';
import { ClaimError, evaluateClaim, type Claim } from './verification.ts';

/** Headers of the provider contract (docs/provider-contract.openapi.yaml). */
export const AUTHORISATION_REF_HEADER = 'x-xr-authorisation-ref';
export const REQUEST_ID_HEADER = 'x-xr-request-id';
const AUTHORISATION_REF = /^[\x21-\x7e]{1,128}$/;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export interface ProviderSimOptions {
  /** 0 picks a free port. Default 8091. */
  port?: number;
  host?: string;
  /** Enterprises of the demo registry the providers know (default: the demo's 2000). */
  enterprises?: number;
  /** Demo generator seed (default: the demo's 20261123). */
  seed?: number | string;
  /** GB/T 2260 code of the node's region (default 131000, as XINRONG_REGION). */
  regionCode?: string;
  /** Shared secret for HMAC-SM3 request signatures; without one the simulator accepts unsigned calls. */
  secret?: string;
  /** Key id the platform signs with (default: any key id is accepted with the shared secret). */
  keyId?: string;
  /** Month end the data describes (YYYY-MM-DD); default the end of last month. */
  referenceDate?: string;
  logger?: boolean | { level: string };
}

export interface CallLogEntry {
  at: string;
  method: string;
  route: string;
  item: string | null;
  uscc: string | null;
  authorisationRef: string | null;
  requestId: string | null;
  status: number;
}

export interface ProviderSimHandle {
  url: string;
  readonly calls: number;
  /** The most recent data calls (up to 1000), newest last. */
  readonly log: readonly CallLogEntry[];
  readonly signed: boolean;
  readonly dataset: Dataset;
  readonly registry: EnterpriseRegistry;
  setFaults(f: Partial<Faults>): Faults;
  resetFaults(): Faults;
  close(): Promise<void>;
}

const TITLES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 503: 'Service Unavailable' };

class SimProblem extends Error {
  constructor(readonly status: number, readonly code: string, readonly text: Localized) {
    super(text.en);
  }
}

function sendProblem(reply: FastifyReply, request: FastifyRequest, p: SimProblem): FastifyReply {
  return reply.status(p.status).type('application/problem+json; charset=utf-8').send({
    type: `https://xinrong.dev/problems/provider/${p.code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[p.status] ?? 'Error',
    status: p.status,
    code: p.code,
    detail: pick(p.text, localeFrom(request.headers['accept-language'])),
  });
}

const header = (request: FastifyRequest, name: string): string | null => {
  const v = request.headers[name];
  return typeof v === 'string' && v !== '' ? v : null;
};

const ItemParams = Type.Object({ item: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,62}$' }) });
const RecordParams = Type.Object({ item: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,62}$' }), uscc: Type.String({ maxLength: 64 }) });
const ClaimBody = Type.Object({
  item: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,62}$' }),
  uscc: Type.String({ maxLength: 64 }),
  field: Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$' }),
  op: Type.Union([Type.Literal('equals'), Type.Literal('gte'), Type.Literal('lte'), Type.Literal('exists')]),
  value: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()])),
  match: Type.Optional(Type.Union([Type.Literal('any'), Type.Literal('all')])),
}, { additionalProperties: false });
const FaultsBody = Type.Object({
  outage: Type.Optional(Type.Boolean()),
  latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
  failureRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  failNext: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  reset: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

/** Builds the simulator's HTTP app (not listening). */
export function buildProviderSimApp(opts: {
  dataset: Dataset;
  registry: EnterpriseRegistry;
  faults: FaultState;
  secret?: string;
  keyId?: string;
  logger?: ProviderSimOptions['logger'];
  /** Called when a data call arrives, before faults apply (the call counter). */
  onArrival?: () => void;
  onCall: (entry: CallLogEntry) => void;
}): FastifyInstance {
  const { dataset, faults } = opts;
  const app = Fastify({
    logger: opts.logger === undefined || opts.logger === false ? false : opts.logger === true ? { level: 'info' } : opts.logger,
    forceCloseConnections: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  });
  const nonces = new MemoryNonceStore();
  const raw = new WeakMap<FastifyRequest, Buffer>();
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    raw.set(request, body as Buffer);
    parseJson(request, (body as Buffer).toString('utf8'), done);
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof SimProblem) return sendProblem(reply, request, err);
    if (err instanceof ClaimError) return sendProblem(reply, request, new SimProblem(400, err.code, { zh: err.zh, en: err.message }));
    if (err.validation || (err.statusCode !== undefined && err.statusCode < 500)) {
      return sendProblem(reply, request, new SimProblem(err.statusCode ?? 400, 'VALIDATION_FAILED', { zh: `请求不合法：${err.message}`, en: `Invalid request: ${err.message}` }));
    }
    request.log.error({ err }, 'provider simulator failed');
    return sendProblem(reply, request, new SimProblem(500, 'INTERNAL', { zh: '模拟器内部错误', en: 'Simulator internal error' }));
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, request, new SimProblem(404, 'ROUTE_NOT_FOUND', { zh: `路径不存在：${request.url}`, en: `No such route: ${request.method} ${request.url}` })));

  const isProviderRoute = (url: string) => url.startsWith('/provider/v1/');
  const isDataRoute = (url: string) => isProviderRoute(url) && !url.startsWith('/provider/v1/health');

  // Faults first (a real outage fails before anything else), then the signature.
  app.addHook('onRequest', async (request, reply) => {
    if (!isProviderRoute(request.url)) return;
    if (isDataRoute(request.url)) opts.onArrival?.();
    const { latencyMs } = faults.current;
    if (latencyMs > 0) {
      const gone = new AbortController();
      reply.raw.once('close', () => gone.abort());
      await sleep(latencyMs, undefined, { signal: gone.signal }).catch(() => undefined);
    }
    const decision = faults.decide(isDataRoute(request.url));
    if (decision === 'outage') throw new SimProblem(503, 'PROVIDER_OUTAGE', { zh: '数据提供方服务中断（模拟）', en: 'The provider is down (simulated outage)' });
    if (decision === 'failure') throw new SimProblem(503, 'PROVIDER_FAILURE', { zh: '数据提供方暂时故障（模拟）', en: 'The provider failed (simulated failure)' });
  });
  app.addHook('preValidation', async (request) => {
    if (!opts.secret || !isDataRoute(request.url)) return;
    const result = await verifySignedRequest({
      method: request.method,
      pathWithQuery: request.raw.url ?? request.url,
      headers: request.headers,
      rawBody: raw.get(request) ?? new Uint8Array(0),
      lookupKey: async (keyId) => (opts.keyId === undefined || keyId === opts.keyId ? { alg: 'hmac-sm3', secret: opts.secret as string } : undefined),
      nonceStore: nonces,
    });
    if (!result.ok) throw new SimProblem(401, result.code, { zh: `签名校验失败：${result.message}`, en: `Signature check failed: ${result.message}` });
  });
  app.addHook('onResponse', async (request, reply) => {
    if (!isDataRoute(request.url)) return;
    const params = (request.params ?? {}) as { item?: string; uscc?: string };
    const body = (request.body ?? {}) as { item?: unknown; uscc?: unknown };
    opts.onCall({
      at: new Date().toISOString(),
      method: request.method,
      route: request.routeOptions.url ?? request.url,
      item: params.item ?? (typeof body.item === 'string' ? body.item : null),
      uscc: params.uscc ?? (typeof body.uscc === 'string' ? body.uscc : null),
      authorisationRef: header(request, AUTHORISATION_REF_HEADER),
      requestId: header(request, REQUEST_ID_HEADER),
      status: reply.statusCode,
    });
  });

  /** Every data call about one enterprise names the authorisation it is made under; it is logged with the call. */
  function requireAuthorisationRef(request: FastifyRequest): string {
    const ref = header(request, AUTHORISATION_REF_HEADER);
    if (ref === null || !AUTHORISATION_REF.test(ref)) {
      throw new SimProblem(400, 'AUTHORISATION_REF_MISSING', {
        zh: `缺少或无效的 ${AUTHORISATION_REF_HEADER}：平台须注明调用所依据的企业授权编号`,
        en: `Missing or invalid ${AUTHORISATION_REF_HEADER}: the platform must name the enterprise authorisation the call is made under`,
      });
    }
    request.log.info({ authorisationRef: ref, requestId: header(request, REQUEST_ID_HEADER), route: request.routeOptions.url }, 'data call under authorisation');
    return ref;
  }
  function servedItem(code: string) {
    const item = dataset.items.get(code);
    if (!item) throw new SimProblem(400, 'ITEM_NOT_SERVED', { zh: `本数据提供方不提供数据项 ${code}`, en: `This provider does not serve item ${code}` });
    return item;
  }
  function checkUscc(uscc: string): void {
    const r = codes.validateUscc(uscc);
    if (!r.valid) throw new SimProblem(400, 'USCC_INVALID', { zh: r.error.message, en: r.error.messageEn });
  }

  app.get('/provider/v1/health', async () => ({
    status: 'ok',
    provider: 'xinrong provider simulator (tax, utilities, housing fund)',
    items: [...dataset.items.keys()],
    enterprises: opts.registry.size,
    asOf: dataset.asOf,
    signedRequests: opts.secret ? 'required' : 'not required',
  }));

  app.get('/provider/v1/items/:item/records/:uscc', { schema: { params: RecordParams } }, async (request) => {
    const { item: code, uscc } = request.params as { item: string; uscc: string };
    requireAuthorisationRef(request);
    checkUscc(uscc);
    const item = servedItem(code);
    const records = dataset.records(item.code, uscc);
    if (!records || records.length === 0) {
      throw new SimProblem(404, 'NO_RECORDS', { zh: `本数据提供方没有该主体的 ${code} 数据`, en: `This provider holds no ${code} records for ${uscc}` });
    }
    return { item: item.code, uscc, records, asOf: dataset.asOf };
  });

  app.post('/provider/v1/verifications', { schema: { body: ClaimBody } }, async (request) => {
    const claim = request.body as Claim;
    requireAuthorisationRef(request);
    checkUscc(claim.uscc);
    const item = servedItem(claim.item);
    if (claim.op !== 'exists' && claim.value === undefined) {
      throw new SimProblem(400, 'CLAIM_VALUE_INVALID', { zh: `${claim.op} 核验需要 value`, en: `A ${claim.op} claim needs a value` });
    }
    return { result: evaluateClaim(item, dataset.records(item.code, claim.uscc), claim), asOf: dataset.asOf };
  });

  app.get('/provider/v1/items/:item/export', {
    schema: { params: ItemParams, querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('ndjson')])) }) },
  }, async (request, reply) => {
    const item = servedItem((request.params as { item: string }).item);
    if (item.sharingMode !== 'physical') {
      throw new SimProblem(400, 'ITEM_NOT_EXPORTABLE', {
        zh: `${item.code} 以接口调用方式共享，不提供批量导出`,
        en: `${item.code} is shared by interface call; there is no batch export`,
      });
    }
    const format = (request.query as { format?: 'csv' | 'ndjson' }).format ?? 'csv';
    const file = `${item.code}-${dataset.referenceDate.replace(/-/g, '')}.${format}`;
    reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file}"`);
    return reply.send(Readable.from(exportLines(item, dataset.allRecords(item.code), format)));
  });

  // Fault injection for tests and demos: only from this machine.
  const loopbackOnly = async (request: FastifyRequest) => {
    if (!LOOPBACK.has(request.ip)) throw new SimProblem(403, 'LOOPBACK_ONLY', { zh: '故障注入仅限本机调用', en: 'Fault injection is only accepted from loopback' });
  };
  app.get('/_sim/faults', { preHandler: loopbackOnly }, async () => faults.current);
  app.post('/_sim/faults', { preHandler: loopbackOnly, schema: { body: FaultsBody } }, async (request) => {
    const { reset, ...change } = (request.body ?? {}) as Partial<Faults> & { reset?: boolean };
    if (reset) faults.reset();
    const next = faults.set(change);
    request.log.warn({ faults: next }, 'fault injection changed');
    return next;
  });
  return app;
}

/** Starts the simulator on host:port (port 0 = random); resolves once it listens. */
export async function startProviderSim(options: ProviderSimOptions = {}): Promise<ProviderSimHandle> {
  const registry = buildRegistry({
    enterprises: options.enterprises ?? DEMO_DEFAULTS.enterprises,
    seed: options.seed ?? DEMO_DEFAULTS.seed,
    regionCode: options.regionCode ?? DEMO_DEFAULTS.regionCode,
  });
  const referenceDate = options.referenceDate ?? defaultReferenceDate();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(referenceDate) || Number.isNaN(Date.parse(referenceDate))) {
    throw new RangeError(`referenceDate must be YYYY-MM-DD, got "${referenceDate}"`);
  }
  const dataset = createDataset(registry, { seed: options.seed ?? DEMO_DEFAULTS.seed, referenceDate });
  const faults = new FaultState();
  const log: CallLogEntry[] = [];
  let calls = 0;
  const secret = options.secret === '' ? undefined : options.secret;
  const app = buildProviderSimApp({
    dataset, registry, faults, secret, keyId: options.keyId, logger: options.logger,
    onArrival: () => {
      calls += 1;
    },
    onCall: (entry) => {
      log.push(entry);
      if (log.length > 1000) log.shift();
    },
  });
  if (!secret) app.log.warn('no shared secret (PROVIDER_SIM_SECRET): accepting unsigned calls');
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 8091, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    get calls() {
      return calls;
    },
    log,
    signed: secret !== undefined,
    dataset,
    registry,
    setFaults: (f) => faults.set(f),
    resetFaults: () => faults.reset(),
    close: () => app.close(),
  };
}
