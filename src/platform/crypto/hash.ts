import { createHash, createHmac } from 'node:crypto';

/**
 * Digests and MACs. SM3 (GB/T 32905-2016) is the default for the SM suite that 密评 (GB/T 39786-2021) expects;
 * SHA-256 (FIPS 180-4) backs the switchable international suite. Both come from Node's OpenSSL build, so no
 * pure-JS hashing sits on hot paths such as audit chains and request body digests.
 *
 * String input is hashed as its UTF-8 bytes.
 */

export const hashAlgorithms = ['sm3', 'sha256'] as const;
export type HashAlgorithm = (typeof hashAlgorithms)[number];

export type HashInput = string | Uint8Array;

export function isHashAlgorithm(value: string): value is HashAlgorithm {
  return (hashAlgorithms as readonly string[]).includes(value);
}

export function digest(alg: HashAlgorithm, data: HashInput): Buffer {
  return createHash(alg).update(data).digest();
}

export function sm3(data: HashInput): Buffer {
  return digest('sm3', data);
}

/** Lower-case hex SM3 digest (64 characters). */
export function sm3Hex(data: HashInput): string {
  return createHash('sm3').update(data).digest('hex');
}

/** Lower-case hex SHA-256 digest (64 characters). */
export function sha256Hex(data: HashInput): string {
  return createHash('sha256').update(data).digest('hex');
}

/** HMAC (RFC 2104) over SM3, 32-byte output; a string key is used as its UTF-8 bytes. */
export function hmacSm3(key: HashInput, data: HashInput): Buffer {
  return createHmac('sm3', key).update(data).digest();
}

export function hmacSm3Hex(key: HashInput, data: HashInput): string {
  return createHmac('sm3', key).update(data).digest('hex');
}
