import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';
import { decodeBase64Url } from './encoding.ts';
import { createSm4Gcm, GcmAuthenticationError, type Gcm } from './gcm.ts';
import { hmacSm3Hex } from './hash.ts';

/**
 * Encryption of sensitive fields at rest (SPEC §5.3): ID numbers, phone numbers, names of natural persons.
 *
 * Stored form — one self-describing ASCII string, so every value is labelled with how it was protected and a
 * column can hold values under several keys and algorithms during a rotation:
 *
 *     v1:<alg>:<keyId>:<base64url iv>:<base64url ciphertext ‖ 16-byte tag>
 *
 * - `alg` is `sm4-gcm` (GB/T 32907-2016 block cipher in GCM, as specified for TLS by RFC 8998 §3.1) or
 *   `aes-256-gcm`. Both are GCM per NIST SP 800-38D with a random 96-bit IV and a full 128-bit tag.
 * - A random 96-bit IV stays within SP 800-38D §8.3's 2^32-invocations-per-key bound for any realistic number
 *   of field writes; rotate keys long before that.
 * - The optional AAD is authenticated but not stored. Pass something that pins the value to its place
 *   (e.g. `"entities.legal_rep_id_number:" + rowId`) so a ciphertext copied into another row does not decrypt.
 *
 * Node's OpenSSL offers SM4 only in ECB/CBC/CTR/CFB/OFB, so SM4-GCM is assembled in ./gcm.ts from native SM4 and
 * a JS GHASH (falling back to sm-crypto-v2 where OpenSSL has no SM4); AES-256-GCM is Node's own. Both produce
 * exactly the bytes the earlier sm-crypto-v2 implementation stored.
 */

export const fieldAlgorithms = ['sm4-gcm', 'aes-256-gcm'] as const;
export type FieldAlgorithm = (typeof fieldAlgorithms)[number];

const KEY_BYTES: Record<FieldAlgorithm, number> = { 'sm4-gcm': 16, 'aes-256-gcm': 32 };
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_VERSION = 'v1';
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

export type FieldCryptoErrorCode =
  | 'FIELD_KEY_INVALID'
  | 'FIELD_KEY_UNKNOWN'
  | 'FIELD_CIPHERTEXT_MALFORMED'
  | 'FIELD_DECRYPT_FAILED';

