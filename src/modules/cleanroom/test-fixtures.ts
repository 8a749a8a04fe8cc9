/**
 * Test helpers of the clean room (API tests and the browser journey): a valid spec, and "model" authorisations made
 * the way an operator enters written ones (书面授权: upload the scan, activate) — the demo has one enterprise account.
 */
import type { ScorecardSpec } from './spec.ts';

interface HttpClient {
  post(path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

/** A scorecard over tax and registry features (needs TAX_PAYMENT covered by the authorisation). */
export function demoScorecard(): ScorecardSpec {
  return {
    kind: 'scorecard',
    basePoints: 600,
    characteristics: [
      { feature: 'years_in_business', bins: [{ max: 3, points: -20 }, { min: 3, max: 10, points: 10 }, { min: 10, points: 30 }], missingPoints: 0 },
      { feature: 'tax_paid_12m', bins: [{ max: 50_000, points: -10 }, { min: 50_000, max: 500_000, points: 15 }, { min: 500_000, points: 40 }], missingPoints: -5 },
      { feature: 'penalties_active', bins: [{ max: 1, points: 10 }, { min: 1, points: -40 }] },
      { feature: 'size_class', bins: [{ values: ['micro', 'small'], points: 5 }, { values: ['medium', 'large'], points: 10 }] },
    ],
    cutoffs: [{ band: 'A', min: 640, label: '建议授信' }, { band: 'B', min: 600, label: '人工复核' }, { band: 'C', label: '暂不授信' }],
  };
}

const SCAN = Buffer.from('%PDF-1.4\n% written model authorisation (test)\n').toString('base64');

/** An ACTIVE written authorisation of `uscc` to `institutionId`; answers its id. */
export async function writtenAuthorisation(operator: HttpClient, o: { uscc: string; institutionId: string; mode?: string; items?: string[]; validTo: string; usesPerDay?: number }): Promise<string> {
  const up = await operator.post('/api/v1/consent/written', {
    uscc: o.uscc, institutionId: o.institutionId, purpose: 'CREDIT_LOAN', items: o.items ?? ['TAX_PAYMENT'], mode: o.mode ?? 'model',
    validTo: o.validTo, frequencyLimit: { count: o.usesPerDay ?? 100, period: 'day' }, retentionDays: 90,
    document: { name: '授权书.pdf', contentType: 'application/pdf', base64: SCAN },
  });
  if (up.status !== 201) throw new Error(`written authorisation failed: ${JSON.stringify(up.body)}`);
  const active = await operator.post(`/api/v1/consent/authorisations/${up.body.id}/activate`, {});
  if (active.status !== 200) throw new Error(`activation failed: ${JSON.stringify(active.body)}`);
  return up.body.id as string;
}
