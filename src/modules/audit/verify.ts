import { isHashAlgorithm } from '../../platform/crypto/index.ts';
import { canonicalJson, type AuditEntry } from './canonical.ts';
import { parseVerifierKey, verifyCheckpoint, type NoteVerifier, type ParsedCheckpoint } from './checkpoint.ts';
import { CHECKPOINTS_FORMAT, EXPORT_FORMAT } from './log.ts';
import { equalBytes, leafHash, MerkleAccumulator, verifyConsistency, verifyInclusion, type HashAlg } from './merkle.ts';

/**
 * Offline verification of what the log hands out (docs/audit-verify.md): an NDJSON export, a checkpoint chain or
 * one receipt. No database, no server: only the files and the public key. Each check stops at the FIRST problem
 * and names it (the seq of the first bad entry, or the checkpoint size), because everything after a bad entry is
 * suspect anyway.
 */

export interface VerifyFailure {
  /** the first bad entry, when the problem is in an entry (null when it is in the checkpoint or the root) */
  seq: number | null;
  /** the checkpoint the problem is in (checkpoint chains) */
  size?: number;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  /** size and hex root of the signed tree head checked against */
  treeSize?: number;
  root?: string;
  entries?: number;
  fromSeq?: number;
  toSeq?: number;
  /** whether the entries were hashed up to the signed root (only a slice from seq 0 reaching the checkpoint size can be) */
  rootChecked?: boolean;
  /** 'pinned' when the caller gave the key (--key), 'embedded' when the file's own key was used */
  key?: 'pinned' | 'embedded';
  checkpoints?: number;
  failure?: VerifyFailure;
}

interface PublicKeyField {
  verifierKey?: unknown;
}

const fail = (failure: VerifyFailure, partial: Partial<VerifyResult> = {}): VerifyResult => ({ ok: false, ...partial, failure });
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
const isHex32 = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);

function verifierFrom(embedded: PublicKeyField | undefined, pinned: string | undefined): { verifier: NoteVerifier; key: 'pinned' | 'embedded' } {
  if (pinned !== undefined) return { verifier: parseVerifierKey(pinned.trim()), key: 'pinned' };
  if (typeof embedded?.verifierKey !== 'string') throw new Error('no public key: the file carries none; pass one with --key');
  return { verifier: parseVerifierKey(embedded.verifierKey), key: 'embedded' };
}

function checkHead(note: unknown, origin: unknown, hashAlg: unknown, verifier: NoteVerifier): ParsedCheckpoint & { alg: HashAlg } {
  if (typeof hashAlg !== 'string' || !isHashAlgorithm(hashAlg)) throw new Error(`unknown hash algorithm ${String(hashAlg)}`);
  if (typeof note !== 'string') throw new Error('no signed checkpoint');
  const cp = verifyCheckpoint(note, [verifier]);
  if (origin !== undefined && cp.origin !== origin) throw new Error(`checkpoint origin ${cp.origin} is not the log's origin ${String(origin)}`);
  return { ...cp, alg: hashAlg };
}

/** Leaf hash of an entry object as an outside verifier computes it: H(0x00 ‖ UTF-8 of RFC 8785 JSON). */
export function entryLeafHash(alg: HashAlg, entry: unknown): Buffer {
  return leafHash(alg, Buffer.from(canonicalJson(entry), 'utf8'));
}

