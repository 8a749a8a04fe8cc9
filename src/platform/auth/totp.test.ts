import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, generateTotpSecret, hotpCode, otpauthUri, TotpError, totpCode, totpStep, verifyTotp } from './totp.ts';
import type { TotpAlgorithm } from './totp.ts';

const rfcSeeds: Record<TotpAlgorithm, Buffer> = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};

describe('base32 (RFC 4648 §10 test vectors)', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY======'],
    ['fo', 'MZXQ===='],
    ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI======'],
  ];

  it.each(vectors)('encodes %j as %s and back', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain), { padding: true })).toBe(encoded);
    expect(base32Encode(Buffer.from(plain))).toBe(encoded.replace(/=+$/, ''));
    expect(base32Decode(encoded)?.toString()).toBe(plain);
  });

  it('accepts a secret typed in lower case with spaces and without padding', () => {
    expect(base32Decode('mzxw 6ytb-oi')?.toString()).toBe('foobar');
  });

  it('refuses characters outside the alphabet and impossible lengths', () => {
    expect(base32Decode('MZXW1')).toBeUndefined();
    expect(base32Decode('M')).toBeUndefined();
    expect(base32Decode('MZX')).toBeUndefined();
  });
});

describe('HOTP (RFC 4226 Appendix D)', () => {
  it('produces the published values for counters 0–9', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, counter) => hotpCode(rfcSeeds.sha1, counter, 6))).toEqual(expected);
  });
});

describe('TOTP (RFC 6238 Appendix B)', () => {
  const vectors: [number, string, TotpAlgorithm][] = [
    [59, '94287082', 'sha1'],
    [59, '46119246', 'sha256'],
    [59, '90693936', 'sha512'],
    [1111111109, '07081804', 'sha1'],
    [1111111109, '68084774', 'sha256'],
    [1111111109, '25091201', 'sha512'],
    [1111111111, '14050471', 'sha1'],
    [1111111111, '67062674', 'sha256'],
    [1111111111, '99943326', 'sha512'],
    [1234567890, '89005924', 'sha1'],
    [1234567890, '91819424', 'sha256'],
    [1234567890, '93441116', 'sha512'],
    [2000000000, '69279037', 'sha1'],
    [2000000000, '90698825', 'sha256'],
    [2000000000, '38618901', 'sha512'],
    [20000000000, '65353130', 'sha1'],
    [20000000000, '77737706', 'sha256'],
    [20000000000, '47863826', 'sha512'],
  ];

  it.each(vectors)('at T=%i s gives %s with %s', (seconds, code, algorithm) => {
    expect(totpCode(rfcSeeds[algorithm], seconds * 1000, { digits: 8, algorithm })).toBe(code);
  });

  it('takes the secret as base32 text as well as bytes', () => {
    expect(totpCode(base32Encode(rfcSeeds.sha1), 59_000, { digits: 8 })).toBe('94287082');
  });

  it('defaults to 6 digits, the last six of the 8-digit value', () => {
    expect(totpCode(rfcSeeds.sha1, 59_000)).toBe('287082');
  });
});

describe('verifyTotp', () => {
  const secret = generateTotpSecret();
  const now = Date.UTC(2026, 10, 23, 2, 0, 10);
  const step = totpStep(now);

  it('accepts the current code and returns its time step', () => {
    expect(verifyTotp(secret, totpCode(secret, now), now)).toBe(step);
  });

  it('accepts a code one step old or one step ahead, for clock drift', () => {
    expect(verifyTotp(secret, totpCode(secret, now - 30_000), now)).toBe(step - 1);
    expect(verifyTotp(secret, totpCode(secret, now + 30_000), now)).toBe(step + 1);
  });

  it('rejects a code two steps old', () => {
    expect(verifyTotp(secret, totpCode(secret, now - 60_000), now)).toBeNull();
  });

  it('rejects reuse of a step already used by the account', () => {
    const code = totpCode(secret, now);
    const used = verifyTotp(secret, code, now);
    expect(used).toBe(step);
    expect(verifyTotp(secret, code, now + 5_000, 1, { lastUsedStep: used ?? undefined })).toBeNull();
    expect(verifyTotp(secret, totpCode(secret, now + 30_000), now + 30_000, 1, { lastUsedStep: step })).toBe(step + 1);
  });

  it('ignores spaces typed inside the code and rejects non-digits or the wrong length', () => {
    const code = totpCode(secret, now);
    expect(verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toBe(step);
    expect(verifyTotp(secret, `${code}0`, now)).toBeNull();
    expect(verifyTotp(secret, 'abcdef', now)).toBeNull();
  });

  it('refuses a secret shorter than 128 bits', () => {
    expect(() => totpCode(Buffer.alloc(10), now)).toThrow(TotpError);
  });
});

describe('enrolment', () => {
  it('generates 160-bit base32 secrets', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(secret);
  });

  it('builds an otpauth URI with issuer label and default parameters', () => {
    const uri = otpauthUri({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', account: '王 operator@xinrong.example' });
    expect(uri).toBe(
      'otpauth://totp/xinrong:%E7%8E%8B%20operator%40xinrong.example' +
        '?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=xinrong&algorithm=SHA1&digits=6&period=30',
    );
  });
});
