import { createHash } from 'node:crypto';
import { isHashAlgorithm, type HashAlgorithm } from '../../platform/crypto/index.ts';

/**
 * Merkle tree hashing of the audit log (系统日志 / 存证), RFC 9162 §2.1 (Certificate Transparency v2, same
 * hashing as RFC 6962) with a pluggable hash: SM3 (GB/T 32905-2016) by default, SHA-256 selectable.
 *
 * - leaf hash  = H(0x00 ‖ entry), node hash = H(0x01 ‖ left ‖ right) (§2.1.1: the prefixes keep a leaf from
 *   ever being passed off as an interior node, the second-preimage attack on plain Merkle trees),
 * - empty tree = H("").
 *
 * Everything works on leaf hashes rather than entries, so a store keeps one 32-byte hash per entry. Sizes and
 * indices are JavaScript numbers and must be safe integers (< 2^53), far beyond any realistic log. Arithmetic
 * uses `/ 2` and `% 2` rather than bit operators, which would truncate to 32 bits.
 *
 * Verifiers return `false` for anything that is not a valid proof and never throw on attacker-controlled input;
 * proof builders throw a `MerkleError` for arguments a caller got wrong.
 */

export type HashAlg = HashAlgorithm;

/** Output size in bytes of both SM3 and SHA-256. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export type MerkleErrorCode = 'MERKLE_ARGUMENT_INVALID' | 'MERKLE_STATE_INVALID';

export class MerkleError extends Error {
  override readonly name = 'MerkleError';
  constructor(
    readonly code: MerkleErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** MTH({}) = H(""), the root of the empty tree (RFC 9162 §2.1.1). */
export function emptyRoot(alg: HashAlg): Buffer {
  return createHash(alg).digest();
}

/** MTH({d}) = H(0x00 ‖ d) for one log entry `d`. */
export function leafHash(alg: HashAlg, entry: Uint8Array): Buffer {
  return createHash(alg).update(LEAF_PREFIX).update(entry).digest();
}

/** H(0x01 ‖ left ‖ right) for two subtree hashes. */
export function nodeHash(alg: HashAlg, left: Uint8Array, right: Uint8Array): Buffer {
  return createHash(alg).update(NODE_PREFIX).update(left).update(right).digest();
}

/** MTH(D[n]) over the given leaf hashes (RFC 9162 §2.1.1). */
export function rootFromLeaves(alg: HashAlg, leafHashes: readonly Uint8Array[]): Buffer {
  if (leafHashes.length === 0) return emptyRoot(alg);
  return subtreeRoot(alg, leafHashes, 0, leafHashes.length);
}

/**
 * PATH(m, D[n]) (RFC 9162 §2.1.3.1): the audit path of leaf `index`, from the leaf's sibling up to the root's
 * child. Throws unless 0 ≤ index < n.
 */
export function inclusionProof(alg: HashAlg, leafHashes: readonly Uint8Array[], index: number): Buffer[] {
  if (!isIndex(index) || index >= leafHashes.length) {
    throw new MerkleError('MERKLE_ARGUMENT_INVALID', `leaf index ${index} is outside a tree of ${leafHashes.length} leaves`);
  }
  const proof: Buffer[] = [];
  path(alg, leafHashes, index, 0, leafHashes.length, proof);
  return proof;
}

/**
 * Checks that `leaf` sits at `index` in the tree of `treeSize` leaves whose root is `root`, with the
 * iterative algorithm of RFC 9162 §2.1.3.2. A proof of the wrong length fails (the algorithm ends with sn = 0
 * exactly when every path element has been used).
 */
