import { createHash } from 'node:crypto';
import {
  decodeBase64,
  decodeBase64Url,
  derivePublicKey,
  encodeBase64,
  encodeBase64Url,
  encodeHex,
  isSm2PublicKey,
  sign,
  verify,
  type PrivateSigningKey,
  type SigningAlgorithm,
} from '../../platform/crypto/index.ts';
import { HASH_SIZE } from './merkle.ts';

/**
 * Signed tree heads of the audit log as C2SP checkpoints (https://c2sp.org/tlog-checkpoint) inside C2SP signed
 * notes (https://c2sp.org/signed-note), the format of Go's `golang.org/x/mod/sumdb/note`, Sigstore and the
 * transparency-dev witnesses, so an external witness can co-sign our tree heads without a bespoke protocol.
 *
 *   <origin>\n<tree size, decimal>\n<root hash, padded base64>\n[<extension line>\n …]
 *   \n
 *   — <key name> <base64(4-byte key id ‖ signature)>\n   (one line per signature; "—" is U+2014, then a space)
 *
 * Key ids and signature types (signed-note §"Signatures"): key id = SHA-256(key name ‖ 0x0A ‖ key data)[:4],
 * where key data = signature type ‖ public key; the same key data, base64-encoded, forms a verifier key
 * `<name>+<hex key id>+<base64 key data>`.
 * - Ed25519: type 0x01, the 32-byte public key; the signature is Ed25519 over the note body (64 bytes).
 * - SM2: NOT DEFINED BY C2SP. We use the type 0xFF with the identifier string `SM2_NOTE_IDENTIFIER` between the
 *   type byte and the 65-byte uncompressed public key, so our key ids can never collide with a registered type.
 *   The signature is SM2 with SM3 and the GM/T 0009 default signer id over the note body, as raw r ‖ s
 *   (64 bytes), exactly as `platform/crypto/signing.ts` produces it. This is an experimental, xinrong-specific
 *   profile: a third-party C2SP verifier treats such lines as signatures from an unknown key and ignores them.
 */

export const SIGNATURE_TYPE_ED25519 = 0x01;
/** Private-use signature type for SM2 (see the module comment); not registered with C2SP. */
export const SIGNATURE_TYPE_EXPERIMENTAL = 0xff;
export const SM2_NOTE_IDENTIFIER = 'xinrong.sm2-sm3.v1';

/** Go's note.Open refuses notes with more signature lines than this; so do we. */
export const MAX_NOTE_SIGNATURES = 100;

const SIGNATURE_PREFIX = '\u2014 ';
// C0 controls other than newline, DEL, and unpaired UTF-16 surrogates (text that cannot be UTF-8).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_TEXT = /[\u0000-\u0009\u000b-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

export type CheckpointErrorCode =
  | 'CHECKPOINT_MALFORMED'
  | 'NOTE_MALFORMED'
  | 'NOTE_KEY_INVALID'
  | 'NOTE_SIGNATURE_INVALID'
  | 'NOTE_UNVERIFIED';

