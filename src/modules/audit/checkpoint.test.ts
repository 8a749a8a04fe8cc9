import { createHash, createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigningKey, type SigningAlgorithm } from '../../platform/crypto/index.ts';
import {
  CheckpointError,
  SM2_NOTE_IDENTIFIER,
  cosignNote,
  createNoteSigner,
  createNoteVerifier,
  formatCheckpoint,
  formatVerifierKey,
  noteKeyId,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  signNote,
  verifyCheckpoint,
  verifyNote,
} from './checkpoint.ts';
import { leafHash, rootFromLeaves } from './merkle.ts';

const EM_DASH = '\u2014';

function keyPair(alg: SigningAlgorithm, name: string) {
  const key = generateSigningKey(alg);
  return { key, signer: createNoteSigner(name, key), verifier: createNoteVerifier(name, alg, key.publicKey) };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof CheckpointError) return error.code;
    throw error;
  }
  return undefined;
}

// The same 32 bytes spelled with non-zero padding bits in the last base64 digit (Node would decode it).
function nonCanonical(base64: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const last = alphabet.indexOf(base64[42]);
  return `${base64.slice(0, 42)}${alphabet[(last & ~3) | 1]}=`;
}

const sampleRoot = rootFromLeaves('sm3', ['a', 'b', 'c'].map((e) => leafHash('sm3', Buffer.from(e))));

