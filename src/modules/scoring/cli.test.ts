import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { scorecardTrain } from '../../cli/scorecard.ts';
import { seededRandom } from './index.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const GERMAN = join(ROOT, 'src/modules/scoring/data/credit/germancredit.csv');
const dir = mkdtempSync(join(tmpdir(), 'xr-scorecard-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('xinrong scorecard train', () => {
  it('cross-validates the one-hot and the WOE model on the German CSV with the documented figures', () => {
    const onehot = scorecardTrain({ csv: GERMAN, target: 'creditability', folds: 10, repeats: 5, seed: 1 });
    expect(onehot).toMatchObject({ rows: 1000, bads: 300, target: { bad: 'bad' }, method: 'one-hot-logistic', folds: 10, repeats: 5 });
    expect(onehot.auc.count).toBe(50);
    expect(onehot.auc.mean).toBeGreaterThanOrEqual(0.775);
    const model = join(dir, 'german.json'), card = join(dir, 'german.md');
    const woe = scorecardTrain({ csv: GERMAN, target: 'creditability', bad: 'bad', folds: 5, repeats: 1, seed: 7, woe: true, model, card });
    expect(woe.method).toBe('woe-logistic');
    expect(woe.auc.mean).toBeGreaterThan(0.75);
    expect(JSON.parse(readFileSync(model, 'utf8'))).toMatchObject({ format: 'xinrong.scorecard/1', metrics: { crossValidation: { count: 5 } } });
    expect(readFileSync(card, 'utf8')).toContain('5-fold stratified cross-validation');
  }, 60_000);

  it('runs from the command line on a CSV with missing values and prints JSON', () => {
    const r = seededRandom(9);
    const lines = ['id,income,region,tenure,default'];
    for (let i = 0; i < 600; i++) {
      const income = r.normal();
      const region = ['north', 'south', 'east'][r.int(3)];
      const z = -1 - income + (region === 'south' ? 0.8 : 0);
      lines.push([i + 1, i % 13 === 0 ? 'NA' : income.toFixed(3), i % 17 === 0 ? '' : region, r.int(10), r.next() < 1 / (1 + Math.exp(-z)) ? 'yes' : 'no'].join(','));
    }
    const csv = join(dir, 'loans.csv');
    writeFileSync(csv, lines.join('\n') + '\n');
    const out = execFileSync(process.execPath, [join(ROOT, 'bin/xinrong.mjs'), 'scorecard', 'train', '--csv', csv, '--target', 'default', '--bad', 'yes', '--folds', '3', '--repeats', '2', '--seed', '5', '--woe', '--json'], { encoding: 'utf8', cwd: ROOT });
    const result = JSON.parse(out);
    expect(result).toMatchObject({ rows: 600, target: { column: 'default', bad: 'yes' }, folds: 3, repeats: 2, seed: 5 });
    expect(result.characteristics.map((c: { name: string; kind: string }) => `${c.name}:${c.kind}`)).toEqual(['income:numeric', 'region:categorical', 'tenure:numeric']);
    expect(result.auc.count).toBe(6);
    expect(result.auc.values).toHaveLength(6);
    expect(result.auc.mean).toBeGreaterThan(0.6);
    expect(result.ks.mean).toBeGreaterThan(0.1);
  }, 60_000);
});
