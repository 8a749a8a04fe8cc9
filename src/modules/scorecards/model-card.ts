import type { Localized } from '../../platform/i18n/index.ts';
import { modelCard as markdownCard, type ReasonLabels } from '../scoring/index.ts';
import type { ModelEventRow, ModelRow } from './store.ts';
import type { PerformanceRule } from './performance-window.ts';

/** Siddiqi's reading of information value, in both languages. */
function ivStrength(iv: number): Localized {
  if (iv < 0.02) return { zh: '无预测力', en: 'not predictive' };
  if (iv < 0.1) return { zh: '弱', en: 'weak' };
  if (iv < 0.3) return { zh: '中', en: 'medium' };
  if (iv < 0.5) return { zh: '强', en: 'strong' };
  return { zh: '极强——请检查是否有信息泄漏', en: 'very strong — check for leakage' };
}

const DROP_REASONS: Record<string, Localized> = {
  low_iv: { zh: '信息值过低', en: 'IV too low' },
  missing_rate: { zh: '缺失率过高', en: 'too many missing values' },
  correlated: { zh: '与更强特征高度相关', en: 'correlated with a stronger characteristic' },
};

/**
 * A model card (Mitchell et al. 2019, adapted to credit scorecards) as data for the portal: purpose, data and bad
 * definition, characteristics with IV and their points table, performance, stability, limitations and the
 * approval history; `markdown` is the scoring engine's text card of the same model.
 */
export function scorecardCard(m: ModelRow, events: readonly ModelEventRow[], labels: ReasonLabels) {
  const rule = (m.options.rule ?? {}) as PerformanceRule;
  const label = (name: string) => labels[name] ?? { zh: name, en: name };
  const cv = m.model.metrics.crossValidation;
  const p = m.population;
  return {
    version: m.version,
    status: m.status,
    createdAt: m.created_at.toISOString(),
    createdBy: m.created_by,
    purpose: {
      zh: '按企业在放款时的公共信用特征，估计其贷款在表现期内违约的风险，为金融机构授信提供参考之一；须与人工审查结合，不得作为唯一的决策依据。',
      en: 'Estimates the risk that a loan to an enterprise defaults within the performance window, from the enterprise\'s public-credit features at disbursement — one input to a credit decision reviewed by people, never the only one.',
    },
    data: {
      good: p.good, bad: p.bad, indeterminate: p.indeterminate, lateSnapshot: p.lateSnapshot, institutions: p.institutions,
      from: p.from, to: p.to, badRate: p.good + p.bad ? p.bad / (p.good + p.bad) : 0,
      badDefinition: {
        zh: `坏样本：放款后 ${rule.windowMonths} 个月内违约（如逾期 90 天以上）；好样本：已结清${rule.repaidNeedsWindow ? `（且在 ${rule.windowMonths} 个月后）` : ''}，或放款满 ${rule.windowMonths} 个月仍正常；其余为不确定样本，不参与训练。放款后超过 ${rule.maxSnapshotLagDays} 天才报送的贷款不参与训练（其特征快照并非放款时的）。`,
        en: `Bad: defaulted (e.g. 90+ days past due) within ${rule.windowMonths} months of disbursement; good: repaid${rule.repaidNeedsWindow ? ` (after ${rule.windowMonths} months)` : ''}, or still performing ${rule.windowMonths} months after disbursement; the rest are indeterminate and left out. Loans reported more than ${rule.maxSnapshotLagDays} days after disbursement are left out too (their feature snapshot is not from disbursement).`,
      },
    },
    variables: m.model.characteristics.map((c) => ({
      name: c.name, label: label(c.name), kind: c.kind, iv: c.iv, strength: ivStrength(c.iv), coefficient: c.coefficient, missingRate: c.missingRate,
      bins: c.bins.map((b) => ({ label: b.label, count: b.count, bads: b.bads, woe: b.woe, points: b.points })),
    })),
    dropped: m.model.screening.dropped.map((d) => ({ name: d.name, label: label(d.name), reason: DROP_REASONS[d.reason] ?? { zh: d.reason, en: d.reason }, detail: d.detail })),
    performance: {
      train: m.model.metrics.train,
      crossValidation: cv ? { folds: cv.folds, repeats: cv.repeats, seed: String(cv.seed), auc: { mean: cv.auc.mean, sd: cv.auc.sd }, ks: { mean: cv.ks.mean, sd: cv.ks.sd }, gini: 2 * cv.auc.mean - 1 } : null,
    },
    scaling: { baseScore: m.model.scaling.baseScore, baseOdds: m.model.scaling.baseOdds, pdo: m.model.scaling.pdo, factor: m.model.scaling.factor, offset: m.model.scaling.offset },
    stability: m.monitoring,
    limitations: [
      { zh: '仅基于已放款贷款的表现训练：被拒绝的申请没有表现数据（未做拒绝推断），模型对这类企业的排序可能不准。', en: 'Trained on the outcomes of granted loans only: declined applicants have no outcome (no reject inference), so the model may rank them poorly.' },
      { zh: '分箱和 WOE 由训练样本估计，小分箱存在抽样误差（WOE 平滑 ε = 0.5）。', en: 'Bins and WOE are estimated from the training sample; small bins carry sampling noise (WOE smoothing ε = 0.5).' },
      { zh: '缺失值和训练中未见过的取值按缺失分箱计分；训练中无缺失时按平均水平（WOE 0）计分。', en: 'Missing values and levels unseen in training score the missing bin, or the average (WOE 0) when training had none.' },
      { zh: '特征是报送时的平台数据快照；数据源覆盖不全的特征在筛选中被剔除或计为缺失。', en: 'Features are the platform\'s data at the time each loan was reported; characteristics with poor source coverage were screened out or score as missing.' },
      { zh: '请持续监测稳定性（评分 PSI、特征 CSI），PSI 超过 0.25 时应重新训练或校准。', en: 'Monitor stability (PSI of the score, CSI per characteristic) and retrain or recalibrate when PSI exceeds 0.25.' },
    ],
    approvals: events.map((e) => ({ action: e.action, actor: e.actor, note: e.note, at: e.at.toISOString() })),
    markdown: markdownCard(m.model, { labels }),
  };
}

export type ScorecardCard = ReturnType<typeof scorecardCard>;
