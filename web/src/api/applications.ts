/**
 * C9 融资申请流程 — the workflow API as the portals consume it (shapes: src/modules/marketplace/applications-schemas.ts).
 * Money is integer fen as a decimal string, rates basis points; never a float.
 */
import { postJson } from './problem-request.ts';
import type { Coded } from './marketplace.ts';

export interface Text { zh: string; en: string }

export interface Application {
  id: string;
  origin: 'apply' | 'take';
  uscc: string;
  enterpriseName: string | null;
  institution: { id: string; name: string | null };
  product: { id: string; version: number | null; name: string | null } | null;
  demandId: string | null;
  status: string;
  statusLabel: Text;
  amountFen: string;
  termMonths: number;
  materials: string[];
  authorisationIds: string[];
  submittedAt: string;
  dueAt: string | null;
  workingDaysLeft: number | null;
  overdue: boolean;
  acceptedAt: string | null;
  escalatedAt: string | null;
  decidedAt: string | null;
  decline: (Text & { code: string }) | null;
  terms: { amountFen: string; rateBp: number; termMonths: number; repaymentMode: string | null; security: string | null } | null;
  disbursement: { amountFen: string; rateBp: number; termMonths: number; security: string; disbursedOn: string } | null;
  repayment: { status: string; overdueDays: number } | null;
  closedAt: string | null;
}

export interface TimelineEntry { action: string; label: Text; from: string | null; to: string; toLabel: Text; actor: string; actorOrgId: string | null; at: string; payload: Record<string, unknown> }
export interface ApplicationDetail { application: Application; timeline: TimelineEntry[] }

export interface WorkflowOptions { slaWorkingDays: number; declineReasons: Coded[]; securities: Coded[]; statuses: Coded[]; actions: Coded[]; repaymentStatuses: Coded[] }

export interface WorkflowStats {
  byStatus: Record<string, number>;
  total: number;
  approvals: number;
  disbursedCount: number;
  disbursedFen: string;
  creditShareBp: number | null;
  averageRateBp: number | null;
  averageResponseWorkingDaysX100: number | null;
  averageResponseMinutes: number | null;
  escalated: number;
}
export interface Statistics { total: WorkflowStats; institutions: (WorkflowStats & { institutionOrgId: string; institutionName: string | null })[] }

export interface ApplyInput { productId: string; demandId?: string; amountFen: string; termMonths: number; materials: string[]; authorise?: { purpose: string; validTo: string } }

export const APPLICATION_PATHS = {
  options: '/marketplace/workflow/options',
  list: (query = '') => `/marketplace/applications${query ? `?${query}` : ''}`,
  one: (id: string) => `/marketplace/applications/${id}`,
  statistics: '/marketplace/applications/statistics',
  league: '/marketplace/league',
};

/** One row of the public league table of institutions (机构服务榜). */
export interface LeagueRow {
  institutionOrgId: string;
  institutionName: string | null;
  applications: number;
  approvalRateBp: number | null;
  disbursedCount: number;
  disbursedFen: string;
  creditShareBp: number | null;
  averageRateBp: number | null;
  averageResponseWorkingDaysX100: number | null;
  escalated: number;
}

export const applyFor = (input: ApplyInput) => postJson<Application>('/marketplace/applications', input);
export const applicationAction = (id: string, action: 'accept' | 'approve' | 'decline' | 'disburse' | 'repayment' | 'withdraw', body: unknown = {}) =>
  postJson<ApplicationDetail>(`/marketplace/applications/${id}/${action}`, body);
export const takeDemand = (demandId: string, productId?: string) => postJson<ApplicationDetail>(`/marketplace/demands/${demandId}/take`, productId ? { productId } : {});
export const escalateNow = () => postJson<{ escalated: number }>('/marketplace/applications/escalate', {});
