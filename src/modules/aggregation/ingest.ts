import { hash } from 'node:crypto';
import { copyTextField, type Db, type TxQueryable } from '../../platform/db/index.ts';
import type { FieldCipher } from '../../platform/crypto/index.ts';
import { appendEvent } from '../../platform/events/index.ts';
import type { CatalogItem } from '../catalog/index.ts';
import type { SourceRow } from './parse/index.ts';
import { RECORD_COLUMNS, QUARANTINE_COLUMNS, type AggregationStore, type CurrentVersion } from './store.ts';
import { checkRow, recordKeyOf, type FieldValue, type RowProblem } from './validate.ts';

/** Rows per transaction: large enough for COPY to pay, small enough that a crash loses little work. */
export const CHUNK_ROWS = 5000;
/** Rows validated between two turns of the event loop while a chunk is being prepared. */
const YIELD_EVERY = 25;

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
  /** The caller commits durably after this chunk (batch completion), so this commit need not wait for the disk. */
  flushLater?: boolean;
}

export interface PreparedChunk {
  item: CatalogItem;
  rows: number;
  valid: PreparedRow[];
  /** the valid rows' COPY text up to their version column, back to back (row i ends at valid[i].end) */
  bytes: Buffer;
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
}

/**
 * What a prepared chunk keeps of a valid row until its commit. The row's text is already in the chunk's bytes, so
 * its JSON, ciphertext and line strings die young instead of being copied by every scavenge until the commit (P1).
 */
interface PreparedRow {
  rowNumber: number;
  uscc: string;
  key: string;
  /** uscc and key joined, the record's identity within the item */
  id: string;
  mac: string;
  /** where the row's bytes end in the chunk's bytes */
  end: number;
}

/** A growing byte buffer for the COPY text of one chunk. */
class ByteBuilder {
  private buf = Buffer.allocUnsafe(1 << 20);
  length = 0;

