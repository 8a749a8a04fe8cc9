import { describe, expect, it } from 'vitest';
import { addCipher, addPlain, createFactorTable, factorFromTable, randomFactorFromTable, cipherFromWire, cipherToWire, decodeFixed, decrypt, encodeFixed, encrypt, encryptWith, generateKeyPair, mulPlain, publicKeyFromWire, publicKeyToWire, signedOf } from './paillier.ts';
import { modPow, modPowBigInt, randomBelow } from './bigint.ts';
import { multiExp } from './multiexp.ts';
import { gradientBoundBits, newMask } from './hetero-lr.ts';

const key = generateKeyPair(512);
const pub = key.publicKey;

describe('Paillier (g = n + 1, DJN randomness, CRT decryption)', () => {
  it('decrypts what it encrypts, zero included, with fresh randomness each time', () => {
    for (const m of [0n, 1n, 42n, pub.n - 1n, randomBelow(pub.n)]) expect(decrypt(key, encrypt(pub, m))).toBe(m);
    expect(encrypt(pub, 5n)).not.toBe(encrypt(pub, 5n));
  });

  it('adds ciphertexts and plaintexts, and multiplies by signed integers', () => {
    const a = encrypt(pub, 1234n);
    const b = encrypt(pub, 5678n);
    expect(decrypt(key, addCipher(pub, a, b))).toBe(6912n);
    expect(decrypt(key, addPlain(pub, a, -1000n))).toBe(234n);
    expect(signedOf(pub, decrypt(key, mulPlain(pub, a, -3n)))).toBe(-3702n);
  });

  it('encodes reals as fixed point, negatives wrapping modulo n', () => {
    for (const v of [0, 1.5, -2.25, -1e-6, 123456.789]) {
      const c = encrypt(pub, encodeFixed(pub, v, 24));
      expect(decodeFixed(pub, decrypt(key, c), 24)).toBeCloseTo(v, 6);
    }
    const sum = addCipher(pub, encrypt(pub, encodeFixed(pub, -3.5, 20)), encrypt(pub, encodeFixed(pub, 1.25, 20)));
    expect(decodeFixed(pub, decrypt(key, sum), 20)).toBe(-2.25);
    expect(() => encodeFixed(pub, Number.NaN, 10)).toThrow(RangeError);
  });

  it('computes Π c_i^{e_i} with signed exponents like the naive product', () => {
    const bases = Array.from({ length: 40 }, () => randomBelow(pub.n2 - 2n) + 2n);
    const exps = Array.from({ length: 40 }, (_, i) => ((i * 7919) % 20001) - 10000);
    let naive = 1n;
    bases.forEach((b, i) => { naive = (naive * mulPlain(pub, b, BigInt(exps[i]))) % pub.n2; });
    expect(multiExp(bases, exps, pub.n2)).toBe(naive);
    expect(multiExp(bases, new Array(40).fill(0), pub.n2)).toBe(1n);
  });

  it('draws randomness factors from the fixed-base table equal to h_s^α, every byte position and digit exercised', () => {
    const table = createFactorTable(pub);
    expect(table.rows).toHaveLength(pub.bits / 16);
    const alphas = [Buffer.alloc(table.rows.length), Buffer.alloc(table.rows.length, 0xff), Buffer.from(Array.from({ length: table.rows.length }, (_, i) => (i * 37 + 1) % 256))];
    for (const a of alphas) expect(factorFromTable(table, a)).toBe(modPowBigInt(pub.hs, BigInt('0x' + a.toString('hex')), pub.n2));
    // A factor from the table is an n-th power like any other: it encrypts and decrypts.
    const f = randomFactorFromTable(table);
    expect(f).not.toBe(randomFactorFromTable(table));
    expect(decrypt(key, encryptWith(pub, 99n, f))).toBe(99n);
  });

  it('matches BigInt exponentiation on the native path, results of 1 included', () => {
    const b = randomBelow(pub.n2);
    const e = randomBelow(pub.n);
    expect(modPow(b, e, pub.n2)).toBe(modPowBigInt(b, e, pub.n2));
    const p2 = key.p * key.p;
    // (r^n)^(p−1) ≡ 1 (mod p²): OpenSSL refuses this result; the BigInt fallback answers it.
    expect(modPow(pub.hs % p2, key.p - 1n, p2)).toBe(1n);
  });

  it('round-trips keys and ciphertexts through their fixed-length wire form, refusing out-of-range values', () => {
    const back = publicKeyFromWire(publicKeyToWire(pub));
    expect(back.n).toBe(pub.n);
    const c = encrypt(pub, 7n);
    const wire = cipherToWire(pub, c);
    expect(Buffer.from(wire, 'base64')).toHaveLength(pub.bits / 4);
    expect(cipherFromWire(pub, wire)).toBe(c);
    expect(() => cipherFromWire(pub, Buffer.alloc(4).toString('base64'))).toThrow(RangeError);
  });

  it('sizes gradient masks with an 80-bit statistical margin and refuses keys too small for them', () => {
    expect(newMask(pub, 1000) < 1n << BigInt(gradientBoundBits(1000) + 80)).toBe(true);
    expect(() => newMask({ ...pub, bits: 128 }, 1000)).toThrow(/too small/);
  });
});
