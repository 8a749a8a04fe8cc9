/**
 * C10 风险监测预警 — the monitoring API as the pages consume it (shapes: src/modules/monitoring/schemas.ts). The server
 * screens, decides levels and enforces every transition; the pages only show them and send what a person decided.
 */
import { query } from '../../api/client.ts';
import { postJson } from '../../api/problem-request.ts';

export type Severity = 'high' | 'medium' | 'low';
export type AlertStatus = 'open' | 'acknowledged' | 'closed';
export type Scalar = string | number | boolean | null;
export interface Localized { zh: string; en: string }

export interface Alert {
  id: string;
  uscc: string;
  entityName: string | null;
  regionCode: string | null;
  applicationId: string;
  institution: { id: string; name: string | null };
  ruleId: string;
  ruleVersion: number;
  severity: Severity;
  title: Localized;
  item: string;
  recordKey: string | null;
  recordVersion: number | null;
  facts: { field: string | null; value: Scalar; previous: Scalar };
  objection: { state: string | null; filedAt: string | null } | null;
  status: AlertStatus;
  arrivedAt: string;
  createdAt: string;
  latencyMs: number;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  closedAt: string | null;
  closedBy: string | null;
}

export interface DefaultLevel {
  uscc: string;
  entityName: string | null;
  level: string;
  name: Localized;
  rank: number;
  consequences: string[];
  basis: { maxOverdueDays: number; defaults: number; troubledAmountFen: string; loans: string[] };
  since: string;
  curedAt: string | null;
  endsAt: string | null;
}

export interface AlertDetail {
  alert: Alert;
  events: { action: string; fromStatus: AlertStatus | null; toStatus: AlertStatus; actor: string; note: string | null; at: string }[];
  level: DefaultLevel | null;
}

export interface Count { key: string | null; n: number }
export interface Dashboard {
  bySeverity: Count[];
  byRule: Count[];
  byRegion: Count[];
  byStatus: Count[];
  byInstitution: (Count & { name: string | null })[];
  trend: { day: string; severity: Severity; n: number }[];
  oldest: Alert[];
  levels: DefaultLevel[];
  levelCounts: Count[];
}

export type ConditionType = 'new' | 'field_in' | 'number_drop' | 'date_older_than' | 'grade_drop';
export interface ScreeningRule {
  id: string;
  item: string;
  condition: { type: ConditionType; field?: string; values?: (string | number | boolean)[]; minDrop?: number; days?: number; minSteps?: number };
  severity: Severity;
  enabled: boolean;
  zh: string;
  en: string;
}
export interface LevelRule {
  id: string;
  rank: number;
  zh: string;
  en: string;
  when: { minOverdueDays?: number; minDefaults?: number; minTroubledAmountFen?: string }[];
  retainDays: number;
  consequences: string[];
}
export interface RuleSetDefinition { source?: string; effectiveFrom?: string; rules: ScreeningRule[]; levels: LevelRule[]; defaultLookbackDays: number }
export interface RuleSetVersion { version: number; active: boolean; createdBy: string; createdAt: string; definition: RuleSetDefinition }

export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];
export const SEVERITY_COLORS: Record<Severity, string> = { high: 'red', medium: 'orange', low: 'gold' };
export const STATUS_COLORS: Record<AlertStatus, string> = { open: 'error', acknowledged: 'processing', closed: 'default' };

export const MONITORING_PATHS = {
  alerts: (f: { status?: string | null; severity?: string | null }, cursor: string | null, limit: number) =>
    `/monitoring/alerts${query({ status: f.status ?? null, severity: f.severity ?? null, cursor, limit })}`,
  alert: (id: string) => `/monitoring/alerts/${encodeURIComponent(id)}`,
  levels: '/monitoring/levels',
  dashboard: (days: number) => `/monitoring/dashboard${query({ days })}`,
  rules: '/monitoring/rules',
};

export const acknowledgeAlert = (id: string, note: string) => postJson<AlertDetail>(`/monitoring/alerts/${encodeURIComponent(id)}/acknowledge`, { note });
export const closeAlert = (id: string, note: string) => postJson<AlertDetail>(`/monitoring/alerts/${encodeURIComponent(id)}/close`, { note });
export const publishRules = (definition: RuleSetDefinition) => postJson<RuleSetVersion>(MONITORING_PATHS.rules, definition);

/** A fact value as a person reads it (booleans in words). */
export function factText(value: Scalar, yes: string, no: string): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? yes : no;
  return String(value);
}