export function verifyInclusion(
  alg: HashAlg,
  index: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isIndex(index) || !isIndex(treeSize) || index >= treeSize) return false;
  if (!isHash(leaf) || !isHash(root) || !proof.every(isHash)) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(alg, p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(alg, r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(r, root);
}

/**
 * PROOF(m, D[n]) (RFC 9162 §2.1.4.1): shows that the first `oldSize` leaves form a prefix of the tree. Empty for
 * oldSize = 0 and oldSize = n. Throws unless 0 ≤ oldSize ≤ n.
 */
export function consistencyProof(alg: HashAlg, leafHashes: readonly Uint8Array[], oldSize: number): Buffer[] {
  if (!isIndex(oldSize) || oldSize > leafHashes.length) {
    throw new MerkleError('MERKLE_ARGUMENT_INVALID', `old size ${oldSize} is outside a tree of ${leafHashes.length} leaves`);
  }
  const proof: Buffer[] = [];
  if (oldSize > 0) subproof(alg, leafHashes, oldSize, 0, leafHashes.length, true, proof);
  return proof;
}

/**
 * Checks that the tree (`oldSize`, `oldRoot`) is a prefix of (`newSize`, `newRoot`), with the algorithm of
 * RFC 9162 §2.1.4.2. The edge cases the RFC leaves to the caller: equal sizes need equal roots and an empty
 * proof; an old size of 0 needs the empty-tree root and an empty proof; a shrinking tree never verifies.
 */
export function verifyConsistency(
  alg: HashAlg,
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isIndex(oldSize) || !isIndex(newSize) || oldSize > newSize) return false;
  if (!isHash(oldRoot) || !isHash(newRoot) || !proof.every(isHash)) return false;
  if (oldSize === 0) return proof.length === 0 && equalBytes(oldRoot, emptyRoot(alg));
  if (oldSize === newSize) return proof.length === 0 && equalBytes(oldRoot, newRoot);
  // Step 1: a non-trivial proof is never empty.
  if (proof.length === 0) return false;
  // Step 2: when the old tree is a complete subtree its root is the first node of the path.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  // Steps 3–4.
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5.
  let fr: Uint8Array = path[0];
  let sr: Uint8Array = path[0];
  // Step 6.
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(alg, c, fr);
      sr = nodeHash(alg, c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(alg, sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 7.
  return sn === 0 && equalBytes(fr, oldRoot) && equalBytes(sr, newRoot);
}

/** What a store keeps of a `MerkleAccumulator`: plain JSON (hex strings, a number). */
export interface MerkleAccumulatorState {
  alg: HashAlg;
  size: number;
  /** Roots of the perfect subtrees along the right edge, largest (leftmost) first; one per 1-bit of `size`. */
  frontier: string[];
}

/**
 * An append-only tree that keeps only its right edge ("frontier"): the roots of the perfect subtrees that the
 * binary expansion of the size splits the leaves into, O(log n) hashes in all. Appending merges equal-height
 * subtrees like a binary counter carries; the root folds the frontier from the right, which is exactly how
 * MTH splits at the largest power of two below n, so `root()` equals `rootFromLeaves` at every size.
 */
export class MerkleAccumulator {
  readonly alg: HashAlg;
  #size: number;
  readonly #frontier: Buffer[];

  constructor(alg: HashAlg = 'sm3') {
    this.alg = alg;
    this.#size = 0;
    this.#frontier = [];
  }

  get size(): number {
    return this.#size;
  }

  /** Appends a log entry; returns its leaf index and leaf hash. */
  appendEntry(entry: Uint8Array): { index: number; leafHash: Buffer } {
    const hash = leafHash(this.alg, entry);
    return { index: this.appendLeafHash(hash), leafHash: hash };
  }

  /** Appends an already computed leaf hash; returns its leaf index. */
  appendLeafHash(hash: Uint8Array): number {
    if (!isHash(hash)) throw new MerkleError('MERKLE_ARGUMENT_INVALID', `a leaf hash has ${HASH_SIZE} bytes`);
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new MerkleError('MERKLE_STATE_INVALID', 'tree is full');
    const index = this.#size;
    let carry: Buffer = Buffer.from(hash);
    // Each trailing 1-bit of the old size is a subtree of the same height as the one being carried: merge.
    for (let s = index; isOdd(s); s = half(s)) {
      carry = nodeHash(this.alg, this.#frontier.pop() as Buffer, carry);
    }
    this.#frontier.push(carry);
    this.#size = index + 1;
    return index;
  }

  /** The current root, MTH of all leaves appended so far. */
  root(): Buffer {
    if (this.#frontier.length === 0) return emptyRoot(this.alg);
    let r = this.#frontier[this.#frontier.length - 1];
    for (let i = this.#frontier.length - 2; i >= 0; i--) r = nodeHash(this.alg, this.#frontier[i], r);
    return r;
  }

  toJSON(): MerkleAccumulatorState {
    return { alg: this.alg, size: this.#size, frontier: this.#frontier.map((h) => h.toString('hex')) };
  }

  /** Restores a saved accumulator; throws `MERKLE_STATE_INVALID` for anything `toJSON` could not have written. */
  static fromJSON(state: unknown): MerkleAccumulator {
    const invalid = (why: string) => new MerkleError('MERKLE_STATE_INVALID', `accumulator state: ${why}`);
    if (typeof state !== 'object' || state === null) throw invalid('not an object');
    const { alg, size, frontier } = state as Record<string, unknown>;
    if (typeof alg !== 'string' || !isHashAlgorithm(alg)) throw invalid('unknown hash algorithm');
    if (typeof size !== 'number' || !isIndex(size)) throw invalid('size is not a non-negative safe integer');
    if (!Array.isArray(frontier) || frontier.length !== popcount(size)) throw invalid('frontier does not match size');
    const accumulator = new MerkleAccumulator(alg);
    for (const hex of frontier) {
      if (typeof hex !== 'string' || !/^[0-9a-f]{64}$/.test(hex)) throw invalid('frontier holds a malformed hash');
      accumulator.#frontier.push(Buffer.from(hex, 'hex'));
    }
    accumulator.#size = size;
    return accumulator;
  }
}

/** Byte equality (proof elements and roots are public, so no constant-time comparison is needed). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

// MTH(D[lo:hi]) for hi - lo ≥ 1.
function subtreeRoot(alg: HashAlg, leaves: readonly Uint8Array[], lo: number, hi: number): Buffer {
  if (hi - lo === 1) return Buffer.from(leaves[lo]);
  const k = splitPoint(hi - lo);
  return nodeHash(alg, subtreeRoot(alg, leaves, lo, lo + k), subtreeRoot(alg, leaves, lo + k, hi));
}

// PATH(m, D[lo:hi]), appending to `out` from the bottom up.
function path(alg: HashAlg, leaves: readonly Uint8Array[], m: number, lo: number, hi: number, out: Buffer[]): void {
  if (hi - lo === 1) return;
  const k = splitPoint(hi - lo);
  if (m < k) {
    path(alg, leaves, m, lo, lo + k, out);
    out.push(subtreeRoot(alg, leaves, lo + k, hi));
  } else {
    path(alg, leaves, m - k, lo + k, hi, out);
    out.push(subtreeRoot(alg, leaves, lo, lo + k));
  }
}

// SUBPROOF(m, D[lo:hi], b), appending to `out` from the bottom up.
function subproof(alg: HashAlg, leaves: readonly Uint8Array[], m: number, lo: number, hi: number, b: boolean, out: Buffer[]): void {
  const n = hi - lo;
  if (m === n) {
    if (!b) out.push(subtreeRoot(alg, leaves, lo, hi));
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    subproof(alg, leaves, m, lo, lo + k, b, out);
    out.push(subtreeRoot(alg, leaves, lo + k, hi));
  } else {
    subproof(alg, leaves, m - k, lo + k, hi, false, out);
    out.push(subtreeRoot(alg, leaves, lo, lo + k));
  }
}

/** The largest power of two smaller than n (n ≥ 2), where RFC 9162 §2.1.1 splits a tree. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isIndex(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function isHash(value: Uint8Array): boolean {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

function isOdd(value: number): boolean {
  return value % 2 === 1;
}

function half(value: number): number {
  return Math.floor(value / 2);
}

function isPowerOfTwo(value: number): boolean {
  let v = value;
  while (v > 1 && !isOdd(v)) v = half(v);
  return v === 1;
}

function popcount(value: number): number {
  let count = 0;
  for (let v = value; v > 0; v = half(v)) if (isOdd(v)) count++;
  return count;
}
