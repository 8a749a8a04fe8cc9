import { describe, expect, it } from 'vitest';
import { evaluateFeatures, gradeOf, renderDimensions, renderReasons } from './evaluate.ts';
import { defaultModel, validateModel, type ModelDefinition } from './model.ts';
import { tagCodesOf, tagsOf } from './tags.ts';
import type { Features } from './features.ts';

const model = defaultModel();

/** An ordinary, clean, active enterprise with no aggregated records (what most of the registry looks like). */
const plain: Partial<Features> = {
  entity_type: 'enterprise', region_code: '131002', industry_code: 'C3312', size_class: 'small', status: 'active',
  years_in_business: 8.2, registered_capital_wan: 500, employees: 60,
  utility_accounts: 0, penalties_active: 0, penalties_severe: 0, penalties_12m: 0, penalties_repaired: 0,
  enforcement_active: 0, dishonest_debtor: 0, serious_dishonesty: 0, invention_patents: 0, patents: 0, trademarks: 0,
  honours: 0, honours_national: 0, honours_provincial: 0, admin_rewards: 0, policy_supports: 0,
  commitment_signed: false, self_reported_records: 0, contracts_troubled: 0, public_welfare: 0,
};

/** A small model: one dimension of two indicators, for exact arithmetic. */
function tinyModel(): ModelDefinition {
  const o = (code: string, points: number) => ({ code, points, zh: `${code} {value}`, en: `${code} {value}` });
  return {
    name: { zh: '测试', en: 'test' }, scale: 1000,
    dimensions: [
      { code: 'a', zh: '甲', en: 'A', weight: 3, indicators: [
        { code: 'pen', feature: 'penalties_active', zh: '处罚', en: 'penalties', weight: 1, neutral: 100,
          rule: { type: 'bands', bands: [{ below: 1, ...o('none', 100) }, o('some', 0)], missing: o('missing', 50) } },
      ] },
      { code: 'b', zh: '乙', en: 'B', weight: 1, indicators: [
        { code: 'tech', feature: 'high_tech', zh: '高新', en: 'high tech', weight: 1, rule: { type: 'flag', yes: o('yes', 100), no: o('no', 50), missing: o('missing', 50) } },
      ] },
    ],
    grades: [
      { grade: 'A', min: 800, plusFrom: 950, minusBelow: 850, zh: '', en: '' },
      { grade: 'B', min: 600, zh: '', en: '' },
      { grade: 'C', min: 400, zh: '', en: '' },
      { grade: 'D', min: 0, zh: '', en: '' },
    ],
    caps: [{ code: 'cap_debtor', feature: 'dishonest_debtor', above: 0, maxGrade: 'C', zh: '失信被执行人', en: 'dishonest debtor' }],
    reasons: { up: 3, down: 3 },
  };
}

describe('scoring rules', () => {
  it('weights indicator points within dimensions and dimensions within the scale', () => {
    const m = tinyModel();
    // a: 100 × 3/4, b: 100 × 1/4 → 1000
    expect(evaluateFeatures(m, { penalties_active: 0, high_tech: true }).score).toBe(1000);
    // a: 0, b: 50 → 50 × 1/4 × 10 = 125
    expect(evaluateFeatures(m, { penalties_active: 2, high_tech: false }).score).toBe(125);
    // missing values take the missing outcome: a 50, b 50 → 500
    expect(evaluateFeatures(m, {}).score).toBe(500);
    expect(evaluateFeatures(m, { penalties_active: 0, high_tech: true }).dimensions).toEqual({ a: 100, b: 100 });
  });

  it('is deterministic: the same features give the same score, grade and reasons', () => {
    const f = { ...plain, penalties_active: 1, penalties_12m: 1, utility_accounts: 2, utility_arrears_now: 0, utility_arrears_12m: 0 };
    expect(evaluateFeatures(model, f)).toEqual(evaluateFeatures(model, { ...f }));
  });

  it('lowers the score for an administrative penalty still publicised and names it first among the reasons down', () => {
    const clean = evaluateFeatures(model, plain);
    const punished = evaluateFeatures(model, { ...plain, penalties_active: 1, penalties_12m: 1 });
    expect(punished.score).toBeLessThan(clean.score);
    const text = renderReasons(model, punished.reasons);
    expect(text[0]).toMatchObject({ direction: 'down', code: 'penalties_active.one', zh: '有 1 起行政处罚在公示期内' });
    expect(text.some((r) => r.code === 'penalties_recent.one')).toBe(true);
    expect(clean.reasons.every((r) => !r.code.startsWith('penalties'))).toBe(true);
  });

  it('gives reasons up and down with points that add what the factor moved, strongest first', () => {
    const e = evaluateFeatures(model, { ...plain, high_tech: true, honours: 3, tax_arrears_count: 2, has_tax: true });
    const down = e.reasons.filter((r) => r.direction === 'down');
    const up = e.reasons.filter((r) => r.direction === 'up');
    expect(down.length).toBeGreaterThan(0);
    expect(up.length).toBeGreaterThan(0);
    expect(down.length).toBeLessThanOrEqual(model.reasons.down);
    expect(up.length).toBeLessThanOrEqual(model.reasons.up);
    for (const list of [down, up]) {
      for (let i = 1; i < list.length; i++) expect(Math.abs(list[i].points)).toBeLessThanOrEqual(Math.abs(list[i - 1].points));
    }
    expect(down.every((r) => r.points < 0)).toBe(true);
    expect(up.every((r) => r.points > 0)).toBe(true);
    const text = renderReasons(model, e.reasons);
    expect(text.find((r) => r.code === 'tax_arrears.arrears')).toMatchObject({ zh: '存在欠税 2 笔', en: '2 tax arrears on record' });
  });

  it('scores the environment credit grade from its source scale', () => {
    const green = evaluateFeatures(model, { ...plain, env_grade: '绿' });
    const red = evaluateFeatures(model, { ...plain, env_grade: '红' });
    const none = evaluateFeatures(model, plain);
    expect(green.score).toBeGreaterThan(none.score);
    expect(red.score).toBeLessThan(none.score);
    expect(renderReasons(model, red.reasons).map((r) => r.zh)).toContain('环保信用评价为红牌（不良）');
  });
});

