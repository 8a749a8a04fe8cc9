import { createHash, hash } from 'node:crypto';
import { copyTextField, type Db, type TxQueryable } from '../../platform/db/index.ts';
import type { FieldCipher } from '../../platform/crypto/index.ts';
import { appendEvent } from '../../platform/events/index.ts';
import type { CatalogItem } from '../catalog/index.ts';
import type { SourceRow } from './parse/index.ts';
import { RECORD_COLUMNS, QUARANTINE_COLUMNS, type AggregationStore } from './store.ts';
import { checkRow, recordKeyOf, type FieldValue, type RowProblem } from './validate.ts';

/** Rows per transaction: large enough for COPY to pay, small enough that a crash loses little work. */
export const CHUNK_ROWS = 5000;
/** Rows validated between two turns of the event loop while a chunk is being prepared. */
const YIELD_EVERY = 250;

export const RECORDS_CHANGED = 'aggregation.records.changed';

/**
 * The payload of a records-changed event: every record version one committed chunk created, as compact
 * [uscc, key, version] triples (version 1 = a new record, above 1 = a changed one; read them with `changesOf`).
 */
export interface RecordsChanged {
  batchId: string | null;
  item: string;
  changes: [uscc: string, key: string, version: number][];
}

export interface RecordChange {
  uscc: string;
  key: string;
  version: number;
  change: 'inserted' | 'updated';
}

/** The changes of an event as objects. */
export function changesOf(event: RecordsChanged): RecordChange[] {
  return event.changes.map(([uscc, key, version]) => ({ uscc, key, version, change: version === 1 ? 'inserted' : 'updated' }));
}

export interface ChunkOutcome {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  /** row numbers that passed (resubmissions resolve the original's quarantine with them) */
  passed: number[];
}

/** Where a chunk goes; `within` runs in the chunk's transaction with the versions it created (self-report links). */
export interface ChunkTarget {
  batchId: string | null;
  providerOrgId: string | null;
  seq: number | null;
  origin?: 'provider' | 'self_report';
  within?: (q: TxQueryable, changes: RecordChange[]) => Promise<void>;
}

export interface PreparedChunk {
  item: CatalogItem;
  rows: number;
  valid: Prepared[];
  quarantined: { rowNumber: number; values: Record<string, unknown>; problems: RowProblem[] }[];
  digest: string;
  at: Date;
}

interface Prepared {
  rowNumber: number;
  uscc: string;
  key: string;
  data: string;
  personal: string | null;
  mac: string;
  /** the row's COPY line around its version, built ahead so the commit only joins strings (P1) */
  head?: string;
  tail?: string;
}

/**
 * Writes rows of one catalog item: validation, then upsert by natural key keeping every version, quarantine for
 * invalid rows, one outbox event per chunk. Each chunk is one transaction committed together with its entry in
 * ingest_batch_chunks, so a crashed batch resumes after its last committed chunk and never writes a row twice.
 */
