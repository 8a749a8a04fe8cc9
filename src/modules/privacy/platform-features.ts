import type { HostFeatures } from './training-service.ts';

/**
 * The platform's side of a federated training: numeric evaluation features (C6) computed from provider records.
 * A missing value means "no such record" (no tax filings, no arrears) and is 0; flags are 0/1.
 */
export const PLATFORM_FEATURES = [
  'years_in_business', 'registered_capital_wan', 'employees', 'tax_paid_12m', 'tax_payment_ratio_bp', 'tax_normal_months', 'tax_arrears_count',
  'utility_arrears_12m', 'hf_contributors', 'si_insured', 'penalties_12m', 'tax_abnormal',
] as const;

export function hostFeaturesFrom(current: (usccs: string[]) => Promise<Map<string, { features: Record<string, unknown> }>>): (usccs: string[]) => Promise<HostFeatures> {
  return async (usccs) => {
    const byUscc = await current(usccs);
    const rows = usccs.map((u) => {
      const f = byUscc.get(u)?.features ?? {};
      return PLATFORM_FEATURES.map((name) => {
        const v = f[name];
        return typeof v === 'number' && Number.isFinite(v) ? v : v === true ? 1 : 0;
      });
    });
    return { names: [...PLATFORM_FEATURES], rows };
  };
}
