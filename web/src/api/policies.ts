/**
 * C13 惠企政策直达 — the policies API as the portals consume it (shapes: src/modules/policies/schemas.ts).
 * Money is integer fen as a decimal string, rates and shares basis points; never a float.
 */
import { api } from './client.ts';

export interface Text { zh: string; en: string }
export type PolicyKind = 'interest_subsidy' | 'risk_compensation' | 'guarantee_fee_subsidy' | 're_guarantee';
export const POLICY_KINDS: readonly PolicyKind[] = ['interest_subsidy', 'risk_compensation', 'guarantee_fee_subsidy', 're_guarantee'];
export const POLICY_SECTIONS = ['sci_tech', 'green', 'rural'] as const;

export interface PolicyFormula { rateBp?: number; maxDays?: number; shareBp?: number; feeRateCapBp?: number; capFen: string }
export type LoanRule = { rule: string } & Record<string, unknown>;

export interface Policy {
  id: string;
  version: number;
  status: string;
  kind: PolicyKind;
  kindName: Text;
  beneficiary: 'enterprise' | 'institution';
  name: string;
  authority: string;
  regionPrefixes: string[];
  validFrom: string;
  validTo: string;
  budgetFen: string;
  committedFen: string;
  paidFen: string;
  availableFen: string;
  formula: PolicyFormula;
  formulaText: Text;
  declared: 'guarantee_fee' | 'loss' | null;
  /** loan statuses in which an application may be made (risk sharing: after default) */
  applyStatuses: string[];
  enterpriseRules: ({ rule: string } & Record<string, unknown>)[];
  loanRules: LoanRule[];
  sections: string[];
  requiredMaterials: string[];
  summary: string;
  source: string;
  liveVersion: number | null;
  createdBy: string;
  createdAt: string;
  publishedAt: string | null;
  withdrawnAt: string | null;
  withdrawReason: string | null;
}

export interface Outcome extends Text { rule: string; kind: string; held: boolean }
export interface Loan {
  id: string; uscc: string; institutionName: string; institutionCategory: string | null; productName: string | null; status: string;
  amountFen: string; rateBp: number; termMonths: number; security: string; disbursedOn: string;
}
export interface Judgement { eligible: boolean; enterprise: Outcome[]; loan: Outcome[] }
export interface EligibleEntry { policy: Policy; enterprise: Outcome[]; loans: { loan: Loan; judgement: Judgement }[] }

export interface Computation {
  kind: PolicyKind; inputs: Record<string, string | number>; uncappedFen: string; capLeftFen: string; amountFen: string; capped: boolean; text: Text;
}
export interface PolicyApplication {
  id: string; policyId: string; policyVersion: number; policyName: string; kind: PolicyKind; loanId: string; uscc: string;
  status: 'submitted' | 'approved' | 'rejected' | 'paid'; materials: string[]; declared: { guaranteeFeeFen?: string; lossFen?: string };
  computation: Computation; approvedFen: string | null; rejectReason: string | null; reviewedBy: string | null; reviewedAt: string | null;
  submittedBy: string; submittedAt: string; payout: { amountFen: string; paidOn: string; voucherNo: string } | null;
}
export interface ApplicationDetail { application: PolicyApplication; loan: Loan | null; judgement: Judgement | null; preview: Computation | null }

export const POLICY_PATHS = {
  publicList: (query: string) => `/policies${query ? `?${query}` : ''}`,
  publicOne: (id: string) => `/policies/${id}`,
  manageList: '/policies/manage/list',
  versions: (id: string) => `/policies/manage/${id}/versions`,
  payouts: '/policies/manage/payouts',
  eligible: '/policies/my/eligible',
  applications: (query = '') => `/policies/applications${query ? `?${query}` : ''}`,
  application: (id: string) => `/policies/applications/${id}`,
} as const;

export type PolicyDraft = Omit<Policy, 'id' | 'version' | 'status' | 'kindName' | 'beneficiary' | 'committedFen' | 'paidFen' | 'availableFen' | 'formulaText' | 'declared' | 'applyStatuses' | 'liveVersion' | 'createdBy' | 'createdAt' | 'publishedAt' | 'withdrawnAt' | 'withdrawReason'>;

export const createPolicy = (draft: PolicyDraft) => api<Policy>('/policies/manage', { method: 'POST', body: draft });
export const saveDraft = (id: string, draft: PolicyDraft) => api<Policy>(`/policies/manage/${id}/draft`, { method: 'PUT', body: draft });
export const publishPolicy = (id: string, version: number) => api<{ policy: Policy; noticed: number }>(`/policies/manage/${id}/publish`, { method: 'POST', body: { version } });
export const withdrawPolicy = (id: string, reason: string) => api<Policy>(`/policies/manage/${id}/withdraw`, { method: 'POST', body: { reason } });
export const applyForPolicy = (body: { policyId: string; loanId: string; materials: string[]; declared?: { guaranteeFeeFen?: string; lossFen?: string } }) =>
  api<PolicyApplication>('/policies/applications', { method: 'POST', body });
export const approveApplication = (id: string) => api<PolicyApplication>(`/policies/applications/${id}/approve`, { method: 'POST', body: {} });
export const rejectApplication = (id: string, reason: string) => api<PolicyApplication>(`/policies/applications/${id}/reject`, { method: 'POST', body: { reason } });
export const recordPayout = (id: string, body: { amountFen: string; paidOn: string; voucherNo: string }) => api<PolicyApplication>(`/policies/applications/${id}/payout`, { method: 'POST', body });
