import { createCipheriv, timingSafeEqual, type Cipher } from 'node:crypto';
import { sm4 } from 'sm-crypto-v2';

/**
 * GCM (NIST SP 800-38D) for a 128-bit block cipher that Node's OpenSSL offers only in raw modes — in practice
 * SM4 (GB/T 32907-2016), giving SM4-GCM exactly as RFC 8998 §3.1 uses it: 96-bit IV, 128-bit tag.
 *
 * The block cipher runs natively: one long-lived `<cipher>-ecb` context per key (ECB holds no state between
 * calls, so the context is reused instead of paying for `createCipheriv` on every value), fed with the counter
 * blocks J0, inc32(J0), inc32²(J0), … of one message in a single `update()`. The first output block is E_K(J0),
 * which masks the tag; the others are the CTR key stream. GHASH runs in JS with Shoup's 4-bit table method over
 * 32-bit words; the 16-entry table of multiples of H is built once per key.
 *
 * - Only 12-byte IVs (J0 = IV ‖ 0^31 ‖ 1) — what RFC 8998 and our stored format use. Other lengths throw.
 * - Counters are built here with exact inc32 semantics (the low 32 bits wrap, the IV part never changes), so the
 *   only length limit is SP 800-38D's own: at most 2^32 − 2 blocks of plaintext. (Node's `sm4-ctr` would carry
 *   into the IV bytes past 2^32 blocks; we do not use it.)
 * - Tags are always 16 bytes and are compared with `crypto.timingSafeEqual`; nothing is decrypted before the tag
 *   has been checked.
 * - Side channels: the GHASH table lookups are indexed by secret-dependent nibbles, as in OpenSSL's generic
 *   `gcm_gmult_4bit`; the table is 256 bytes (four cache lines). OpenSSL's software SM4 is S-box-table based as
 *   well, so this does not widen the exposure of the SM4 suite. A constant-time GHASH (sum of masked H·x^i)
 *   measured about 2.3× slower here.
 *
 * The AES block ciphers are accepted so tests can check this construction against OpenSSL's own AES-GCM;
 * production code uses Node's native `aes-256-gcm` for AES.
 */

export type GcmBlockCipher = 'sm4-ecb' | 'aes-128-ecb' | 'aes-192-ecb' | 'aes-256-ecb';

export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;
/** SP 800-38D §5.2.1.1: len(P) ≤ 2^39 − 256 bits, i.e. 2^32 − 2 blocks. */
export const GCM_MAX_PLAINTEXT_BYTES = (2 ** 32 - 2) * 16;

/** The tag did not verify: wrong key, wrong IV or AAD, or an altered ciphertext or tag. */
export class GcmAuthenticationError extends Error {
  override readonly name = 'GcmAuthenticationError';
  constructor(options?: ErrorOptions) {
    super('GCM authentication failed', options);
  }
}

