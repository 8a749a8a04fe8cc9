import type { ReasonLabels, ScorecardModel } from './model.ts';

const f = (v: number, d = 4) => (Number.isFinite(v) ? v.toFixed(d) : '—');

/** Siddiqi's reading of information value. */
function ivStrength(iv: number): string {
  if (iv < 0.02) return 'not predictive';
  if (iv < 0.1) return 'weak';
  if (iv < 0.3) return 'medium';
  if (iv < 0.5) return 'strong';
  return 'very strong — check for leakage';
}

/**
 * A model card (Mitchell et al., 2019, adapted to credit scorecards) as Markdown: data, characteristics with IV,
 * performance, scaling and limitations — for the model registry and for review before a model is promoted.
 */
export function modelCard(model: ScorecardModel, opts: { labels?: ReasonLabels; intendedUse?: string } = {}): string {
  const t = model.training;
  const m = model.metrics;
  const label = (name: string) => (opts.labels?.[name] ? `${opts.labels[name].zh} / ${opts.labels[name].en}` : name);
  const lines = [
    `# Model card: ${model.name} v${model.version}`,
    '',
    `Trained ${model.createdAt}; format \`${model.format}\`.`,
    '',
    '## Intended use',
    '',
    opts.intendedUse ?? 'Ranking applicants by the risk of the outcome below, as one input to a credit decision reviewed by people. Not for decisions without human review, nor for populations unlike the training data.',
    '',
    '## Data',
    '',
    `- Source: ${t.dataset}`,
    `- Rows: ${t.rows}; bad (\`${model.target.column}\` = \`${model.target.bad}\`): ${t.bads} (${(t.badRate * 100).toFixed(1)}%)`,
    `- Binning: ${JSON.stringify({ preBins: 20, trend: 'auto', minBinShare: 0.05, smoothing: 0.5, ...t.binning })}`,
    `- Screening: ${t.screening === false ? 'none' : JSON.stringify({ minIv: 0.02, maxMissingRate: 0.95, maxCorrelation: 0.75, ...t.screening })}`,
    '',
    '## Characteristics',
    '',
    '| characteristic | IV | strength | missing | bins | trend | coefficient |',
    '|---|---|---|---|---|---|---|',
    ...model.characteristics.map((c) => `| ${label(c.name)} | ${f(c.iv)} | ${ivStrength(c.iv)} | ${(c.missingRate * 100).toFixed(1)}% | ${c.bins.length} | ${c.trend} | ${f(c.coefficient)} |`),
    '',
    ...(model.screening.dropped.length
      ? ['Left out by screening:', '', ...model.screening.dropped.map((d) => `- ${label(d.name)}: ${d.reason} (${d.detail})`), '']
      : []),
    '## Performance',
    '',
    `- Training sample: AUC ${f(m.train.auc)}, Gini ${f(m.train.gini)}, KS ${f(m.train.ks)}, mean log-loss ${f(m.train.logLoss, 6)}`,
    ...(m.crossValidation
      ? [`- ${m.crossValidation.repeats}×${m.crossValidation.folds}-fold stratified cross-validation (seed ${m.crossValidation.seed}, binning refitted in each fold): AUC ${f(m.crossValidation.auc.mean)} ± ${f(m.crossValidation.auc.sd)}, KS ${f(m.crossValidation.ks.mean)} ± ${f(m.crossValidation.ks.sd)} over ${m.crossValidation.count} folds`]
      : ['- Not cross-validated: the training figures above are optimistic.']),
    `- Solver: Newton/IRLS, λ = ${model.lambda}, ${t.solver.iterations} iterations, gradient norm ${t.solver.gradientNorm.toExponential(2)}${t.solver.converged ? '' : ' — **did not converge**'}`,
    '',
    '## Scaling',
    '',
    `${model.scaling.baseScore} points at odds ${model.scaling.baseOdds}:1 (good:bad), ${model.scaling.pdo} points to double the odds; higher score = lower risk.`,
    '',
    '## Limitations',
    '',
    '- Trained on the outcomes above only: applicants who were declined have no outcome (reject inference not done), so the model may rank them poorly.',
    '- Bins and WOE are estimated from the training sample; small bins carry sampling noise (WOE smoothing ε = 0.5).',
    '- Missing values and levels not seen in training score the missing bin, or the average (WOE 0) when training had none.',
    '- Monitor population stability (PSI of the score, CSI per characteristic) and recalibrate when PSI exceeds 0.25.',
    '- Check characteristics for fairness: protected attributes (sex, marital status, nationality) should not drive decisions even when predictive.',
    '',
  ];
  return lines.join('\n');
}
