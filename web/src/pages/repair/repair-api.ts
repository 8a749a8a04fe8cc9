/** C11 信用修复 — the credit-repair API as the pages consume it (shapes: src/modules/repair/schemas.ts). */
import { sendJson } from '../calendar/calendar-api.ts';
import type { Cell, EvidenceFile } from '../objections/objections-api.ts';

export type RepairStatus = 'pending' | 'approved' | 'refused';
export type RepairKind = 'penalty_publicity' | 'serious_dishonesty' | 'other_dishonesty';

export interface RepairApplication {
  id: string; uscc: string; entityName: string | null; kind: RepairKind; item: string; itemName: string | null; key: string; recordVersion: number;
  statement: string; commitmentId: string | null; rulesVersion: string; penaltyCase: string | null; shortestEndsOn: string | null; longestEndsOn: string | null;
  status: RepairStatus; submittedAt: string; decidedAt: string | null; decisionReason: string | null; reapplyFrom: string | null;
}

export interface RepairRecord {
  kind: RepairKind; kindName: string; kindNameEn: string; item: string; itemName: string | null;
  record: { key: string; version: number; validFrom: string; data: Record<string, Cell>; objection: { id: string; state: string } | null; withheld: { reason: string; at: string } | null };
  window: {
    case: string; caseName: string; caseNameEn: string; types: { type: string; case: string }[]; decisionDate: string;
    shortestEndsOn: string | null; longestEndsOn: string; repairable: boolean; rulesVersion: string;
  } | null;
  checklist: { code: 'performed' | 'shortest_period' | 'commitment' | 'training'; required: boolean; satisfied: boolean | null; date?: string | null }[];
  latest: RepairApplication | null;
}

export interface RepairDetail {
  application: RepairApplication;
  record: RepairRecord['record'] | null;
  documents: { id: string; purpose: string; name: string; contentType: string; sm3: string; bytes: number; uploadedAt: string }[];
}

export const REPAIR_PATHS = {
  records: '/repair/records',
  applications: (status?: RepairStatus) => `/repair/applications${status ? `?status=${status}` : ''}`,
  detail: (id: string) => `/repair/applications/${encodeURIComponent(id)}`,
  document: (id: string, documentId: string) => `/api/v1/repair/applications/${encodeURIComponent(id)}/documents/${encodeURIComponent(documentId)}`,
};

export const applyRepair = (body: { item: string; key: string; statement: string; performanceEvidence: EvidenceFile[]; trainingReport?: EvidenceFile[] }) =>
  sendJson<RepairApplication>('POST', '/repair/applications', body);
export const decideRepair = (id: string, body: { decision: 'approve' | 'refuse'; reason: string; reapplyFrom?: string }) =>
  sendJson<RepairApplication>('POST', `/repair/applications/${encodeURIComponent(id)}/decision`, body);
