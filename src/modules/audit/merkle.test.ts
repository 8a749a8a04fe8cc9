import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  HASH_SIZE,
  MerkleAccumulator,
  MerkleError,
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  nodeHash,
  rootFromLeaves,
  verifyConsistency,
  verifyInclusion,
  type HashAlg,
} from './merkle.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const unhex = (text: string) => Buffer.from(text, 'hex');

// The test tree of the Certificate Transparency reference implementations (certificate-transparency C++/Go,
// now transparency-dev/merkle testonly/constants.go and reference_test.go), SHA-256.
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(unhex);
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
// Leaf hashes (level 0 of NodeHashes()).
const CT_LEAF_HASHES = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
  '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
  '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
  'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
  'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
  '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
];
// TestRefInclusionProof.
const CT_INCLUSION = [
  { index: 0, size: 1, proof: [] },
  { index: 0, size: 2, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7'] },
  { index: 1, size: 2, proof: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d'] },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];
// TestRefConsistencyProof.
const CT_CONSISTENCY = [
  { oldSize: 1, newSize: 1, proof: [] },
  {
    oldSize: 1,
    newSize: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    oldSize: 6,
    newSize: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    oldSize: 2,
    newSize: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

const ALGS: HashAlg[] = ['sm3', 'sha256'];
const MAX_SIZE = 70;

function syntheticLeaves(alg: HashAlg, count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => leafHash(alg, Buffer.from(`audit entry ${i}`)));
}

function flipped(bytes: Uint8Array, bit = 0): Buffer {
  const copy = Buffer.from(bytes);
  copy[bit >> 3] ^= 1 << (bit & 7);
  return copy;
}

describe('RFC 6962/9162 reference vectors (SHA-256)', () => {
  const ctLeafHashes = CT_LEAVES.map((entry) => leafHash('sha256', entry));

  it('hashes the reference leaves with the 0x00 prefix', () => {
    expect(ctLeafHashes.map(hex)).toEqual(CT_LEAF_HASHES);
  });

  it('computes the reference root of every prefix of the test tree, including the empty tree', () => {
    for (let size = 0; size <= CT_LEAVES.length; size++) {
      expect(hex(rootFromLeaves('sha256', ctLeafHashes.slice(0, size))), `size ${size}`).toBe(CT_ROOTS[size]);
    }
  });

  it('builds and verifies the reference inclusion proofs', () => {
    for (const { index, size, proof } of CT_INCLUSION) {
      const built = inclusionProof('sha256', ctLeafHashes.slice(0, size), index);
      expect(built.map(hex), `PATH(${index}, D[${size}])`).toEqual(proof);
      expect(verifyInclusion('sha256', index, size, ctLeafHashes[index], proof.map(unhex), unhex(CT_ROOTS[size]))).toBe(true);
    }
  });

  it('builds and verifies the reference consistency proofs', () => {
    for (const { oldSize, newSize, proof } of CT_CONSISTENCY) {
      const built = consistencyProof('sha256', ctLeafHashes.slice(0, newSize), oldSize);
      expect(built.map(hex), `PROOF(${oldSize}, D[${newSize}])`).toEqual(proof);
      const ok = verifyConsistency('sha256', oldSize, newSize, unhex(CT_ROOTS[oldSize]), unhex(CT_ROOTS[newSize]), proof.map(unhex));
      expect(ok).toBe(true);
    }
  });
});

describe('hash primitives', () => {
  it('uses H("") for the empty tree: the published SM3 and SHA-256 digests of the empty string', () => {
    // GB/T 32905-2016 SM3 of the empty message; FIPS 180-4 SHA-256 of the empty message.
    expect(hex(emptyRoot('sm3'))).toBe('1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b');
    expect(hex(emptyRoot('sha256'))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it.each(ALGS)('separates leaves from nodes with the 0x00 and 0x01 prefixes (%s)', (alg) => {
    const a = Buffer.alloc(HASH_SIZE, 0xaa);
    const b = Buffer.alloc(HASH_SIZE, 0xbb);
    expect(leafHash(alg, a)).toEqual(createHash(alg).update(Buffer.concat([Buffer.of(0), a])).digest());
    expect(nodeHash(alg, a, b)).toEqual(createHash(alg).update(Buffer.concat([Buffer.of(1), a, b])).digest());
    expect(leafHash(alg, Buffer.concat([a, b]))).not.toEqual(nodeHash(alg, a, b));
  });

  it('gives different roots for SM3 and SHA-256 over the same entries', () => {
    const entries = [Buffer.from('a'), Buffer.from('b'), Buffer.from('c')];
    const sm3 = rootFromLeaves('sm3', entries.map((e) => leafHash('sm3', e)));
    const sha = rootFromLeaves('sha256', entries.map((e) => leafHash('sha256', e)));
    expect(sm3).toHaveLength(HASH_SIZE);
    expect(sm3).not.toEqual(sha);
  });
});

describe.each(ALGS)('properties over every tree size up to 70 (%s)', (alg) => {
  const leaves = syntheticLeaves(alg, MAX_SIZE);
  const roots = Array.from({ length: MAX_SIZE + 1 }, (_, n) => rootFromLeaves(alg, leaves.slice(0, n)));

  it('verifies every inclusion proof and rejects every tampered one', () => {
    for (let n = 1; n <= MAX_SIZE; n++) {
      const tree = leaves.slice(0, n);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(alg, tree, i);
        expect(verifyInclusion(alg, i, n, tree[i], proof, roots[n]), `n=${n} i=${i}`).toBe(true);
        for (let e = 0; e < proof.length; e++) {
          const bad = proof.map((p, j) => (j === e ? flipped(p, 37) : p));
          expect(verifyInclusion(alg, i, n, tree[i], bad, roots[n]), `n=${n} i=${i} element ${e}`).toBe(false);
        }
        expect(verifyInclusion(alg, i, n, flipped(tree[i]), proof, roots[n])).toBe(false);
        expect(verifyInclusion(alg, i, n, tree[i], proof, flipped(roots[n], 255))).toBe(false);
        const otherIndices = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
        expect(otherIndices.filter((j) => verifyInclusion(alg, j, n, tree[i], proof, roots[n])), `n=${n} i=${i}`).toEqual([]);
        expect(verifyInclusion(alg, i, n, tree[i], [...proof, roots[n]], roots[n])).toBe(false);
        if (proof.length > 0) expect(verifyInclusion(alg, i, n, tree[i], proof.slice(0, -1), roots[n])).toBe(false);
      }
    }
  });

  it('verifies every consistency proof between sizes m ≤ n and rejects every tampered one', () => {
    for (let n = 1; n <= MAX_SIZE; n++) {
      const tree = leaves.slice(0, n);
      for (let m = 0; m <= n; m++) {
        const proof = consistencyProof(alg, tree, m);
        expect(verifyConsistency(alg, m, n, roots[m], roots[n], proof), `m=${m} n=${n}`).toBe(true);
        for (let e = 0; e < proof.length; e++) {
          const bad = proof.map((p, j) => (j === e ? flipped(p, 100) : p));
          expect(verifyConsistency(alg, m, n, roots[m], roots[n], bad), `m=${m} n=${n} element ${e}`).toBe(false);
        }
        expect(verifyConsistency(alg, m, n, flipped(roots[m]), roots[n], proof), `m=${m} n=${n} old root`).toBe(false);
        // Every tree extends the empty tree, so only a non-empty old tree binds the new root.
        if (m !== 0) {
          expect(verifyConsistency(alg, m, n, roots[m], flipped(roots[n]), proof), `m=${m} n=${n} new root`).toBe(false);
        }
        expect(verifyConsistency(alg, m, n, roots[m], roots[n], [...proof, roots[0]])).toBe(false);
        if (proof.length > 0) expect(verifyConsistency(alg, m, n, roots[m], roots[n], proof.slice(0, -1))).toBe(false);
      }
    }
  });

  it('detects a rewritten entry: the new history is not consistent with the old checkpoint', () => {
    const forged = [...leaves.slice(0, 20)];
    forged[7] = leafHash(alg, Buffer.from('forged entry'));
    const forgedRoot = rootFromLeaves(alg, forged);
    for (let m = 8; m < 20; m++) {
      expect(verifyConsistency(alg, m, 20, roots[m], forgedRoot, consistencyProof(alg, forged, m))).toBe(false);
    }
  });

  it('gives the accumulator the same root as rootFromLeaves at every size, also after a JSON round trip', () => {
    const accumulator = new MerkleAccumulator(alg);
    expect(accumulator.root()).toEqual(roots[0]);
    for (let n = 1; n <= MAX_SIZE; n++) {
      expect(accumulator.appendLeafHash(leaves[n - 1])).toBe(n - 1);
      expect(accumulator.size).toBe(n);
      expect(accumulator.root(), `size ${n}`).toEqual(roots[n]);
      const restored = MerkleAccumulator.fromJSON(JSON.parse(JSON.stringify(accumulator)));
      expect(restored.root()).toEqual(roots[n]);
      expect(restored.toJSON()).toEqual(accumulator.toJSON());
      expect(accumulator.toJSON().frontier.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n + 1)));
    }
    const resumed = MerkleAccumulator.fromJSON(new MerkleAccumulator(alg).toJSON());
    for (let n = 0; n < 37; n++) resumed.appendLeafHash(leaves[n]);
    const continued = MerkleAccumulator.fromJSON(resumed.toJSON());
    for (let n = 37; n < MAX_SIZE; n++) continued.appendLeafHash(leaves[n]);
    expect(continued.root()).toEqual(roots[MAX_SIZE]);
  });

  it('hashes entries appended to the accumulator as leaves', () => {
    const accumulator = new MerkleAccumulator(alg);
    const { index, leafHash: hash } = accumulator.appendEntry(Buffer.from('audit entry 0'));
    expect(index).toBe(0);
    expect(hash).toEqual(leaves[0]);
  });
});

describe('argument checking', () => {
  const leaves = syntheticLeaves('sm3', 5);
  const root = rootFromLeaves('sm3', leaves);

  it('uses SM3 by default in the accumulator', () => {
    expect(new MerkleAccumulator().alg).toBe('sm3');
  });

  it('refuses to build proofs for indices and sizes outside the tree', () => {
    for (const index of [-1, 5, 1.5, Number.NaN]) {
      expect(() => inclusionProof('sm3', leaves, index)).toThrow(MerkleError);
    }
    for (const size of [-1, 6, 2.5]) expect(() => consistencyProof('sm3', leaves, size)).toThrow(MerkleError);
  });

  it('rejects an inclusion claim whose index is not below the tree size', () => {
    const proof = inclusionProof('sm3', leaves, 4);
    expect(verifyInclusion('sm3', 4, 5, leaves[4], proof, root)).toBe(true);
    expect(verifyInclusion('sm3', 5, 5, leaves[4], proof, root)).toBe(false);
    expect(verifyInclusion('sm3', 0, 0, leaves[0], [], rootFromLeaves('sm3', []))).toBe(false);
  });

  it('rejects hashes of the wrong length instead of throwing', () => {
    const proof = inclusionProof('sm3', leaves, 2);
    expect(verifyInclusion('sm3', 2, 5, leaves[2].subarray(1), proof, root)).toBe(false);
    expect(verifyInclusion('sm3', 2, 5, leaves[2], [proof[0].subarray(0, 31), ...proof.slice(1)], root)).toBe(false);
    expect(verifyConsistency('sm3', 2, 5, Buffer.alloc(31), root, [])).toBe(false);
  });

  it('never accepts a shrinking tree or a non-empty proof from the empty tree', () => {
    const root2 = rootFromLeaves('sm3', leaves.slice(0, 2));
    expect(verifyConsistency('sm3', 5, 2, root, root2, [])).toBe(false);
    expect(verifyConsistency('sm3', 0, 5, emptyRoot('sm3'), root, [])).toBe(true);
    expect(verifyConsistency('sm3', 0, 5, emptyRoot('sm3'), root, [root])).toBe(false);
    expect(verifyConsistency('sm3', 0, 5, root2, root, [])).toBe(false);
  });

  it('refuses accumulator states that toJSON could not have written', () => {
    const good = new MerkleAccumulator('sha256');
    for (const leaf of syntheticLeaves('sha256', 5)) good.appendLeafHash(leaf);
    const state = good.toJSON();
    const bad: unknown[] = [
      null,
      'state',
      { ...state, alg: 'md5' },
      { ...state, size: 4 },
      { ...state, size: -1 },
      { ...state, size: 5.5 },
      { ...state, frontier: [state.frontier[0]] },
      { ...state, frontier: [state.frontier[0], 'zz'.repeat(32)] },
      { ...state, frontier: [state.frontier[0], state.frontier[1].toUpperCase()] },
    ];
    for (const candidate of bad) expect(() => MerkleAccumulator.fromJSON(candidate)).toThrow(MerkleError);
    expect(MerkleAccumulator.fromJSON(state).root()).toEqual(good.root());
  });

  it('refuses a leaf hash of the wrong length', () => {
    expect(() => new MerkleAccumulator().appendLeafHash(Buffer.alloc(20))).toThrow(MerkleError);
  });
});
