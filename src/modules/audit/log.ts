import type { Db } from '../../platform/db/index.ts';
import type { PlatformKeys } from '../../platform/keys.ts';
import { AppError, badRequest, notFound } from '../../platform/http/index.ts';
import { canonicalJson, ENTRY_VERSION, prepareEntry, preparedText, type AuditEntry, type PreparedEntry } from './canonical.ts';
import { createNoteSigner, formatCheckpoint, formatVerifierKey, signNote } from './checkpoint.ts';
import type { AuditEvent, AuditSink } from './events.ts';
import { consistencyProof as merkleConsistencyProof, leafHash, MerkleAccumulator, type HashAlg } from './merkle.ts';
import * as store from './store.ts';
import { TreeLevels } from './tree.ts';

export interface AuditLogOptions {
  db: Db;
  keys: Pick<PlatformKeys, 'signing'>;
  config?: {
    /** the node's name; the log's origin is `<nodeName>/audit/<hashAlg>` */
    nodeName?: string;
    /** leaf and node hash (default SM3); fixed by the first append, a different one later is refused */
    hashAlg?: HashAlg;
    /** most appends written in one transaction (default 5000) */
    maxBatch?: number;
    /**
     * batches in flight at once (default 1: appends arriving meanwhile make the next batch bigger, and a lone batch
     * is written in one statement); more let the next batch wait at the row lock while the previous commits
     */
    maxInFlight?: number;
  };
  clock?: () => number;
}

/** The platform's checkpoint-signing key as a verifier sees it. */
export interface AuditPublicKey {
  origin: string;
  hashAlg: HashAlg;
  /** signed-note key name */
  keyName: string;
  alg: 'sm2' | 'ed25519';
  /** SM2: uncompressed point in hex; Ed25519: base64url of 32 bytes (platform/crypto conventions) */
  publicKey: string;
  /** C2SP verifier key `<name>+<key id>+<key data>` */
  verifierKey: string;
  keyId: string;
}

export interface StoredCheckpoint {
  size: number;
  /** hex */
  root: string;
  /** the C2SP signed note */
  note: string;
  createdAt: string;
}

export interface AuditReceipt {
  format: 'xinrong-audit-receipt/v1';
  origin: string;
  hashAlg: HashAlg;
  index: number;
  entry: AuditEntry;
  /** hex H(0x00 ‖ canonical entry) */
  leafHash: string;
  /** signed note of a tree head covering the entry */
  checkpoint: string;
  treeSize: number;
  /** hex hashes, leaf's sibling first (RFC 9162 §2.1.3) */
  inclusionProof: string[];
  publicKey: AuditPublicKey;
}

export const EXPORT_FORMAT = 'xinrong-audit-export/v1';
export const CHECKPOINTS_FORMAT = 'xinrong-audit-checkpoints/v1';

interface Pending {
  entry: PreparedEntry;
  resolve(value: { index: number }): void;
  reject(err: unknown): void;
}

/** signed-note key names and origins: no spaces, no "+" (C2SP signed-note). */
function nameSafe(text: string): string {
  return text.trim().replace(/[\s+]+/gu, '-') || 'xinrong';
}

