import { describe, expect, it } from 'vitest';
import { sm3 as referenceSm3 } from 'sm-crypto-v2';
import { digest, hashAlgorithms, hmacSm3, hmacSm3Hex, isHashAlgorithm, sha256Hex, sm3Hex } from './hash.ts';

describe('SM3 (GB/T 32905-2016)', () => {
  it('hashes "abc" to the Appendix A example 1 digest', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('hashes 64 bytes of "abcd" repeated to the Appendix A example 2 digest', () => {
    expect(sm3Hex('abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('hashes a string as its UTF-8 bytes', () => {
    expect(sm3Hex('信融')).toBe(sm3Hex(Buffer.from('信融', 'utf8')));
  });

  it('returns the same bytes through digest()', () => {
    expect(digest('sm3', 'abc').toString('hex')).toBe(sm3Hex('abc'));
  });
});

describe('SHA-256', () => {
  it('hashes "abc" to the FIPS 180-4 example digest', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(digest('sha256', 'abc').toString('hex')).toBe(sha256Hex('abc'));
  });
});

describe('HMAC-SM3', () => {
  it('matches the independent sm-crypto-v2 implementation', () => {
    const key = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const message = 'POST\n/api/v1/records\n2026-11-23T10:00:00+08:00\nnonce-0123456789ab\n';
    expect(hmacSm3Hex(key, message)).toBe(referenceSm3(message, { key, mode: 'hmac' }));
  });

  it('returns 32 bytes and differs when the key differs', () => {
    expect(hmacSm3('k1', 'm')).toHaveLength(32);
    expect(hmacSm3Hex('k1', 'm')).not.toBe(hmacSm3Hex('k2', 'm'));
  });
});

describe('hash algorithm names', () => {
  it('recognises exactly the supported algorithms', () => {
    expect(hashAlgorithms).toEqual(['sm3', 'sha256']);
    expect(isHashAlgorithm('sm3')).toBe(true);
    expect(isHashAlgorithm('md5')).toBe(false);
  });
});
