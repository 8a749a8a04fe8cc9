/**
 * A federated training's model (C12 hetero-LR) as a clean-room spec. The platform holds the host part — coefficients
 * over its own features, learnt on standardised values — and the institution its own features' part and the
 * intercept. In the clean room only platform features exist, so the spec is the host part with the institution's
 * intercept (it may fold in its own part's average contribution) and its cut-offs; it then goes through review and the
 * leak checks like any spec.
 */
import type { Cutoff, LogisticSpec } from './spec.ts';

/** The host part as the privacy module hands it out (GET /privacy/trainings/:id/model). */
export interface TrainedHostModel {
  source: { trainingId: string; psiJobId: string; role: 'host' };
  terms: readonly { feature: string; standardisedCoefficient: number; mean: number; std: number }[];
}

export function specFromTraining(model: TrainedHostModel, own: { intercept: number; cutoffs: Cutoff[] }): LogisticSpec {
  return {
    kind: 'logistic',
    intercept: own.intercept,
    // The coefficients as learnt, on the same standardisation (x − mean) / sd the training used.
    terms: model.terms.map((t) => ({ feature: t.feature, coefficient: t.standardisedCoefficient, standardise: { mean: t.mean, sd: t.std } })),
    cutoffs: own.cutoffs,
  };
}
