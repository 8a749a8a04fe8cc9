import { describe, expect, it } from 'vitest';
import { hashPassword, passwordNeedsRehash, PasswordHashError, passwordPolicy, verifyPassword } from './password.ts';

// Small parameters keep the suite fast; the defaults are checked separately in the PHC string.
const fast = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

describe('argon2id password hashing', () => {
  it('hashes with argon2id and the OWASP minimum parameters by default', async () => {
    const stored = await hashPassword('Correct-Horse-42');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'Correct-Horse-42')).toBe(true);
  });

  it('rejects a wrong password', async () => {
    const stored = await hashPassword('Correct-Horse-42', fast);
    expect(await verifyPassword(stored, 'correct-horse-42')).toBe(false);
  });

  it('salts every hash, so equal passwords give different hashes', async () => {
    expect(await hashPassword('Same-Password-1', fast)).not.toBe(await hashPassword('Same-Password-1', fast));
  });

  it('matches a password typed in full-width characters with its half-width form', async () => {
    const stored = await hashPassword('Pass-word-123', fast);
    expect(await verifyPassword(stored, 'Ｐａｓｓ－ｗｏｒｄ－１２３')).toBe(true);
  });

  it('answers false for an unknown account after doing the same work', async () => {
    expect(await verifyPassword(undefined, 'anything-at-all')).toBe(false);
  });

  it('reports a malformed stored hash as PASSWORD_HASH_MALFORMED, not as a wrong password', async () => {
    await expect(verifyPassword('plaintext', 'x')).rejects.toBeInstanceOf(PasswordHashError);
    await expect(verifyPassword('$argon2id$garbage', 'x')).rejects.toMatchObject({ code: 'PASSWORD_HASH_MALFORMED' });
  });

  it('flags hashes made with weaker parameters for rehashing', async () => {
    const weak = await hashPassword('Correct-Horse-42', fast);
    expect(passwordNeedsRehash(weak)).toBe(true);
    expect(passwordNeedsRehash(weak, fast)).toBe(false);
  });
});

describe('passwordPolicy', () => {
  it('accepts 10 characters mixing three classes', () => {
    expect(passwordPolicy('abcdefgh12')).toMatchObject({ reasons: ['TOO_FEW_CHARACTER_CLASSES'] });
    expect(passwordPolicy('Abcdefgh12')).toBeUndefined();
    expect(passwordPolicy('abcdefgh1!')).toBeUndefined();
  });

  it('refuses 9 characters even with all four classes', () => {
    const weak = passwordPolicy('Abcdef1!x');
    expect(weak?.code).toBe('PASSWORD_WEAK');
    expect(weak?.reasons).toEqual(['TOO_SHORT']);
  });

  it('explains every failed rule in Chinese and English', () => {
    const weak = passwordPolicy('abc');
    expect(weak?.reasons).toEqual(['TOO_SHORT', 'TOO_FEW_CHARACTER_CLASSES']);
    expect(weak?.messages['zh-CN']).toBe('密码至少需要 10 个字符；密码需包含大写字母、小写字母、数字、符号中的至少三类');
    expect(weak?.messages.en).toContain('at least 10 characters');
  });

  it('counts Chinese characters as characters and as the "other" class', () => {
    expect(passwordPolicy('信融平台abc123')).toBeUndefined();
  });

  it('refuses passwords longer than 256 characters', () => {
    expect(passwordPolicy(`Aa1!${'x'.repeat(300)}`)?.reasons).toEqual(['TOO_LONG']);
  });
});
