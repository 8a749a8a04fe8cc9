import { emptyRoot, MerkleError, nodeHash, type HashAlg } from './merkle.ts';

/**
 * A whole tree held in memory level by level, for answering many proofs over one tree size: O(n) hashes to
 * build, O(log n) per inclusion proof (merkle.ts recomputes subtrees per proof, O(n) each).
 * Level k+1 hashes pairs of level k; an unpaired last node moves up unchanged. That is exactly the RFC 9162
 * tree (MTH splits at the largest power of two below n, so the right edge is the only place a node lacks a
 * sibling), and the audit path is the list of existing siblings from the leaf up.
 */
export class TreeLevels {
  readonly alg: HashAlg;
  readonly size: number;
  readonly #levels: Buffer[][];

  constructor(alg: HashAlg, leafHashes: readonly Uint8Array[]) {
    this.alg = alg;
    this.size = leafHashes.length;
    const levels: Buffer[][] = [leafHashes.map((h) => Buffer.from(h))];
    while (levels[levels.length - 1].length > 1) {
      const below = levels[levels.length - 1];
      const up: Buffer[] = [];
      for (let i = 0; i + 1 < below.length; i += 2) up.push(nodeHash(alg, below[i], below[i + 1]));
      if (below.length % 2 === 1) up.push(below[below.length - 1]);
      levels.push(up);
    }
    this.#levels = levels;
  }

  root(): Buffer {
    return this.size === 0 ? emptyRoot(this.alg) : this.#levels[this.#levels.length - 1][0];
  }

  /** PATH(index, D[size]) as in RFC 9162 §2.1.3.1. */
  inclusionProof(index: number): Buffer[] {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size) {
      throw new MerkleError('MERKLE_ARGUMENT_INVALID', `leaf index ${index} is outside a tree of ${this.size} leaves`);
    }
    const proof: Buffer[] = [];
    let i = index;
    for (let level = 0; level < this.#levels.length - 1; level++) {
      const nodes = this.#levels[level];
      const sibling = i % 2 === 1 ? i - 1 : i + 1;
      if (sibling < nodes.length) proof.push(nodes[sibling]);
      i = Math.floor(i / 2);
    }
    return proof;
  }
}
