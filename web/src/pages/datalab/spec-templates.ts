/** Starting points for the spec editor: a scorecard and a logistic model over the platform's evaluation features. */
export const SPEC_TEMPLATES = [
  {
    key: 'scorecard',
    spec: {
      kind: 'scorecard',
      basePoints: 600,
      characteristics: [
        { feature: 'years_in_business', bins: [{ max: 3, points: -20 }, { min: 3, max: 10, points: 10 }, { min: 10, points: 30 }], missingPoints: 0 },
        { feature: 'tax_paid_12m', bins: [{ max: 50000, points: -10 }, { min: 50000, max: 500000, points: 15 }, { min: 500000, points: 40 }], missingPoints: -5 },
        { feature: 'penalties_active', bins: [{ max: 1, points: 10 }, { min: 1, points: -40 }] },
        { feature: 'size_class', bins: [{ values: ['micro', 'small'], points: 5 }, { values: ['medium', 'large'], points: 10 }] },
      ],
      cutoffs: [{ band: 'A', min: 640, label: '建议授信' }, { band: 'B', min: 600, label: '人工复核' }, { band: 'C', label: '暂不授信' }],
    },
  },
  {
    key: 'logistic',
    spec: {
      kind: 'logistic',
      intercept: -2,
      terms: [
        { feature: 'tax_paid_12m', coefficient: -0.4, standardise: { mean: 50000, sd: 30000 } },
        { feature: 'penalties_active', coefficient: 0.8 },
        { feature: 'years_in_business', coefficient: -0.1, missing: 3 },
      ],
      cutoffs: [{ band: 'decline', min: 0.3 }, { band: 'review', min: 0.1 }, { band: 'approve' }],
    },
  },
] as const;
