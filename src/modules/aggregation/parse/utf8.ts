/**
 * UTF-8 structure (Unicode §3.9, Table 3-7), for what `buffer.isUtf8` cannot tell: where a stream may be cut
 * between characters, and at which byte an invalid sequence starts (isUtf8 only says yes or no).
 */

/** Length of the sequence a lead byte starts, or 0 when the byte cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Index where an incomplete character at the end of `bytes` starts, or `bytes.length` when the bytes end on a
 * character boundary. Only the last three bytes are looked at, so this is constant time per chunk; an invalid
 * ending is left in place for the validator to report.
 */
export function utf8CompleteEnd(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const b = bytes[n - k];
    if ((b & 0xc0) === 0x80) continue;
    const len = sequenceLength(b);
    return len > k ? n - k : n;
  }
  return n;
}

/**
 * Index of the first byte of the first ill-formed sequence in bytes[start, end), or -1 when all is well-formed.
 * With `allowCutEnd` a sequence that is a valid prefix but runs past `end` is accepted (a sample cut mid-character).
 */
export function firstInvalidUtf8(bytes: Uint8Array, start = 0, end = bytes.length, allowCutEnd = false): number {
  let i = start;
  while (i < end) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    const len = sequenceLength(lead);
    if (len === 0) return i;
    // The second byte's range is narrower after some leads: no overlongs, no surrogates, nothing past U+10FFFF.
    let lo = 0x80;
    let hi = 0xbf;
    if (lead === 0xe0) lo = 0xa0;
    else if (lead === 0xed) hi = 0x9f;
    else if (lead === 0xf0) lo = 0x90;
    else if (lead === 0xf4) hi = 0x8f;
    for (let k = 1; k < len; k++) {
      if (i + k >= end) return allowCutEnd ? -1 : i;
      const b = bytes[i + k];
      if (b < lo || b > hi) return i;
      lo = 0x80;
      hi = 0xbf;
    }
    i += len;
  }
  return -1;
}
