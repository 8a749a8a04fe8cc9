import { generatePrimeSync, randomBytes } from 'node:crypto';
import { bitLength, fromB64, modInverse, modPow, randomBelow, randomBits, toB64 } from './bigint.ts';

/**
 * Paillier encryption (Paillier 1999) with the usual speed-ups, as FATE and python-paillier use them:
 * - g = n + 1, so g^m = 1 + m·n mod n² (no exponentiation for the message);
 * - randomness r^n mod n² drawn as h_s^α with h_s = (−x²)^n mod n² fixed per key and α of k/2 bits (the
 *   Damgård–Jurik–Nielsen variant, DJN 2010 §4.2): an exponent half as long, and input-independent, so a pool of
 *   factors is computed ahead in worker threads (randomness-pool.ts);
 * - decryption with the Chinese remainder theorem: two exponentiations modulo p² and q² with p−1 and q−1;
 * - fixed-point encoding of reals, negatives as n − |v| (two's complement modulo n).
 */
export interface PaillierPublicKey {
  n: bigint;
  n2: bigint;
  /** h_s = (−x²)^n mod n², the base of the randomness factors */
  hs: bigint;
  bits: number;
}

export interface PaillierPrivateKey {
  publicKey: PaillierPublicKey;
  p: bigint;
  q: bigint;
}

interface CrtParts { p2: bigint; q2: bigint; hp: bigint; hq: bigint; qInvP: bigint }
const crtCache = new WeakMap<PaillierPrivateKey, CrtParts>();

/** Generates a key pair with a modulus of `bits` bits (2048 in production; tests may use 1024 or less). */
export function generateKeyPair(bits = 2048): PaillierPrivateKey {
  if (bits < 256 || bits % 2) throw new RangeError('Paillier modulus must be an even number of bits ≥ 256');
  for (;;) {
    const p = generatePrimeSync(bits / 2, { bigint: true }) as bigint;
    const q = generatePrimeSync(bits / 2, { bigint: true }) as bigint;
    const n = p * q;
    if (p === q || bitLength(n) !== bits) continue;
    const n2 = n * n;
    const x = randomBelow(n - 2n) + 2n;
    const hs = modPow(n - ((x * x) % n), n, n2);
    return { publicKey: { n, n2, hs, bits }, p, q };
  }
}

/** Bits of the DJN exponent α: half the modulus (DJN 2010 §4.2). */
export const randomnessExponentBits = (pub: PaillierPublicKey): number => Math.ceil(pub.bits / 2);

/** One fresh randomness factor r^n mod n² (= h_s^α). Costly: use a RandomnessPool for bulk encryption. */
export function randomFactor(pub: PaillierPublicKey): bigint {
  return modPow(pub.hs, randomBits(randomnessExponentBits(pub)), pub.n2);
}

/**
 * Fixed-base table for h_s: entry [i][d − 1] = h_s^(d·256^i) for every byte position i of α and digit d ∈ 1..255,
 * so h_s^α is one multiplication per non-zero byte of α — 128 for a 2048-bit key instead of OpenSSL's ~1,024
 * squarings and ~200 multiplications (measured 2× faster, docs/privacy.md). 128 × 255 entries of n² (16 MB at 2048
 * bits): built once per key and worker, worth it from a few hundred factors on.
 */
export interface FactorTable {
  pub: PaillierPublicKey;
  rows: bigint[][];
}

export function createFactorTable(pub: PaillierPublicKey): FactorTable {
  const bytes = Math.ceil(randomnessExponentBits(pub) / 8);
  const rows: bigint[][] = [];
  let base = pub.hs % pub.n2;
  for (let i = 0; i < bytes; i++) {
    const row = new Array<bigint>(255);
    row[0] = base;
    for (let d = 1; d < 255; d++) row[d] = (row[d - 1] * base) % pub.n2;
    rows.push(row);
    base = (row[254] * base) % pub.n2;
  }
  return { pub, rows };
}

/** h_s^α for the α whose big-endian bytes are given, from the table. */
export function factorFromTable(t: FactorTable, alpha: Uint8Array): bigint {
  const { rows, pub } = t;
  if (alpha.length !== rows.length) throw new RangeError(`exponent must be ${rows.length} bytes`);
  let acc = 1n;
  for (let i = 0; i < rows.length; i++) {
    const d = alpha[alpha.length - 1 - i];
    if (d) acc = acc === 1n ? rows[i][d - 1] : (acc * rows[i][d - 1]) % pub.n2;
  }
  return acc;
}

/** A fresh randomness factor through the table: the same distribution as randomFactor. */
export function randomFactorFromTable(t: FactorTable): bigint {
  const bits = randomnessExponentBits(t.pub);
  const alpha = randomBytes(t.rows.length);
  const extra = alpha.length * 8 - bits;
  if (extra) alpha[0] &= 0xff >> extra;
  return factorFromTable(t, alpha);
}

