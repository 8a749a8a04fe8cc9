import { readFileSync } from 'node:fs';
import type { Localized } from '../../platform/i18n/index.ts';
import type { Column, Dataset, ReasonLabels } from '../scoring/index.ts';

/**
 * The candidate characteristics of a scorecard: fields of the evaluation's feature row (src/data/scorecards/
 * characteristics-v1.json), numeric or categorical, some derived (the industry section from the industry code).
 */
export interface CharacteristicSpec extends Localized {
  name: string;
  kind: 'numeric' | 'categorical';
  /** the feature the value is read from (default: `name`) */
  from?: string;
  /** 'section': the first letter of a GB/T 4754 industry code */
  derive?: 'section';
}

export interface CharacteristicSet {
  version: string;
  source: string;
  characteristics: CharacteristicSpec[];
}

export function loadCharacteristics(): CharacteristicSet {
  return JSON.parse(readFileSync(new URL('../../data/scorecards/characteristics-v1.json', import.meta.url), 'utf8')) as CharacteristicSet;
}

export function labelsOf(set: CharacteristicSet): ReasonLabels {
  return Object.fromEntries(set.characteristics.map((c) => [c.name, { zh: c.zh, en: c.en }]));
}

type FeatureRow = Record<string, unknown>;

function raw(spec: CharacteristicSpec, row: FeatureRow): unknown {
  const v = row[spec.from ?? spec.name];
  if (spec.derive === 'section') return typeof v === 'string' && v.length > 0 ? v[0] : null;
  return v;
}

function numeric(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return NaN;
}

function categorical(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  return String(v);
}

/** One characteristic's value in the form `scoreRow` reads (string / number / null). */
export function rowInputOf(set: CharacteristicSet, features: FeatureRow): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const spec of set.characteristics) {
    if (spec.kind === 'numeric') {
      const n = numeric(raw(spec, features));
      out[spec.name] = Number.isNaN(n) ? null : n;
    } else out[spec.name] = categorical(raw(spec, features));
  }
  return out;
}

/** The columns of a scorecard dataset from feature rows; `bad[i]` = 1 marks a bad loan (all 0 when unlabelled). */
export function datasetOf(set: CharacteristicSet, rows: readonly FeatureRow[], bad?: ArrayLike<number>): Dataset {
  const n = rows.length;
  const columns: Column[] = set.characteristics.map((spec) => {
    if (spec.kind === 'numeric') return { name: spec.name, kind: 'numeric', values: Float64Array.from(rows, (r) => numeric(raw(spec, r))) };
    return { name: spec.name, kind: 'categorical', values: rows.map((r) => categorical(raw(spec, r))) };
  });
  const y = new Uint8Array(n);
  if (bad) for (let i = 0; i < n; i++) y[i] = bad[i] ? 1 : 0;
  return { rows: n, columns, target: { name: 'bad', bad: '1', good: '0', y } };
}
