/**
 * Strict text encodings for key material, signatures and stored ciphertexts.
 *
 * Node's `Buffer.from(text, 'base64' | 'hex')` silently skips characters it does not understand and stops at the
 * first bad hex pair, so two different strings can decode to the same bytes. Everything that is compared,
 * verified or stored goes through these decoders instead, which accept exactly one spelling per value and
 * return `undefined` for anything else.
 */

const HEX = /^(?:[0-9a-fA-F]{2})*$/;
// RFC 4648 §4 (base64, padded) and §5 (base64url, unpadded as used by JWK and our stored formats).
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

const utf8 = new TextEncoder();

/** UTF-8 bytes of a string; byte input is passed through unchanged. */
export function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? utf8.encode(data) : data;
}

/** Decodes hex (either case); `undefined` when the text is not an even-length run of hex digits. */
export function decodeHex(text: string): Buffer | undefined {
  return HEX.test(text) ? Buffer.from(text, 'hex') : undefined;
}

/** Decodes padded base64 (RFC 4648 §4); `undefined` unless the text is its canonical spelling. */
export function decodeBase64(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Rejects non-zero trailing bits, e.g. "QR==" and "QQ==" both decoding to "A".
  return bytes.toString('base64') === text ? bytes : undefined;
}

/** Decodes unpadded base64url (RFC 4648 §5); `undefined` unless the text is its canonical spelling. */
export function decodeBase64Url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

export function encodeBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function encodeHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
