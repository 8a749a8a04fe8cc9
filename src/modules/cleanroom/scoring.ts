import { sm3Hex } from '../../platform/crypto/index.ts';
import { canonicalJson } from '../audit/index.ts';
import type { Characteristic, ModelSpec, Term } from './spec.ts';

/**
 * Running a spec over one enterprise's feature row, and the digests a run is audited with. Outputs are rounded
 * (scorecard points to 2 decimals, logistic probabilities to 4), which is also all the precision that leaves.
 */
export interface ScoreOutput { score: string; band: string }

function numberOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function pointsOf(c: Characteristic, value: unknown): number {
  if (value === undefined || value === null || value === '') return c.missingPoints ?? 0;
  for (const b of c.bins) {
    if ('values' in b) {
      if (b.values.includes(String(value))) return b.points;
      continue;
    }
    const x = numberOf(value);
    if (x === null) continue;
    const lo = b.min ?? -Infinity;
    const hi = b.max ?? Infinity;
    if (x >= lo && x < hi) return b.points;
  }
  // a value no bin holds scores like a missing one (the spec says what that is worth)
  return c.missingPoints ?? 0;
}

function termOf(t: Term, value: unknown): number {
  let x = numberOf(value);
  if (x === null) x = t.missing ?? t.standardise?.mean ?? 0;
  const z = t.standardise ? (x - t.standardise.mean) / t.standardise.sd : x;
  return t.coefficient * z;
}

/** The band of a score: the first band whose min the score reaches; the last band takes the rest. */
export function bandOf(spec: ModelSpec, score: number): string {
  for (const c of spec.cutoffs) if (c.min === undefined || c.min === null || score >= c.min) return c.band;
  return spec.cutoffs[spec.cutoffs.length - 1].band;
}

const trim = (s: string) => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);

export function scoreOf(spec: ModelSpec, features: Record<string, unknown>): ScoreOutput {
  if (spec.kind === 'scorecard') {
    const raw = spec.characteristics.reduce((sum, c) => sum + pointsOf(c, features[c.feature]), spec.basePoints);
    const rounded = Math.round(raw * 100) / 100;
    return { score: trim(rounded.toFixed(2)), band: bandOf(spec, rounded) };
  }
  const z = spec.terms.reduce((sum, t) => sum + termOf(t, features[t.feature]), spec.intercept);
  const p = 1 / (1 + Math.exp(-z));
  const rounded = Math.round(p * 10_000) / 10_000;
  return { score: rounded.toFixed(4), band: bandOf(spec, rounded) };
}

/** SM3 of the canonical JSON of the normalised spec: what the operator approved is what runs. */
export const specSm3 = (spec: ModelSpec) => sm3Hex(canonicalJson(spec));

/** The population digest: SM3 of the USCCs, sorted, joined by "\n". */
export function populationSm3(usccs: readonly string[]): string {
  return sm3Hex([...usccs].sort().join('\n'));
}

export const OUTPUT_HEADER = 'uscc,score,band';

/** The output as its CSV (header, rows sorted by USCC, "\n" line ends): the download and the digest are this text. */
export function outputCsv(rows: readonly { uscc: string; score: string; band: string }[]): string {
  const sorted = [...rows].sort((a, b) => (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0));
  return `${OUTPUT_HEADER}\n${sorted.map((r) => `${r.uscc},${r.score},${r.band}`).join('\n')}${sorted.length ? '\n' : ''}`;
}

export const outputSm3 = (rows: readonly { uscc: string; score: string; band: string }[]) => sm3Hex(outputCsv(rows));