export interface Gcm {
  /** Encrypts `plaintext`; returns ciphertext ‖ 16-byte tag in a new buffer. */
  seal(iv: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Buffer;
  /** Checks the tag of ciphertext ‖ tag and returns the plaintext; throws {@link GcmAuthenticationError}. */
  open(iv: Uint8Array, sealed: Uint8Array, aad?: Uint8Array): Buffer;
}

/** SM4-GCM (RFC 8998) for a 16-byte key: native SM4 where Node's OpenSSL has it, sm-crypto-v2 otherwise. */
export function createSm4Gcm(key: Uint8Array): Gcm {
  if (key.byteLength !== 16) throw new RangeError(`SM4 needs a 16-byte key, got ${key.byteLength}`);
  return hasNativeSm4() ? new NativeGcm('sm4-ecb', key) : new PortableSm4Gcm(key);
}

/** GCM over Node's native block cipher `blockCipher` (see the module comment). */
export function createGcm(blockCipher: GcmBlockCipher, key: Uint8Array): Gcm {
  return new NativeGcm(blockCipher, key);
}

/**
 * Pure-JS SM4-GCM from sm-crypto-v2 (about 5× slower), for Node builds whose OpenSSL leaves SM4 out — some
 * distributions build it with `no-sm4`. Same input and output as the native one.
 */
export function createPortableSm4Gcm(key: Uint8Array): Gcm {
  if (key.byteLength !== 16) throw new RangeError(`SM4 needs a 16-byte key, got ${key.byteLength}`);
  return new PortableSm4Gcm(key);
}

let nativeSm4: boolean | undefined;
/** Whether Node's OpenSSL can run SM4 (probed once by creating a context, which is what counts). */
export function hasNativeSm4(): boolean {
  if (nativeSm4 === undefined) {
    try {
      createCipheriv('sm4-ecb', Buffer.alloc(16), null);
      nativeSm4 = true;
    } catch {
      nativeSm4 = false;
    }
  }
  return nativeSm4;
}

/** Counter blocks of messages up to this many blocks (J0 included) are built in a buffer kept per key. */
const SCRATCH_BLOCKS = 16;

// Shoup's reduction table: REDUCE[r] is what the four bits r shifted out of x^127..x^124 fold back in as
// (R = 0xE1 ‖ 0^120, shifted right by 3, 2, 1, 0); it only ever touches the top word.
const REDUCE = new Int32Array(16);
for (let r = 0; r < 16; r++) {
  REDUCE[r] = (r & 1 ? 0x1c200000 : 0) ^ (r & 2 ? 0x38400000 : 0) ^ (r & 4 ? 0x70800000 : 0) ^ (r & 8 ? 0xe1000000 : 0);
}

class NativeGcm implements Gcm {
  readonly #ecb: Cipher;
  /** table[4n..4n+3] = n·H as big-endian words, reading the nibble n as a polynomial (bit 8 = x^0 … bit 1 = x^3). */
  readonly #table = new Int32Array(64);
  /** The running GHASH value Y, as four big-endian words. */
  readonly #y = new Int32Array(4);
  readonly #counters = Buffer.alloc(SCRATCH_BLOCKS * 16);
  /** #views[n] = the first n counter blocks, so a short message needs no new view. */
  readonly #views: Buffer[] = [];
  readonly #expectedTag = Buffer.alloc(GCM_TAG_BYTES);

  constructor(blockCipher: GcmBlockCipher, key: Uint8Array) {
    this.#ecb = createCipheriv(blockCipher, key, null).setAutoPadding(false);
    for (let n = 0; n <= SCRATCH_BLOCKS; n++) this.#views.push(this.#counters.subarray(0, n * 16));
    const h = this.#ecb.update(Buffer.alloc(16)); // H = E_K(0^128)
    if (h.length !== 16) throw new Error(`${blockCipher} is not a 128-bit block cipher`);
    const t = this.#table;
    // t[8] = H, t[4] = H·x, t[2] = H·x², t[1] = H·x³ (right shift with reduction in GCM's bit order) …
    t[32] = h.readInt32BE(0);
    t[33] = h.readInt32BE(4);
    t[34] = h.readInt32BE(8);
    t[35] = h.readInt32BE(12);
    h.fill(0);
    for (let n = 4; n >= 1; n >>= 1) {
      const src = n * 8;
      const dst = n * 4;
      t[dst] = (t[src] >>> 1) ^ (-(t[src + 3] & 1) & 0xe1000000);
      t[dst + 1] = (t[src + 1] >>> 1) | (t[src] << 31);
      t[dst + 2] = (t[src + 2] >>> 1) | (t[src + 1] << 31);
      t[dst + 3] = (t[src + 3] >>> 1) | (t[src + 2] << 31);
    }
    // … and every other entry is the XOR of those for its set bits.
    for (let n = 3; n < 16; n++) {
      if ((n & (n - 1)) === 0) continue;
      const low = n & -n;
      for (let j = 0; j < 4; j++) t[n * 4 + j] = t[low * 4 + j] ^ t[(n - low) * 4 + j];
    }
  }

