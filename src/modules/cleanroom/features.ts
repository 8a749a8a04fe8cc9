import { readFileSync } from 'node:fs';
import { FEATURE_CODES } from '../evaluation/index.ts';

/**
 * The features a clean-room spec may name: the public-credit evaluation's feature row (evaluation/index.ts
 * FEATURE_CODES), each with how it may be used (data/features-v1.json): its kind, the narrowest bin that does not
 * pin a value down, and the catalog items it is computed from (an enterprise's "model" authorisation must cover them).
 */
export type FeatureKind = 'numeric' | 'integer' | 'boolean' | 'categorical';

export interface CleanroomFeature {
  code: string;
  kind: FeatureKind;
  /** numeric and integer features: a bounded bin narrower than this reveals too much (LEAK_NARROW_BIN) */
  minBinWidth?: number;
  /** catalog items needing authorisation that the feature is computed from */
  items: string[];
  zh: string;
  en: string;
}

interface FeatureFile { version: string; features: CleanroomFeature[] }

const FILE = JSON.parse(readFileSync(new URL('./data/features-v1.json', import.meta.url), 'utf8')) as FeatureFile;

export const FEATURE_SET_VERSION = FILE.version;
export const FEATURES: readonly CleanroomFeature[] = FILE.features;
const BY_CODE = new Map(FEATURES.map((f) => [f.code, f]));

export function featureOf(code: string): CleanroomFeature | undefined {
  return BY_CODE.get(code);
}

/** Evaluation features the data file does not describe (a test keeps this empty when the evaluation adds one). */
export function undescribedFeatures(): string[] {
  return FEATURE_CODES.filter((c) => !BY_CODE.has(c));
}

/** Is the kind read as a number (logistic terms, numeric bins)? Booleans count as 1 / 0. */
export const isNumericKind = (kind: FeatureKind) => kind === 'numeric' || kind === 'integer' || kind === 'boolean';
