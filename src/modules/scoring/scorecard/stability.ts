import { assignBins } from './binning.ts';
import { columnOf, type Dataset } from './dataset.ts';
import { psi, stabilityIndex } from './metrics.ts';
import { scoreDataset, type ScorecardModel } from './model.ts';

export interface StabilityReport {
  /** PSI of the score, bins = deciles of the expected (development) scores. */
  psi: number;
  /** Characteristic stability index per characteristic, over the scorecard's own bins. */
  csi: { characteristic: string; csi: number; expected: number[]; actual: number[] }[];
}

/**
 * Population stability of a scorecard between an expected (development) sample and an actual (recent) one.
 * Common reading: < 0.1 stable, 0.1–0.25 some shift, > 0.25 significant shift.
 */
export function stabilityReport(model: ScorecardModel, expected: Dataset, actual: Dataset): StabilityReport {
  const e = scoreDataset(model, expected).score;
  const a = scoreDataset(model, actual).score;
  const csi = model.characteristics.map((c) => {
    const count = (d: Dataset) => {
      const k = c.bins.length;
      const out = new Array<number>(k + 1).fill(0); // last slot: values in no bin
      for (const b of assignBins(c, columnOf(d, c.name))) out[b < 0 ? k : b]++;
      return out;
    };
    const ex = count(expected), ac = count(actual);
    return { characteristic: c.name, csi: stabilityIndex(ex, ac), expected: ex, actual: ac };
  });
  return { psi: psi(e, a, 10).psi, csi };
}