describe('grade bands', () => {
  it('maps scores to A/B/C/D with + and - sub-grades where the band defines them', () => {
    const m = tinyModel();
    expect(gradeOf(m, 1000)).toBe('A+');
    expect(gradeOf(m, 950)).toBe('A+');
    expect(gradeOf(m, 900)).toBe('A');
    expect(gradeOf(m, 849)).toBe('A-');
    expect(gradeOf(m, 800)).toBe('A-');
    expect(gradeOf(m, 799)).toBe('B');
    expect(gradeOf(m, 400)).toBe('C');
    expect(gradeOf(m, 0)).toBe('D');
  });

  it('caps the grade of a dishonest judgement debtor whatever its score, and says so first', () => {
    const m = tinyModel();
    const e = evaluateFeatures(m, { penalties_active: 0, high_tech: true, dishonest_debtor: 1 });
    expect(e.score).toBe(1000);
    expect(e.grade).toBe('C');
    expect(renderReasons(m, e.reasons)[0]).toMatchObject({ code: 'cap_debtor', direction: 'down', zh: '失信被执行人' });
  });

  it('gives a deregistered entity grade D in the default model', () => {
    expect(evaluateFeatures(model, { ...plain, status: 'cancelled' }).grade).toBe('D');
  });

  it('names every dimension with its weight', () => {
    const dims = renderDimensions(model, evaluateFeatures(model, plain).dimensions);
    expect(dims.map((d) => d.code)).toEqual(['basic', 'operating', 'tax', 'judicial', 'supervision', 'obligations', 'honours', 'commitment']);
    expect(dims.reduce((s, d) => s + d.weight, 0)).toBe(100);
    expect(dims.every((d) => d.score >= 0 && d.score <= 100)).toBe(true);
  });
});

describe('model validation', () => {
  it('accepts the default model', () => {
    expect(validateModel(model)).toEqual([]);
  });

  it('refuses unknown features, unordered bands, bad points and grades out of order', () => {
    const m = tinyModel();
    m.dimensions[0].indicators[0].feature = 'no_such_feature';
    const rule = m.dimensions[0].indicators[0].rule;
    if (rule.type === 'bands') rule.bands.unshift({ below: 5, code: 'first', points: 120, zh: 'x', en: 'x' });
    m.grades = [m.grades[1], m.grades[0], m.grades[2], m.grades[3]];
    const problems = validateModel(m).map((p) => p.en).join('\n');
    expect(problems).toContain('there is no feature no_such_feature');
    expect(problems).toContain('band bounds must ascend');
    expect(problems).toContain('points must be within 0–100');
    expect(problems).toContain('grades must be A, B, C, D in that order');
  });
});

describe('profile tags', () => {
  it('tags size class, industry, region and entity type with the reason each holds', () => {
    const tags = tagsOf(plain);
    const byCode = new Map(tags.map((t) => [t.tag, t]));
    expect(byCode.get('size:small')?.zh).toContain('小型');
    expect(byCode.get('industry:C')?.zh).toContain('C3312');
    expect(byCode.get('region:131002')?.zh).toContain('安次区');
    expect(byCode.get('type:enterprise')).toBeDefined();
    expect(byCode.has('high_tech')).toBe(false);
  });

  it('tags high-tech, specialised-and-new, green and agricultural only when the data says so', () => {
    const tags = tagsOf({ ...plain, high_tech: true, specialised_new: true, env_grade: '绿', industry_code: 'A0141' }).map((t) => t.tag);
    expect(tags).toEqual(expect.arrayContaining(['high_tech', 'specialised_new', 'green', 'agricultural', 'industry:A']));
    expect(tagsOf({ ...plain, env_grade: '黄' }).map((t) => t.tag)).not.toContain('green');
  });

  it('tags utility payment stability and tax standing from the payment records', () => {
    const stable = tagsOf({ ...plain, utility_accounts: 2, utility_arrears_now: 0, utility_arrears_12m: 0 });
    expect(stable.find((t) => t.tag === 'utility_stable')?.zh).toBe('2 个水电气户号近一年均无欠费');
    const arrears = tagsOf({ ...plain, utility_accounts: 2, utility_arrears_now: 1, utility_arrears_12m: 1 }).map((t) => t.tag);
    expect(arrears).toContain('utility_arrears');
    expect(arrears).not.toContain('utility_stable');
    expect(tagsOf({ ...plain, has_tax: true, tax_normal_months: 36, tax_arrears_count: 0 }).map((t) => t.tag)).toContain('tax_good');
    expect(tagsOf({ ...plain, has_tax: true, tax_normal_months: 36, tax_arrears_count: 1 }).map((t) => t.tag)).toEqual(expect.arrayContaining(['tax_risk']));
  });

  it('stores exactly the codes of the tags shown with reasons, sorted', () => {
    for (const f of [plain, { ...plain, high_tech: true, env_grade: '红', penalties_active: 2, years_in_business: 1.5, commitment_signed: true }]) {
      const shown = tagsOf(f);
      expect(tagCodesOf(f)).toEqual(shown.map((t) => t.tag).sort());
      expect(shown.every((t) => t.zh.length > 0 && t.en.length > 0)).toBe(true);
    }
  });
});
