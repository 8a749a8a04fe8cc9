import { seededRandom } from '../scoring/index.ts';

/**
 * Generated vertically split data for tests and the benchmark: one logistic model over host and guest features,
 * rows keyed by USCC-like ids, so the joined data has a known central fit.
 */
export interface VerticalData {
  ids: string[];
  hostNames: string[];
  guestNames: string[];
  host: number[][];
  guest: number[][];
  labels: number[];
}

export function generateVerticalData(opts: { samples: number; hostFeatures: number; guestFeatures: number; seed: number; effect?: number }): VerticalData {
  const rand = seededRandom(opts.seed);
  const normal = () => rand.normal();
  const p = opts.hostFeatures + opts.guestFeatures;
  const effect = opts.effect ?? 0.35;
  const beta = Array.from({ length: p }, (_, j) => (j % 2 ? -1 : 1) * effect * (1 - j / (2 * p)));
  const ids: string[] = [];
  const host: number[][] = [];
  const guest: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < opts.samples; i++) {
    const shared = normal();
    // Mildly correlated features on different scales, as real ones are (amounts, counts, ratios).
    const x = Array.from({ length: p }, (_, j) => (0.8 * normal() + 0.3 * shared) * (1 + j) + 10 * j);
    let z = -0.4;
    for (let j = 0; j < p; j++) z += beta[j] * (x[j] - 10 * j) / (1 + j);
    labels.push(rand.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
    host.push(x.slice(0, opts.hostFeatures).map((v) => Math.round(v * 1e6) / 1e6));
    guest.push(x.slice(opts.hostFeatures).map((v) => Math.round(v * 1e6) / 1e6));
    ids.push(`ENT${String(i).padStart(8, '0')}`);
  }
  return {
    ids, host, guest, labels,
    hostNames: Array.from({ length: opts.hostFeatures }, (_, j) => `h${j + 1}`),
    guestNames: Array.from({ length: opts.guestFeatures }, (_, j) => `g${j + 1}`),
  };
}
