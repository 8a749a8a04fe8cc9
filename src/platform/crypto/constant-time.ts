import { timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets (MACs, codes, tokens) in time that does not depend on where they first differ, so a
 * caller cannot learn a valid value byte by byte from response times. Only the length may leak, and every
 * value compared here has a public, fixed length.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  return timingSafeEqual(a, b);
}

/** {@link constantTimeEqual} for two strings, compared as their UTF-8 bytes. */
export function constantTimeEqualText(a: string, b: string): boolean {
  return constantTimeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
