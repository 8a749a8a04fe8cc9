import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqualText } from '../crypto/index.ts';

/**
 * Second factor for operators and institution admins (SPEC §1): TOTP, RFC 6238, with the parameters every
 * authenticator app supports by default — HMAC-SHA1, 30-second steps from T0 = 0, 6 digits.
 */

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface TotpOptions {
  /** Digits in a code, 6–8 (RFC 4226 §5.3 requires at least 6). Default 6. */
  digits?: number;
  /** Time step X in seconds (RFC 6238 §4.1). Default 30. */
  stepSeconds?: number;
  /** HMAC hash (RFC 6238 §1.2). Default sha1, the only one all authenticator apps honour. */
  algorithm?: TotpAlgorithm;
}

/** A secret as base32 text (what users scan or type) or raw bytes. */
export type TotpSecret = string | Uint8Array;

export type TotpErrorCode = 'TOTP_SECRET_INVALID' | 'TOTP_OPTIONS_INVALID';

export class TotpError extends Error {
  override readonly name = 'TotpError';
  constructor(
    readonly code: TotpErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Base32 (RFC 4648 §6). Padding is left off by default because otpauth URIs carry secrets unpadded. */
export function base32Encode(bytes: Uint8Array, { padding = false }: { padding?: boolean } = {}): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  if (padding) out += '='.repeat((8 - (out.length % 8)) % 8);
  return out;
}

/**
 * Decodes base32 (RFC 4648 §6), tolerating what people do when copying a secret by hand: lower case, spaces
 * and hyphens between groups, and missing or present padding. Returns `undefined` for anything else.
 */
export function base32Decode(text: string): Buffer | undefined {
  const cleaned = text.replace(/[\s-]/g, '').toUpperCase().replace(/=+$/, '');
  // Lengths 1, 3 and 6 (mod 8) cannot end a whole number of bytes (RFC 4648 §6, final quantum cases).
  if (!/^[A-Z2-7]*$/.test(cleaned) || [1, 3, 6].includes(cleaned.length % 8)) return undefined;
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of cleaned) {
    buffer = (buffer << 5) | BASE32_ALPHABET.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

/** A new secret: 160 random bits (RFC 4226 §4 R6 recommends 160), base32 for the QR code and manual entry. */
export function generateTotpSecret(bytes = 20): string {
  if (!Number.isInteger(bytes) || bytes < 16 || bytes > 64) {
    throw new TotpError('TOTP_OPTIONS_INVALID', 'a TOTP secret needs 16 to 64 bytes');
  }
  return base32Encode(randomBytes(bytes));
}

function secretBytes(secret: TotpSecret): Uint8Array {
  const bytes = typeof secret === 'string' ? base32Decode(secret) : secret;
  // RFC 4226 §4 R6: at least 128 bits of shared secret.
  if (bytes === undefined || bytes.length < 16) {
    throw new TotpError('TOTP_SECRET_INVALID', 'TOTP secret must be base32 of at least 16 bytes');
  }
  return bytes;
}

function resolve(options: TotpOptions): Required<TotpOptions> {
  const { digits = 6, stepSeconds = 30, algorithm = 'sha1' } = options;
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) {
    throw new TotpError('TOTP_OPTIONS_INVALID', 'TOTP codes have 6 to 8 digits');
  }
  if (!Number.isInteger(stepSeconds) || stepSeconds < 1) {
    throw new TotpError('TOTP_OPTIONS_INVALID', 'TOTP time step must be a whole number of seconds');
  }
  return { digits, stepSeconds, algorithm };
}

/** HOTP value for one counter (RFC 4226 §5.3, dynamic truncation), zero-padded to `digits`. */
export function hotpCode(key: Uint8Array, counter: number, digits: number, algorithm: TotpAlgorithm = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return binary.toString().padStart(digits, '0');
}

/** The time step T = floor((unix seconds − T0) / X) for `timeMs` (RFC 6238 §4.2, T0 = 0). */
export function totpStep(timeMs: number, stepSeconds = 30): number {
  return Math.floor(timeMs / 1000 / stepSeconds);
}

/** The code an authenticator shows at `timeMs` (milliseconds since the Unix epoch). */
export function totpCode(secret: TotpSecret, timeMs: number, options: TotpOptions = {}): string {
  const { digits, stepSeconds, algorithm } = resolve(options);
  return hotpCode(secretBytes(secret), totpStep(timeMs, stepSeconds), digits, algorithm);
}

export interface VerifyTotpOptions extends TotpOptions {
  /**
   * The step of the last code this account used. Codes from that step or earlier are refused, so a code seen
   * over a shoulder or in a log cannot be replayed within its validity (RFC 6238 §5.2).
   */
  lastUsedStep?: number;
}

/**
 * Checks `code` against the steps `window` either side of `timeMs` (RFC 6238 §5.2 allows one step of clock
 * drift). Returns the matched time step — store it as the account's `lastUsedStep` — or `null`.
 * Spaces in the code are ignored; every candidate is compared in constant time.
 */
export function verifyTotp(
  secret: TotpSecret,
  code: string,
  timeMs: number,
  window = 1,
  options: VerifyTotpOptions = {},
): number | null {
  const { digits, stepSeconds, algorithm } = resolve(options);
  if (!Number.isInteger(window) || window < 0 || window > 10) {
    throw new TotpError('TOTP_OPTIONS_INVALID', 'TOTP window must be 0 to 10 steps');
  }
  const key = secretBytes(secret);
  const candidate = code.replace(/\s/g, '');
  if (!new RegExp(`^\\d{${digits}}$`).test(candidate)) return null;
  const current = totpStep(timeMs, stepSeconds);
  let matched: number | null = null;
  // Walk every step in the window even after a match, so timing does not reveal which step matched.
  for (let step = current - window; step <= current + window; step += 1) {
    if (step < 0) continue;
    const equal = constantTimeEqualText(hotpCode(key, step, digits, algorithm), candidate);
    if (equal && matched === null && (options.lastUsedStep === undefined || step > options.lastUsedStep)) {
      matched = step;
    }
  }
  return matched;
}

export interface OtpauthUriInput {
  secret: string;
  /** Shown in the authenticator under the issuer, e.g. the login name. */
  account: string;
  issuer?: string;
  digits?: number;
  stepSeconds?: number;
  algorithm?: TotpAlgorithm;
}

/**
 * `otpauth://totp/…` provisioning URI for the enrolment QR code (Google Authenticator "Key Uri Format"):
 * label `issuer:account`, with the issuer repeated as a parameter as the format recommends.
 */
export function otpauthUri(input: OtpauthUriInput): string {
  const issuer = input.issuer ?? 'xinrong';
  const { digits, stepSeconds, algorithm } = resolve(input);
  secretBytes(input.secret);
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(input.account)}`;
  const params = new URLSearchParams({
    secret: input.secret.replace(/[\s-]/g, '').toUpperCase().replace(/=+$/, ''),
    issuer,
    algorithm: algorithm.toUpperCase(),
    digits: String(digits),
    period: String(stepSeconds),
  });
  // URLSearchParams writes spaces as "+", which some authenticators show literally; RFC 3986 %20 is safe.
  return `otpauth://totp/${label}?${params.toString().replace(/\+/g, '%20')}`;
}
