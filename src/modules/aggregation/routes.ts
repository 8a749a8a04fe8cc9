import { createReadStream } from 'node:fs';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { badRequest, decodeCursor, encodeCursor, forbidden, installStreamingUpload, notFound, requirePrincipal, unauthorized, type Principal } from '../../platform/http/index.ts';
import { ENTERPRISE_ROLES, OPERATOR_ROLES } from '../../platform/auth/roles.ts';
import type { IdentityService } from '../identity/index.ts';
import { auditedRead, type AuditSink } from '../audit/index.ts';
import { DEFAULT_MASKING, maskRecord } from '../consent/index.ts';
import { formatFromContentType } from './parse/index.ts';
import {
  BatchSummary, IdParams, ListQuery, QuarantinePage, QuarantineQuery, RecordParams, RecordsReply, RecordVersion, ResubmitBody, SubmitQuery,
} from './schemas.ts';
import type { AggregationService, Submitter } from './service.ts';
import { quarantineCsv } from './quarantine-report.ts';

export interface AggregationRouteOptions {
  aggregation: AggregationService;
  identity: IdentityService;
  uploadDir: string;
  uploadLimitBytes: number;
  /** the audit log every record read is written to */
  audit?: AuditSink;
}

const SUBMIT_ROLES = ['provider_system', 'provider_admin', 'op_admin'] as const;
const BATCH_READ_ROLES = ['provider_system', 'provider_admin', ...OPERATOR_ROLES] as const;
/** An operator's reason for reading personal data in clear (kept in the audit log); without it they are masked. */
const ReasonQuery = Type.Optional(Type.String({ minLength: 4, maxLength: 200 }));

const RECORD_READ_ROLES = ['provider_admin', 'provider_system', 'op_admin', 'op_supervisor', ...ENTERPRISE_ROLES] as const;

