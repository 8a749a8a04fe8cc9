/**
 * GB 18030 byte structure (GB 18030-2022 §6): one byte 0x00–0x80 (0x80 is the euro sign in code page 936),
 * two bytes lead 0x81–0xFE + trail 0x40–0x7E/0x80–0xFE, or four bytes 0x81–0xFE 0x30–0x39 0x81–0xFE 0x30–0x39.
 * GBK is the two-byte subset, so a GBK file is valid GB 18030. iconv-lite maps the characters; this file only
 * finds character boundaries (to cut a stream safely) and the first invalid byte (to report where).
 */

// Linear indexes of the four-byte codes 84 31 A4 39, 90 30 81 30 and E3 32 9A 35.
const LAST_BMP = 39419;
const FIRST_SUPPLEMENTARY = 189000;
const LAST_SUPPLEMENTARY = 1237575;

/** Length of the character at bytes[i], 0 when invalid, or -1 when it may be valid but runs past `end`. */
function charLength(bytes: Uint8Array, i: number, end: number): number {
  const lead = bytes[i];
  if (lead <= 0x80) return 1;
  if (lead === 0xff) return 0;
  if (i + 1 >= end) return -1;
  const second = bytes[i + 1];
  if ((second >= 0x40 && second <= 0x7e) || (second >= 0x80 && second <= 0xfe)) return 2;
  if (second < 0x30 || second > 0x39) return 0;
  if (i + 2 >= end) return -1;
  const third = bytes[i + 2];
  if (third < 0x81 || third > 0xfe) return 0;
  if (i + 3 >= end) return -1;
  const fourth = bytes[i + 3];
  if (fourth < 0x30 || fourth > 0x39) return 0;
  // Only two stretches of four-byte codes are assigned: U+0080–U+FFFF and U+10000–U+10FFFF. iconv-lite turns the
  // rest into stray surrogates or wrong characters instead of failing, so they are rejected here.
  const linear = (((lead - 0x81) * 10 + (second - 0x30)) * 126 + (third - 0x81)) * 10 + (fourth - 0x30);
  return linear <= LAST_BMP || (linear >= FIRST_SUPPLEMENTARY && linear <= LAST_SUPPLEMENTARY) ? 4 : 0;
}

/**
 * Index where an incomplete character at the end of `bytes` starts (or `bytes.length`). `bytes` must start on a
 * character boundary. Bytes below 0x30 never occur inside a multi-byte character, so scanning starts after the
 * last of them — in CSV text, a comma or line feed close to the end.
 */
export function gbCompleteEnd(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = n;
  while (i > 0 && bytes[i - 1] >= 0x30) i--;
  while (i < n) {
    const len = charLength(bytes, i, n);
    if (len === -1) return i;
    i += len === 0 ? 1 : len;
  }
  return n;
}

/**
 * Index of the first byte that does not form a GB 18030 character in bytes[start, end) (which must start on a
 * character boundary), or -1. The four-byte code of U+FFFD counts as invalid: a literal replacement character
 * in a data file is the scar of an earlier failed conversion, and the data around it is already damaged.
 */
export function firstInvalidGb18030(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let i = start;
  while (i < end) {
    const len = charLength(bytes, i, end);
    if (len <= 0) return i;
    if (len === 4 && bytes[i] === 0x84 && bytes[i + 1] === 0x31 && bytes[i + 2] === 0xa4 && bytes[i + 3] === 0x37) return i;
    i += len;
  }
  return -1;
}