export function createRecordWriter(deps: { db: Db; store: AggregationStore; cipher: FieldCipher; macKey: Uint8Array }) {
  const { db, store, cipher } = deps;
  const macPrefix = `${Buffer.from(deps.macKey).toString('hex')}\u0000`;

  function prepare(item: CatalogItem, values: Record<string, FieldValue>, rowNumber: number): Prepared {
    const data: Record<string, FieldValue> = {};
    const personal: Record<string, FieldValue> = {};
    let hasPersonal = false;
    for (const f of item.fields) {
      const v = values[f.code] ?? null;
      if (f.personal) {
        if (v !== null) {
          personal[f.code] = v;
          hasPersonal = true;
        }
      } else data[f.code] = v;
    }
    const dataJson = JSON.stringify(data);
    const personalJson = hasPersonal ? JSON.stringify(personal) : null;
    const uscc = values.uscc as string;
    const key = recordKeyOf(item, values);
    // Keyed digest SM3(k ‖ record), not a bare hash: personal values must not be recoverable by hashing guesses.
    // It only tells "unchanged" from "changed" and never leaves the database, so length extension is no concern;
    // the one-shot hash costs a quarter of an HMAC object per row (P1).
    const mac = hash('sm3', `${macPrefix}${item.code}\u0000${dataJson}\u0000${personalJson ?? ''}`, 'hex');
    return {
      rowNumber, uscc, key, data: dataJson, mac,
      personal: personalJson === null ? null : cipher.encrypt(personalJson, `records.personal:${item.code}:${uscc}:${key}`),
    };
  }

  /** Validation and preparation of one chunk: CPU only, so it can run while the previous chunk commits. */
  async function prepareChunk(item: CatalogItem, rows: SourceRow[], at: Date): Promise<PreparedChunk> {
    const digest = createHash('sm3');
    const itemField = copyTextField(item.code);
    const when = at.toISOString();
    const valid: Prepared[] = [];
    const quarantined: PreparedChunk['quarantined'] = [];
    const seen = new Map<string, number>();
    for (let r = 0; r < rows.length; r++) {
      // Let the event loop run now and then: the previous chunk's commit is a series of database round trips
      // that only advance when this thread answers them; preparing 5,000 rows in one go would stall it (P1).
      if (r % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
      const row = rows[r];
      const check = row.problem
        ? { ok: false as const, problems: [{ field: null, code: row.problem.code, zh: row.problem.zh, en: row.problem.en }] }
        : checkRow(item, row.values, at);
      if (!check.ok) {
        quarantined.push({ rowNumber: row.rowNumber, values: row.values, problems: check.problems });
        digest.update(`q${row.rowNumber}\n`);
        continue;
      }
      const p = prepare(item, check.values, row.rowNumber);
      p.head = `${copyTextField(p.uscc)}\t${itemField}\t${copyTextField(p.key)}\t`;
      p.tail = `\t${copyTextField(p.data)}\t${copyTextField(p.personal)}\t${p.mac}\t${when}`;
      const id = `${p.uscc}\u001e${p.key}`;
      const earlier = seen.get(id);
      if (earlier !== undefined) {
        // Two rows of one chunk with the same natural key: which one is right is the provider's call, not ours.
        quarantined.push({
          rowNumber: row.rowNumber, values: row.values,
          problems: [{ field: null, code: 'DUPLICATE_KEY', zh: `与第 ${earlier} 行的主键（${item.naturalKey.join('+')}）相同`, en: `same natural key (${item.naturalKey.join('+')}) as row ${earlier}` }],
        });
        continue;
      }
      seen.set(id, row.rowNumber);
      // The chunk's fingerprint: the keyed digests of its rows in order (what was written, not how it was spelt).
      digest.update(p.mac);
      valid.push(p);
    }
    return { item, rows: rows.length, valid, quarantined, digest: digest.digest('hex'), at };
  }

  /** Writes a prepared chunk in one transaction, with its chunk entry and its outbox event. */
  async function commitChunk(chunk: PreparedChunk, target: ChunkTarget): Promise<ChunkOutcome> {
    const { item, valid, quarantined, at } = chunk;
    return db.tx(async (q) => {
      // One writer per item at a time: versions of a key are numbered without gaps or clashes.
      await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`records:${item.code}`]);
      const current = valid.length ? await store.currentVersions(q, item.code, valid.map((v) => v.uscc), valid.map((v) => v.key)) : [];
      const currentAt = new Map(current.map((c) => [c.i - 1, c]));
      const lines: string[] = [];
      const suffix = `\t${copyTextField(target.batchId)}\t${copyTextField(target.providerOrgId)}\t${target.origin ?? 'provider'}\n`;
      const close = { usccs: [] as string[], keys: [] as string[], versions: [] as number[] };
      const changes: RecordsChanged['changes'] = [];
      let unchanged = 0;
      valid.forEach((p, i) => {
        const c = currentAt.get(i);
        if (c && c.content_mac === p.mac) {
          unchanged++;
          return;
        }
        const version = c ? c.version + 1 : 1;
        if (c) {
          close.usccs.push(p.uscc);
          close.keys.push(p.key);
          close.versions.push(c.version);
        }
        lines.push(`${p.head}${version}${p.tail}${suffix}`);
        changes.push([p.uscc, p.key, version]);
      });
      await store.closeVersions(q, item.code, close.usccs, close.keys, close.versions, at);
      await q.copyText('records', RECORD_COLUMNS, lines.join(''));
      if (target.batchId) {
        const batchId = target.batchId;
        await q.copyRows('quarantine_rows', QUARANTINE_COLUMNS, quarantined.map((r) => [
          batchId, String(r.rowNumber), cipher.encrypt(JSON.stringify(r.values), `quarantine:${batchId}:${r.rowNumber}`), JSON.stringify(r.problems),
        ]));
      }
      const outcome: ChunkOutcome = {
        rows: chunk.rows, inserted: changes.length - close.usccs.length, updated: close.usccs.length, unchanged, quarantined: quarantined.length,
        passed: valid.map((v) => v.rowNumber),
      };
      if (target.batchId && target.seq !== null) {
        await store.commitChunk(q, { batchId: target.batchId, seq: target.seq, digest: chunk.digest, ...outcome });
      }
      if (target.within) await target.within(q, changesOf({ batchId: target.batchId, item: item.code, changes }));
      if (changes.length) await appendEvent(q, RECORDS_CHANGED, { batchId: target.batchId, item: item.code, changes } satisfies RecordsChanged);
      return outcome;
    });
  }

  /** Validates and writes one chunk in one transaction. `at` is the time the versions become valid. */
  async function writeChunk(input: ChunkTarget & { item: CatalogItem; rows: SourceRow[]; at: Date }): Promise<ChunkOutcome> {
    return commitChunk(await prepareChunk(input.item, input.rows, input.at), input);
  }

  return { writeChunk, prepareChunk, commitChunk, prepare };
}

export type RecordWriter = ReturnType<typeof createRecordWriter>;
