import { createDiffieHellman, randomBytes, type DiffieHellman } from 'node:crypto';

/**
 * Big-integer helpers for the Paillier arithmetic. Modular exponentiation goes to OpenSSL through Node's
 * Diffie-Hellman object (`computeSecret` is base^private mod prime, and OpenSSL's Montgomery ladder does not need
 * the modulus to be prime, only odd): measured 5–10× faster than BigInt square-and-multiply at 4096 bits.
 */
export function toBytes(x: bigint, length?: number): Buffer {
  let hex = x.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const b = Buffer.from(hex, 'hex');
  if (length === undefined || b.length === length) return b;
  if (b.length > length) throw new RangeError(`integer needs ${b.length} bytes, more than ${length}`);
  return Buffer.concat([Buffer.alloc(length - b.length), b]);
}

export function fromBytes(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt('0x' + Buffer.from(b).toString('hex'));
}

export const toB64 = (x: bigint, length?: number): string => toBytes(x, length).toString('base64');
export const fromB64 = (s: string): bigint => fromBytes(Buffer.from(s, 'base64'));

/** Uniform integer with the given number of bits (top bit not forced). */
export function randomBits(bits: number): bigint {
  const bytes = randomBytes(Math.ceil(bits / 8));
  const extra = bytes.length * 8 - bits;
  if (extra) bytes[0] &= 0xff >> extra;
  return fromBytes(bytes);
}

/** Uniform integer in [0, bound). */
export function randomBelow(bound: bigint): bigint {
  const bits = bound.toString(2).length;
  for (;;) {
    const r = randomBits(bits);
    if (r < bound) return r;
  }
}

export function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

const engines = new Map<bigint, { dh: DiffieHellman; length: number }>();

function engineFor(modulus: bigint) {
  let e = engines.get(modulus);
  if (!e) {
    const length = Math.ceil(bitLength(modulus) / 8);
    e = { dh: createDiffieHellman(toBytes(modulus), Buffer.from([2])), length };
    // A few moduli live at once (one Paillier key's n², p², q²); keep the cache from growing with old keys.
    if (engines.size > 16) engines.clear();
    engines.set(modulus, e);
  }
  return e;
}

export function modPowBigInt(base: bigint, exp: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** base^exp mod modulus for exp ≥ 0 and an odd modulus. */
export function modPow(base: bigint, exp: bigint, modulus: bigint): bigint {
  if (exp < 0n) throw new RangeError('negative exponent');
  const b = ((base % modulus) + modulus) % modulus;
  if (exp === 0n) return 1n % modulus;
  // OpenSSL refuses "public keys" outside 2..m-2 and exponents it considers degenerate; those are cheap anyway.
  if (b <= 1n || b >= modulus - 1n || exp < 64n) return modPowBigInt(b, exp, modulus);
  const { dh, length } = engineFor(modulus);
  dh.setPrivateKey(toBytes(exp));
  try {
    return fromBytes(dh.computeSecret(toBytes(b, length)));
  } catch (err) {
    // OpenSSL 3 refuses a Diffie-Hellman result of 1 or m−1 (a small-subgroup guard); such results are legitimate
    // here (the CRT decryption of Enc(0) is exactly 1), so those few are computed in BigInt.
    if ((err as { code?: string }).code !== 'ERR_CRYPTO_INVALID_KEYTYPE') throw err;
    return modPowBigInt(b, exp, modulus);
  }
}

/** Inverse of a modulo m (extended Euclid); throws when gcd(a, m) ≠ 1. */
export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError('not invertible');
  return ((oldS % m) + m) % m;
}