export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
  constructor(
    readonly code: CheckpointErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface Checkpoint {
  /** Unique name of the log, e.g. `xinrong.example.cn/audit/sm3`; the hash algorithm is not in the format. */
  origin: string;
  size: number;
  root: Uint8Array;
  /** Optional extra body lines after the root (tlog-checkpoint "extension lines"). */
  extensions?: readonly string[];
}

export interface ParsedCheckpoint {
  origin: string;
  size: number;
  root: Buffer;
  extensions: string[];
}

export interface NoteSigner {
  name: string;
  alg: SigningAlgorithm;
  keyId: Buffer;
  sign(message: Uint8Array): Buffer;
}

export interface NoteVerifier {
  name: string;
  alg: SigningAlgorithm;
  keyId: Buffer;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface NoteSignature {
  name: string;
  keyId: Buffer;
  signature: Buffer;
}

export interface OpenedNote {
  /** The signed text, ending in its final newline (without the blank separator line). */
  body: string;
  signatures: NoteSignature[];
}

export interface VerifiedNote {
  body: string;
  /** Signatures by a verifier passed in, each valid. */
  verified: NoteSignature[];
  /** Signatures by keys nobody passed in (e.g. witnesses not configured here): not checked, not trusted. */
  unknown: NoteSignature[];
}

/** The checkpoint body (tlog-checkpoint): origin, decimal size, padded base64 root, extension lines. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, root, extensions = [] } = checkpoint;
  const malformed = (why: string) => new CheckpointError('CHECKPOINT_MALFORMED', `checkpoint: ${why}`);
  if (!isLine(origin)) throw malformed('the origin must be one non-empty line of printable text');
  if (!Number.isSafeInteger(size) || size < 0) throw malformed('the tree size must be a non-negative safe integer');
  if (!(root instanceof Uint8Array) || root.length !== HASH_SIZE) throw malformed(`the root hash must have ${HASH_SIZE} bytes`);
  if (!extensions.every(isLine)) throw malformed('extension lines must be non-empty lines of printable text');
  return [origin, String(size), encodeBase64(root), ...extensions].map((line) => `${line}\n`).join('');
}

/**
 * Parses a checkpoint body strictly: exactly one spelling per checkpoint (no leading zeros or signs in the
 * size, canonical padded base64 for a 32-byte root, no empty lines, final newline). Sizes above 2^53 - 1 are
 * refused although the format allows 64-bit sizes. Throws `CHECKPOINT_MALFORMED`.
 */
export function parseCheckpoint(body: string): ParsedCheckpoint {
  const malformed = (why: string) => new CheckpointError('CHECKPOINT_MALFORMED', `checkpoint: ${why}`);
  if (typeof body !== 'string' || !body.endsWith('\n')) throw malformed('the body must end in a newline');
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) throw malformed('the body needs an origin, a size and a root hash line');
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (!isLine(origin)) throw malformed('the origin must be one non-empty line of printable text');
  if (!DECIMAL.test(sizeText)) throw malformed('the tree size must be a decimal number without leading zeros');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw malformed('the tree size is larger than this log supports');
  const root = decodeBase64(rootText);
  if (root?.length !== HASH_SIZE) throw malformed(`the root must be canonical base64 of ${HASH_SIZE} bytes`);
  if (!extensions.every(isLine)) throw malformed('extension lines must be non-empty lines of printable text');
  return { origin, size, root, extensions };
}

/** Key data of a signed-note verifier key: signature type ‖ (identifier) ‖ raw public key. */
export function noteKeyData(alg: SigningAlgorithm, publicKey: string): Buffer {
  if (alg === 'ed25519') {
    const raw = decodeBase64Url(publicKey);
    if (raw?.length !== 32) throw new CheckpointError('NOTE_KEY_INVALID', 'Ed25519 public key must be base64url of 32 bytes');
    return Buffer.concat([Buffer.of(SIGNATURE_TYPE_ED25519), raw]);
  }
  if (!isSm2PublicKey(publicKey)) throw new CheckpointError('NOTE_KEY_INVALID', 'SM2 public key must be an uncompressed curve point in hex');
  return Buffer.concat([Buffer.of(SIGNATURE_TYPE_EXPERIMENTAL), Buffer.from(SM2_NOTE_IDENTIFIER), Buffer.from(publicKey, 'hex')]);
}

/** signed-note key id: SHA-256(key name ‖ 0x0A ‖ key data)[:4]. */
export function noteKeyId(name: string, alg: SigningAlgorithm, publicKey: string): Buffer {
  assertKeyName(name);
  return keyIdOf(name, noteKeyData(alg, publicKey));
}

/** A signer for `signNote`; the public key is derived from the private one (and checked when also given). */
export function createNoteSigner(name: string, key: PrivateSigningKey): NoteSigner {
  const publicKey = derivePublicKey(key.alg, key.privateKey);
  if (key.publicKey !== undefined && key.publicKey !== publicKey) {
    throw new CheckpointError('NOTE_KEY_INVALID', 'the public key does not belong to the private key');
  }
  const full = { alg: key.alg, privateKey: key.privateKey, publicKey };
  const signature = (message: Uint8Array): Buffer => {
    const text = sign(full, message);
    return key.alg === 'sm2' ? Buffer.from(text, 'hex') : (decodeBase64(text) as Buffer);
  };
  return { name, alg: key.alg, keyId: noteKeyId(name, key.alg, publicKey), sign: signature };
}

/** A verifier for `verifyNote`. Throws `NOTE_KEY_INVALID` for a malformed name or public key. */
export function createNoteVerifier(name: string, alg: SigningAlgorithm, publicKey: string): NoteVerifier {
  const keyId = noteKeyId(name, alg, publicKey);
  const check = (message: Uint8Array, signature: Uint8Array): boolean => {
    if (signature.length !== 64) return false;
    return verify(alg, publicKey, message, alg === 'sm2' ? encodeHex(signature) : encodeBase64(signature));
  };
  return { name, alg, keyId, verify: check };
}

/** The verifier key text `<name>+<8 hex digits key id>+<base64 key data>` (Go `note.NewVerifier` syntax). */
export function formatVerifierKey(name: string, alg: SigningAlgorithm, publicKey: string): string {
  const data = noteKeyData(alg, publicKey);
  return `${name}+${encodeHex(keyIdOf(name, data))}+${encodeBase64(data)}`;
}

/** Parses a verifier key written by `formatVerifierKey` (or by Go's note package for Ed25519). */
export function parseVerifierKey(vkey: string): NoteVerifier {
  const invalid = () => new CheckpointError('NOTE_KEY_INVALID', 'verifier key must be <name>+<hex key id>+<base64 key data>');
  // Split at the first two "+" only: the base64 key data may itself contain "+".
  const first = vkey.indexOf('+');
  const second = vkey.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw invalid();
  const [name, idHex, dataText] = [vkey.slice(0, first), vkey.slice(first + 1, second), vkey.slice(second + 1)];
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw invalid();
  const data = decodeBase64(dataText);
  if (data === undefined || !isKeyName(name) || encodeHex(keyIdOf(name, data)) !== idHex) throw invalid();
  const sm2Prefix = Buffer.concat([Buffer.of(SIGNATURE_TYPE_EXPERIMENTAL), Buffer.from(SM2_NOTE_IDENTIFIER)]);
  if (data.length === 33 && data[0] === SIGNATURE_TYPE_ED25519) {
    return createNoteVerifier(name, 'ed25519', encodeBase64Url(data.subarray(1)));
  }
  if (data.length === sm2Prefix.length + 65 && data.subarray(0, sm2Prefix.length).equals(sm2Prefix)) {
    return createNoteVerifier(name, 'sm2', encodeHex(data.subarray(sm2Prefix.length)));
  }
  throw invalid();
}

/** Signs `body` (the note text, ending in a newline) with each signer; returns the signed note. */
export function signNote(body: string, signers: NoteSigner | readonly NoteSigner[]): string {
  if (!body.endsWith('\n') || body.length < 2 || FORBIDDEN_TEXT.test(body)) {
    throw new CheckpointError('NOTE_MALFORMED', 'note text must be printable UTF-8 ending in a newline');
  }
  const list = Array.isArray(signers) ? (signers as readonly NoteSigner[]) : [signers as NoteSigner];
  if (list.length === 0) throw new CheckpointError('NOTE_MALFORMED', 'a note needs at least one signer');
  return `${body}\n${list.map((signer) => signatureLine(body, signer)).join('')}`;
}

/** Adds signatures (e.g. a witness co-signature) to an already signed note, keeping the existing ones. */
export function cosignNote(note: string, signers: NoteSigner | readonly NoteSigner[]): string {
  const { body } = openNote(note);
  const list = Array.isArray(signers) ? (signers as readonly NoteSigner[]) : [signers as NoteSigner];
  return note + list.map((signer) => signatureLine(body, signer)).join('');
}

/**
 * Splits a signed note at its last blank line into the body and the signature lines, checking the syntax only.
 * Throws `NOTE_MALFORMED`.
 */
export function openNote(text: string): OpenedNote {
  const malformed = (why: string) => new CheckpointError('NOTE_MALFORMED', `signed note: ${why}`);
  if (typeof text !== 'string' || !text.endsWith('\n')) throw malformed('must end in a newline');
  if (FORBIDDEN_TEXT.test(text)) throw malformed('must be UTF-8 text without control characters other than newline');
  const split = text.lastIndexOf('\n\n');
  if (split < 1) throw malformed('needs a body, a blank line and signature lines');
  const body = text.slice(0, split + 1);
  const lines = text.slice(split + 2, -1).split('\n');
  if (lines.length === 1 && lines[0] === '') throw malformed('has no signature lines');
  if (lines.length > MAX_NOTE_SIGNATURES) throw malformed(`has more than ${MAX_NOTE_SIGNATURES} signatures`);
  const signatures = lines.map((line) => {
    const fields = line.startsWith(SIGNATURE_PREFIX) ? line.slice(SIGNATURE_PREFIX.length).split(' ') : [];
    const bytes = fields.length === 2 ? decodeBase64(fields[1]) : undefined;
    if (bytes === undefined || bytes.length < 5 || !isKeyName(fields[0])) {
      throw malformed('signature lines must read "— <key name> <base64 of key id and signature>"');
    }
    return { name: fields[0], keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) };
  });
  return { body, signatures };
}

