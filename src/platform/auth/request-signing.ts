import { constantTimeEqual, decodeBase64, hmacSm3, randomToken, sign, sm3Hex, toBytes, verify } from '../crypto/index.ts';
import type { PrivateSigningKey } from '../crypto/index.ts';
import type { NonceStore } from './nonce-store.ts';

/**
 * Signed machine requests — the public contract that providers, institutions' systems and other xinrong nodes
 * implement (SPEC §1, last paragraph).
 *
 * A client sends five headers:
 *
 * | header             | value                                                                                |
 * |--------------------|--------------------------------------------------------------------------------------|
 * | `x-xr-key-id`      | the API key id issued by the platform, `[A-Za-z0-9._:-]{1,128}`                      |
 * | `x-xr-timestamp`   | RFC 3339 date-time with seconds and an offset: `2026-11-23T10:00:00+08:00` or `…Z`   |
 * | `x-xr-nonce`       | 16–64 characters of `[A-Za-z0-9_-]`, never reused with the same key                  |
 * | `x-xr-content-sm3` | lower-case hex SM3 of the raw body bytes; no body → SM3("") = `1ab21d83…`            |
 * | `x-xr-signature`   | `hmac-sm3=<64 lower-case hex>`, `ed25519=<base64, 88 chars>` or `sm2=<128 hex r‖s>` |
 *
 * The signature covers this canonical string, UTF-8 encoded, lines joined by a single LF and no trailing LF:
 *
 *     METHOD            upper-case, e.g. POST
 *     PATH_WITH_QUERY   the request-target exactly as sent on the wire (RFC 9112 §3.2.1 origin-form), e.g.
 *                       /api/v1/records?since=2026-11-01 — percent-encoded, not re-ordered or decoded
 *     TIMESTAMP         the x-xr-timestamp header value, character for character
 *     NONCE             the x-xr-nonce header value
 *     HEX_SM3_OF_BODY   the x-xr-content-sm3 header value
 *
 * - `hmac-sm3`: HMAC (RFC 2104) with SM3 (GB/T 32905) keyed by the API secret's UTF-8 bytes.
 * - `ed25519`: RFC 8032 Ed25519 over the canonical bytes with the key registered for the key id.
 * - `sm2`: GB/T 32918.2 SM2 with SM3, signer id "1234567812345678", raw r‖s (see crypto/signing.ts).
 *
 * The server refuses a timestamp more than 300 s from its clock and a (key id, nonce) pair it has already
 * accepted. A reverse proxy in front of xinrong must pass the request-target through unchanged.
 */

export const SIGNATURE_HEADERS = {
  keyId: 'x-xr-key-id',
  timestamp: 'x-xr-timestamp',
  nonce: 'x-xr-nonce',
  contentSm3: 'x-xr-content-sm3',
  signature: 'x-xr-signature',
} as const;

export type SignedRequestHeaders = Record<(typeof SIGNATURE_HEADERS)[keyof typeof SIGNATURE_HEADERS], string>;

/** What the key lookup returns for a key id: a shared secret or a registered public key. */
export type KeyMaterial =
  | { alg: 'hmac-sm3'; secret: string | Uint8Array }
  | { alg: 'ed25519'; publicKey: string }
  | { alg: 'sm2'; publicKey: string };

export type SignatureScheme = KeyMaterial['alg'];

export type SignatureErrorCode =
  | 'SIG_MISSING'
  | 'SIG_MALFORMED'
  | 'SIG_UNKNOWN_KEY'
  | 'SIG_SKEW'
  | 'SIG_BODY_DIGEST'
  | 'SIG_BAD'
  | 'SIG_REPLAY';

export type VerifySignedRequestResult =
  | { ok: true; keyId: string; alg: SignatureScheme }
  | { ok: false; code: SignatureErrorCode; message: string };

/** Thrown by `signRequest` for input no server could verify; a programming error on the client side. */
export class RequestSigningError extends Error {
  override readonly name = 'RequestSigningError';
  readonly code = 'SIG_INPUT_INVALID';
}

const KEY_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
const METHOD = /^[A-Z]{1,16}$/;
// Origin-form request-target: visible ASCII only, so no LF can smuggle an extra line into the canonical string.
const PATH_WITH_QUERY = /^\/[\x21-\x7e]*$/;
const CONTENT_SM3 = /^[0-9a-f]{64}$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const SIGNATURE = /^(hmac-sm3|ed25519|sm2)=(.+)$/;
const CHINA_STANDARD_TIME_OFFSET_MINUTES = 8 * 60;

export interface CanonicalRequestParts {
  method: string;
  pathWithQuery: string;
  timestamp: string;
  nonce: string;
  contentSm3: string;
}

