import { randomBytes, randomInt } from 'node:crypto';
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

  it('refuses a value whose authentication tag was altered', () => {
    const stored = cipher.encrypt('13800138000', 'people.phone:row-1');
    const parts = stored.split(':');
    const sealed = Buffer.from(parts[4], 'base64url');
    sealed[sealed.length - 1] ^= 0x40;
    parts[4] = sealed.toString('base64url');
    expect(codeOf(() => cipher.decrypt(parts.join(':'), 'people.phone:row-1'))).toBe('FIELD_DECRYPT_FAILED');
  });

  it('refuses a value whose IV was altered', () => {
    const stored = cipher.encrypt('13800138000');
    const parts = stored.split(':');
    const iv = Buffer.from(parts[3], 'base64url');
    iv[0] ^= 1;
    parts[3] = iv.toString('base64url');
    expect(codeOf(() => cipher.decrypt(parts.join(':')))).toBe('FIELD_DECRYPT_FAILED');
  });

  it('never repeats an IV, also across refills of the IV pool', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 2000; i++) ivs.add(parseStoredField(cipher.encrypt('x')).iv.toString('hex'));
    expect(ivs.size).toBe(2000);
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

describe('stored format compatibility', () => {
  // Written by the earlier implementation (sm-crypto-v2 for SM4-GCM, TextEncoder for the UTF-8 bytes) with the
  // IV 000102…0b: the format is unchanged, so these must decrypt for as long as v1 exists.
  const written = {
    'sm4-gcm': [
      ['v1:sm4-gcm:k1:AAECAwQFBgcICQoL:ZBAooIGEmCZQubKZ6G1WZbqhYKEZXIefBKwcGfGUjJgwaA', '11010519491231002X', undefined],
      ['v1:sm4-gcm:k1:AAECAwQFBgcICQoL:sJ24dQk4id3ToGUYTrnIz2xCikXh-VoF_HOmS6sY7A8viBCS85-EPPE', '张三 · 法定代表人', 'entities.legal_rep_name:42'],
      ['v1:sm4-gcm:k1:AAECAwQFBgcICQoL:oa8p83i06PBcKuWWuZdT9g', '', undefined],
      // Lone surrogates were written as U+FFFD; the AAD must still be read the same way.
      ['v1:sm4-gcm:k1:AAECAwQFBgcICQoL:OU529JFeFqJE8_bZqTMBNPycfEOY4_5oSL9mY1905X_XmQ', 'lone \uFFFD surrogate', 'aad \uDC00'],
    ],
    'aes-256-gcm': [
      ['v1:aes-256-gcm:k1:AAECAwQFBgcICQoL:KbDZQS086HBDi9Su0WlcytNkVGb-FuK3YmTVpqQ6E1tF5w', '11010519491231002X', undefined],
      ['v1:aes-256-gcm:k1:AAECAwQFBgcICQoL:_T1JlKWA-YvAkgMvd73CYAWHFWa5ypOLrHn7de1uFwLs3fnkw1UG4ts', '张三 · 法定代表人', 'entities.legal_rep_name:42'],
      ['v1:aes-256-gcm:k1:AAECAwQFBgcICQoL:PCGJq2C1_kEP57sjS4Y33A', '', undefined],
      ['v1:aes-256-gcm:k1:AAECAwQFBgcICQoL:dO6HFT3mZvRXwZDukDcLm5VZEvxmPF-pTtERAu8L_aANfA', 'lone \uFFFD surrogate', 'aad \uDC00'],
    ],
  } as const;

  it.each([
    { alg: 'sm4-gcm' as const, key: sm4Key },
    { alg: 'aes-256-gcm' as const, key: aesKey },
  ])('decrypts $alg values written by the earlier implementation', ({ alg, key }) => {
    const cipher = createFieldCipher({ alg, keys: { k1: key }, activeKeyId: 'k1' });
    for (const [stored, plaintext, aad] of written[alg]) expect(cipher.decrypt(stored, aad)).toBe(plaintext);
  });

  it('writes SM4-GCM values that sm-crypto-v2 decrypts (an older build can still read them)', () => {
    const cipher = createFieldCipher({ alg: 'sm4-gcm', keys: { k1: sm4Key }, activeKeyId: 'k1' });
    const utf8 = new TextEncoder();
    for (let length = 0; length <= 100; length++) {
      const plaintext = Array.from({ length }, (_, i) => String.fromCodePoint(i % 7 === 3 ? 0x4e00 + randomInt(0x5000) : 0x21 + randomInt(94))).join('');
      const aad = length % 3 === 0 ? undefined : `entities.field:${randomInt(1e9)}`;
      const parts = parseStoredField(cipher.encrypt(plaintext, aad));
      const opened = sm4.decrypt(parts.sealed.subarray(0, parts.sealed.length - 16), sm4Key, {
        mode: 'gcm',
        iv: parts.iv,
        associatedData: aad === undefined ? undefined : utf8.encode(aad),
        tag: parts.sealed.subarray(parts.sealed.length - 16),
        output: 'array',
      });
      expect(Buffer.from(opened).toString('utf8')).toBe(plaintext);
    }
  });

  it('reads SM4-GCM values sealed by sm-crypto-v2 with random keys, IVs, plaintexts and AADs', () => {
    for (let length = 0; length <= 100; length++) {
      const key = randomBytes(16);
      const iv = randomBytes(12);
      const plaintext = randomBytes(length).toString('base64url').slice(0, length);
      const aad = length % 4 === 0 ? undefined : randomBytes(randomInt(0, 101)).toString('hex');
      const sealed = sm4.encrypt(Buffer.from(plaintext), key, {
        mode: 'gcm',
        iv,
        associatedData: aad === undefined ? undefined : Buffer.from(aad),
        output: 'array',
        outputTag: true,
      });
      const stored = `v1:sm4-gcm:k:${iv.toString('base64url')}:${Buffer.concat([sealed.output, sealed.tag ?? new Uint8Array(0)]).toString('base64url')}`;
      const cipher = createFieldCipher({ alg: 'sm4-gcm', keys: { k: key }, activeKeyId: 'k' });
      expect(cipher.decrypt(stored, aad)).toBe(plaintext);
      if (aad !== undefined) expect(codeOf(() => cipher.decrypt(stored, `${aad}!`))).toBe('FIELD_DECRYPT_FAILED');
    }
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