/** Encrypts m ∈ [0, n) with a randomness factor from randomFactor or a pool. */
export function encryptWith(pub: PaillierPublicKey, m: bigint, factor: bigint): bigint {
  const { n, n2 } = pub;
  const mm = ((m % n) + n) % n;
  return (((1n + mm * n) % n2) * factor) % n2;
}

export const encrypt = (pub: PaillierPublicKey, m: bigint): bigint => encryptWith(pub, m, randomFactor(pub));

function crt(key: PaillierPrivateKey): CrtParts {
  let c = crtCache.get(key);
  if (!c) {
    const { p, q, publicKey: { n } } = key;
    const p2 = p * p;
    const q2 = q * q;
    const g = n + 1n;
    const hp = modInverse((modPow(g, p - 1n, p2) - 1n) / p, p);
    const hq = modInverse((modPow(g, q - 1n, q2) - 1n) / q, q);
    c = { p2, q2, hp, hq, qInvP: modInverse(q, p) };
    crtCache.set(key, c);
  }
  return c;
}

/** Decrypts to the plaintext in [0, n). */
export function decrypt(key: PaillierPrivateKey, c: bigint): bigint {
  const { p, q } = key;
  const { p2, q2, hp, hq, qInvP } = crt(key);
  const mp = (((modPow(c % p2, p - 1n, p2) - 1n) / p) * hp) % p;
  const mq = (((modPow(c % q2, q - 1n, q2) - 1n) / q) * hq) % q;
  // Garner's recombination: m = mq + q·((mp − mq)·q⁻¹ mod p)
  const h = ((((mp - mq) % p) + p) * qInvP) % p;
  return mq + q * h;
}

/** [[a]] ⊕ [[b]] = [[a + b]] */
export const addCipher = (pub: PaillierPublicKey, a: bigint, b: bigint): bigint => (a * b) % pub.n2;

/** [[a]] ⊕ m, without fresh randomness (re-randomise before sending to whoever encrypted [[a]]). */
export const addPlain = (pub: PaillierPublicKey, c: bigint, m: bigint): bigint => (c * ((1n + (((m % pub.n) + pub.n) % pub.n) * pub.n) % pub.n2)) % pub.n2;

/** [[a]] ⊗ k = [[k·a]] for a signed integer k. */
export function mulPlain(pub: PaillierPublicKey, c: bigint, k: bigint): bigint {
  if (k >= 0n) return modPow(c, k, pub.n2);
  return modInverse(modPow(c, -k, pub.n2), pub.n2);
}

/** Fixed-point: v·2^scale rounded, as an element of Z_n (negatives wrap to n − |v|). */
export function encodeFixed(pub: PaillierPublicKey, v: number, scale: number): bigint {
  if (!Number.isFinite(v)) throw new RangeError('cannot encode a non-finite number');
  const i = BigInt(Math.round(v * 2 ** scale));
  return ((i % pub.n) + pub.n) % pub.n;
}

/** Signed integer from a plaintext in [0, n): the upper half is negative. */
export function signedOf(pub: PaillierPublicKey, m: bigint): bigint {
  return m > pub.n / 2n ? m - pub.n : m;
}

export function decodeFixed(pub: PaillierPublicKey, m: bigint, scale: number): number {
  return Number(signedOf(pub, m)) / 2 ** scale;
}

/** Wire form of a public key: base64 big-endian integers. */
export interface PublicKeyWire { n: string; hs: string; bits: number }

export const publicKeyToWire = (pub: PaillierPublicKey): PublicKeyWire => ({ n: toB64(pub.n), hs: toB64(pub.hs), bits: pub.bits });

export function publicKeyFromWire(w: PublicKeyWire): PaillierPublicKey {
  const n = fromB64(w.n);
  if (bitLength(n) !== w.bits || n % 2n === 0n) throw new RangeError('malformed Paillier public key');
  const n2 = n * n;
  const hs = fromB64(w.hs);
  if (hs <= 1n || hs >= n2) throw new RangeError('malformed Paillier public key');
  return { n, n2, hs, bits: w.bits };
}

/** Ciphertexts travel as fixed-length base64 (2·bits/8 bytes), so their size says nothing about the plaintext. */
export const cipherToWire = (pub: PaillierPublicKey, c: bigint): string => toB64(c, pub.bits / 4);

export function cipherFromWire(pub: PaillierPublicKey, s: string): bigint {
  const c = fromB64(s);
  if (c <= 0n || c >= pub.n2) throw new RangeError('ciphertext out of range');
  return c;
}