  seal(iv: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Buffer {
    const length = plaintext.length;
    // out = E(J0) ‖ key stream; the ciphertext overwrites it from the front (each byte is read 16 places
    // ahead of where it is written), then the tag goes right after the ciphertext.
    const out = this.#keyStream(iv, ((length + 15) >>> 4) + 1);
    const e0 = readWord(out, 0);
    const e1 = readWord(out, 4);
    const e2 = readWord(out, 8);
    const e3 = readWord(out, 12);
    for (let i = 0; i < length; i++) out[i] = plaintext[i] ^ out[i + 16];
    const y = this.#ghash(aad, out, length);
    writeWord(out, length, y[0] ^ e0);
    writeWord(out, length + 4, y[1] ^ e1);
    writeWord(out, length + 8, y[2] ^ e2);
    writeWord(out, length + 12, y[3] ^ e3);
    y.fill(0);
    out.fill(0, length + GCM_TAG_BYTES);
    return out.subarray(0, length + GCM_TAG_BYTES);
  }

  open(iv: Uint8Array, sealed: Uint8Array, aad?: Uint8Array): Buffer {
    const length = sealed.length - GCM_TAG_BYTES;
    if (length < 0) throw new GcmAuthenticationError();
    const out = this.#keyStream(iv, ((length + 15) >>> 4) + 1);
    const y = this.#ghash(aad, sealed, length);
    const expected = this.#expectedTag;
    writeWord(expected, 0, y[0] ^ readWord(out, 0));
    writeWord(expected, 4, y[1] ^ readWord(out, 4));
    writeWord(expected, 8, y[2] ^ readWord(out, 8));
    writeWord(expected, 12, y[3] ^ readWord(out, 12));
    y.fill(0);
    const authentic = timingSafeEqual(expected, sealed.subarray(length));
    expected.fill(0);
    if (!authentic) {
      out.fill(0);
      throw new GcmAuthenticationError();
    }
    for (let i = 0; i < length; i++) out[i] = sealed[i] ^ out[i + 16];
    out.fill(0, length);
    return out.subarray(0, length);
  }

  /** E_K(J0) ‖ E_K(inc32(J0)) ‖ … — `blocks` blocks in all, from one native call. */
  #keyStream(iv: Uint8Array, blocks: number): Buffer {
    if (iv.length !== GCM_IV_BYTES) throw new RangeError(`GCM IV must be ${GCM_IV_BYTES} bytes, got ${iv.length}`);
    if (blocks > GCM_MAX_PLAINTEXT_BYTES / 16 + 1) throw new RangeError('GCM text longer than 2^32 - 2 blocks');
    const counters = blocks <= SCRATCH_BLOCKS ? this.#views[blocks] : Buffer.allocUnsafe(blocks * 16);
    for (let b = 0, o = 0; b < blocks; b++, o += 16) {
      for (let i = 0; i < GCM_IV_BYTES; i++) counters[o + i] = iv[i];
      writeWord(counters, o + 12, b + 1); // J0 has counter 1; blocks ≤ 2^32 − 1, so inc32 never wraps
    }
    const stream = this.#ecb.update(counters);
    if (stream.length !== counters.length) throw new Error('block cipher returned a short key stream');
    return stream;
  }

  /** GHASH_H(A, C) per SP 800-38D §7.1 step 5, left in #y. */
  #ghash(aad: Uint8Array | undefined, data: Uint8Array, length: number): Int32Array {
    const y = this.#y;
    y.fill(0);
    const aadLength = aad === undefined ? 0 : aad.length;
    if (aad !== undefined) this.#absorb(aad, aadLength);
    this.#absorb(data, length);
    // len(A) ‖ len(C) in bits, as two 64-bit big-endian numbers.
    y[0] ^= Math.floor(aadLength / 0x20000000);
    y[1] ^= aadLength << 3;
    y[2] ^= Math.floor(length / 0x20000000);
    y[3] ^= length << 3;
    this.#multiply();
    return y;
  }

