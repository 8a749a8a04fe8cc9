import { createHash } from 'node:crypto';
import type { Db } from '../../platform/db/index.ts';
import type { PlatformKeys } from '../../platform/keys.ts';
import { hmacSm3, uuidv7 } from '../../platform/crypto/index.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/http/index.ts';
import type { CatalogItem, CatalogService } from '../catalog/index.ts';
import { BatchFormatError, detectEncoding, readRows, type BatchEncoding, type BatchFormat, type SourceRow } from './parse/index.ts';
import { aggregationStore, publishedOfJsonSql, type BatchRow, type MarkedRecordRow, type PublishedOf } from './store.ts';
import { createRecordMarks, objectionOf, withheldOf } from './marks.ts';
import { CHUNK_ROWS, createRecordWriter, type ChunkOutcome } from './ingest.ts';
import { headerMapper } from './validate.ts';

export type BatchSource = 'api' | 'portal' | 'cli' | 'resubmission';

/** Who submits a batch: a provider organisation (its category must match the item's provider) or an operator. */
export interface Submitter {
  orgId: string;
  orgKind: string;
  /** provider domain (tax, utilities, …) of a provider organisation */
  category: string | null;
  actor: string | null;
}

export interface SubmitBatch {
  submitter: Submitter;
  batchKey: string;
  itemCode: string;
  format: BatchFormat;
  encoding?: BatchEncoding | 'auto';
  source: BatchSource;
  /** Opens the content; called twice (check, then write), so it must be re-readable (a file, a buffer). */
  open: () => AsyncIterable<Uint8Array>;
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

/** What the reader looks at to decide a CSV's encoding (parse/encoding.ts). */
const SAMPLE_BYTES = 64 * 1024;

const BATCH_KEY = /^[A-Za-z0-9][A-Za-z0-9._:#-]{0,127}$/;

export function createAggregationService(deps: { db: Db; keys: PlatformKeys; catalog: CatalogService; clock?: () => number; chunkRows?: number }) {
  const { db, keys, catalog } = deps;
  const clock = deps.clock ?? Date.now;
  const chunkRows = deps.chunkRows ?? CHUNK_ROWS;
  const store = aggregationStore(db);
  const marks = createRecordMarks(db);
  const writer = createRecordWriter({ db, store, cipher: keys.cipher, macKey: hmacSm3(keys.indexKey, 'xinrong record mac v1') });

  async function physicalItem(code: string): Promise<{ item: CatalogItem; version: number }> {
    const item = await catalog.item(code);
    if (!item) throw notFound('ITEM_UNKNOWN', { zh: `目录中没有信息项 ${code}`, en: `The catalog has no item ${code}` });
    if (item.sharingMode !== 'physical') {
      throw badRequest('ITEM_NOT_PHYSICAL', {
        zh: `信息项 ${item.name} 的共享方式不是归集（物理汇聚），平台按需调用或核验，不接收批量数据`,
        en: `Item ${item.nameEn} is not shared by physical aggregation; the platform calls or verifies it on demand and takes no batches`,
      });
    }
    return { item, version: (await catalog.current()).version };
  }

  function mayProvide(submitter: Submitter, item: CatalogItem): void {
    // another xinrong node shares records it holds (C15); what it may send is decided by the federation module
    if (submitter.orgKind === 'operator' || submitter.orgKind === 'node') return;
    if (submitter.orgKind !== 'provider' || submitter.category !== item.provider.category) {
      throw forbidden('ITEM_NOT_YOURS', {
        zh: `信息项 ${item.name} 由 ${item.provider.name} 提供，本单位不能报送`,
        en: `Item ${item.nameEn} is provided by ${item.provider.name}; your organisation cannot submit it`,
      });
    }
  }

  /** Pass 1: the whole content parses (nothing is written for a broken file); its SM3, row count and encoding. */
  async function inspect(input: SubmitBatch, item: CatalogItem): Promise<{ sm3: string; rows: number; encoding: BatchEncoding | null }> {
    const hash = createHash('sm3');
    const sample: Uint8Array[] = [];
    let sampled = 0;
    async function* hashed() {
      for await (const chunk of input.open()) {
        hash.update(chunk);
        if (sampled < SAMPLE_BYTES) {
          sample.push(chunk.subarray(0, SAMPLE_BYTES - sampled));
          sampled += Math.min(chunk.length, SAMPLE_BYTES - sampled);
        }
        yield chunk;
      }
    }
    let rows = 0;
    for await (const row of readRows(hashed(), { format: input.format, encoding: input.encoding ?? 'auto', mapHeader: headerMapper(item) })) {
      void row;
      rows++;
    }
    // JSON and NDJSON are UTF-8 by definition (RFC 8259); a CSV's encoding is what the reader detected from the same sample.
    const encoding: BatchEncoding = input.format !== 'csv' ? 'utf-8' : input.encoding && input.encoding !== 'auto' ? input.encoding : detectEncoding(Buffer.concat(sample));
    return { sm3: hash.digest('hex'), rows, encoding };
  }

  /**
   * Writes rows chunk by chunk. The next chunk is validated while the previous one commits (Node's CPU and the
   * database's work overlap on two cores); chunks commit in order, so versions of one key stay in order.
   */
  async function writeRows(batch: BatchRow, item: CatalogItem, rows: AsyncIterable<SourceRow>, skipChunks: number, onProgress?: (done: number) => void) {
    let seq = 0;
    let chunk: SourceRow[] = [];
    let done = 0;
    const passed: number[] = [];
    let inflight: Promise<ChunkOutcome> | undefined;
    const session = writer.session();
    const settle = async () => {
      if (!inflight) return;
      const outcome = await inflight;
      inflight = undefined;
      if (batch.resubmission_of) passed.push(...outcome.passed);
    };
    const flush = async () => {
      const prepared = seq >= skipChunks ? await writer.prepareChunk(item, chunk, new Date(clock())) : undefined;
      // Its current versions are read on another connection while the previous chunk still commits.
      const ahead = prepared && writer.lookAhead(prepared, session);
      await settle();
      if (prepared) {
        inflight = writer.commitChunk(prepared, { batchId: batch.id, providerOrgId: batch.provider_org_id, seq, flushLater: true }, ahead);
        // A failure surfaces at the next settle; until then keep it from being reported as unhandled.
        inflight.catch(() => undefined);
      }
      done += chunk.length;
      onProgress?.(done);
      seq++;
      chunk = [];
    };
    for await (const row of rows) {
      chunk.push(row);
      if (chunk.length >= chunkRows) await flush();
    }
    if (chunk.length) await flush();
    await settle();
    return passed;
  }

  async function summary(id: string) {
    const row = await store.batch(id);
    if (!row) throw notFound('BATCH_UNKNOWN', { zh: '批次不存在', en: 'No such batch' });
    return shapeBatch(row, await catalog.item(row.item_code), row.status === 'processing' ? await store.progress(id) : undefined);
  }

  return {
    store,
    writer,

    /**
     * Receives one batch. Idempotent by (provider, batch id): the same bytes again change nothing and return the
     * first result; an interrupted batch resumes after its last committed chunk; other bytes under a used id are refused.
     */
    async submit(input: SubmitBatch) {
      if (!BATCH_KEY.test(input.batchKey)) {
        throw badRequest('BATCH_ID_INVALID', { zh: '批次号应为 1–128 位字母、数字或 . _ : # -', en: 'A batch id is 1–128 letters, digits or . _ : # -' });
      }
      const { item, version } = await physicalItem(input.itemCode);
      mayProvide(input.submitter, item);
      let inspected: Awaited<ReturnType<typeof inspect>>;
      try {
        inspected = await inspect(input, item);
      } catch (err) {
        if (!(err instanceof BatchFormatError)) throw err;
        const error = { code: err.code, zh: err.zh, en: err.en, rowNumber: err.rowNumber, byteOffset: err.byteOffset };
        const existing = await store.batchByKey(input.submitter.orgId, input.batchKey);
        if (!existing || existing.status === 'failed') {
          await store.recordFailure({
            id: existing?.id ?? uuidv7(), providerOrgId: input.submitter.orgId, batchKey: input.batchKey, item: item.code, catalogVersion: version,
            format: input.format, source: input.source, submittedBy: input.submitter.actor, error, at: new Date(clock()),
          });
        }
        throw new AppError(err.code, 400, { zh: err.zh, en: err.en }, { rowNumber: err.rowNumber, byteOffset: err.byteOffset });
      }

      let batch = await store.batchByKey(input.submitter.orgId, input.batchKey);
      if (batch && batch.status !== 'failed') {
        if (batch.content_sm3 !== inspected.sm3 || batch.item_code !== item.code) {
          throw conflict('BATCH_ID_REUSED', {
            zh: `批次号 ${input.batchKey} 已用于另一份内容；请使用新的批次号`,
            en: `Batch id ${input.batchKey} was already used for different content; use a new batch id`,
          }, { batch: batch.id });
        }
        if (batch.status === 'completed') return { ...(await summary(batch.id)), replayed: true, created: false };
      } else {
        if (batch) await store.deleteFailed(batch.id);
        const id = uuidv7();
        const created = await store.createBatch({
          id, providerOrgId: input.submitter.orgId, batchKey: input.batchKey, item: item.code, catalogVersion: version,
          format: input.format, encoding: inspected.encoding, source: input.source, contentSm3: inspected.sm3, rowsTotal: inspected.rows,
          resubmissionOf: null, submittedBy: input.submitter.actor, createdAt: new Date(clock()),
        });
        if (!created) throw conflict('BATCH_IN_PROGRESS', { zh: '同一批次正在被另一请求处理，请稍后查询批次状态', en: 'The same batch is being processed by another request; check its status shortly' });
        batch = (await store.batch(id)) as BatchRow;
      }
      const skip = await store.committedChunks(batch.id);
      const rows = readRows(input.open(), { format: input.format, encoding: inspected.encoding ?? 'auto', mapHeader: headerMapper(item) });
      await writeRows(batch, item, rows, skip, input.onProgress ? (d) => input.onProgress?.(d, inspected.rows) : undefined);
      await store.completeBatch(batch.id, new Date(clock()));
      return { ...(await summary(batch.id)), replayed: false, created: skip === 0 };
    },

    /** Corrected quarantined rows go in as a new batch linked to the original; rows that now pass are resolved there. */
    async resubmit(originalId: string, submitter: Submitter, rows: { rowNumber: number; values: Record<string, unknown> }[]) {
      const original = await store.batch(originalId);
      if (!original) throw notFound('BATCH_UNKNOWN', { zh: '批次不存在', en: 'No such batch' });
      if (submitter.orgKind !== 'operator' && original.provider_org_id !== submitter.orgId) throw notFound('BATCH_UNKNOWN', { zh: '批次不存在', en: 'No such batch' });
      if (rows.length === 0) throw badRequest('RESUBMISSION_EMPTY', { zh: '没有要重新提交的行', en: 'No rows to resubmit' });
      const numbers = rows.map((r) => r.rowNumber);
      if (new Set(numbers).size !== numbers.length) throw badRequest('RESUBMISSION_DUPLICATE_ROW', { zh: '同一行提交了两次', en: 'A row is submitted twice' });
      const known = await store.quarantineRows(original.id, numbers);
      const open = new Set(known.filter((k) => k.status === 'open').map((k) => k.row_number));
      const notOpen = numbers.filter((n) => !open.has(n));
      if (notOpen.length) {
        throw badRequest('RESUBMISSION_ROW_NOT_OPEN', {
          zh: `第 ${notOpen.join('、')} 行不在待更正的隔离行中`, en: `Row(s) ${notOpen.join(', ')} are not open quarantine rows of this batch`,
        }, { rows: notOpen });
      }
      const { item, version } = await physicalItem(original.item_code);
      const mapHeader = headerMapper(item);
      const sourceRows: SourceRow[] = rows.map((r) => {
        const values: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(r.values)) {
          const code = mapHeader(k);
          if (!code) throw badRequest('BATCH_HEADER_UNKNOWN', { zh: `未知字段：${k}`, en: `Unknown field: ${k}` });
          values[code] = v;
        }
        return { rowNumber: r.rowNumber, values };
      });
      const n = (await store.resubmissionCount(original.id)) + 1;
      const id = uuidv7();
      await store.createBatch({
        id, providerOrgId: original.provider_org_id, batchKey: `${original.batch_key}#fix-${n}`.slice(0, 128), item: item.code, catalogVersion: version,
        format: 'json', encoding: 'utf-8', source: 'resubmission', contentSm3: createHash('sm3').update(JSON.stringify(rows)).digest('hex'),
        rowsTotal: rows.length, resubmissionOf: original.id, submittedBy: submitter.actor, createdAt: new Date(clock()),
      });
      const batch = (await store.batch(id)) as BatchRow;
      async function* iterate() { yield* sourceRows; }
      const passed = await writeRows(batch, item, iterate(), 0);
      await store.completeBatch(id, new Date(clock()));
      await store.resolveQuarantine(original.id, id, passed);
      return { ...(await summary(id)), replayed: false, created: true };
    },

    summary,

    /** The batch as the caller may see it: providers their own only (others' ids answer "not found"). */
    async batchFor(id: string, viewer: { orgId: string; orgKind: string }) {
      const row = await store.batch(id);
      if (!row || (viewer.orgKind !== 'operator' && row.provider_org_id !== viewer.orgId)) throw notFound('BATCH_UNKNOWN', { zh: '批次不存在', en: 'No such batch' });
      return row;
    },

    async listBatches(viewer: { orgId: string; orgKind: string }, filter: { item?: string; status?: string; after?: [string, string]; limit: number }) {
      const rows = await store.listBatches({ ...filter, providerOrgId: viewer.orgKind === 'operator' ? undefined : viewer.orgId });
      const items = await Promise.all(rows.map(async (r) => shapeBatch(r, await catalog.item(r.item_code), r.status === 'processing' ? await store.progress(r.id) : undefined)));
      return { items, last: rows.length === filter.limit ? rows[rows.length - 1] : undefined };
    },

    async quarantine(batch: BatchRow, filter: { status?: 'open' | 'resolved'; afterRow?: number; limit: number }) {
      const rows = await store.quarantine(batch.id, filter);
      return rows.map((r) => ({
        rowNumber: r.row_number,
        status: r.status,
        resolvedBy: r.resolved_by,
        values: JSON.parse(keys.cipher.decrypt(r.values_enc, `quarantine:${batch.id}:${r.row_number}`)) as Record<string, unknown>,
        problems: r.problems,
      }));
    },

    itemOf: (code: string) => catalog.item(code),

    /**
     * The records as they stood at `asOf` (now when null), personal fields decrypted for the caller's view, each
     * with its objection flag; records whose publicity ended are left out unless `includeWithheld` (internal views).
     */
    async records(uscc: string, itemCode: string, asOf: Date | null, opts: { includeWithheld?: boolean } = {}) {
      return (await store.records(uscc, itemCode, asOf, opts.includeWithheld ?? false)).map(openRecord);
    },

    /**
     * The current published records of several items of one enterprise, by item, and how many of its records are no
     * longer published per reason — one round trip (the credit report's read).
     */
    async publishedRecordsOf(uscc: string, itemCodes: readonly string[]) {
      return openPublished(uscc, itemCodes, await store.publishedOf(uscc, itemCodes));
    },

    /**
     * `publishedRecordsOf` as a part of another module's one-statement read (the credit report): `sql` for the USCC
     * and item-codes placeholders, `open` the same answer from the JSON it yielded.
     */
    publishedRecordsPart: {
      sql: publishedOfJsonSql,
      open: (uscc: string, itemCodes: readonly string[], json: unknown) => openPublished(uscc, itemCodes, json as PublishedOf),
    },

    /** The current version of one record with its marks, withheld or not (objection and repair handling). */
    async record(uscc: string, itemCode: string, key: string) {
      const rows = await store.history(uscc, itemCode, key);
      const current = rows.find((r) => r.valid_to === null);
      return current ? openRecord(current) : null;
    },

    /** Published current records of an item dated on or before a day, with their USCC (the publicity-expiry sweep). */
    async publishedDatedOnOrBefore(itemCode: string, dateField: string, onOrBefore: string, after: [string, string] | null, limit: number) {
      return (await store.publishedDatedOnOrBefore(itemCode, dateField, onOrBefore, after, limit)).map((r) => ({ uscc: r.uscc, ...openRecord(r) }));
    },

    /** Objection flags and ends of publicity on records (C11). */
    marks,

    async history(uscc: string, itemCode: string, key?: string) {
      return (await store.history(uscc, itemCode, key)).map(openRecord);
    },
  };

  function openPublished(uscc: string, itemCodes: readonly string[], { records: rows, withheld }: PublishedOf) {
    const records = new Map<string, ReturnType<typeof openRecord>[]>(itemCodes.map((code) => [code, []]));
    for (const row of rows) {
      records.get(row.item_code)?.push(openRecord({
        ...row, uscc, valid_from: new Date(row.valid_from), valid_to: row.valid_to ? new Date(row.valid_to) : null,
        objection_filed_at: row.objection_filed_at ? new Date(row.objection_filed_at) : null, withheld_reason: null, withheld_at: null, withheld_ref: null,
      }));
    }
    return { records, withheld: { repaired: withheld?.repaired ?? 0, expired: withheld?.expired ?? 0, deleted: withheld?.deleted ?? 0 } };
  }

  function openRecord(r: MarkedRecordRow) {
    const personal = r.personal_enc ? (JSON.parse(keys.cipher.decrypt(r.personal_enc, `records.personal:${r.item_code}:${r.uscc}:${r.record_key}`)) as Record<string, unknown>) : {};
    return {
      key: r.record_key, version: r.version, validFrom: r.valid_from.toISOString(), validTo: r.valid_to?.toISOString() ?? null,
      origin: r.origin, batchId: r.batch_id, providerOrgId: r.provider_org_id, data: { ...r.data, ...personal },
      objection: objectionOf(r), withheld: withheldOf(r),
    };
  }
}

export function shapeBatch(row: BatchRow, item: CatalogItem | undefined, progress?: { rows: number; inserted: number; updated: number; unchanged: number; quarantined: number }) {
  const counts = progress
    ? { total: row.rows_total, inserted: progress.inserted, updated: progress.updated, unchanged: progress.unchanged, quarantined: progress.quarantined, resolved: row.rows_resolved }
    : { total: row.rows_total, inserted: row.rows_inserted, updated: row.rows_updated, unchanged: row.rows_unchanged, quarantined: row.rows_quarantined, resolved: row.rows_resolved };
  return {
    id: row.id, batchId: row.batch_key, item: row.item_code, itemName: item?.name ?? row.item_code, itemNameEn: item?.nameEn ?? row.item_code,
    catalogVersion: row.catalog_version, provider: { id: row.provider_org_id, name: row.provider_name }, format: row.format,
    encoding: row.encoding, source: row.source, status: row.status, counts, rowsProcessed: progress?.rows ?? (row.status === 'completed' ? row.rows_total : 0),
    error: row.error ? { code: row.error.code, zh: row.error.zh, en: row.error.en } : null,
    resubmissionOf: row.resubmission_of, submittedBy: row.submitted_by, createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null, contentSm3: row.content_sm3,
  };
}

export type AggregationService = ReturnType<typeof createAggregationService>;