/** An entry rebuilt from its row's columns (not from the stored text, so a changed column no longer hashes right). */
export function entryFromRow(row: store.EntryRow): AuditEntry {
  return {
    v: ENTRY_VERSION,
    seq: Number(row.seq),
    time: new Date(row.created_at).toISOString(),
    kind: row.kind as AuditEntry['kind'],
    action: row.action,
    actor: { userId: row.actor_user_id, keyId: row.actor_key_id, role: row.actor_role, orgId: row.actor_org_id, orgKind: row.actor_org_kind },
    subject: row.subject,
    items: [...row.items],
    purpose: row.purpose,
    authorisationId: row.authorisation_id,
    outcome: row.outcome as AuditEntry['outcome'],
    reason: row.reason,
    destination: row.destination,
    target: row.target_type !== null || row.target_id !== null ? { type: row.target_type ?? '', id: row.target_id ?? '' } : null,
    details: row.details,
  };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/**
 * The tamper-evident audit log (C5). Appends are batched: calls made while a batch is being written queue up and
 * go into the next transaction together, which locks the single audit_state row, numbers the entries after the
 * current size, writes them with one COPY and stores the tree's new right edge. Several processes may append to
 * one database: the row lock serialises them, so seqs stay consecutive and the stored tree matches the rows.
 */
export function createAuditLog(opts: AuditLogOptions) {
  const { db, keys } = opts;
  const clock = opts.clock ?? Date.now;
  const hashAlg: HashAlg = opts.config?.hashAlg ?? 'sm3';
  const maxBatch = opts.config?.maxBatch ?? 5000;
  const maxInFlight = opts.config?.maxInFlight ?? 1;
  const node = nameSafe(opts.config?.nodeName ?? 'xinrong');
  const origin = `${node}/audit/${hashAlg}`;
  const keyName = `${node}/audit`;
  const signer = createNoteSigner(keyName, { alg: keys.signing.alg, privateKey: keys.signing.privateKey, publicKey: keys.signing.publicKey });
  const publicKey: AuditPublicKey = {
    origin, hashAlg, keyName, alg: keys.signing.alg, publicKey: keys.signing.publicKey,
    verifierKey: formatVerifierKey(keyName, keys.signing.alg, keys.signing.publicKey), keyId: keys.signing.keyId,
  };

  const queue: Pending[] = [];
  let inFlight = 0;
  let pumpScheduled = false;
  let idle: (() => void)[] = [];

  function accumulatorOf(state: store.StateRow): MerkleAccumulator {
    const alg = state.hash_alg ?? hashAlg;
    if (alg !== hashAlg) {
      throw new AppError('AUDIT_HASH_ALG_MISMATCH', 500, {
        zh: `审计日志已使用 ${alg}，配置为 ${hashAlg}`, en: `The audit log uses ${alg} but ${hashAlg} is configured`,
      });
    }
    const acc = state.accumulator ? MerkleAccumulator.fromJSON(state.accumulator) : new MerkleAccumulator(hashAlg);
    if (acc.size !== Number(state.size)) throw new Error(`audit_state: accumulator size ${acc.size} ≠ size ${state.size}`);
    return acc;
  }

  /** The batch's rows as they will be stored from leaf `start` at `time`: canonical text, leaf hash, columns. */
  function rowsOf(batch: Pending[], start: number, time: number) {
    const iso = new Date(time).toISOString();
    return {
      start, time,
      rows: batch.map((p, i) => {
        const seq = start + i;
        const text = preparedText(p.entry, seq, iso);
        return { entry: { ...p.entry.fields, seq, time: iso, v: ENTRY_VERSION }, text, leafHash: leafHash(hashAlg, Buffer.from(text, 'utf8')) };
      }),
    };
  }

  // Where the next batch will probably start. Texts and leaf hashes depend on the seq, so a batch builds them
  // BEFORE taking the row lock at the guessed position (while the previous batch still commits) and rebuilds them
  // under the lock only when the guess was wrong (another process appended) — correctness never rests on it.
  let nextGuess: number | null = null;

  // The log as this process last wrote it (size, tree edge, time). While nothing else appends — one process, one
  // batch in flight — the next batch goes in one statement that checks this is still so (store.appendIfUnchanged).
  let known: { acc: MerkleAccumulator; lastAt: number } | null = null;

  async function writeUnchanged(batch: Pending[]): Promise<boolean> {
    const last = known;
    if (last === null || inFlight !== 1) return false;
    known = null;
    const rows = rowsOf(batch, last.acc.size, Math.max(clock(), last.lastAt));
    const acc = MerkleAccumulator.fromJSON(last.acc.toJSON());
    for (const row of rows.rows) acc.appendLeafHash(row.leafHash);
    const written = await store.appendIfUnchanged(db, last.acc.size, { size: acc.size, hashAlg, accumulator: acc.toJSON(), lastAt: new Date(rows.time) }, rows.rows);
    if (!written) return false;
    known = { acc, lastAt: rows.time };
    nextGuess = acc.size;
    batch.forEach((p, i) => p.resolve({ index: rows.start + i }));
    return true;
  }

  async function writeBatch(batch: Pending[]): Promise<void> {
    try {
      if (await writeUnchanged(batch)) return;
    } catch (err) {
      // the statement failed as a whole (nothing written): the batch fails as the locked path's would
      known = null;
      nextGuess = null;
      for (const p of batch) p.reject(err);
      return;
    }
    const guess = nextGuess;
    nextGuess = guess === null ? null : guess + batch.length;
    const guessed = guess === null ? null : rowsOf(batch, guess, clock());
    let built: ReturnType<typeof rowsOf> & { acc: MerkleAccumulator };
    try {
      built = await db.tx(async (q) => {
        const state = await store.lockState(q);
        const acc = accumulatorOf(state);
        const start = acc.size;
        // Times never go backwards along the seqs, even across processes with slightly different clocks.
        const lastAt = state.last_at ? new Date(state.last_at).getTime() : 0;
        const rows = guessed && guessed.start === start && guessed.time >= lastAt ? guessed : rowsOf(batch, start, Math.max(clock(), lastAt));
        for (const row of rows.rows) acc.appendLeafHash(row.leafHash);
        await store.insertEntries(q, rows.rows);
        await store.writeState(q, { size: acc.size, hashAlg, accumulator: acc.toJSON(), lastAt: new Date(rows.time) });
        return { ...rows, acc };
      });
    } catch (err) {
      nextGuess = null;
      for (const p of batch) p.reject(err);
      return;
    }
    if (built.start !== guess || inFlight === 1) nextGuess = built.start + batch.length;
    if (inFlight === 1) known = { acc: built.acc, lastAt: built.time };
    batch.forEach((p, i) => p.resolve({ index: built.start + i }));
  }

  /** Starts batches while there is work and room; each finished batch pumps again. */
  function pump(): void {
    pumpScheduled = false;
    while (queue.length > 0 && inFlight < maxInFlight) {
      inFlight++;
      void writeBatch(queue.splice(0, maxBatch)).finally(() => {
        inFlight--;
        pump();
      });
    }
    if (queue.length === 0 && inFlight === 0) {
      const waiting = idle;
      idle = [];
      for (const resolve of waiting) resolve();
    }
  }

  async function currentState() {
    const state = await store.readState(db);
    return { state, acc: accumulatorOf(state) };
  }

  function viewOf(row: store.CheckpointRow): StoredCheckpoint {
    return { size: Number(row.size), root: hex(row.root), note: row.note, createdAt: new Date(row.created_at).toISOString() };
  }

  async function checkSize(size: number, what: string, max: number): Promise<void> {
    if (!Number.isSafeInteger(size) || size < 0 || size > max) {
      throw badRequest('AUDIT_SIZE_INVALID', { zh: `${what} 超出日志范围（当前 ${max} 条）`, en: `${what} is outside the log (${max} entries now)` });
    }
  }

  const log = {
    origin,
    hashAlg,

    /** Queues the event; resolves with its leaf index once the batch holding it has committed. */
    append(event: AuditEvent): Promise<{ index: number }> {
      let entry: PreparedEntry;
      try {
        entry = prepareEntry(event); // refuse a malformed event now, not in the middle of someone else's batch
      } catch (err) {
        return Promise.reject(err);
      }
      return new Promise((resolve, reject) => {
        queue.push({ entry, resolve, reject });
        if (!pumpScheduled) {
          pumpScheduled = true;
          // Let the callers of this turn of the event loop join the batch.
          setImmediate(pump);
        }
      });
    },

    /** Waits until every append queued so far has been written (or refused). */
    async flush(): Promise<void> {
      if (queue.length === 0 && inFlight === 0 && !pumpScheduled) return;
      await new Promise<void>((resolve) => idle.push(resolve));
    },

    async size(): Promise<number> {
      return Number((await store.readState(db)).size);
    },

    publicKey(): AuditPublicKey {
      return publicKey;
    },

    /** Signs the current tree head (from the stored right edge, never from re-read leaves) unless already signed. */
    async checkpoint(): Promise<StoredCheckpoint> {
      const { state, acc } = await currentState();
      const size = Number(state.size);
      const existing = await store.checkpointOfSize(db, size);
      if (existing) return viewOf(existing);
      const root = acc.root();
      const note = signNote(formatCheckpoint({ origin, size, root }), signer);
      await store.insertCheckpoint(db, { size, root, note, at: new Date(clock()) });
      // Another process may have signed the same size first: everybody answers the stored one.
      return viewOf((await store.checkpointOfSize(db, size))!);
    },

    /** The newest signed tree head (signing one when there is none yet). */
    async latestCheckpoint(): Promise<StoredCheckpoint> {
      const row = await store.latestCheckpoint(db);
      return row ? viewOf(row) : log.checkpoint();
    },

    /** Whether the tree has grown since the newest checkpoint (the scheduler's question). */
    async needsCheckpoint(): Promise<boolean> {
      const [size, latest] = await Promise.all([log.size(), store.latestCheckpoint(db)]);
      return latest === null ? size > 0 : size > Number(latest.size);
    },

    /**
     * Audit path of leaf `index` in the tree of `size` leaves. Reads all `size` stored leaf hashes: O(size) time
     * and memory per call (fine to millions of entries; a cache of subtree hashes would make it O(log n)).
     */
    async inclusionProof(index: number, size: number): Promise<{ index: number; size: number; leafHash: string; proof: string[] }> {
      await checkSize(size, 'size', await log.size());
      if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
        throw badRequest('AUDIT_INDEX_INVALID', { zh: `序号 ${index} 不在大小为 ${size} 的树中`, en: `Index ${index} is not in a tree of ${size} entries` });
      }
      const leaves = await store.leafHashes(db, 0, size);
      const tree = new TreeLevels(hashAlg, leaves);
      return { index, size, leafHash: hex(leaves[index]), proof: tree.inclusionProof(index).map(hex) };
    },

    /** Proof that the tree of `from` leaves is a prefix of the tree of `to` leaves; O(to) like inclusionProof. */
    async consistencyProof(from: number, to: number): Promise<{ from: number; to: number; proof: string[] }> {
      await checkSize(to, 'to', await log.size());
      await checkSize(from, 'from', to);
      const leaves = await store.leafHashes(db, 0, to);
      return { from, to, proof: merkleConsistencyProof(hashAlg, leaves, from).map(hex) };
    },

    /** The entry at `index` as stored (rebuilt from its columns), with its stored leaf hash; null when absent. */
    async entry(index: number): Promise<{ entry: AuditEntry; leafHash: string } | null> {
      const row = await store.entryAt(db, index);
      return row && { entry: entryFromRow(row), leafHash: hex(row.leaf_hash) };
    },

    /** 存证回执: the entry, its leaf hash, a signed tree head covering it and the inclusion proof. */
    async receipt(index: number): Promise<AuditReceipt> {
      const row = Number.isSafeInteger(index) && index >= 0 ? await store.entryAt(db, index) : null;
      if (!row) throw notFound('AUDIT_ENTRY_UNKNOWN', { zh: `日志中没有序号 ${index}`, en: `The log has no entry ${index}` });
      const covering = await store.checkpointCovering(db, index + 1);
      const cp = covering ? viewOf(covering) : await log.checkpoint();
      const { proof } = await log.inclusionProof(index, cp.size);
      return {
        format: 'xinrong-audit-receipt/v1', origin, hashAlg, index, entry: entryFromRow(row), leafHash: hex(row.leaf_hash),
        checkpoint: cp.note, treeSize: cp.size, inclusionProof: proof, publicKey,
      };
    },

    search: (filter: store.EntryFilter) => store.searchEntries(db, filter).then((rows) => rows.map((r) => ({ ...entryFromRow(r), leafHash: hex(r.leaf_hash) }))),

    /**
     * The NDJSON export (the slice a regulator takes away): a header line with a signed checkpoint and the public
     * key, then `{"seq","leafHash","entry"}` per entry with the entry in canonical form. Without `toSeq` the slice
     * runs to the current end and the header carries a checkpoint of exactly that size; otherwise the newest
     * checkpoint not beyond the slice, so a slice from 0 can be checked against a signed root.
     */
    async *exportLines(range: { fromSeq?: number; toSeq?: number } = {}): AsyncGenerator<string> {
      // Without toSeq: sign the head first and export exactly up to it, so appends arriving meanwhile do not
      // leave the slice short of its own checkpoint.
      const head = range.toSeq === undefined ? await log.checkpoint() : null;
      const size = head ? head.size : await log.size();
      const fromSeq = range.fromSeq ?? 0;
      const toSeq = range.toSeq ?? size - 1;
      if (!Number.isSafeInteger(fromSeq) || fromSeq < 0 || !Number.isSafeInteger(toSeq) || toSeq >= size || toSeq < fromSeq - 1) {
        throw badRequest('AUDIT_RANGE_INVALID', {
          zh: `导出范围 ${fromSeq}–${toSeq} 无效（日志共 ${size} 条）`, en: `Export range ${fromSeq}–${toSeq} is not valid (the log has ${size} entries)`,
        });
      }
      let cp: StoredCheckpoint;
      if (head) cp = head;
      else if (toSeq === size - 1) cp = await log.checkpoint();
      else {
        const within = await store.checkpointWithin(db, toSeq + 1);
        cp = within ? viewOf(within) : await log.checkpoint();
      }
      yield `${JSON.stringify({ format: EXPORT_FORMAT, origin, hashAlg, fromSeq, toSeq, checkpoint: cp.note, publicKey, exportedAt: new Date(clock()).toISOString() })}\n`;
      for (let next = fromSeq; next <= toSeq;) {
        const rows = await store.entriesBetween(db, next, toSeq, 5000);
        if (rows.length === 0) break;
        let chunk = '';
        for (const row of rows) chunk += `{"seq":${Number(row.seq)},"leafHash":"${hex(row.leaf_hash)}","entry":${canonicalJson(entryFromRow(row))}}\n`;
        yield chunk;
        next = Number(rows[rows.length - 1].seq) + 1;
      }
    },

    /**
     * The signed tree heads between two sizes with a consistency proof from each to the next, as NDJSON
     * (header with the public key, then `{"note","consistency"}` per checkpoint). O(largest size) per proof.
     */
    async *checkpointChainLines(range: { from?: number; to?: number } = {}): AsyncGenerator<string> {
      const rows = await store.checkpointsBetween(db, range.from ?? 0, range.to ?? Number.MAX_SAFE_INTEGER);
      yield `${JSON.stringify({ format: CHECKPOINTS_FORMAT, origin, hashAlg, publicKey })}\n`;
      const leaves = rows.length ? await store.leafHashes(db, 0, Number(rows[rows.length - 1].size)) : [];
      let previous: number | null = null;
      for (const row of rows) {
        const size = Number(row.size);
        const consistency = previous === null ? [] : merkleConsistencyProof(hashAlg, leaves.slice(0, size), previous).map(hex);
        yield `${JSON.stringify({ note: row.note, consistency })}\n`;
        previous = size;
      }
    },
  };
  return log satisfies AuditSink;
}

export type AuditLog = ReturnType<typeof createAuditLog>;