  /** Y ← (Y ⊕ block)·H for each 16-byte block of data[0..length), the last one zero-padded. */
  #absorb(data: Uint8Array, length: number): void {
    const y = this.#y;
    const full = length & ~15;
    let o = 0;
    for (; o < full; o += 16) {
      y[0] ^= readWord(data, o);
      y[1] ^= readWord(data, o + 4);
      y[2] ^= readWord(data, o + 8);
      y[3] ^= readWord(data, o + 12);
      this.#multiply();
    }
    if (o < length) {
      for (let i = 0; o + i < length; i++) y[i >> 2] ^= data[o + i] << (24 - 8 * (i & 3));
      this.#multiply();
    }
  }

  /** Y ← Y·H: Horner's rule over Y's 32 nibbles, last nibble first, with the table of nibble multiples of H. */
  #multiply(): void {
    const t = this.#table;
    const y = this.#y;
    let x = y[3];
    let k = (x & 15) << 2;
    let z0 = t[k];
    let z1 = t[k + 1];
    let z2 = t[k + 2];
    let z3 = t[k + 3];
    for (let w = 3, shift = 4; w >= 0; ) {
      // Z ← Z·x^4 (a right shift by four in GCM's bit order, folding the bits shifted out back in) …
      const r = z3 & 15;
      z3 = (z3 >>> 4) | (z2 << 28);
      z2 = (z2 >>> 4) | (z1 << 28);
      z1 = (z1 >>> 4) | (z0 << 28);
      z0 = (z0 >>> 4) ^ REDUCE[r];
      // … ⊕ (next nibble)·H
      k = ((x >>> shift) & 15) << 2;
      z0 ^= t[k];
      z1 ^= t[k + 1];
      z2 ^= t[k + 2];
      z3 ^= t[k + 3];
      shift += 4;
      if (shift === 32) {
        shift = 0;
        w--;
        x = w >= 0 ? y[w] : 0;
      }
    }
    y[0] = z0;
    y[1] = z1;
    y[2] = z2;
    y[3] = z3;
  }
}

class PortableSm4Gcm implements Gcm {
  readonly #key: Uint8Array;

  constructor(key: Uint8Array) {
    this.#key = Uint8Array.from(key);
  }

  seal(iv: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Buffer {
    if (iv.length !== GCM_IV_BYTES) throw new RangeError(`GCM IV must be ${GCM_IV_BYTES} bytes, got ${iv.length}`);
    const result = sm4.encrypt(plaintext, this.#key, { mode: 'gcm', iv, associatedData: aad, output: 'array', outputTag: true });
    if (result.tag?.length !== GCM_TAG_BYTES) throw new Error('sm4-gcm produced no 16-byte tag');
    const out = Buffer.allocUnsafe(result.output.length + GCM_TAG_BYTES);
    out.set(result.output, 0);
    out.set(result.tag, result.output.length);
    return out;
  }

  open(iv: Uint8Array, sealed: Uint8Array, aad?: Uint8Array): Buffer {
    if (iv.length !== GCM_IV_BYTES) throw new RangeError(`GCM IV must be ${GCM_IV_BYTES} bytes, got ${iv.length}`);
    const length = sealed.length - GCM_TAG_BYTES;
    if (length < 0) throw new GcmAuthenticationError();
    let plain: Uint8Array;
    try {
      // sm-crypto-v2 checks the tag only when one is passed; it always is here.
      plain = sm4.decrypt(sealed.subarray(0, length), this.#key, {
        mode: 'gcm',
        iv,
        associatedData: aad,
        tag: sealed.subarray(length),
        output: 'array',
      });
    } catch (error) {
      throw new GcmAuthenticationError({ cause: error });
    }
    return Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength);
  }
}

function readWord(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
}

function writeWord(bytes: Uint8Array, offset: number, word: number): void {
  bytes[offset] = word >>> 24;
  bytes[offset + 1] = word >>> 16;
  bytes[offset + 2] = word >>> 8;
  bytes[offset + 3] = word;
}