async function* nonEmpty(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<{ line: string; n: number }> {
  let n = 0;
  for await (const raw of lines) {
    n++;
    for (const line of raw.split('\n')) if (line.trim() !== '') yield { line, n };
  }
}

/** The first line of a file as its JSON header, or the failure that says why it is not one. */
async function readHeader(it: AsyncIterator<{ line: string }>): Promise<{ header: Record<string, unknown> } | { failed: VerifyResult }> {
  const first = await it.next();
  if (first.done) return { failed: fail({ seq: null, reason: 'the file is empty' }) };
  try {
    const header = JSON.parse(first.value.line) as unknown;
    if (header !== null && typeof header === 'object' && !Array.isArray(header)) return { header: header as Record<string, unknown> };
  } catch {
    // not JSON: the failure below
  }
  return { failed: fail({ seq: null, reason: 'the first line (header) is not JSON' }) };
}

/**
 * Verifies an export: the header's checkpoint signature, each entry's leaf hash recomputed from the canonical
 * entry, seqs consecutive from the slice start to its end, and — when the slice starts at 0 and reaches the
 * checkpoint's size — the root of the recomputed leaves against the signed root.
 */
export async function verifyExport(lines: AsyncIterable<string> | Iterable<string>, opts: { verifierKey?: string } = {}): Promise<VerifyResult> {
  const it = nonEmpty(lines)[Symbol.asyncIterator]();
  const read = await readHeader(it);
  if ('failed' in read) return read.failed;
  const { header } = read;
  if (header.format !== EXPORT_FORMAT) return fail({ seq: null, reason: `not an export of format ${EXPORT_FORMAT}` });
  const fromSeq = Number(header.fromSeq);
  const toSeq = Number(header.toSeq);
  if (!Number.isSafeInteger(fromSeq) || !Number.isSafeInteger(toSeq) || fromSeq < 0 || toSeq < fromSeq - 1) {
    return fail({ seq: null, reason: 'the header has no valid fromSeq/toSeq' });
  }
  let cp: ParsedCheckpoint & { alg: HashAlg };
  let key: 'pinned' | 'embedded';
  try {
    const v = verifierFrom(header.publicKey as PublicKeyField | undefined, opts.verifierKey);
    key = v.key;
    cp = checkHead(header.checkpoint, header.origin, header.hashAlg, v.verifier);
  } catch (err) {
    return fail({ seq: null, reason: `checkpoint: ${(err as Error).message}` }, { fromSeq, toSeq });
  }
  const base = { treeSize: cp.size, root: hexOf(cp.root), fromSeq, toSeq, key };
  // From seq 0 the recomputed leaves build the tree; its root at the checkpoint's size must be the signed root.
  const tree = fromSeq === 0 ? new MerkleAccumulator(cp.alg) : null;
  let rootChecked = false;
  const checkRoot = (): VerifyFailure | null => {
    rootChecked = true;
    return equalBytes(tree!.root(), cp.root) ? null : {
      seq: null, reason: `the root of entries 0–${cp.size - 1} does not match the signed checkpoint (an entry and its leaf hash were both changed)`,
    };
  };
  if (tree && cp.size === 0) checkRoot();
  let expected = fromSeq;
  for (let next = await it.next(); !next.done; next = await it.next()) {
    let line: { seq?: unknown; leafHash?: unknown; entry?: unknown };
    try {
      line = JSON.parse(next.value.line) as typeof line;
    } catch {
      return fail({ seq: expected, reason: `line ${next.value.n} is not JSON` }, base);
    }
    if (expected > toSeq) return fail({ seq: Number(line.seq), reason: `entry beyond the slice end ${toSeq}` }, base);
    if (line.seq !== expected) {
      return fail({ seq: expected, reason: typeof line.seq === 'number' && line.seq > expected ? `entry ${expected} is missing (the next line is ${line.seq})` : `entry out of order: seq ${String(line.seq)} where ${expected} was expected` }, base);
    }
    const entry = line.entry as AuditEntry | undefined;
    if (typeof entry !== 'object' || entry === null || entry.seq !== expected) {
      return fail({ seq: expected, reason: `the entry does not carry seq ${expected}` }, base);
    }
    let leaf: Buffer;
    try {
      leaf = entryLeafHash(cp.alg, entry);
    } catch (err) {
      return fail({ seq: expected, reason: `the entry is not canonical JSON: ${(err as Error).message}` }, base);
    }
    if (!isHex32(line.leafHash) || line.leafHash !== leaf.toString('hex')) {
      return fail({ seq: expected, reason: 'the entry does not hash to its leaf hash (the entry was changed)' }, base);
    }
    if (tree) {
      tree.appendLeafHash(leaf);
      if (tree.size === cp.size) {
        const bad = checkRoot();
        if (bad) return fail(bad, base);
      }
    }
    expected++;
  }
  if (expected <= toSeq) return fail({ seq: expected, reason: `entries ${expected}–${toSeq} are missing` }, base);
  // A slice meant to reach the checkpoint (toSeq + 1 ≥ size) but ending short of it was cut.
  if (tree && !rootChecked && cp.size > expected && toSeq + 1 >= cp.size) {
    return fail({ seq: expected, reason: `the signed checkpoint covers ${cp.size} entries but the export ends at ${expected - 1}` }, base);
  }
  return { ok: true, ...base, entries: expected - fromSeq, rootChecked };
}

/** Verifies one receipt (存证回执): checkpoint signature, leaf hash of the entry, inclusion proof to the signed root. */
export function verifyReceipt(receipt: unknown, opts: { verifierKey?: string } = {}): VerifyResult {
  const r = (receipt ?? {}) as Record<string, unknown>;
  const index = Number(r.index);
  if (!Number.isSafeInteger(index) || index < 0) return fail({ seq: null, reason: 'the receipt has no valid index' });
  let cp: ParsedCheckpoint & { alg: HashAlg };
  let key: 'pinned' | 'embedded';
  try {
    const v = verifierFrom(r.publicKey as PublicKeyField | undefined, opts.verifierKey);
    key = v.key;
    cp = checkHead(r.checkpoint, r.origin, r.hashAlg, v.verifier);
  } catch (err) {
    return fail({ seq: index, reason: `checkpoint: ${(err as Error).message}` });
  }
  const base = { treeSize: cp.size, root: hexOf(cp.root), key, fromSeq: index, toSeq: index };
  const entry = r.entry as AuditEntry | undefined;
  if (typeof entry !== 'object' || entry === null || entry.seq !== index) return fail({ seq: index, reason: `the entry does not carry seq ${index}` }, base);
  let leaf: Buffer;
  try {
    leaf = entryLeafHash(cp.alg, entry);
  } catch (err) {
    return fail({ seq: index, reason: `the entry is not canonical JSON: ${(err as Error).message}` }, base);
  }
  if (r.leafHash !== leaf.toString('hex')) return fail({ seq: index, reason: 'the entry does not hash to the receipt\'s leaf hash' }, base);
  const proof = Array.isArray(r.inclusionProof) && r.inclusionProof.every(isHex32) ? (r.inclusionProof as string[]).map((h) => Buffer.from(h, 'hex')) : null;
  if (!proof || !verifyInclusion(cp.alg, index, cp.size, leaf, proof, cp.root)) {
    return fail({ seq: index, reason: `the inclusion proof does not lead to the signed root of size ${cp.size}` }, base);
  }
  return { ok: true, ...base, entries: 1, rootChecked: true };
}

/** Verifies a checkpoint chain: every note signed, sizes growing, each tree a prefix of the next (consistency). */
export async function verifyCheckpointChain(lines: AsyncIterable<string> | Iterable<string>, opts: { verifierKey?: string } = {}): Promise<VerifyResult> {
  const it = nonEmpty(lines)[Symbol.asyncIterator]();
  const read = await readHeader(it);
  if ('failed' in read) return read.failed;
  const { header } = read;
  if (header.format !== CHECKPOINTS_FORMAT) return fail({ seq: null, reason: `not a checkpoint chain of format ${CHECKPOINTS_FORMAT}` });
  let verifier: NoteVerifier;
  let key: 'pinned' | 'embedded';
  try {
    ({ verifier, key } = verifierFrom(header.publicKey as PublicKeyField | undefined, opts.verifierKey));
  } catch (err) {
    return fail({ seq: null, reason: (err as Error).message });
  }
  let previous: ParsedCheckpoint | null = null;
  let count = 0;
  for (let next = await it.next(); !next.done; next = await it.next()) {
    let line: { note?: unknown; consistency?: unknown };
    try {
      line = JSON.parse(next.value.line) as typeof line;
    } catch {
      return fail({ seq: null, reason: `line ${next.value.n} is not JSON` });
    }
    let cp: ParsedCheckpoint & { alg: HashAlg };
    try {
      cp = checkHead(line.note, header.origin, header.hashAlg, verifier);
    } catch (err) {
      return fail({ seq: null, size: previous ? previous.size : undefined, reason: `checkpoint ${count + 1}: ${(err as Error).message}` });
    }
    if (previous) {
      const proof = Array.isArray(line.consistency) && line.consistency.every(isHex32) ? (line.consistency as string[]).map((h) => Buffer.from(h, 'hex')) : null;
      if (cp.size < previous.size) return fail({ seq: null, size: cp.size, reason: `checkpoint of size ${cp.size} follows one of size ${previous.size}: the log shrank` });
      if (!proof || !verifyConsistency(cp.alg, previous.size, cp.size, previous.root, cp.root, proof)) {
        return fail({ seq: null, size: cp.size, reason: `the tree of size ${previous.size} is not a prefix of the tree of size ${cp.size} (history was rewritten)` });
      }
    }
    previous = cp;
    count++;
  }
  if (!previous) return fail({ seq: null, reason: 'the chain holds no checkpoints' });
  return { ok: true, treeSize: previous.size, root: hexOf(previous.root), checkpoints: count, key };
}
