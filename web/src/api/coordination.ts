/**
 * 小微企业融资协调工作机制 — the coordination API as the portals consume it: visits (走访), recommendation lists
 * (推荐清单) with the negative-list reasons, the banks' work queue and responses, tracking figures. The server decides;
 * the portals show what it answers (shapes: src/modules/coordination/schemas.ts). Money is integer fen as digits.
 */
import { query } from './client.ts';
import { postJson } from './problem-request.ts';
import type { Bilingual } from './evaluation.ts';

export interface Coded extends Bilingual { code: string }

export interface CoordinationCodes {
  channels: Coded[];
  difficulties: Coded[];
  declineReasons: Coded[];
  responseDeadlineDays: number;
  negativeList: { version: string; source: string; effectiveFrom: string; rules: (Bilingual & { id: string; feature: string })[] };
  feedbackSource: string;
}

export interface Need { amountFen: string; termMonths: number | null; purpose: string | null; guarantee: string | null }

export interface Visit {
  id: string; uscc: string; enterpriseName: string; regionCode: string; visitedOn: string; visitors: string[]; channel: string;
  need: Need | null; difficulties: string[]; difficultyNote: string | null; followUp: string | null;
  recordedBy: string; recordedByOrgId: string; recordedAt: string;
}

export interface VisitInput {
  uscc: string; visitedOn: string; visitors: string[]; channel: string;
  need: { amountFen: string; termMonths?: number; purpose?: string; guarantee?: string } | null;
  difficulties: string[]; difficultyNote?: string; followUp?: string;
}

export interface RecommendationList {
  id: string; period: string; regionPrefix: string; status: 'draft' | 'confirmed'; rulesVersion: string; deadlineDays: number;
  candidates: number; included: number; createdBy: string; createdAt: string; confirmedBy: string | null; confirmedAt: string | null;
}

export interface Reason extends Bilingual { rule: string; outcome: 'pass' | 'fail' | 'info'; value?: string | null }

export type AssignmentStatus = 'pending' | 'accepted' | 'granted' | 'disbursed' | 'declined';

export interface Assignment {
  id: string; listId: string; uscc: string; institutionId: string; institutionName: string | null; status: AssignmentStatus;
  assignedAt: string; dueAt: string; overdue: boolean; firstResponseAt: string | null;
  grantedAmountFen: string | null; grantedOn: string | null; disbursedAmountFen: string | null; disbursedOn: string | null; declineReason: string | null;
}

export interface Candidate {
  uscc: string; enterpriseName: string; regionCode: string; visitId: string; needAmountFen: string; included: boolean; reasons: Reason[]; assignments: Assignment[];
}

export interface ListDetail { list: RecommendationList; candidates: Candidate[] }

export interface Institution { id: string; name: string; regionCode: string; category: string | null }

export interface Figures {
  recommended: number; assignments: number; responded: number; granted: number; grantedFen: string; disbursed: number; disbursedFen: string;
  declined: number; declinedByReason: Record<string, number>; overdue: number;
}

export interface Tracking {
  lists: { listId: string; period: string; regionPrefix: string; figures: Figures }[];
  regions: { regionCode: string; regionName: string | null; figures: Figures }[];
  total: Figures;
}

export interface ResponseRecord { kind: string; amountFen: string | null; on: string | null; reasonCode: string | null; note: string | null; respondedBy: string; respondedAt: string }

export interface QueueItem extends Assignment {
  enterpriseName: string; regionCode: string; period: string; visitedOn: string; need: Need; responses: ResponseRecord[];
}

export interface Queue { items: QueueItem[]; nextCursor: string | null; deadlineDays: number }

export interface ResponseInput { kind: 'accepted' | 'granted' | 'disbursed' | 'declined'; amountFen?: string; on?: string; reasonCode?: string; note?: string }

export const COORDINATION_PATHS = {
  codes: '/coordination/codes',
  institutions: '/coordination/institutions',
  visits: (f: { region?: string; from?: string; to?: string; uscc?: string }) => `/coordination/visits${query({ ...f, limit: 100 })}`,
  lists: '/coordination/lists?limit=50',
  list: (id: string) => `/coordination/lists/${encodeURIComponent(id)}`,
  tracking: (period?: string) => `/coordination/tracking${query({ period })}`,
  queue: (status?: string) => `/coordination/assignments${query({ status, limit: 100 })}`,
};

export const recordVisit = (v: VisitInput) => postJson<Visit>('/coordination/visits', v);
export const buildList = (period: string, region: string) => postJson<RecommendationList>('/coordination/lists', { period, region });
export const confirmList = (id: string, assignments: { uscc: string; institutionIds: string[] }[]) =>
  postJson<RecommendationList>(`/coordination/lists/${encodeURIComponent(id)}/confirm`, { assignments });
export const respond = (assignmentId: string, r: ResponseInput) =>
  postJson<Assignment>(`/coordination/assignments/${encodeURIComponent(assignmentId)}/responses`, r);