  append(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    const need = this.length + text.length * 3;
    if (need > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    this.length += this.buf.write(text, this.length);
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/** The current versions of a prepared chunk's keys, read before its transaction (see `lookAhead`). */
export interface LookAhead {
  session: WriteSession;
  read: Promise<{ generation: number; current: CurrentVersion[] } | null>;
}

/** What one sequence of chunks (a batch) wrote lately: the item generation and the head of every key it wrote. */
export interface WriteSession {
  recent: { generation: number; heads: Map<string, { version: number; mac: string }> }[];
}

/** Commits a session remembers; a read-ahead older than these is simply not used (the lookup is redone). */
const SESSION_MEMORY = 2;

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
    const itemField = copyTextField(item.code);
    const when = at.toISOString();
    const valid: PreparedRow[] = [];
    const bytes = new ByteBuilder();
    const quarantined: PreparedChunk['quarantined'] = [];
    const seen = new Map<string, number>();
    const fingerprint: string[] = [];
    for (let r = 0; r < rows.length; r++) {
      // Let the event loop run now and then: the previous chunk's commit is a series of database round trips
      // that only advance when this thread answers them; preparing 5,000 rows in one go would stall it (P1).
      if (r % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
      const row = rows[r];
      // Let go of the row once read (the caller's array would keep it alive until the whole chunk is done).
      rows[r] = undefined as unknown as SourceRow;
      const check = row.problem
        ? { ok: false as const, problems: [{ field: null, code: row.problem.code, zh: row.problem.zh, en: row.problem.en }] }
        : checkRow(item, row.values, at);
      if (!check.ok) {
        quarantined.push({ rowNumber: row.rowNumber, values: row.values, problems: check.problems });
        fingerprint.push(`q${row.rowNumber}\n`);
        continue;
      }
      const uscc = check.values.uscc as string;
      const key = recordKeyOf(item, check.values);
      const id = `${uscc}\u001e${key}`;
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
      const p = prepare(item, check.values, row.rowNumber);
      bytes.append(`${copyTextField(p.uscc)}\t${itemField}\t${copyTextField(p.key)}\t${copyTextField(p.data)}\t${copyTextField(p.personal)}\t${p.mac}\t${when}\t`);
      // The chunk's fingerprint: the keyed digests of its rows in order (what was written, not how it was spelt).
      fingerprint.push(p.mac);
      valid.push({ rowNumber: p.rowNumber, uscc: p.uscc, key: p.key, id, mac: p.mac, end: bytes.length });
    }
    // One digest call over the whole fingerprint, not one per row.
    return { item, rows: rows.length, valid, bytes: bytes.bytes(), quarantined, digest: hash('sm3', fingerprint.join(''), 'hex'), at };
  }

  /**
   * Starts reading the current versions of a prepared chunk's keys on another connection while the previous chunk
   * is still committing (P1: the lookup leaves the critical path). Only on PostgreSQL; the embedded database has
   * one connection, where reading ahead would only queue.
   */
  function lookAhead(chunk: PreparedChunk, session: WriteSession): LookAhead | undefined {
    if (db.kind !== 'postgres' || chunk.valid.length === 0) return undefined;
    const read = store.currentVersionsAhead(chunk.item.code, chunk.valid.map((v) => v.uscc), chunk.valid.map((v) => v.key));
    // A failed read-ahead is not an error: the transaction then looks the versions up itself.
    return { session, read: read.catch(() => null) };
  }

  /**
   * The read-ahead, if it is still exact: the item's generation moved only by this session's own commits since,
   * whose heads then replace what was read. Anything else (another writer, a forgotten commit) → undefined.
   */
  async function aheadCurrent(chunk: PreparedChunk, ahead: LookAhead | undefined, generation: number): Promise<Map<number, { version: number; content_mac: string }> | undefined> {
    const read = ahead ? await ahead.read : null;
    if (!ahead || !read) return undefined;
    const since = ahead.session.recent.filter((r) => r.generation > read.generation);
    if (since.length !== generation - read.generation - 1) return undefined;
    const currentAt = new Map<number, { version: number; content_mac: string }>(read.current.map((c) => [c.i - 1, c]));
    for (const commit of since) {
      chunk.valid.forEach((p, i) => {
        const head = commit.heads.get(p.id);
        if (head) currentAt.set(i, { version: head.version, content_mac: head.mac });
      });
    }
    return currentAt;
  }

  /** A new, empty write session: pass it to `lookAhead` for every chunk of one batch. */
  function session(): WriteSession {
    return { recent: [] };
  }

  /** Writes a prepared chunk in one transaction, with its chunk entry and its outbox event. */
  async function commitChunk(chunk: PreparedChunk, target: ChunkTarget, ahead?: LookAhead): Promise<ChunkOutcome> {
    const { item, valid, quarantined, at } = chunk;
    const heads = new Map<string, { version: number; mac: string }>();
    let generation = 0;
    const outcome = await db.tx(async (q) => {
      // One writer per item at a time (the generation row stays locked): versions are numbered without gaps or clashes.
      generation = await store.raiseGeneration(q, item.code, target.flushLater);
      let currentAt = await aheadCurrent(chunk, ahead, generation);
      if (!currentAt) {
        const current = valid.length ? await store.currentVersions(q, item.code, valid.map((v) => v.uscc), valid.map((v) => v.key)) : [];
        currentAt = new Map(current.map((c) => [c.i - 1, c]));
      }
      const suffix = Buffer.from(`${copyTextField(target.batchId)}\t${copyTextField(target.providerOrgId)}\t${target.origin ?? 'provider'}\t`);
      // The COPY text: each written row's prepared bytes, the target's columns, its version (memory copies only).
      const text = Buffer.allocUnsafe(chunk.bytes.length + valid.length * (suffix.length + 12));
      let length = 0;
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
        length += chunk.bytes.copy(text, length, i === 0 ? 0 : valid[i - 1].end, p.end);
        length += suffix.copy(text, length);
        length += text.write(`${version}\n`, length, 'latin1');
        changes.push([p.uscc, p.key, version]);
        if (ahead) heads.set(p.id, { version, mac: p.mac });
      });
      await store.closeVersions(q, item.code, close.usccs, close.keys, close.versions, at);
      await q.copyText('records', RECORD_COLUMNS, text.subarray(0, length));
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
    if (ahead) {
      const recent = ahead.session.recent;
      recent.push({ generation, heads });
      if (recent.length > SESSION_MEMORY) recent.shift();
    }
    return outcome;
  }

  /** Validates and writes one chunk in one transaction. `at` is the time the versions become valid. */
  async function writeChunk(input: ChunkTarget & { item: CatalogItem; rows: SourceRow[]; at: Date }): Promise<ChunkOutcome> {
    return commitChunk(await prepareChunk(input.item, input.rows, input.at), input);
  }

  return { writeChunk, prepareChunk, commitChunk, prepare, lookAhead, session };
}

export type RecordWriter = ReturnType<typeof createRecordWriter>;