export function canonicalRequest(parts: CanonicalRequestParts): string {
  return [parts.method, parts.pathWithQuery, parts.timestamp, parts.nonce, parts.contentSm3].join('\n');
}

/** Body digest for `x-xr-content-sm3`; an absent body hashes as the empty string. */
export function contentSm3(body: string | Uint8Array | undefined): string {
  return sm3Hex(body === undefined ? '' : toBytes(body));
}

/** RFC 3339 with whole seconds in China Standard Time, e.g. `2026-11-23T10:00:00+08:00`. */
export function formatSignatureTimestamp(date: Date): string {
  const shifted = new Date(date.getTime() + CHINA_STANDARD_TIME_OFFSET_MINUTES * 60_000);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}

/** Milliseconds since the epoch for a valid `x-xr-timestamp` value, else `undefined` (no calendar roll-over). */
export function parseSignatureTimestamp(text: string): number | undefined {
  const match = TIMESTAMP.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const fraction = Number(`0.${match[7] ?? '0'}`);
  const sign = match[8] === '-' ? -1 : 1;
  const offsetHours = Number(match[9] ?? 0);
  const offsetMinutes = Number(match[10] ?? 0);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) + Math.floor(fraction * 1000);
  return utc - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

export interface SignRequestBase {
  method: string;
  /** The request-target exactly as it will be sent: path plus `?query`, already percent-encoded. */
  pathWithQuery: string;
  body?: string | Uint8Array;
  keyId: string;
  now?: Date;
  nonce?: string;
}

export type SignRequestInput = SignRequestBase &
  ({ secret: string | Uint8Array; privateKey?: never } | { privateKey: PrivateSigningKey; secret?: never });

/** The five signature headers for a request; add them to whatever headers the request already has. */
export function signRequest(input: SignRequestInput): SignedRequestHeaders {
  const method = input.method.toUpperCase();
  const nonce = input.nonce ?? randomToken(16);
  const invalid = (what: string) => new RequestSigningError(`cannot sign request: ${what}`);
  if (!METHOD.test(method)) throw invalid(`method "${input.method}"`);
  if (!PATH_WITH_QUERY.test(input.pathWithQuery)) {
    throw invalid('pathWithQuery must start with "/" and be percent-encoded visible ASCII');
  }
  if (!KEY_ID.test(input.keyId)) throw invalid(`key id must match ${KEY_ID.source}`);
  if (!NONCE.test(nonce)) throw invalid(`nonce must match ${NONCE.source}`);

  const timestamp = formatSignatureTimestamp(input.now ?? new Date());
  const digest = contentSm3(input.body);
  const canonical = canonicalRequest({ method, pathWithQuery: input.pathWithQuery, timestamp, nonce, contentSm3: digest });
  const signature =
    input.privateKey === undefined
      ? `hmac-sm3=${hmacSm3(input.secret, canonical).toString('hex')}`
      : `${input.privateKey.alg}=${sign(input.privateKey, canonical)}`;
  return {
    'x-xr-key-id': input.keyId,
    'x-xr-timestamp': timestamp,
    'x-xr-nonce': nonce,
    'x-xr-content-sm3': digest,
    'x-xr-signature': signature,
  };
}

export interface VerifySignedRequestInput {
  method: string;
  /** The raw request-target as received (Fastify `request.raw.url`), not a re-serialised URL. */
  pathWithQuery: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body bytes exactly as received, before any JSON parsing. */
  rawBody: Uint8Array | string | undefined;
  /** SM3 of the body when it was streamed to storage instead of kept in memory (batch uploads); used instead of rawBody. */
  bodySm3?: string;
  lookupKey: (keyId: string) => Promise<KeyMaterial | undefined>;
  nonceStore: NonceStore;
  now?: Date;
  maxSkewSeconds?: number;
}

type Failure = Extract<VerifySignedRequestResult, { ok: false }>;

function fail(code: SignatureErrorCode, message: string): Failure {
  return { ok: false, code, message };
}

/**
 * Authenticates a signed request. Checks run cheapest first and the nonce is recorded only after the
 * signature verifies, so a caller without the key cannot use up nonces of a legitimate client.
 * Errors from `lookupKey` and the nonce store (e.g. `NONCE_STORE_FULL`) propagate to the caller.
 */
