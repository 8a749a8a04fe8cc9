import { createCipheriv, randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sm4 } from 'sm-crypto-v2';
import {
  createGcm,
  createPortableSm4Gcm,
  createSm4Gcm,
  GcmAuthenticationError,
  hasNativeSm4,
  type Gcm,
  type GcmBlockCipher,
} from './gcm.ts';

const hex = (text: string) => Buffer.from(text, 'hex');

// RFC 8998 Appendix A.1 (SM4-GCM).
const rfc8998 = {
  key: hex('0123456789ABCDEFFEDCBA9876543210'),
  iv: hex('00001234567800000000ABCD'),
  aad: hex('FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2'),
  plaintext: hex(
    'AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD' +
      'EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA',
  ),
  ciphertext: hex(
    '17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735' +
      'D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D',
  ),
  tag: hex('83DE3541E4C2B58177E065A9BF7B62EC'),
};

/** sm-crypto-v2's SM4-GCM, the implementation this one replaces. */
function referenceSeal(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Buffer {
  const result = sm4.encrypt(plaintext, key, { mode: 'gcm', iv, associatedData: aad, output: 'array', outputTag: true });
  return Buffer.concat([result.output, result.tag ?? new Uint8Array(0)]);
}

function referenceOpen(key: Uint8Array, iv: Uint8Array, sealed: Buffer, aad?: Uint8Array): Buffer {
  const ciphertext = sealed.subarray(0, sealed.length - 16);
  const tag = sealed.subarray(sealed.length - 16);
  return Buffer.from(sm4.decrypt(ciphertext, key, { mode: 'gcm', iv, associatedData: aad, tag, output: 'array' }));
}

/** OpenSSL's own AES-GCM, to check the construction independently of SM4. */
function opensslAesGcmSeal(key: Buffer, iv: Buffer, plaintext: Buffer, aad?: Buffer): Buffer {
  const cipher = createCipheriv(`aes-${key.length * 8}-gcm` as 'aes-256-gcm', key, iv, { authTagLength: 16 });
  if (aad !== undefined) cipher.setAAD(aad);
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function expectAuthFailure(action: () => unknown): void {
  expect(action).toThrow(GcmAuthenticationError);
}

const implementations: { name: string; create: (key: Uint8Array) => Gcm }[] = [
  { name: 'native SM4', create: createSm4Gcm },
  { name: 'portable SM4 (sm-crypto-v2)', create: createPortableSm4Gcm },
];

describe('SM4-GCM', () => {
  it.each(implementations)('$name reproduces the RFC 8998 Appendix A.1 test vector both ways', ({ create }) => {
    const gcm = create(rfc8998.key);
    const sealed = gcm.seal(rfc8998.iv, rfc8998.plaintext, rfc8998.aad);
    expect(sealed.toString('hex')).toBe(Buffer.concat([rfc8998.ciphertext, rfc8998.tag]).toString('hex'));
    expect(gcm.open(rfc8998.iv, sealed, rfc8998.aad).equals(rfc8998.plaintext)).toBe(true);
  });

  it('matches sm-crypto-v2 for every plaintext length 0..100 with random keys, IVs and AADs, both directions', () => {
    for (let length = 0; length <= 100; length++) {
      const key = randomBytes(16);
      const gcm = createSm4Gcm(key); // one instance per key, reused: state must not carry over between calls
      for (const aad of [undefined, randomBytes(0), randomBytes(randomInt(1, 101))]) {
        const iv = randomBytes(12);
        const plaintext = randomBytes(length);
        const sealed = gcm.seal(iv, plaintext, aad);
        expect(sealed.toString('hex')).toBe(referenceSeal(key, iv, plaintext, aad).toString('hex'));
        expect(referenceOpen(key, iv, sealed, aad).equals(plaintext)).toBe(true);
        const theirs = referenceSeal(key, iv, plaintext, aad);
        expect(gcm.open(iv, theirs, aad).equals(plaintext)).toBe(true);
      }
    }
  });

  it('matches sm-crypto-v2 for every AAD length 0..100 with random plaintexts, both directions', () => {
    const key = randomBytes(16);
    const gcm = createSm4Gcm(key);
    for (let length = 0; length <= 100; length++) {
      const iv = randomBytes(12);
      const aad = randomBytes(length);
      const plaintext = randomBytes(randomInt(0, 101));
      const sealed = gcm.seal(iv, plaintext, aad);
      expect(sealed.toString('hex')).toBe(referenceSeal(key, iv, plaintext, aad).toString('hex'));
      expect(gcm.open(iv, referenceSeal(key, iv, plaintext, aad), aad).equals(plaintext)).toBe(true);
      expect(referenceOpen(key, iv, sealed, aad).equals(plaintext)).toBe(true);
    }
  });

  it('refuses keys that are not 16 bytes', () => {
    expect(() => createSm4Gcm(randomBytes(32))).toThrow(RangeError);
    expect(() => createPortableSm4Gcm(randomBytes(15))).toThrow(RangeError);
  });

  it('treats an absent AAD and an empty one alike', () => {
    const gcm = createSm4Gcm(randomBytes(16));
    const iv = randomBytes(12);
    const sealed = gcm.seal(iv, Buffer.from('x'));
    expect(gcm.seal(iv, Buffer.from('x'), new Uint8Array(0)).equals(sealed)).toBe(true);
    expect(gcm.open(iv, sealed, new Uint8Array(0)).toString()).toBe('x');
  });

  it('agrees with the portable implementation on long messages (beyond the per-key counter buffer)', () => {
    const key = randomBytes(16);
    for (const length of [255, 256, 257, 4099]) {
      const iv = randomBytes(12);
      const plaintext = randomBytes(length);
      const aad = randomBytes(length >> 2);
      const sealed = createSm4Gcm(key).seal(iv, plaintext, aad);
      expect(sealed.equals(createPortableSm4Gcm(key).seal(iv, plaintext, aad))).toBe(true);
      expect(createSm4Gcm(key).open(iv, sealed, aad).equals(plaintext)).toBe(true);
    }
  });
});

describe.each([
  { blockCipher: 'aes-128-ecb' as GcmBlockCipher, keyBytes: 16 },
  { blockCipher: 'aes-256-ecb' as GcmBlockCipher, keyBytes: 32 },
])('the GCM construction over $blockCipher', ({ blockCipher, keyBytes }) => {
  it("matches OpenSSL's AES-GCM on random inputs up to 20 blocks", () => {
    for (let round = 0; round < 300; round++) {
      const key = randomBytes(keyBytes);
      const iv = randomBytes(12);
      const plaintext = randomBytes(randomInt(0, 321));
      const aad = round % 4 === 0 ? undefined : randomBytes(randomInt(0, 321));
      const gcm = createGcm(blockCipher, key);
      const sealed = gcm.seal(iv, plaintext, aad);
      expect(sealed.toString('hex')).toBe(opensslAesGcmSeal(key, iv, plaintext, aad).toString('hex'));
      expect(gcm.open(iv, sealed, aad).equals(plaintext)).toBe(true);
    }
  });

  it("matches OpenSSL's AES-GCM on a 64 KiB message", () => {
    const key = randomBytes(keyBytes);
    const iv = randomBytes(12);
    const plaintext = randomBytes(65_536 + 5);
    const aad = randomBytes(1000);
    expect(createGcm(blockCipher, key).seal(iv, plaintext, aad).equals(opensslAesGcmSeal(key, iv, plaintext, aad))).toBe(true);
  });
});

describe.each(implementations)('$name refuses what does not authenticate', ({ create }) => {
  const key = randomBytes(16);
  const gcm = create(key);
  const iv = randomBytes(12);
  const aad = Buffer.from('entities.legal_rep_id_number:42');
  const plaintext = Buffer.from('11010519491231002X');
  const sealed = gcm.seal(iv, plaintext, aad);

  function flipped(index: number): Buffer {
    const copy = Buffer.from(sealed);
    copy[index] ^= 0x80;
    return copy;
  }

  it('opens the untouched value', () => {
    expect(gcm.open(iv, sealed, aad).equals(plaintext)).toBe(true);
  });

  it('refuses a changed tag (any byte)', () => {
    for (let i = plaintext.length; i < sealed.length; i++) expectAuthFailure(() => gcm.open(iv, flipped(i), aad));
  });

  it('refuses a changed ciphertext (any byte)', () => {
    for (let i = 0; i < plaintext.length; i++) expectAuthFailure(() => gcm.open(iv, flipped(i), aad));
  });

  it('refuses a different, missing or added AAD', () => {
    expectAuthFailure(() => gcm.open(iv, sealed, Buffer.from('entities.legal_rep_id_number:43')));
    expectAuthFailure(() => gcm.open(iv, sealed));
    expectAuthFailure(() => create(key).open(iv, create(key).seal(iv, plaintext), aad));
  });

  it('refuses a different IV or key', () => {
    const otherIv = Buffer.from(iv);
    otherIv[11] ^= 1;
    expectAuthFailure(() => gcm.open(otherIv, sealed, aad));
    expectAuthFailure(() => create(randomBytes(16)).open(iv, sealed, aad));
  });

  it('refuses a truncated value, a dropped ciphertext byte and a value shorter than a tag', () => {
    expectAuthFailure(() => gcm.open(iv, sealed.subarray(0, sealed.length - 1), aad));
    expectAuthFailure(() => gcm.open(iv, sealed.subarray(1), aad));
    expectAuthFailure(() => gcm.open(iv, sealed.subarray(0, 15), aad));
  });

  it('still opens the value after failed attempts', () => {
    expectAuthFailure(() => gcm.open(iv, flipped(0), aad));
    expect(gcm.open(iv, sealed, aad).equals(plaintext)).toBe(true);
  });

  it('accepts only 12-byte IVs', () => {
    expect(() => gcm.seal(randomBytes(16), plaintext)).toThrow(RangeError);
    expect(() => gcm.seal(randomBytes(8), plaintext)).toThrow(RangeError);
    expect(() => gcm.open(randomBytes(16), sealed)).toThrow(RangeError);
  });

  it('leaves its inputs unchanged', () => {
    const before = Buffer.from(sealed);
    gcm.open(iv, sealed, aad);
    expect(sealed.equals(before)).toBe(true);
    const input = Buffer.from(plaintext);
    gcm.seal(iv, input, aad);
    expect(input.equals(plaintext)).toBe(true);
  });
});

describe.runIf(hasNativeSm4())('native SM4-GCM output buffers', () => {
  const gcm = createGcm('sm4-ecb', randomBytes(16));
  const iv = randomBytes(12);

  it('leave no key stream or tag mask in the memory behind the returned bytes', () => {
    const sealed = gcm.seal(iv, Buffer.from('short'));
    expect(Buffer.from(sealed.buffer, sealed.byteOffset + sealed.length).every((byte) => byte === 0)).toBe(true);
    const opened = gcm.open(iv, sealed);
    expect(opened.toString()).toBe('short');
    expect(Buffer.from(opened.buffer, opened.byteOffset + opened.length).every((byte) => byte === 0)).toBe(true);
  });

  it('are not reused between calls', () => {
    const first = gcm.seal(iv, Buffer.from('first value'));
    const copy = Buffer.from(first);
    gcm.seal(iv, Buffer.from('second value'));
    gcm.open(iv, first);
    expect(first.equals(copy)).toBe(true);
  });
});