export class FieldCryptoError extends Error {
  override readonly name = 'FieldCryptoError';
  constructor(
    readonly code: FieldCryptoErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface FieldCipherOptions {
  /** Algorithm for new values; values stored under the other algorithm still decrypt when their key is known. */
  alg: FieldAlgorithm;
  /** Every key that may have written a stored value: 16 bytes for sm4-gcm, 32 bytes for aes-256-gcm. */
  keys: Record<string, Uint8Array>;
  /** The key new values are written with; must exist in `keys` and fit `alg`. */
  activeKeyId: string;
}

export interface FieldCipher {
  readonly alg: FieldAlgorithm;
  readonly activeKeyId: string;
  encrypt(plaintext: string, aad?: string): string;
  decrypt(stored: string, aad?: string): string;
  /** True when `stored` was written under another key or algorithm and should be re-encrypted (rotation). */
  needsReencryption(stored: string): boolean;
}

export interface StoredFieldParts {
  alg: FieldAlgorithm;
  keyId: string;
  iv: Buffer;
  sealed: Buffer;
}

export function isFieldAlgorithm(value: string): value is FieldAlgorithm {
  return (fieldAlgorithms as readonly string[]).includes(value);
}

/** Splits a stored value into its labelled parts; throws `FIELD_CIPHERTEXT_MALFORMED` if it is not one. */
export function parseStoredField(stored: string): StoredFieldParts {
  const parts = stored.split(':');
  const malformed = (why: string) =>
    new FieldCryptoError('FIELD_CIPHERTEXT_MALFORMED', `stored field value is not v1 ciphertext: ${why}`);
  if (parts.length !== 5 || parts[0] !== FORMAT_VERSION) throw malformed('expected v1:<alg>:<keyId>:<iv>:<data>');
  const [, alg, keyId, ivText, sealedText] = parts;
  if (!isFieldAlgorithm(alg)) throw malformed(`unknown algorithm "${alg}"`);
  if (!KEY_ID.test(keyId)) throw malformed('bad key id');
  const iv = decodeBase64Url(ivText);
  if (iv?.length !== IV_BYTES) throw malformed('IV must be 12 bytes');
  const sealed = decodeBase64Url(sealedText);
  if (sealed === undefined || sealed.length < TAG_BYTES) throw malformed('ciphertext shorter than its tag');
  return { alg, keyId, iv, sealed };
}

/** Whether a column value is already in the stored ciphertext form (used by backfill/migration jobs). */
export function isStoredField(value: string): boolean {
  return value.startsWith(`${FORMAT_VERSION}:`) && value.split(':').length === 5;
}

export function createFieldCipher(options: FieldCipherOptions): FieldCipher {
  const { alg, activeKeyId } = options;
  if (!isFieldAlgorithm(alg)) throw new FieldCryptoError('FIELD_KEY_INVALID', `unknown field algorithm "${alg}"`);
  const keys = new Map<string, Buffer>();
  for (const [keyId, key] of Object.entries(options.keys)) {
    if (!KEY_ID.test(keyId)) {
      throw new FieldCryptoError('FIELD_KEY_INVALID', `key id "${keyId}" must match ${KEY_ID.source}`);
    }
    if (key.byteLength !== 16 && key.byteLength !== 32) {
      throw new FieldCryptoError('FIELD_KEY_INVALID', `key "${keyId}" is ${key.byteLength} bytes; need 16 or 32`);
    }
    keys.set(keyId, Buffer.from(key)); // private copy: later changes to the caller's buffer do not reach us
  }
  const activeKey = keys.get(activeKeyId);
  if (activeKey === undefined) {
    throw new FieldCryptoError('FIELD_KEY_UNKNOWN', `active key "${activeKeyId}" is not among the configured keys`);
  }
  if (activeKey.length !== KEY_BYTES[alg]) {
    throw new FieldCryptoError('FIELD_KEY_INVALID', `${alg} needs a ${KEY_BYTES[alg]}-byte key; "${activeKeyId}" is ${activeKey.length}`);
  }

  // SM4-GCM state per key (native cipher context and GHASH table), built on first use.
  const sm4Gcms = new Map<string, Gcm>();
  function sm4GcmFor(keyId: string, key: Buffer): Gcm {
    let gcm = sm4Gcms.get(keyId);
    if (gcm === undefined) {
      gcm = createSm4Gcm(key);
      sm4Gcms.set(keyId, gcm);
    }
    return gcm;
  }
  const activeSm4 = alg === 'sm4-gcm' ? sm4GcmFor(activeKeyId, activeKey) : undefined;
  const prefix = `${FORMAT_VERSION}:${alg}:${activeKeyId}:`;

  function keyFor(parts: StoredFieldParts): Buffer {
    const key = keys.get(parts.keyId);
    if (key === undefined) throw new FieldCryptoError('FIELD_KEY_UNKNOWN', `no key "${parts.keyId}" is configured`);
    if (key.length !== KEY_BYTES[parts.alg]) {
      throw new FieldCryptoError('FIELD_KEY_INVALID', `key "${parts.keyId}" does not fit ${parts.alg}`);
    }
    return key;
  }

  return {
    alg,
    activeKeyId,
    encrypt(plaintext, aad) {
      const ivOffset = takeIv();
      const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
      const aadBytes = aad === undefined ? undefined : Buffer.from(aad, 'utf8');
      const sealed =
        activeSm4 === undefined
          ? sealAes256Gcm(activeKey, iv, plaintext, aadBytes)
          : activeSm4.seal(iv, Buffer.from(plaintext, 'utf8'), aadBytes);
      return `${prefix}${ivPool.toString('base64url', ivOffset, ivOffset + IV_BYTES)}:${sealed.toString('base64url')}`;
    },
    decrypt(stored, aad) {
      const parts = parseStoredField(stored);
      const key = keyFor(parts);
      const aadBytes = aad === undefined ? undefined : Buffer.from(aad, 'utf8');
      try {
        const plain =
          parts.alg === 'sm4-gcm'
            ? sm4GcmFor(parts.keyId, key).open(parts.iv, parts.sealed, aadBytes)
            : openAes256Gcm(key, parts.iv, parts.sealed, aadBytes);
        return plain.toString('utf8');
      } catch (error) {
        if (!(error instanceof GcmAuthenticationError)) throw error;
        throw new FieldCryptoError(
          'FIELD_DECRYPT_FAILED',
          `${parts.alg} authentication failed: wrong key, wrong AAD or altered value`,
          { cause: error },
        );
      }
    },
    needsReencryption(stored) {
      const parts = parseStoredField(stored);
      return parts.alg !== alg || parts.keyId !== activeKeyId;
    },
  };
}

// IVs are cut from a pool of CSPRNG output refilled 256 IVs at a time (as Node does for randomUUID): a
// randomBytes(12) call costs several µs, most of an encryption. IVs are public; they only must not repeat, and
// every pool byte is handed out once. A slice is valid until the next takeIv().
const ivPool = Buffer.allocUnsafeSlow(IV_BYTES * 256);
let ivPoolOffset = ivPool.length;

function takeIv(): number {
  if (ivPoolOffset === ivPool.length) {
    randomFillSync(ivPool);
    ivPoolOffset = 0;
  }
  const offset = ivPoolOffset;
  ivPoolOffset += IV_BYTES;
  return offset;
}

function sealAes256Gcm(key: Buffer, iv: Buffer, plaintext: string, aad: Buffer | undefined): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  if (aad !== undefined) cipher.setAAD(aad);
  const ciphertext = cipher.update(plaintext, 'utf8');
  cipher.final(); // GCM is a stream mode: final() adds no bytes, it computes the tag
  return Buffer.concat([ciphertext, cipher.getAuthTag()], ciphertext.length + TAG_BYTES);
}

function openAes256Gcm(key: Buffer, iv: Buffer, sealed: Buffer, aad: Buffer | undefined): Buffer {
  const length = sealed.length - TAG_BYTES;
  // authTagLength pins the tag to 16 bytes; without it setAuthTag would accept a truncated one.
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  if (aad !== undefined) decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(length));
  const plain = decipher.update(sealed.subarray(0, length));
  try {
    decipher.final(); // throws unless the tag verifies; only then is `plain` returned
  } catch (error) {
    plain.fill(0);
    throw new GcmAuthenticationError({ cause: error });
  }
  return plain;
}

/**
 * Blind index for equality search over an encrypted column: HMAC-SM3 of the value under a key kept apart from
 * the encryption keys. Normalise the value first (e.g. upper-case a USCC or ID number) — the index matches bytes.
 * Returns 64 lower-case hex characters.
 */
export function blindIndex(key: Uint8Array, value: string): string {
  if (key.byteLength < 16) throw new FieldCryptoError('FIELD_KEY_INVALID', 'blind-index key must be at least 16 bytes');
  return hmacSm3Hex(key, value);
}
