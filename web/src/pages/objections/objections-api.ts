/**
 * C11 异议申诉 — the objection API as the pages consume it (shapes: src/modules/objections/schemas.ts). Deadlines,
 * routing and outcomes are decided on the server; the pages show them and send what a person chose.
 */
import dayjs from 'dayjs';
import { sendJson } from '../calendar/calendar-api.ts';
import { readWrittenDocument, writtenContentTypeOf } from '../consent/WrittenDocumentField.tsx';

export type ObjectionState = 'open' | 'escalated' | 'decided' | 'appealed' | 'closed';
export type ObjectionOutcome = 'corrected' | 'deleted' | 'upheld' | 'resolved';
export type Cell = string | number | boolean | null;

export interface Objection {
  id: string;
  uscc: string;
  entityName: string | null;
  type: 'record' | 'platform_conduct';
  item: string | null;
  itemName: string | null;
  itemNameEn: string | null;
  key: string | null;
  recordVersion: number | null;
  filerKind: 'enterprise' | 'institution';
  filerName: string | null;
  reason: string;
  handlerKind: 'provider' | 'operator';
  handlerName: string | null;
  state: ObjectionState;
  filedAt: string;
  escalateAt: string | null;
  dueAt: string;
  escalatedAt: string | null;
  decidedAt: string | null;
  outcome: ObjectionOutcome | null;
  outcomeReason: string | null;
  decidedByKind: string | null;
  correctedVersion: number | null;
  appealReason: string | null;
  appealedAt: string | null;
  appealOutcome: ObjectionOutcome | null;
  appealOutcomeReason: string | null;
  appealDecidedAt: string | null;
  overdue: boolean;
  daysLeft: number | null;
  mayAppeal: boolean;
}

export interface ObjectionDetail {
  objection: Objection;
  party: 'subject' | 'filer' | 'handler' | 'operator';
  record: {
    version: number;
    validFrom: string;
    data: Record<string, Cell>;
    fields: { code: string; name: string; nameEn: string; key: boolean }[];
    withheld: { reason: string; at: string; ref: string | null } | null;
  } | null;
  events: { action: string; fromState: ObjectionState | null; toState: ObjectionState; actorKind: string; actorRole: string; actorOrgName: string | null; at: string; details: Record<string, unknown> }[];
  documents: { id: string; purpose: string; name: string; contentType: string; sm3: string; bytes: number; uploadedAt: string }[];
}

export interface ObjectionStatistics {
  at: string;
  total: { all: number; open: number; escalated: number; decided: number; appealed: number; closed: number; everEscalated: number; overdue: number; answeredLate: number; platformConduct: number };
  handlers: { handlerKind: string; handlerOrgId: string | null; handlerName: string | null; live: number; all: number; overdue: number; answeredLate: number; everEscalated: number }[];
}

export interface EvidenceFile { name: string; contentType: string; base64: string }

export const OBJECTION_PATHS = {
  list: (states: ObjectionState[] = [], overdue = false) => {
    const params = [...states.map((s) => `state=${s}`), ...(overdue ? ['overdue=true'] : [])];
    return `/objections${params.length ? `?${params.join('&')}` : ''}`;
  },
  detail: (id: string) => `/objections/${encodeURIComponent(id)}`,
  document: (id: string, documentId: string) => `/api/v1/objections/${encodeURIComponent(id)}/documents/${encodeURIComponent(documentId)}`,
  statistics: '/objections/statistics',
  records: (uscc: string, item: string) => `/aggregation/records/${encodeURIComponent(uscc)}/${encodeURIComponent(item)}`,
};

export const fileObjection = (body: { type: 'record' | 'platform_conduct'; item?: string; key?: string; reason: string; evidence: EvidenceFile[] }) =>
  sendJson<Objection>('POST', '/objections', body);
export const decideObjection = (id: string, body: { outcome: ObjectionOutcome; reason: string; values?: Record<string, Cell> }) =>
  sendJson<Objection>('POST', `/objections/${encodeURIComponent(id)}/decision`, body);
export const appealObjection = (id: string, reason: string) => sendJson<Objection>('POST', `/objections/${encodeURIComponent(id)}/appeal`, { reason });

/** The picked files as base64 with their declared types (the server checks their first bytes again). */
export async function readEvidence(files: File[]): Promise<EvidenceFile[]> {
  const out: EvidenceFile[] = [];
  for (const f of files) {
    const type = writtenContentTypeOf(f);
    if (type === undefined) throw new Error(f.name);
    out.push(await readWrittenDocument(f, type));
  }
  return out;
}

/** A due time is 24:00 of the last answer day (China time): shown as that day and 24:00, as the rules count it. */
export function dueText(iso: string): string {
  const d = dayjs(iso);
  return d.isValid() ? `${d.subtract(1, 'minute').format('YYYY-MM-DD')} 24:00` : iso;
}
