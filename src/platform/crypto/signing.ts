import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { decodeBase64, decodeBase64Url, encodeBase64, encodeBase64Url, toBytes } from './encoding.ts';

/**
 * Platform signatures: SM2 (GB/T 32918.2-2016) for the SM suite, Ed25519 (RFC 8032) for the international one.
 *
 * Text forms, chosen so keys and signatures fit in config files, database columns and HTTP headers:
 *
 * | alg     | publicKey                                        | privateKey                         | signature              |
 * |---------|--------------------------------------------------|------------------------------------|------------------------|
 * | sm2     | hex, uncompressed point `04‖x‖y` (130 chars)     | hex scalar d (64 chars)            | hex `r‖s` (128 chars)  |
 * | ed25519 | base64url raw 32-byte key = JWK `x` (RFC 8037)   | base64url 32-byte seed = JWK `d`   | base64 (88 chars)      |
 *
 * SM2 details: the digest is SM3 over Z_A ‖ M (GB/T 32918.2 §6.1) with the default signer id
 * "1234567812345678" (GM/T 0009-2012 §10), which is what GmSSL, BouncyCastle and most Chinese CAs and HSMs use;
 * Node's own SM2 uses an empty id and so cannot interoperate. The signature is the raw fixed-length r‖s rather
 * than DER (`der: false`): it has one spelling per signature, is always 128 characters and needs no ASN.1 parser
 * on the verifying side. A DER signature from a peer converts by reading the two INTEGERs and left-padding each
 * to 32 bytes.
 */

export const signingAlgorithms = ['sm2', 'ed25519'] as const;
export type SigningAlgorithm = (typeof signingAlgorithms)[number];

/** GM/T 0009-2012 §10 default user id used when computing Z_A. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

export interface SigningKeyPair {
  alg: SigningAlgorithm;
  publicKey: string;
  privateKey: string;
}

/** What `sign` needs. For SM2 pass `publicKey` when known: deriving it costs a scalar multiplication per call. */
export interface PrivateSigningKey {
  alg: SigningAlgorithm;
  privateKey: string;
  publicKey?: string;
}

export type SigningErrorCode = 'SIGNING_KEY_INVALID';

export class SigningError extends Error {
  override readonly name = 'SigningError';
  readonly code: SigningErrorCode = 'SIGNING_KEY_INVALID';
}

const SM2_OPTIONS = { hash: true, der: false, userId: SM2_DEFAULT_USER_ID } as const;
const SM2_PUBLIC_KEY = /^04[0-9a-f]{128}$/;
const SM2_PRIVATE_KEY = /^[0-9a-f]{64}$/;
const SM2_SIGNATURE = /^[0-9a-f]{128}$/;
// SM2 recommended curve y² = x³ + ax + b over F_p, a = p - 3, cofactor 1 (GB/T 32918.5-2017 §5.2).
const SM2_P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
const SM2_B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
const SM2_N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

export function isSigningAlgorithm(value: string): value is SigningAlgorithm {
  return (signingAlgorithms as readonly string[]).includes(value);
}

export function generateSigningKey(alg: SigningAlgorithm): SigningKeyPair {
  if (alg === 'sm2') {
    const pair = sm2.generateKeyPairHex();
    return { alg, publicKey: pair.publicKey, privateKey: pair.privateKey };
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string' || typeof jwk.d !== 'string') throw new Error('Ed25519 JWK export lacks x or d');
  return { alg, publicKey: jwk.x, privateKey: jwk.d };
}

/** The public key belonging to `privateKey`, in the text form above (lets config carry only the private key). */
export function derivePublicKey(alg: SigningAlgorithm, privateKey: string): string {
  if (alg === 'sm2') {
    assertSm2PrivateKey(privateKey);
    return sm2.getPublicKeyFromPrivateKey(privateKey);
  }
  const jwk = createPublicKey(ed25519PrivateKeyObject(privateKey)).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('Ed25519 JWK export lacks x');
  return jwk.x;
}

/** Signs `message` (a string is signed as its UTF-8 bytes). Throws `SIGNING_KEY_INVALID` for an unusable key. */
export function sign(key: PrivateSigningKey, message: Uint8Array | string): string {
  const bytes = toBytes(message);
  if (key.alg === 'sm2') {
    assertSm2PrivateKey(key.privateKey);
    const publicKey = key.publicKey ?? sm2.getPublicKeyFromPrivateKey(key.privateKey);
    return sm2.doSignature(bytes, key.privateKey, { ...SM2_OPTIONS, publicKey });
  }
  return encodeBase64(nodeSign(null, bytes, ed25519PrivateKeyObject(key.privateKey)));
}

/**
 * Checks a signature. Never throws on attacker-controlled input: a malformed key or signature is simply not a
 * valid signature and yields `false`.
 */
export function verify(alg: SigningAlgorithm, publicKey: string, message: Uint8Array | string, signature: string): boolean {
  const bytes = toBytes(message);
  if (alg === 'sm2') {
    if (!SM2_PUBLIC_KEY.test(publicKey) || !SM2_SIGNATURE.test(signature)) return false;
    // GB/T 32918.2 §7.1 B1–B2: r and s must lie in [1, n-1]. sm-crypto-v2 does not check this, and without it
    // s + n would verify as well as s (a second spelling of the same signature).
    const r = BigInt(`0x${signature.slice(0, 64)}`);
    const s = BigInt(`0x${signature.slice(64)}`);
    if (r < 1n || r >= SM2_N || s < 1n || s >= SM2_N) return false;
    if (!isSm2PublicKey(publicKey)) return false;
    return sm2.doVerifySignature(bytes, signature, publicKey, SM2_OPTIONS);
  }
  const raw = decodeBase64Url(publicKey);
  const sig = decodeBase64(signature);
  if (raw?.length !== 32 || sig?.length !== 64) return false;
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: encodeBase64Url(raw) }, format: 'jwk' });
  return nodeVerify(null, bytes, key, sig);
}

/**
 * Whether `publicKey` is an uncompressed point on the SM2 curve (GB/T 32918.1 §6.2 public-key validation).
 * Checked here because the library's point decoder throws on off-curve input instead of answering.
 */
export function isSm2PublicKey(publicKey: string): boolean {
  if (!SM2_PUBLIC_KEY.test(publicKey)) return false;
  const x = BigInt(`0x${publicKey.slice(2, 66)}`);
  const y = BigInt(`0x${publicKey.slice(66)}`);
  if (x >= SM2_P || y >= SM2_P) return false;
  // With cofactor 1 every affine point on the curve has order n, so the curve equation is the whole check.
  return (y * y - (x * x * x - 3n * x + SM2_B)) % SM2_P === 0n;
}

function assertSm2PrivateKey(privateKey: string): void {
  const d = SM2_PRIVATE_KEY.test(privateKey) ? BigInt(`0x${privateKey}`) : 0n;
  // GB/T 32918.1 §6.1: d ∈ [1, n-2].
  if (d < 1n || d > SM2_N - 2n) throw new SigningError('SM2 private key must be 64 lower-case hex digits in [1, n-2]');
}

function ed25519PrivateKeyObject(privateKey: string): KeyObject {
  const seed = decodeBase64Url(privateKey);
  if (seed?.length !== 32) throw new SigningError('Ed25519 private key must be base64url of a 32-byte seed');
  // Node needs x alongside d in a JWK; derive it by importing the seed through its PKCS#8 form (RFC 8410 §7).
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
}
