import { describe, expect, it } from 'vitest';
import { blindAll, exponentiate, hashAndBlind, hashToGroup, newPsiSecret, pointKeys, PsiPointError, randomPermutation, secretKeyObject } from './psi-group.ts';

describe('ECDH-PSI group operations', () => {
  it('hashes ids to distinct, deterministic points', () => {
    expect(hashToGroup('91131002MA0CXR1Q0X').equals(hashToGroup('91131002MA0CXR1Q0X'))).toBe(true);
    expect(hashToGroup('91131002MA0CXR1Q0X').equals(hashToGroup('91131002MA0CXR1Q0Y'))).toBe(false);
  });

  it('commutes: (H(x)^a)^b = (H(x)^b)^a, so equal ids meet and others do not', () => {
    const a = newPsiSecret();
    const b = newPsiSecret();
    const mine = ['A1', 'A2', 'S1', 'S2', 'S3'];
    const theirs = ['S3', 'B1', 'S1', 'S2', 'B2', 'B3'];
    const ab = pointKeys(blindAll(b, hashAndBlind(a, mine)));
    const ba = new Set(pointKeys(blindAll(a, hashAndBlind(b, theirs))));
    expect(mine.filter((_, i) => ba.has(ab[i]))).toEqual(['S1', 'S2', 'S3']);
  });

  it('hides ids behind the secret: the same id under two secrets gives unrelated points', () => {
    const x = hashAndBlind(newPsiSecret(), ['S1']);
    const y = hashAndBlind(newPsiSecret(), ['S1']);
    expect(x.equals(y)).toBe(false);
    expect(x.toString('hex')).not.toContain(Buffer.from('S1').toString('hex'));
  });

  it('refuses malformed and low-order points', () => {
    const key = secretKeyObject(newPsiSecret());
    expect(() => exponentiate(key, Buffer.alloc(31))).toThrow(PsiPointError);
    // u = 0 is a point of order 2: the all-zero shared value is refused.
    expect(() => exponentiate(key, Buffer.alloc(32))).toThrow(PsiPointError);
    expect(() => blindAll(newPsiSecret(), Buffer.alloc(33))).toThrow(PsiPointError);
  });

  it('shuffles into a permutation', () => {
    const p = randomPermutation(1000);
    expect(new Set(p).size).toBe(1000);
    expect(Math.max(...p)).toBe(999);
  });
});