describe('published examples', () => {
  it('verifies the signed note from the Go golang.org/x/mod/sumdb/note documentation', () => {
    // The package documentation's example verifier key and note (Ed25519, signature type 0x01).
    const verifier = parseVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW');
    const body = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    const note = `${body}\n${EM_DASH} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
    const result = verifyNote(note, [verifier]);
    expect(result.body).toBe(body);
    expect(result.verified.map((s) => s.keyId.toString('hex'))).toEqual(['c74f20a3']);
    expect(codeOf(() => verifyNote(note.replace('cryptography', 'Cryptography'), [verifier]))).toBe('NOTE_SIGNATURE_INVALID');
  });

  it('formats a checkpoint body exactly like the tlog-checkpoint specification example', () => {
    // The example note of c2sp.org/tlog-checkpoint; its verifier key is not published with it, so only the
    // layout and the 4 + 64 byte signature payload are checked here.
    const body = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    const parsed = parseCheckpoint(body);
    expect(parsed).toMatchObject({ origin: 'example.com/behind-the-sofa', size: 20852163, extensions: [] });
    expect(formatCheckpoint(parsed)).toBe(body);
    const note = `${body}\n${EM_DASH} example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n`;
    const opened = openNote(note);
    expect(opened.body).toBe(body);
    expect(opened.signatures).toHaveLength(1);
    expect(opened.signatures[0].signature).toHaveLength(64);
  });
});

describe.each<SigningAlgorithm>(['ed25519', 'sm2'])('signed checkpoints (%s)', (alg) => {
  const log = keyPair(alg, 'xinrong.example.cn/audit');
  const checkpoint = { origin: 'xinrong.example.cn/audit/sm3', size: 3, root: sampleRoot };

  it('round-trips a checkpoint through signing and verification', () => {
    const note = signNote(formatCheckpoint(checkpoint), log.signer);
    const result = verifyCheckpoint(note, [log.verifier]);
    expect(result).toMatchObject({ origin: checkpoint.origin, size: 3, extensions: [] });
    expect(result.root).toEqual(sampleRoot);
    expect(result.verified.map((s) => s.name)).toEqual(['xinrong.example.cn/audit']);
    expect(result.unknown).toEqual([]);
  });

  it('lays the note out as origin, decimal size, padded base64 root, blank line, em-dash signature line', () => {
    const note = signNote(formatCheckpoint(checkpoint), log.signer);
    const root = sampleRoot.toString('base64');
    expect(root).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const [body, signatures] = note.split('\n\n');
    expect(body).toBe(`xinrong.example.cn/audit/sm3\n3\n${root}`);
    expect(signatures).toMatch(/^\u2014 xinrong\.example\.cn\/audit [A-Za-z0-9+/]{91}=\n$/);
    expect(note.codePointAt(note.indexOf('\n\n') + 2)).toBe(0x2014);
    // 4-byte key id followed by a 64-byte signature.
    expect(Buffer.from(signatures.split(' ')[2], 'base64')).toHaveLength(68);
  });

  it('rejects a note whose body was changed after signing', () => {
    const note = signNote(formatCheckpoint(checkpoint), log.signer);
    const tampered = note.replace('\n3\n', '\n4\n');
    expect(codeOf(() => verifyNote(tampered, [log.verifier]))).toBe('NOTE_SIGNATURE_INVALID');
  });

  it('rejects a note whose signature was changed', () => {
    const note = signNote(formatCheckpoint(checkpoint), log.signer);
    const line = note.slice(note.indexOf(EM_DASH));
    const bytes = Buffer.from(line.trim().split(' ')[2], 'base64');
    bytes[40] ^= 0x01;
    const tampered = note.replace(line, `${EM_DASH} xinrong.example.cn/audit ${bytes.toString('base64')}\n`);
    expect(codeOf(() => verifyNote(tampered, [log.verifier]))).toBe('NOTE_SIGNATURE_INVALID');
  });

  it('finds no known signature when verified with another key or another key name', () => {
    const note = signNote(formatCheckpoint(checkpoint), log.signer);
    const other = keyPair(alg, 'xinrong.example.cn/audit');
    expect(codeOf(() => verifyNote(note, [other.verifier]))).toBe('NOTE_UNVERIFIED');
    const renamed = createNoteVerifier('xinrong.example.cn/other', alg, log.key.publicKey);
    expect(codeOf(() => verifyNote(note, [renamed]))).toBe('NOTE_UNVERIFIED');
    expect(codeOf(() => verifyNote(note, []))).toBe('NOTE_UNVERIFIED');
  });

  it('ignores a co-signature by an unknown witness and checks it once the witness is known', () => {
    const witness = keyPair('ed25519', 'witness.example.org/w1');
    const note = cosignNote(signNote(formatCheckpoint(checkpoint), log.signer), witness.signer);
    expect(openNote(note).signatures).toHaveLength(2);
    const logOnly = verifyNote(note, [log.verifier]);
    expect(logOnly.verified.map((s) => s.name)).toEqual(['xinrong.example.cn/audit']);
    expect(logOnly.unknown.map((s) => s.name)).toEqual(['witness.example.org/w1']);
    expect(verifyNote(note, [log.verifier, witness.verifier]).verified).toHaveLength(2);
    // A bad line from a known key rejects the note even though another valid signature is present.
    const badLine = `${EM_DASH} witness.example.org/w1 ${Buffer.concat([witness.signer.keyId, Buffer.alloc(64)]).toString('base64')}\n`;
    const forged = signNote(formatCheckpoint(checkpoint), log.signer) + badLine;
    expect(verifyNote(forged, [log.verifier]).verified).toHaveLength(1);
    expect(codeOf(() => verifyNote(forged, [log.verifier, witness.verifier]))).toBe('NOTE_SIGNATURE_INVALID');
  });

  it('signs with several keys at once and round-trips the verifier key text', () => {
    const second = keyPair(alg, 'xinrong.example.cn/audit-2');
    const note = signNote(formatCheckpoint(checkpoint), [log.signer, second.signer]);
    const vkey = formatVerifierKey('xinrong.example.cn/audit-2', alg, second.key.publicKey);
    expect(vkey.startsWith(`xinrong.example.cn/audit-2+${second.signer.keyId.toString('hex')}+`)).toBe(true);
    expect(verifyNote(note, [parseVerifierKey(vkey)]).verified.map((s) => s.name)).toEqual(['xinrong.example.cn/audit-2']);
  });
});

describe('independent Ed25519 re-implementation (node:crypto only)', () => {
  const name = 'xinrong.example.cn/audit';
  const key = generateSigningKey('ed25519');
  const rawPublic = Buffer.from(key.publicKey, 'base64url');
  const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey, d: key.privateKey }, format: 'jwk' });
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' });
  const body = formatCheckpoint({ origin: 'xinrong.example.cn/audit/sha256', size: 70, root: sampleRoot, extensions: ['ext one'] });
  const keyId = createHash('sha256')
    .update(Buffer.concat([Buffer.from(name), Buffer.of(0x0a, 0x01), rawPublic]))
    .digest()
    .subarray(0, 4);

  it('computes the key id as SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]', () => {
    expect(noteKeyId(name, 'ed25519', key.publicKey)).toEqual(keyId);
  });

  it('produces byte for byte the note a hand-built Ed25519 signer produces (Ed25519 is deterministic)', () => {
    const handSignature = nodeSign(null, Buffer.from(body), privateKey);
    const handNote = `${body}\n${EM_DASH} ${name} ${Buffer.concat([keyId, handSignature]).toString('base64')}\n`;
    const ours = signNote(body, createNoteSigner(name, key));
    expect(ours).toBe(handNote);
    expect(verifyNote(handNote, [createNoteVerifier(name, 'ed25519', key.publicKey)]).body).toBe(body);
  });

  it('signs a message a plain Ed25519 verifier accepts', () => {
    const note = signNote(body, createNoteSigner(name, key));
    const payload = Buffer.from(note.slice(note.lastIndexOf(' ') + 1, -1), 'base64');
    expect(payload.subarray(0, 4)).toEqual(keyId);
    expect(nodeVerify(null, Buffer.from(body), publicKey, payload.subarray(4))).toBe(true);
  });
});

describe('SM2 experimental signature type', () => {
  it('derives the key id from the 0xFF type byte, the identifier string and the uncompressed point', () => {
    const key = generateSigningKey('sm2');
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from('log'), Buffer.of(0x0a, 0xff), Buffer.from(SM2_NOTE_IDENTIFIER), Buffer.from(key.publicKey, 'hex')]))
      .digest()
      .subarray(0, 4);
    expect(noteKeyId('log', 'sm2', key.publicKey)).toEqual(expected);
  });

  it('refuses a signer whose public key does not belong to its private key', () => {
    const a = generateSigningKey('sm2');
    const b = generateSigningKey('sm2');
    expect(codeOf(() => createNoteSigner('log', { ...a, publicKey: b.publicKey }))).toBe('NOTE_KEY_INVALID');
  });
});

describe('strict checkpoint parsing', () => {
  const root = sampleRoot.toString('base64');
  const good = `origin\n12\n${root}\n`;

  it('accepts a well-formed body with extension lines and round-trips it', () => {
    const parsed = parseCheckpoint(`origin\n0\n${root}\nfirst extension\nsecond\n`);
    expect(parsed.size).toBe(0);
    expect(parsed.extensions).toEqual(['first extension', 'second']);
    expect(formatCheckpoint(parsed)).toBe(`origin\n0\n${root}\nfirst extension\nsecond\n`);
    expect(parseCheckpoint(good).root).toEqual(sampleRoot);
  });

  it.each([
    ['no final newline', `origin\n12\n${root}`],
    ['missing root line', 'origin\n12\n'],
    ['empty origin', `\n12\n${root}\n`],
    ['leading zero', `origin\n012\n${root}\n`],
    ['plus sign', `origin\n+12\n${root}\n`],
    ['negative size', `origin\n-1\n${root}\n`],
    ['spaces around the size', `origin\n 12\n${root}\n`],
    ['exponent', `origin\n1e3\n${root}\n`],
    ['size beyond 2^53 - 1', `origin\n9007199254740992\n${root}\n`],
    ['size beyond uint64', `origin\n18446744073709551616\n${root}\n`],
    ['unpadded base64', `origin\n12\n${root.replace(/=$/, '')}\n`],
    ['base64url alphabet', `origin\n12\n${Buffer.alloc(32, 0xfb).toString('base64url')}=\n`],
    ['non-canonical trailing bits', `origin\n12\n${nonCanonical(root)}\n`],
    ['31-byte root', `origin\n12\n${Buffer.alloc(31).toString('base64')}\n`],
    ['33-byte root', `origin\n12\n${Buffer.alloc(33).toString('base64')}\n`],
    ['empty extension line', `origin\n12\n${root}\n\n`],
    ['carriage return', `origin\r\n12\n${root}\n`],
  ])('refuses a body with %s', (_why, text) => {
    expect(codeOf(() => parseCheckpoint(text))).toBe('CHECKPOINT_MALFORMED');
  });

  it('refuses to format what it could not parse back', () => {
    expect(codeOf(() => formatCheckpoint({ origin: 'a\nb', size: 1, root: sampleRoot }))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => formatCheckpoint({ origin: 'a', size: -1, root: sampleRoot }))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => formatCheckpoint({ origin: 'a', size: 1.5, root: sampleRoot }))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => formatCheckpoint({ origin: 'a', size: 1, root: sampleRoot.subarray(1) }))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => formatCheckpoint({ origin: 'a', size: 1, root: sampleRoot, extensions: [''] }))).toBe('CHECKPOINT_MALFORMED');
  });
});

describe('strict note opening', () => {
  const body = `origin\n12\n${sampleRoot.toString('base64')}\n`;
  const sig = Buffer.alloc(68, 7).toString('base64');

  it('accepts a minimal well-formed note', () => {
    expect(openNote(`${body}\n${EM_DASH} name ${sig}\n`).signatures[0].name).toBe('name');
  });

  it.each([
    ['no blank line', `${body}${EM_DASH} name ${sig}\n`],
    ['no signature lines', `${body}\n`],
    ['no final newline', `${body}\n${EM_DASH} name ${sig}`],
    ['a hyphen instead of the em dash', `${body}\n- name ${sig}\n`],
    ['two hyphens instead of the em dash', `${body}\n-- name ${sig}\n`],
    ['an en dash', `${body}\n\u2013 name ${sig}\n`],
    ['a missing space after the dash', `${body}\n${EM_DASH}name ${sig}\n`],
    ['a space inside the key name', `${body}\n${EM_DASH} na me ${sig}\n`],
    ['a plus in the key name', `${body}\n${EM_DASH} na+me ${sig}\n`],
    ['malformed base64', `${body}\n${EM_DASH} name ${sig.slice(1)}\n`],
    ['a signature shorter than the key id', `${body}\n${EM_DASH} name ${Buffer.alloc(4).toString('base64')}\n`],
    ['CRLF line endings', `${body}\r\n${EM_DASH} name ${sig}\r\n`],
    ['an empty body', `\n\n${EM_DASH} name ${sig}\n`],
    ['more than 100 signatures', `${body}\n${`${EM_DASH} name ${sig}\n`.repeat(101)}`],
  ])('refuses a note with %s', (_why, text) => {
    expect(codeOf(() => openNote(text))).toBe('NOTE_MALFORMED');
  });

  it('refuses to sign text that is not a note body', () => {
    const { signer } = keyPair('ed25519', 'log');
    expect(codeOf(() => signNote('no newline', signer))).toBe('NOTE_MALFORMED');
    expect(codeOf(() => signNote('tab\there\n', signer))).toBe('NOTE_MALFORMED');
    expect(codeOf(() => signNote(body, []))).toBe('NOTE_MALFORMED');
    expect(codeOf(() => createNoteSigner('bad name', generateSigningKey('ed25519')))).toBe('NOTE_KEY_INVALID');
  });
});