/**
 * Verifies a signed note (Go `note.Open` semantics): signatures from keys not in `verifiers` are ignored and
 * returned as `unknown`; a signature from a known key that does not verify rejects the whole note
 * (`NOTE_SIGNATURE_INVALID`); at least one known valid signature is required (`NOTE_UNVERIFIED`). A verifier is
 * matched by key name and key id; repeated lines by the same key after the first are skipped.
 */
export function verifyNote(text: string, verifiers: readonly NoteVerifier[]): VerifiedNote {
  const { body, signatures } = openNote(text);
  const message = Buffer.from(body, 'utf8');
  const verified: NoteSignature[] = [];
  const unknown: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const sig of signatures) {
    const candidates = verifiers.filter((v) => v.name === sig.name && v.keyId.equals(sig.keyId));
    if (candidates.length === 0) {
      unknown.push(sig);
      continue;
    }
    const id = `${sig.name}+${sig.keyId.toString('hex')}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (!candidates.some((v) => v.verify(message, sig.signature))) {
      throw new CheckpointError('NOTE_SIGNATURE_INVALID', `signed note: the signature by ${sig.name} does not verify`);
    }
    verified.push(sig);
  }
  if (verified.length === 0) throw new CheckpointError('NOTE_UNVERIFIED', 'signed note: no signature by a known key');
  return { body, verified, unknown };
}

/** `verifyNote` followed by `parseCheckpoint` of the verified body. */
export function verifyCheckpoint(text: string, verifiers: readonly NoteVerifier[]): ParsedCheckpoint & VerifiedNote {
  const note = verifyNote(text, verifiers);
  return { ...note, ...parseCheckpoint(note.body) };
}

function signatureLine(body: string, signer: NoteSigner): string {
  assertKeyName(signer.name);
  const signature = signer.sign(Buffer.from(body, 'utf8'));
  return `${SIGNATURE_PREFIX}${signer.name} ${encodeBase64(Buffer.concat([signer.keyId, signature]))}\n`;
}

function keyIdOf(name: string, keyData: Uint8Array): Buffer {
  return createHash('sha256').update(name, 'utf8').update(Buffer.of(0x0a)).update(keyData).digest().subarray(0, 4);
}

// signed-note: key names are non-empty UTF-8 without Unicode spaces or "+".
function isKeyName(name: string): boolean {
  return typeof name === 'string' && /^[^\s+]+$/u.test(name) && !FORBIDDEN_TEXT.test(name);
}

function assertKeyName(name: string): void {
  if (!isKeyName(name)) throw new CheckpointError('NOTE_KEY_INVALID', 'key name must be non-empty without spaces or "+"');
}

function isLine(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && !value.includes('\n') && !FORBIDDEN_TEXT.test(value);
}
