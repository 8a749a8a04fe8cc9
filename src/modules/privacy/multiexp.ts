import { modInverse } from './bigint.ts';

/**
 * Π c_i^{e_i} mod m for many bases and small signed integer exponents — the encrypted gradient Σ_i x_ij·[[d_i]]
 * of hetero-LR. Pippenger's bucket method: per window of w exponent bits each base costs one multiplication
 * (into its bucket) instead of w squarings and a multiplication, and the 2^w buckets are summed with 2·2^w
 * multiplications. Positive and negative exponents collect separately; one modular inverse joins them.
 */
export function multiExp(bases: readonly bigint[], exps: ArrayLike<number>, m: bigint): bigint {
  if (bases.length !== exps.length) throw new RangeError('bases and exponents differ in length');
  let maxAbs = 0;
  for (let i = 0; i < exps.length; i++) {
    const e = exps[i];
    if (!Number.isSafeInteger(e)) throw new RangeError('exponents must be safe integers');
    if (Math.abs(e) > maxAbs) maxAbs = Math.abs(e);
  }
  if (maxAbs === 0) return 1n;
  const bits = Math.ceil(Math.log2(maxAbs + 1));
  // Window: about log2(n) − 2 bits balances the n bucket multiplications against the 2·2^w of the summation.
  const w = Math.max(1, Math.min(bits, Math.min(12, Math.floor(Math.log2(bases.length + 1)) - 2) || 1));
  const pos = pippenger(bases, exps, m, bits, w, 1);
  const neg = pippenger(bases, exps, m, bits, w, -1);
  return neg === 1n ? pos : (pos * modInverse(neg, m)) % m;
}

function pippenger(bases: readonly bigint[], exps: ArrayLike<number>, m: bigint, bits: number, w: number, sign: 1 | -1): bigint {
  const windows = Math.ceil(bits / w);
  const size = 1 << w;
  const mask = size - 1;
  let result = 1n;
  let any = false;
  const buckets: (bigint | undefined)[] = new Array(size);
  for (let win = windows - 1; win >= 0; win--) {
    if (any) for (let s = 0; s < w; s++) result = (result * result) % m;
    buckets.fill(undefined);
    const shift = win * w;
    let used = false;
    for (let i = 0; i < bases.length; i++) {
      const e = exps[i] * sign;
      if (e <= 0) continue;
      const digit = Math.floor(e / 2 ** shift) & mask;
      if (digit === 0) continue;
      const b = buckets[digit];
      buckets[digit] = b === undefined ? bases[i] : (b * bases[i]) % m;
      used = true;
    }
    if (!used) continue;
    // Σ_k k·bucket_k as a running product from the top bucket down.
    let running: bigint | undefined;
    let sum: bigint | undefined;
    for (let k = size - 1; k >= 1; k--) {
      const b = buckets[k];
      if (b !== undefined) running = running === undefined ? b : (running * b) % m;
      if (running !== undefined) sum = sum === undefined ? running : (sum * running) % m;
    }
    if (sum !== undefined) {
      result = any ? (result * sum) % m : sum;
      any = true;
    }
  }
  return any ? result : 1n;
}
