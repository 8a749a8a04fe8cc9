import { hash, parseOptions, verify } from '@node-rs/argon2';
import type { Algorithm } from '@node-rs/argon2';

/**
 * Human passwords: argon2id (RFC 9106) stored as a PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), so the
 * parameters travel with each hash and can be raised later without breaking existing logins.
 *
 * Defaults are the OWASP Password Storage Cheat Sheet minimum for argon2id: 19 MiB memory, 2 passes,
 * 1 lane. Raise them through config once the login latency budget is measured on the target hardware.
 *
 * Passwords are NFKC-normalised before hashing and verifying (NIST SP 800-63B §5.1.1.2), so a password typed
 * with a Chinese IME in full-width form (`Ｐａｓｓ１２３`) matches the same password typed half-width.
 */

export interface Argon2Params {
  /** KiB of memory per hash (argon2 `m`). */
  memoryCost: number;
  /** Passes over memory (argon2 `t`). */
  timeCost: number;
  /** Lanes (argon2 `p`). */
  parallelism: number;
}

export const defaultArgon2Params: Readonly<Argon2Params> = Object.freeze({
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

// `Algorithm` is an ambient const enum, which isolatedModules cannot read at runtime; 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

export type PasswordHashErrorCode = 'PASSWORD_HASH_MALFORMED';

/** A stored hash that cannot be read: a data or configuration fault, never a wrong password. */
export class PasswordHashError extends Error {
  override readonly name = 'PasswordHashError';
  readonly code: PasswordHashErrorCode = 'PASSWORD_HASH_MALFORMED';
}

function normalise(password: string): string {
  return password.normalize('NFKC');
}

export async function hashPassword(password: string, params: Argon2Params = defaultArgon2Params): Promise<string> {
  return hash(normalise(password), { algorithm: ARGON2ID, ...params });
}

let unknownUserHash: Promise<string> | undefined;

/**
 * Whether `password` matches `storedHash`.
 *
 * Pass `undefined` when the account does not exist: the password is then checked against a throw-away hash and
 * the answer is `false`, taking as long as a real check so response time does not reveal which accounts exist
 * (OWASP Authentication Cheat Sheet, "Authentication and Error Messages").
 */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  if (storedHash === undefined) {
    unknownUserHash ??= hashPassword('unknown-user-placeholder');
    await verify(await unknownUserHash, normalise(password));
    return false;
  }
  if (!storedHash.startsWith('$argon2')) throw new PasswordHashError('stored password hash is not an argon2 PHC string');
  try {
    return await verify(storedHash, normalise(password));
  } catch (error) {
    throw new PasswordHashError('stored password hash cannot be decoded', { cause: error });
  }
}

/** True when `storedHash` is weaker than `params` (or not argon2id) and should be replaced after a good login. */
export function passwordNeedsRehash(storedHash: string, params: Argon2Params = defaultArgon2Params): boolean {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(storedHash);
  } catch (error) {
    throw new PasswordHashError('stored password hash cannot be decoded', { cause: error });
  }
  return (
    parsed.algorithm !== ARGON2ID ||
    parsed.memoryCost < params.memoryCost ||
    parsed.timeCost < params.timeCost ||
    parsed.parallelism < params.parallelism
  );
}

export const PASSWORD_MIN_LENGTH = 10;
// Far above any memorised secret, low enough that a request cannot make us normalise megabytes.
export const PASSWORD_MAX_LENGTH = 256;
export const PASSWORD_MIN_CLASSES = 3;

export type PasswordWeakness = 'TOO_SHORT' | 'TOO_LONG' | 'TOO_FEW_CHARACTER_CLASSES';

export interface PasswordWeakError {
  code: 'PASSWORD_WEAK';
  reasons: PasswordWeakness[];
  messages: { 'zh-CN': string; en: string };
}

const REASON_TEXT: Record<PasswordWeakness, { 'zh-CN': string; en: string }> = {
  TOO_SHORT: {
    'zh-CN': `密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符`,
    en: `Use at least ${PASSWORD_MIN_LENGTH} characters`,
  },
  TOO_LONG: {
    'zh-CN': `密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`,
    en: `Use at most ${PASSWORD_MAX_LENGTH} characters`,
  },
  TOO_FEW_CHARACTER_CLASSES: {
    'zh-CN': '密码需包含大写字母、小写字母、数字、符号中的至少三类',
    en: 'Mix at least three of: upper-case letters, lower-case letters, digits, symbols',
  },
};

/**
 * Checks a new password against the platform policy: at least 10 characters (counted as Unicode code points
 * after NFKC) and at least 3 of the 4 classes upper-case, lower-case, digit, other (symbols, spaces and CJK
 * characters all count as "other"). Returns `undefined` when the password is acceptable.
 */
export function passwordPolicy(password: string): PasswordWeakError | undefined {
  // NFKC can lengthen text, so cap the work before normalising an absurdly long input.
  const normalised = password.length > PASSWORD_MAX_LENGTH * 4 ? password : normalise(password);
  const length = [...normalised].length;
  const reasons: PasswordWeakness[] = [];
  if (length < PASSWORD_MIN_LENGTH) reasons.push('TOO_SHORT');
  if (length > PASSWORD_MAX_LENGTH) reasons.push('TOO_LONG');
  if (characterClasses(normalised) < PASSWORD_MIN_CLASSES) reasons.push('TOO_FEW_CHARACTER_CLASSES');
  if (reasons.length === 0) return undefined;
  return {
    code: 'PASSWORD_WEAK',
    reasons,
    messages: {
      'zh-CN': reasons.map((reason) => REASON_TEXT[reason]['zh-CN']).join('；'),
      en: reasons.map((reason) => REASON_TEXT[reason].en).join('; '),
    },
  };
}

function characterClasses(password: string): number {
  let upper = false;
  let lower = false;
  let digit = false;
  let other = false;
  for (const char of password) {
    if (/\p{Lu}/u.test(char)) upper = true;
    else if (/\p{Ll}/u.test(char)) lower = true;
    else if (/\p{Nd}/u.test(char)) digit = true;
    else other = true;
  }
  return Number(upper) + Number(lower) + Number(digit) + Number(other);
}
