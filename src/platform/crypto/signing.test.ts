import { describe, expect, it } from 'vitest';
import { sm2 } from 'sm-crypto-v2';
import { derivePublicKey, generateSigningKey, isSm2PublicKey, sign, SigningError, SM2_DEFAULT_USER_ID, verify } from './signing.ts';

describe.each(['sm2', 'ed25519'] as const)('%s signatures', (alg) => {
  const key = generateSigningKey(alg);
  const message = '{"uscc":"91350100M000100Y43","amount":"1000000"}';

  it('verifies its own signature', () => {
    expect(verify(alg, key.publicKey, message, sign(key, message))).toBe(true);
  });

  it('signs strings as their UTF-8 bytes', () => {
    expect(verify(alg, key.publicKey, Buffer.from('信融', 'utf8'), sign(key, '信融'))).toBe(true);
  });

  it('rejects a tampered message', () => {
    const signature = sign(key, message);
    expect(verify(alg, key.publicKey, message.replace('1000000', '9000000'), signature)).toBe(false);
  });

  it('rejects a signature checked against another key', () => {
    const other = generateSigningKey(alg);
    expect(verify(alg, other.publicKey, message, sign(key, message))).toBe(false);
  });

  it('answers false, without throwing, for malformed signatures and keys', () => {
    const signature = sign(key, message);
    expect(verify(alg, key.publicKey, message, 'not a signature')).toBe(false);
    expect(verify(alg, key.publicKey, message, signature.slice(0, -4))).toBe(false);
    expect(verify(alg, 'not a key', message, signature)).toBe(false);
  });

  it('derives the public key from the private key', () => {
    expect(derivePublicKey(alg, key.privateKey)).toBe(key.publicKey);
  });

  it('signs with the private key alone', () => {
    expect(verify(alg, key.publicKey, message, sign({ alg, privateKey: key.privateKey }, message))).toBe(true);
  });

  it('refuses an unusable private key with SIGNING_KEY_INVALID', () => {
    expect(() => sign({ alg, privateKey: 'zz' }, message)).toThrow(SigningError);
  });
});

describe('SM2 text forms and interoperability', () => {
  const key = generateSigningKey('sm2');
  const message = 'POST\n/api/v1/records\n2026-11-23T10:00:00+08:00\nabcdefghijklmnop\n';

  it('uses an uncompressed hex public key and a 128-hex-digit r‖s signature', () => {
    expect(key.publicKey).toMatch(/^04[0-9a-f]{128}$/);
    expect(key.privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(sign(key, message)).toMatch(/^[0-9a-f]{128}$/);
  });

  it('verifies a signature made by sm-crypto-v2 doSignature with SM3, Z_A and the default signer id', () => {
    const signature = sm2.doSignature(message, key.privateKey, { hash: true, der: false, userId: SM2_DEFAULT_USER_ID });
    expect(verify('sm2', key.publicKey, message, signature)).toBe(true);
  });

  it('produces signatures that sm-crypto-v2 doVerifySignature accepts', () => {
    const signature = sign(key, message);
    expect(sm2.doVerifySignature(message, signature, key.publicKey, { hash: true, der: false, userId: SM2_DEFAULT_USER_ID })).toBe(true);
  });

  it('rejects a signature made over the bare message without Z_A', () => {
    const signature = sm2.doSignature(message, key.privateKey, { hash: false, der: false });
    expect(verify('sm2', key.publicKey, message, signature)).toBe(false);
  });

  it('rejects r or s outside [1, n-1], which sm-crypto-v2 alone would not check', () => {
    const n = 'fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123';
    const signature = sign(key, message);
    const [r, s] = [signature.slice(0, 64), signature.slice(64)];
    expect(verify('sm2', key.publicKey, message, r + n)).toBe(false);
    expect(verify('sm2', key.publicKey, message, r + '0'.repeat(64))).toBe(false);
    expect(verify('sm2', key.publicKey, message, n + s)).toBe(false);
  });

  it('treats a point that is not on the curve as an invalid key', () => {
    expect(isSm2PublicKey(key.publicKey)).toBe(true);
    expect(isSm2PublicKey(`04${'1'.repeat(128)}`)).toBe(false);
    expect(verify('sm2', `04${'1'.repeat(128)}`, message, sign(key, message))).toBe(false);
  });
});

describe('Ed25519 (RFC 8032)', () => {
  it('reproduces RFC 8032 §7.1 TEST 1', () => {
    const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
    const publicKey = Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex');
    const expected =
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';
    const key = { alg: 'ed25519' as const, privateKey: seed.toString('base64url') };
    expect(derivePublicKey('ed25519', key.privateKey)).toBe(publicKey.toString('base64url'));
    const signature = sign(key, new Uint8Array(0));
    expect(Buffer.from(signature, 'base64').toString('hex')).toBe(expected);
    expect(verify('ed25519', publicKey.toString('base64url'), new Uint8Array(0), signature)).toBe(true);
  });

  it('uses base64url raw keys and a base64 signature', () => {
    const key = generateSigningKey('ed25519');
    expect(key.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key.privateKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sign(key, 'm')).toMatch(/^[A-Za-z0-9+/]{86}==$/);
  });
});
