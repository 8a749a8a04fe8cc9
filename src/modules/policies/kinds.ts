import { readFileSync } from 'node:fs';
import type { Localized } from '../../platform/i18n/index.ts';

/** The four kinds of financing support policy (src/data/policies/kinds-v1.json, with its sources). */
export const POLICY_KINDS = ['interest_subsidy', 'risk_compensation', 'guarantee_fee_subsidy', 're_guarantee'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];
export type Beneficiary = 'enterprise' | 'institution';
/** What the applicant states that the loan record does not hold: the guarantee fee paid or the principal loss. */
export type Declared = 'guarantee_fee' | 'loss' | null;

export interface KindInfo extends Localized {
  beneficiary: Beneficiary;
  declared: Declared;
  applyStatuses: string[];
  formulaZh: string;
  formulaEn: string;
}

export interface PolicyConfig {
  version: string;
  source: string;
  kinds: Record<PolicyKind, KindInfo>;
  sections: Record<string, Localized>;
  securities: string[];
  institutionCategories: Record<string, Localized>;
}

let cached: PolicyConfig | null = null;
export function policyConfig(): PolicyConfig {
  cached ??= JSON.parse(readFileSync(new URL('../../data/policies/kinds-v1.json', import.meta.url), 'utf8')) as PolicyConfig;
  return cached;
}

export const isKind = (k: unknown): k is PolicyKind => typeof k === 'string' && (POLICY_KINDS as readonly string[]).includes(k);