/** C3 physical aggregation: batch upload, status, quarantine and correction, and the versioned records. */
export const aggregationRoutes: FastifyPluginAsync<AggregationRouteOptions> = async (app, opts) => {
  const { aggregation, identity } = opts;

  async function submitterOf(p: Principal): Promise<Submitter> {
    const org = await identity.organisation(p.orgId);
    return { orgId: p.orgId, orgKind: p.orgKind, category: org?.category ?? null, actor: p.kind === 'user' ? p.username : `key:${p.keyId}` };
  }

  await app.register(async (upload) => {
    installStreamingUpload(upload, { dir: opts.uploadDir, limitBytes: opts.uploadLimitBytes });
    // Refuse strangers before the body reaches the disk: a live session, or an active key with a fresh timestamp,
    // holding a submitting role. The signature over the body is checked in preValidation once the body is in.
    upload.addHook('onRequest', async (request) => {
      const claimed = await app.precheckPrincipal(request);
      if (!claimed || (claimed.kind === 'user' && !claimed.mfaPassed)) throw unauthorized('AUTH_REQUIRED', { zh: '请先登录', en: 'Please log in first' });
      if (!claimed.roles.some((r) => (SUBMIT_ROLES as readonly string[]).includes(r))) {
        throw forbidden('FORBIDDEN_ROLE', { zh: '当前角色无权访问该功能', en: 'Your role may not use this function' });
      }
      const length = Number(request.headers['content-length'] ?? 0);
      if (length > opts.uploadLimitBytes) throw badRequest('BODY_TOO_LARGE', { zh: `上传内容超过 ${opts.uploadLimitBytes} 字节`, en: `The upload is larger than ${opts.uploadLimitBytes} bytes` });
    });
    upload.post('/aggregation/batches', {
      config: { access: { roles: SUBMIT_ROLES } },
      schema: {
        tags: ['aggregation'],
        summary: 'Submit a batch of one catalog item (CSV UTF-8/GBK, JSON array or NDJSON as the raw body); idempotent by batchId',
        description: 'Valid rows are upserted by natural key keeping every earlier version; invalid rows go to the quarantine. '
          + 'A broken file (binary, undecodable, truncated) is refused whole with nothing stored. The same batchId with the same bytes returns the first result (200, replayed); with other bytes 409.',
        querystring: SubmitQuery,
        response: { 200: BatchSummary, 201: BatchSummary },
      },
    }, async (request, reply) => {
      const p = requirePrincipal(request);
      const q = request.query as Static<typeof SubmitQuery>;
      const file = request.upload;
      if (!file || file.bytes === 0) throw badRequest('BATCH_EMPTY', { zh: '上传内容为空', en: 'The upload is empty' });
      const format = q.format ?? formatFromContentType(request.headers['content-type']);
      if (!format) {
        throw badRequest('BATCH_FORMAT_UNKNOWN', {
          zh: '无法判断文件格式：请使用 Content-Type text/csv、application/json 或 application/x-ndjson，或给出 format 参数',
          en: 'Unknown format: send Content-Type text/csv, application/json or application/x-ndjson, or the format parameter',
        });
      }
      const source = p.kind === 'machine' ? 'api' : (q.source ?? 'portal');
      const result = await aggregation.submit({
        submitter: await submitterOf(p), batchKey: q.batchId, itemCode: q.item, format, encoding: q.encoding, source,
        open: () => createReadStream(file.path, { highWaterMark: 256 * 1024 }),
      });
      const { created, ...body } = result;
      return reply.status(result.replayed ? 200 : created ? 201 : 200).send(body);
    });
  });

  app.get('/aggregation/batches', {
    config: { access: { roles: BATCH_READ_ROLES } },
    schema: { tags: ['aggregation'], summary: 'Batches received, newest first (a provider sees its own)', querystring: ListQuery, response: { 200: Type.Object({ items: Type.Array(BatchSummary), nextCursor: Type.Union([Type.String(), Type.Null()]) }) } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const q = request.query as Static<typeof ListQuery>;
    const after = q.cursor ? decodeCursor(q.cursor, 2) : undefined;
    if (after === null) throw badRequest('CURSOR_INVALID', { zh: '分页游标无效', en: 'The cursor is not valid' });
    const { items, last } = await aggregation.listBatches(p, { item: q.item, status: q.status, after: after as [string, string] | undefined, limit: q.limit ?? 50 });
    return { items, nextCursor: last ? encodeCursor([last.created_at.toISOString(), last.id]) : null };
  });

  app.get('/aggregation/batches/:id', {
    config: { access: { roles: BATCH_READ_ROLES } },
    schema: { tags: ['aggregation'], summary: 'One batch: status, counts and progress', params: IdParams, response: { 200: BatchSummary } },
  }, async (request) => {
    const batch = await aggregation.batchFor((request.params as { id: string }).id, requirePrincipal(request));
    return aggregation.summary(batch.id);
  });

  app.get('/aggregation/batches/:id/quarantine', {
    config: { access: { roles: BATCH_READ_ROLES } },
    schema: { tags: ['aggregation'], summary: 'Quarantined rows of a batch with row number, field and reason', params: IdParams, querystring: QuarantineQuery, response: { 200: QuarantinePage } },
  }, async (request) => {
    const batch = await aggregation.batchFor((request.params as { id: string }).id, requirePrincipal(request));
    const q = request.query as Static<typeof QuarantineQuery>;
    const after = q.cursor ? decodeCursor(q.cursor, 1) : undefined;
    if (after === null) throw badRequest('CURSOR_INVALID', { zh: '分页游标无效', en: 'The cursor is not valid' });
    const limit = q.limit ?? 100;
    const status = q.status === 'all' ? undefined : (q.status ?? undefined);
    const items = await aggregation.quarantine(batch, { status, afterRow: after ? Number(after[0]) : undefined, limit });
    const item = await aggregation.itemOf(batch.item_code);
    return {
      fields: (item?.fields ?? []).map((f) => ({ code: f.code, name: f.name, nameEn: f.nameEn, type: f.type, required: f.required, ...(f.enum ? { enum: f.enum } : {}) })),
      items,
      nextCursor: items.length === limit ? encodeCursor([items[items.length - 1].rowNumber]) : null,
    };
  });

  app.get('/aggregation/batches/:id/quarantine.csv', {
    config: { access: { roles: BATCH_READ_ROLES } },
    schema: { tags: ['aggregation'], summary: 'The error report of a batch as CSV (UTF-8 with BOM, opens in Excel/WPS)', params: IdParams, querystring: Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])) }) },
  }, async (request, reply) => {
    const batch = await aggregation.batchFor((request.params as { id: string }).id, requirePrincipal(request));
    const item = await aggregation.itemOf(batch.item_code);
    if (!item) throw notFound('ITEM_UNKNOWN', { zh: '信息项已不在目录中', en: 'The item is no longer in the catalog' });
    const lang = (request.query as { lang?: string }).lang === 'en' ? 'en' : 'zh-CN';
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="quarantine-${batch.batch_key.replace(/[^A-Za-z0-9._-]/g, '_')}.csv"`);
    return reply.send(quarantineCsv(aggregation, batch, item, lang));
  });

  app.post('/aggregation/batches/:id/resubmissions', {
    config: { access: { roles: SUBMIT_ROLES } },
    schema: { tags: ['aggregation'], summary: 'Re-submit corrected quarantined rows; creates a new batch linked to the original', params: IdParams, body: ResubmitBody, response: { 201: BatchSummary } },
  }, async (request, reply) => {
    const p = requirePrincipal(request);
    const { rows } = request.body as Static<typeof ResubmitBody>;
    const { created: _created, ...body } = await aggregation.resubmit((request.params as { id: string }).id, await submitterOf(p), rows);
    return reply.status(201).send(body);
  });

  async function mayReadRecords(request: FastifyRequest, uscc: string, itemCode: string) {
    const p = requirePrincipal(request);
    const item = await aggregation.itemOf(itemCode);
    if (!item) throw notFound('ITEM_UNKNOWN', { zh: `目录中没有信息项 ${itemCode}`, en: `The catalog has no item ${itemCode}` });
    if (p.orgKind === 'enterprise' && p.uscc !== uscc) throw forbidden('NOT_YOUR_ENTERPRISE', { zh: '只能查看本企业的信息', en: 'You can only see your own enterprise' });
    if (p.orgKind === 'provider' && (await identity.organisation(p.orgId))?.category !== item.provider.category) {
      throw forbidden('ITEM_NOT_YOURS', { zh: '只能查看本单位提供的信息项', en: 'You can only see the items your organisation provides' });
    }
    return item;
  }

  /**
   * Personal fields as the reader may see them: the subject and the providing unit in clear; an operator in clear
   * only with a stated reason (logged with the read), masked otherwise (SPEC C4).
   */
  function shownTo<T extends { data: Record<string, unknown> }>(request: FastifyRequest, item: Parameters<typeof maskRecord>[0], records: T[]): T[] {
    const p = requirePrincipal(request);
    if (p.orgKind !== 'operator' || operatorReason(request)) return records;
    return records.map((r) => ({ ...r, data: maskRecord(item, r.data, DEFAULT_MASKING.operator).data }));
  }

  function operatorReason(request: FastifyRequest): string | null {
    const reason = (request.query as { reason?: string }).reason?.trim();
    return reason ? reason : null;
  }

  app.get('/aggregation/records/:uscc/:item', {
    config: { access: { roles: RECORD_READ_ROLES } },
    schema: {
      tags: ['aggregation'], summary: 'The records of one item for one enterprise, now or as they stood at asOf',
      params: RecordParams, querystring: Type.Object({ asOf: Type.Optional(Type.String({ format: 'date-time' })), reason: ReasonQuery }), response: { 200: RecordsReply },
    },
  }, async (request) => {
    const { uscc, item } = request.params as Static<typeof RecordParams>;
    return auditedRead(opts.audit, request, { action: 'records.read', subject: uscc, items: [item], reason: operatorReason(request) }, async () => {
      const catalogItem = await mayReadRecords(request, uscc, item);
      const asOfText = (request.query as { asOf?: string }).asOf;
      const asOf = asOfText ? new Date(asOfText) : null;
      return { uscc, item, asOf: asOf?.toISOString() ?? null, records: shownTo(request, catalogItem, await aggregation.records(uscc, item, asOf, { includeWithheld: true })) };
    });
  });

  app.get('/aggregation/records/:uscc/:item/history', {
    config: { access: { roles: RECORD_READ_ROLES } },
    schema: {
      tags: ['aggregation'], summary: 'Every version of the records of one item for one enterprise (optionally one natural key)',
      params: RecordParams, querystring: Type.Object({ key: Type.Optional(Type.String({ maxLength: 1000 })), reason: ReasonQuery }),
      response: { 200: Type.Object({ uscc: Type.String(), item: Type.String(), versions: Type.Array(RecordVersion) }) },
    },
  }, async (request) => {
    const { uscc, item } = request.params as Static<typeof RecordParams>;
    return auditedRead(opts.audit, request, { action: 'records.history', subject: uscc, items: [item], reason: operatorReason(request) }, async () => {
      const catalogItem = await mayReadRecords(request, uscc, item);
      return { uscc, item, versions: shownTo(request, catalogItem, await aggregation.history(uscc, item, (request.query as { key?: string }).key)) };
    });
  });
};