export async function verifySignedRequest(input: VerifySignedRequestInput): Promise<VerifySignedRequestResult> {
  const maxSkewSeconds = input.maxSkewSeconds ?? 300;
  const now = (input.now ?? new Date()).getTime();

  const header = readHeaders(input.headers);
  if (!header.ok) return header;
  const { keyId, timestamp, nonce, contentSm3: claimedDigest, signature } = header.values;

  if (!KEY_ID.test(keyId)) return fail('SIG_MALFORMED', `${SIGNATURE_HEADERS.keyId} must match ${KEY_ID.source}`);
  if (!NONCE.test(nonce)) return fail('SIG_MALFORMED', `${SIGNATURE_HEADERS.nonce} must match ${NONCE.source}`);
  if (!CONTENT_SM3.test(claimedDigest)) {
    return fail('SIG_MALFORMED', `${SIGNATURE_HEADERS.contentSm3} must be 64 lower-case hex digits`);
  }
  const sentAt = parseSignatureTimestamp(timestamp);
  if (sentAt === undefined) {
    return fail('SIG_MALFORMED', `${SIGNATURE_HEADERS.timestamp} must be RFC 3339, e.g. 2026-11-23T10:00:00+08:00`);
  }
  const schemeMatch = SIGNATURE.exec(signature);
  if (schemeMatch === null) {
    return fail('SIG_MALFORMED', `${SIGNATURE_HEADERS.signature} must be hmac-sm3=<hex>, ed25519=<base64> or sm2=<hex>`);
  }
  const scheme = schemeMatch[1] as SignatureScheme;
  const signatureValue = schemeMatch[2];
  if (!SIGNATURE_VALUE[scheme](signatureValue)) {
    return fail('SIG_MALFORMED', `${scheme} signature value has the wrong encoding or length`);
  }
  const method = input.method.toUpperCase();
  if (!METHOD.test(method) || !PATH_WITH_QUERY.test(input.pathWithQuery)) {
    return fail('SIG_MALFORMED', 'request method or target cannot be canonicalised');
  }

  const skewSeconds = Math.abs(now - sentAt) / 1000;
  if (skewSeconds > maxSkewSeconds) {
    return fail('SIG_SKEW', `timestamp is ${Math.round(skewSeconds)} s from server time; at most ${maxSkewSeconds} s allowed`);
  }

  if ((input.bodySm3 ?? contentSm3(input.rawBody)) !== claimedDigest) {
    return fail('SIG_BODY_DIGEST', `${SIGNATURE_HEADERS.contentSm3} does not match the SM3 of the received body`);
  }

  const key = await input.lookupKey(keyId);
  if (key === undefined) return fail('SIG_UNKNOWN_KEY', `no active key "${keyId}"`);
  if (key.alg !== scheme) return fail('SIG_BAD', `key "${keyId}" signs with ${key.alg}, not ${scheme}`);

  const canonical = canonicalRequest({ method, pathWithQuery: input.pathWithQuery, timestamp, nonce, contentSm3: claimedDigest });
  if (!signatureMatches(key, canonical, signatureValue)) return fail('SIG_BAD', 'signature does not verify');

  // Remember the pair until the timestamp itself would be refused (plus a second for rounding).
  const expiresAt = new Date(sentAt + (maxSkewSeconds + 1) * 1000);
  if (!(await input.nonceStore.remember(keyId, nonce, expiresAt))) {
    return fail('SIG_REPLAY', `nonce "${nonce}" was already used with key "${keyId}"`);
  }
  return { ok: true, keyId, alg: key.alg };
}

const SIGNATURE_VALUE: Record<SignatureScheme, (value: string) => boolean> = {
  'hmac-sm3': (value) => /^[0-9a-f]{64}$/.test(value),
  ed25519: (value) => decodeBase64(value)?.length === 64,
  sm2: (value) => /^[0-9a-f]{128}$/.test(value),
};

function signatureMatches(key: KeyMaterial, canonical: string, value: string): boolean {
  switch (key.alg) {
    case 'hmac-sm3':
      return constantTimeEqual(hmacSm3(key.secret, canonical), Buffer.from(value, 'hex'));
    case 'ed25519':
    case 'sm2':
      return verify(key.alg, key.publicKey, canonical, value);
  }
}

type HeaderValues = Record<keyof typeof SIGNATURE_HEADERS, string>;

function readHeaders(headers: VerifySignedRequestInput['headers']): Failure | { ok: true; values: HeaderValues } {
  const lower = new Map<string, string | string[] | undefined>();
  for (const [name, value] of Object.entries(headers)) lower.set(name.toLowerCase(), value);
  const values: Partial<HeaderValues> = {};
  const missing: string[] = [];
  for (const [field, name] of Object.entries(SIGNATURE_HEADERS) as [keyof HeaderValues, string][]) {
    const value = lower.get(name);
    if (Array.isArray(value)) return fail('SIG_MALFORMED', `${name} must appear once`);
    if (value === undefined || value === '') missing.push(name);
    else values[field] = value;
  }
  if (missing.length > 0) return fail('SIG_MISSING', `missing signature headers: ${missing.join(', ')}`);
  return { ok: true, values: values as HeaderValues };
}
