import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sm4 } from 'sm-crypto-v2';
import { blindIndex, createFieldCipher, FieldCryptoError, isStoredField, parseStoredField } from './field-encryption.ts';

const sm4Key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
const aesKey = Buffer.alloc(32, 7);

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof FieldCryptoError) return error.code;
    throw error;
  }
  return undefined;
}

describe('SM4-GCM primitive', () => {
  it('reproduces the RFC 8998 Appendix A.1 SM4-GCM test vector', () => {
    const result = sm4.encrypt(
      Buffer.from(
        'AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD' +
          'EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA',
        'hex',
      ),
      sm4Key,
      {
        mode: 'gcm',
        iv: Buffer.from('00001234567800000000ABCD', 'hex'),
        associatedData: Buffer.from('FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2', 'hex'),
        output: 'array',
        outputTag: true,
      },
    );
    expect(Buffer.from(result.output).toString('hex').toUpperCase()).toBe(
      '17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735' +
        'D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D',
    );
    expect(Buffer.from(result.tag ?? []).toString('hex').toUpperCase()).toBe('83DE3541E4C2B58177E065A9BF7B62EC');
  });
});

describe.each([
  { alg: 'sm4-gcm' as const, key: sm4Key },
  { alg: 'aes-256-gcm' as const, key: aesKey },
])('field cipher with $alg', ({ alg, key }) => {
  const cipher = createFieldCipher({ alg, keys: { k1: key }, activeKeyId: 'k1' });

  it('round-trips a Chinese ID number and labels the stored value with its algorithm and key', () => {
    const stored = cipher.encrypt('11010519491231002X');
    expect(stored).toMatch(new RegExp(`^v1:${alg}:k1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$`));
    expect(isStoredField(stored)).toBe(true);
    expect(cipher.decrypt(stored)).toBe('11010519491231002X');
  });

  it('round-trips an empty string and multi-byte text', () => {
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
    expect(cipher.decrypt(cipher.encrypt('张三 · 法定代表人'))).toBe('张三 · 法定代表人');
  });

  it('uses a fresh IV each time, so equal plaintexts give different stored values', () => {
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('refuses a value whose ciphertext was altered', () => {
    const stored = cipher.encrypt('13800138000');
    const parts = stored.split(':');
    const sealed = Buffer.from(parts[4], 'base64url');
    sealed[0] ^= 1;
    parts[4] = sealed.toString('base64url');
    expect(codeOf(() => cipher.decrypt(parts.join(':')))).toBe('FIELD_DECRYPT_FAILED');
  });

  it('refuses a value moved to another row (different AAD)', () => {
    const stored = cipher.encrypt('13800138000', 'people.phone:row-1');
    expect(cipher.decrypt(stored, 'people.phone:row-1')).toBe('13800138000');
    expect(codeOf(() => cipher.decrypt(stored, 'people.phone:row-2'))).toBe('FIELD_DECRYPT_FAILED');
    expect(codeOf(() => cipher.decrypt(stored))).toBe('FIELD_DECRYPT_FAILED');
  });

  it('refuses a truncated authentication tag', () => {
    const stored = cipher.encrypt('x');
    const parts = stored.split(':');
    parts[4] = Buffer.from(parts[4], 'base64url').subarray(0, 10).toString('base64url');
    expect(codeOf(() => cipher.decrypt(parts.join(':')))).toBe('FIELD_CIPHERTEXT_MALFORMED');
  });
});

describe('key rotation', () => {
  it('decrypts values written under a retired key and flags them for re-encryption', () => {
    const before = createFieldCipher({ alg: 'sm4-gcm', keys: { '2025': sm4Key }, activeKeyId: '2025' });
    const old = before.encrypt('91350100M000100Y43');
    const newKey = randomBytes(16);
    const after = createFieldCipher({ alg: 'sm4-gcm', keys: { '2025': sm4Key, '2026': newKey }, activeKeyId: '2026' });
    expect(after.decrypt(old)).toBe('91350100M000100Y43');
    expect(after.needsReencryption(old)).toBe(true);
    const fresh = after.encrypt('91350100M000100Y43');
    expect(parseStoredField(fresh).keyId).toBe('2026');
    expect(after.needsReencryption(fresh)).toBe(false);
  });

  it('decrypts values of the other suite after switching from aes-256-gcm to sm4-gcm', () => {
    const intl = createFieldCipher({ alg: 'aes-256-gcm', keys: { a: aesKey }, activeKeyId: 'a' });
    const stored = intl.encrypt('secret');
    const sm = createFieldCipher({ alg: 'sm4-gcm', keys: { a: aesKey, s: sm4Key }, activeKeyId: 's' });
    expect(sm.decrypt(stored)).toBe('secret');
    expect(sm.needsReencryption(stored)).toBe(true);
  });

  it('reports an unknown key id rather than a generic failure', () => {
    const a = createFieldCipher({ alg: 'sm4-gcm', keys: { a: sm4Key }, activeKeyId: 'a' });
    const b = createFieldCipher({ alg: 'sm4-gcm', keys: { b: sm4Key }, activeKeyId: 'b' });
    expect(codeOf(() => b.decrypt(a.encrypt('x')))).toBe('FIELD_KEY_UNKNOWN');
  });
});

describe('cipher configuration', () => {
  it('refuses an active key of the wrong length for the algorithm', () => {
    expect(codeOf(() => createFieldCipher({ alg: 'sm4-gcm', keys: { k: aesKey }, activeKeyId: 'k' }))).toBe('FIELD_KEY_INVALID');
    expect(codeOf(() => createFieldCipher({ alg: 'aes-256-gcm', keys: { k: sm4Key }, activeKeyId: 'k' }))).toBe('FIELD_KEY_INVALID');
  });

  it('refuses an active key id that is not configured', () => {
    expect(codeOf(() => createFieldCipher({ alg: 'sm4-gcm', keys: { k: sm4Key }, activeKeyId: 'other' }))).toBe('FIELD_KEY_UNKNOWN');
  });

  it('refuses key ids that would break the stored format', () => {
    expect(codeOf(() => createFieldCipher({ alg: 'sm4-gcm', keys: { 'a:b': sm4Key }, activeKeyId: 'a:b' }))).toBe('FIELD_KEY_INVALID');
  });

  it('refuses stored values that are not v1 ciphertext', () => {
    const cipher = createFieldCipher({ alg: 'sm4-gcm', keys: { k: sm4Key }, activeKeyId: 'k' });
    expect(codeOf(() => cipher.decrypt('11010519491231002X'))).toBe('FIELD_CIPHERTEXT_MALFORMED');
    expect(codeOf(() => cipher.decrypt('v1:des:k:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA'))).toBe('FIELD_CIPHERTEXT_MALFORMED');
    expect(isStoredField('11010519491231002X')).toBe(false);
  });
});

describe('blindIndex', () => {
  const indexKey = Buffer.alloc(32, 9);

  it('gives equal hex digests for equal values and different ones otherwise', () => {
    expect(blindIndex(indexKey, '11010519491231002X')).toBe(blindIndex(indexKey, '11010519491231002X'));
    expect(blindIndex(indexKey, '11010519491231002X')).toMatch(/^[0-9a-f]{64}$/);
    expect(blindIndex(indexKey, '11010519491231002X')).not.toBe(blindIndex(indexKey, '110105194912310021'));
  });

  it('depends on the key, so the index alone does not reveal a dictionary match', () => {
    expect(blindIndex(indexKey, 'v')).not.toBe(blindIndex(Buffer.alloc(32, 8), 'v'));
  });

  it('refuses a short key', () => {
    expect(codeOf(() => blindIndex(Buffer.alloc(8), 'v'))).toBe('FIELD_KEY_INVALID');
  });
});
