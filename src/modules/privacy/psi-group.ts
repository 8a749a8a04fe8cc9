import { createPrivateKey, createPublicKey, diffieHellman, randomBytes, type KeyObject } from 'node:crypto';
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519';

/**
 * The group operations of ECDH-PSI (docs/privacy.md §PSI).
 *
 * - Hash to the group: RFC 9380 hash_to_ristretto255 (expand_message_xmd with SHA-512, two Elligator maps) with a
 *   domain-separation tag of our own, so these points are unrelated to any other protocol's.
 * - Exponentiation: the ristretto255 element is a coset P + E[4] of the edwards25519 curve; X25519 (RFC 7748)
 *   multiplies by a clamped scalar, a multiple of 8, which sends every representative of the coset to the same
 *   point of the prime-order subgroup, and works on the Montgomery u-coordinate, which names a point up to its
 *   sign. x ↦ [k]x is then a commutative, injective-on-cosets-of-± map, which is all ECDH-PSI needs, and Node
 *   computes it natively (OpenSSL), ~40× faster than a JavaScript scalar multiplication (measured, docs/privacy.md).
 * - Messages carry 32-byte u-coordinates (little-endian). X25519 is twist-secure and the cofactor is cleared, so
 *   a peer's arbitrary 32 bytes cannot extract the secret scalar; an all-zero result (a low-order input) is refused.
 */
export const PSI_DST = 'xinrong-psi-v1:ristretto255_XMD:SHA-512_R255MAP_RO_';
export const POINT_BYTES = 32;

const Fp = ristretto255.Point.Fp;
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const encoder = new TextEncoder();

export class PsiPointError extends Error {
  override readonly name = 'PsiPointError';
}

/** A fresh secret exponent for one PSI job (32 random bytes, clamped by X25519). */
export const newPsiSecret = (): Buffer => randomBytes(32);

export function secretKeyObject(secret: Uint8Array): KeyObject {
  if (secret.length !== 32) throw new RangeError('PSI secret must be 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, secret]), format: 'der', type: 'pkcs8' });
}

type Projective = { ep: { X: bigint; Y: bigint; Z: bigint } };

/**
 * u-coordinates (little-endian) of the Edwards representatives of H(id) for many ids. With y = Y/Z,
 * u = (1 + y)/(1 − y) = (Z + Y)/(Z − Y): one batched inversion (Montgomery's trick) for the whole list instead of
 * two field inversions per id — a third of the cost of hashing, the rest being the two Elligator square roots.
 */
export function hashToGroupMany(ids: readonly string[]): Buffer[] {
  const num: bigint[] = [];
  const den: bigint[] = [];
  for (const id of ids) {
    const { ep } = ristretto255_hasher.hashToCurve(encoder.encode(id), { DST: PSI_DST }) as unknown as Projective;
    num.push(Fp.add(ep.Z, ep.Y));
    den.push(Fp.sub(ep.Z, ep.Y));
  }
  const inv = Fp.invertBatch(den);
  return num.map((v, i) => Buffer.from(Fp.toBytes(Fp.mul(v, inv[i]))));
}

export const hashToGroup = (id: string): Buffer => hashToGroupMany([id])[0];

/** [k]·u for one 32-byte u-coordinate. */
export function exponentiate(key: KeyObject, u: Uint8Array): Buffer {
  if (u.length !== POINT_BYTES) throw new PsiPointError('a point must be 32 bytes');
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, u]), format: 'der', type: 'spki' });
  try {
    return diffieHellman({ privateKey: key, publicKey });
  } catch (err) {
    // OpenSSL refuses the all-zero shared value that only a low-order input produces.
    throw new PsiPointError(`invalid point: ${(err as Error).message}`);
  }
}

/** Hashes ids and raises them to the secret: the first PSI message of a side. */
export function hashAndBlind(secret: Uint8Array, ids: readonly string[]): Buffer {
  const key = secretKeyObject(secret);
  const out = Buffer.allocUnsafe(ids.length * POINT_BYTES);
  hashToGroupMany(ids).forEach((u, i) => exponentiate(key, u).copy(out, i * POINT_BYTES));
  return out;
}

/** Raises each 32-byte point of a concatenation to the secret: the second PSI message. */
export function blindAll(secret: Uint8Array, points: Uint8Array): Buffer {
  if (points.length % POINT_BYTES) throw new PsiPointError('points must be a concatenation of 32-byte values');
  const key = secretKeyObject(secret);
  const out = Buffer.allocUnsafe(points.length);
  for (let off = 0; off < points.length; off += POINT_BYTES) exponentiate(key, points.subarray(off, off + POINT_BYTES)).copy(out, off);
  return out;
}

/** Splits a concatenation into hex keys for set lookups. */
export function pointKeys(points: Uint8Array): string[] {
  const out: string[] = [];
  const b = Buffer.from(points.buffer, points.byteOffset, points.byteLength);
  for (let off = 0; off < b.length; off += POINT_BYTES) out.push(b.toString('hex', off, off + POINT_BYTES));
  return out;
}

/** Fisher–Yates with crypto randomness: the order of exchanged points says nothing about the order of ids. */
export function randomPermutation(n: number): Uint32Array {
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const rand = new Uint32Array(n);
  for (let off = 0; off < n; off += 16384) {
    const chunk = new Uint32Array(Math.min(16384, n - off));
    globalThis.crypto.getRandomValues(chunk);
    rand.set(chunk, off);
  }
  for (let i = n - 1; i > 0; i--) {
    const j = rand[i] % (i + 1);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return perm;
}
