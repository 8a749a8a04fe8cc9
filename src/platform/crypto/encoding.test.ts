import { describe, expect, it } from 'vitest';
import { constantTimeEqual, constantTimeEqualText } from './constant-time.ts';
import { decodeBase64, decodeBase64Url, decodeHex, encodeBase64Url } from './encoding.ts';

describe('strict decoders', () => {
  it('decodes hex in either case and refuses odd lengths or stray characters', () => {
    expect(decodeHex('0aFF')).toEqual(Buffer.from([0x0a, 0xff]));
    expect(decodeHex('0af')).toBeUndefined();
    expect(decodeHex('0g')).toBeUndefined();
  });

  it('refuses base64 with non-canonical trailing bits, whitespace or missing padding', () => {
    expect(decodeBase64('QQ==')).toEqual(Buffer.from('A'));
    expect(decodeBase64('QR==')).toBeUndefined();
    expect(decodeBase64('QQ')).toBeUndefined();
    expect(decodeBase64('Q Q==')).toBeUndefined();
  });

  it('round-trips base64url and refuses padding or the standard alphabet', () => {
    const bytes = Buffer.from([0xfb, 0xff, 0xfe]);
    expect(decodeBase64Url(encodeBase64Url(bytes))).toEqual(bytes);
    expect(decodeBase64Url('-__-')).toEqual(Buffer.from([0xfb, 0xff, 0xfe]));
    expect(decodeBase64Url('+//+')).toBeUndefined();
    expect(decodeBase64Url('QQ==')).toBeUndefined();
    expect(decodeBase64Url('QR')).toBeUndefined();
  });
});

describe('constant-time comparison', () => {
  it('tells equal from unequal values, including different lengths', () => {
    expect(constantTimeEqual(Buffer.from('abc'), Buffer.from('abc'))).toBe(true);
    expect(constantTimeEqual(Buffer.from('abc'), Buffer.from('abd'))).toBe(false);
    expect(constantTimeEqualText('abc', 'abcd')).toBe(false);
  });
});
