/**
 * Platform cryptography: digests and MACs (SM3/SHA-256), ids and tokens, field encryption at rest
 * (SM4-GCM/AES-256-GCM), signatures (SM2/Ed25519) and strict encodings. Other modules import from here only.
 */
export * from './constant-time.ts';
export * from './encoding.ts';
export * from './field-encryption.ts';
export * from './hash.ts';
export * from './ids.ts';
export * from './signing.ts';
