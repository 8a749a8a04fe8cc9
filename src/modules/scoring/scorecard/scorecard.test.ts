import { describe, expect, it } from 'vitest';
import { datasetFromCsv, parseCsv } from './csv.ts';
import { subsetRows } from './dataset.ts';
import { scoreDataset, scoreRow, trainScorecard, type RowInput } from './model.ts';
import { modelCard } from './model-card.ts';
import { scoreOf } from './scaling.ts';
import { stabilityReport } from './stability.ts';
import { germanCredit } from './test-data.ts';
import { auc } from './metrics.ts';

const german = germanCredit();
const model = trainScorecard(german, { name: 'german-demo', dataset: 'UCI Statlog German Credit (CC BY 4.0)', now: new Date('2026-11-28T00:00:00Z') });
const labels = { status_of_existing_checking_account: { zh: '支票账户状态', en: 'checking account status' }, duration_in_month: { zh: '贷款期限（月）', en: 'loan term (months)' } };

/** Row i of the German CSV as the raw strings an institution would send. */
const rows: RowInput[] = (() => {
  const [header, ...body] = parseCsv(germanRaw());
  return body.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j]])));
})();
function germanRaw(): string {
  const cols = german.columns;
  const lines = [cols.map((c) => c.name).join(',')];
  for (let i = 0; i < german.rows; i++) lines.push(cols.map((c) => { const v = c.values[i]; return typeof v === 'string' ? `"${v}"` : String(v); }).join(','));
  return lines.join('\n');
}

describe('CSV reading', () => {
  it('detects numeric and categorical columns, reads NA and empty cells as missing and picks the minority class as bad', () => {
    const d = datasetFromCsv('id,age,city,y\r\n1,30,"Hebei, Cangzhou",0\n2,NA,,1\n3,41,Beijing,0\n4,,Beijing,0\n5,22,NA,\n', { target: 'y' });
    expect(d.rows).toBe(4);
    expect(d.columns.map((c) => [c.name, c.kind])).toEqual([['age', 'numeric'], ['city', 'categorical']]);
    expect(Array.from(d.columns[0].values as Float64Array)).toEqual([30, NaN, 41, NaN]);
    expect(d.columns[1].values).toEqual(['Hebei, Cangzhou', null, 'Beijing', 'Beijing']);
    expect(d.target).toMatchObject({ bad: '1', good: '0' });
    expect(Array.from(d.target.y)).toEqual([0, 1, 0, 0]);
    expect(german.target).toMatchObject({ bad: 'bad', good: 'good' });
    expect(() => datasetFromCsv('a,y\n1,x\n2,y\n3,z\n', { target: 'y' })).toThrow(/exactly two values/);
    expect(() => datasetFromCsv('a,y\n1,0\n2,1\n', { target: 'y', bad: '2' })).toThrow(/no value 2/);
  });
});

describe('scorecard on the German credit data', () => {
  it('bins, screens, fits and scales: training AUC near the one-hot model, points on the PDO scale', () => {
    expect(model.characteristics.length).toBeGreaterThan(5);
    expect(model.training.solver.converged).toBe(true);
    expect(model.metrics.train.auc).toBeGreaterThan(0.8);
    expect(model.scaling).toMatchObject({ baseScore: 600, baseOdds: 50, pdo: 20 });
    for (const c of model.characteristics) expect(c.coefficient).toBeGreaterThan(0); // WOE = ln(%bad/%good)
    // The checking account status is the strongest characteristic of this data set.
    const top = [...model.characteristics].sort((a, b) => b.iv - a.iv)[0];
    expect(top.name).toBe('status_of_existing_checking_account');
  });

  it('scores a row as the sum of its attribute points, consistent with the probability of bad', () => {
    for (const i of [0, 1, 2, 500, 999]) {
      const s = scoreRow(model, rows[i], { labels });
      expect(s.score).toBe(s.points.reduce((a, p) => a + p.points, 0));
      // Rounding each attribute to whole points moves the total by at most half a point per characteristic.
      expect(Math.abs(s.score - scoreOf(model.scaling, Math.log(s.probabilityOfBad / (1 - s.probabilityOfBad))))).toBeLessThanOrEqual(0.5 * model.characteristics.length + 1e-9);
    }
    const { score, z } = scoreDataset(model, german);
    expect(score[1]).toBe(scoreRow(model, rows[1]).score);
    expect(auc(z, german.target.y)).toBeCloseTo(model.metrics.train.auc, 12);
    expect(auc(Float64Array.from(score, (v) => -v), german.target.y)).toBeGreaterThan(0.8); // higher score = lower risk
  });

  it('explains a low score with the characteristics costing the most points, in zh-CN and English', () => {
    const { score } = scoreDataset(model, german);
    const worst = score.indexOf(Math.min(...score));
    const s = scoreRow(model, rows[worst], { labels, maxReasons: 3 });
    expect(s.reasons).toHaveLength(3);
    for (let k = 1; k < 3; k++) expect(s.reasons[k].cost).toBeLessThanOrEqual(s.reasons[k - 1].cost);
    const checking = s.reasons.find((r) => r.characteristic === 'status_of_existing_checking_account');
    if (checking) {
      expect(checking.text.zh).toMatch(/^支票账户状态（.*）：比最佳情形少 [\d.]+ 分$/);
      expect(checking.text.en).toMatch(/^checking account status \(.*\): [\d.]+ points below the best attribute$/);
    }
    const best = score.indexOf(Math.max(...score));
    expect(scoreRow(model, rows[best]).reasons.length).toBeLessThan(model.characteristics.length);
  });

  it('scores missing and unseen values through the missing bin or the neutral points', () => {
    const row = { ...rows[0], duration_in_month: '', purpose: 'spaceship' };
    const s = scoreRow(model, row);
    expect(Number.isFinite(s.score)).toBe(true);
    const duration = model.characteristics.find((c) => c.name === 'duration_in_month');
    if (duration) expect(s.points.find((p) => p.characteristic === 'duration_in_month')!.points).toBe(duration.neutralPoints);
  });

  it('round-trips through JSON and writes a model card with data, IV, performance and limitations', () => {
    const copy = JSON.parse(JSON.stringify(model));
    expect(scoreRow(copy, rows[3])).toEqual(scoreRow(model, rows[3]));
    const card = modelCard(model, { labels });
    expect(card).toContain('# Model card: german-demo v1');
    expect(card).toContain('UCI Statlog German Credit');
    expect(card).toContain('支票账户状态 / checking account status');
    expect(card).toMatch(/AUC 0\.\d{4}/);
    expect(card).toContain('## Limitations');
  });

  it('reports a stable population against itself and a shift when the applicant mix changes', () => {
    const same = stabilityReport(model, german, german);
    expect(same.psi).toBeCloseTo(0, 10);
    for (const c of same.csi) expect(c.csi).toBeCloseTo(0, 10);
    const long = [];
    for (let i = 0; i < german.rows; i++) if ((german.columns.find((c) => c.name === 'duration_in_month')!.values as Float64Array)[i] >= 24) long.push(i);
    const shifted = stabilityReport(model, german, subsetRows(german, long));
    expect(shifted.csi.find((c) => c.characteristic === 'duration_in_month')?.csi ?? 1).toBeGreaterThan(0.25);
    expect(shifted.psi).toBeGreaterThan(0.1);
  });
});
