/**
 * C7 信易贷白名单 — the white-list API as the portals consume it. The server selects, diffs and pushes; the portals only
 * show what it answers and send what a person edits (shapes: src/modules/whitelist/schemas.ts).
 */
import { query } from './client.ts';
import { parseProblem, postJson, ProblemError } from './problem-request.ts';
import type { Bilingual, Page } from './evaluation.ts';
import { currentLanguage } from '../i18n/index.ts';

export interface WhitelistRule extends Bilingual {
  id: string;
  enabled: boolean;
  params: Record<string, unknown>;
}

export interface WhitelistRuleSetDefinition {
  source?: string;
  effectiveFrom?: string;
  rules: WhitelistRule[];
}

export interface WhitelistRuleSet {
  version: number;
  active: boolean;
  createdBy: string;
  createdAt: string;
  definition: WhitelistRuleSetDefinition;
}

export interface WhitelistRules {
  active: WhitelistRuleSet;
  versions: WhitelistRuleSet[];
  /** rule ids a rule set must keep enabled; the server refuses a set that drops or disables one */
  mandatory: string[];
}

/** A rule that held (entries) or stopped holding (departures), in both languages, with the fact shown beside it. */
export interface WhitelistReason extends Bilingual {
  rule: string;
  value?: string | null;
}

export type WhitelistRunStatus = 'running' | 'completed' | 'failed';

export interface WhitelistRun {
  id: string;
  trigger: 'monthly' | 'on_demand';
  period: string;
  ruleVersion: number;
  status: WhitelistRunStatus;
  previousRunId: string | null;
  evaluated: number;
  listed: number;
  joined: number;
  stayed: number;
  left: number;
  pushes: number;
  summary: {
    failedBy?: Record<string, number>;
    skipped?: (Bilingual & { id: string })[];
    ms?: number;
  };
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface WhitelistDeparture {
  uscc: string;
  reasons: WhitelistReason[];
}

export interface WhitelistPush {
  institutionOrgId: string;
  entryCount: number;
  channel: string;
  pushedAt: string;
}

export interface WhitelistRunDetail {
  run: WhitelistRun;
  /** the first 200; WHITELIST_PATHS.departures pages through all */
  departures: WhitelistDeparture[];
  pushes: WhitelistPush[];
}

export interface WhitelistEntry {
  uscc: string;
  regionCode: string;
  industryCode: string;
  score: number | null;
  grade: string | null;
  change: 'joined' | 'stayed';
  reasons: WhitelistReason[];
}

export interface WhitelistPushed extends Page<WhitelistEntry> {
  runId: string | null;
  period: string | null;
  pushedAt: string | null;
  entryCount: number;
}

export interface WhitelistSubscription {
  regionPrefixes: string[];
  industryPrefixes: string[];
  updatedAt: string | null;
}

export interface EntryFilter {
  region?: string;
  industry?: string;
}

/** Region prefixes are 2–6 digits; industry prefixes a GB/T 4754-2017 section letter and up to four digits. */
export const REGION_PREFIX = /^[0-9]{2,6}$/;
export const INDUSTRY_PREFIX = /^[A-T][0-9]{0,4}$/;

export const WHITELIST_PATHS = {
  rules: '/whitelist/rules',
  runs: (cursor?: string | null, limit = 20) => `/whitelist/runs${query({ cursor: cursor ?? undefined, limit })}`,
  run: (id: string) => `/whitelist/runs/${encodeURIComponent(id)}`,
  entries: (id: string, filter: EntryFilter, cursor?: string | null, limit = 50) =>
    `/whitelist/runs/${encodeURIComponent(id)}/entries${query({ region: filter.region, industry: filter.industry, cursor: cursor ?? undefined, limit })}`,
  departures: (id: string, cursor?: string | null, limit = 50) =>
    `/whitelist/runs/${encodeURIComponent(id)}/departures${query({ cursor: cursor ?? undefined, limit })}`,
  pushed: (cursor?: string | null, limit = 50) => `/whitelist/pushed${query({ cursor: cursor ?? undefined, limit })}`,
  subscription: '/whitelist/subscription',
} as const;

/** op_admin publishes a new rule-set version; a refused set comes back as a ProblemError carrying `problems`. */
export function publishWhitelistRules(definition: WhitelistRuleSetDefinition): Promise<WhitelistRuleSet> {
  return postJson<WhitelistRuleSet>(WHITELIST_PATHS.rules, definition);
}

/** op_admin runs the selection now; the server answers once the run is stored and pushed. */
export function startWhitelistRun(period?: string): Promise<WhitelistRun> {
  return postJson<WhitelistRun>('/whitelist/runs', period === undefined ? {} : { period });
}

/** inst_admin sets the institution's subscription (empty lists = every region / every industry). */
export async function saveWhitelistSubscription(subscription: Omit<WhitelistSubscription, 'updatedAt'>): Promise<WhitelistSubscription> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${WHITELIST_PATHS.subscription}`, {
      method: 'PUT',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json, application/problem+json',
        'accept-language': currentLanguage(),
        'content-type': 'application/json',
      },
      body: JSON.stringify(subscription),
    });
  } catch (error) {
    throw new ProblemError(0, { code: 'NETWORK', title: String(error) });
  }
  if (!response.ok) throw parseProblem(response.status, response.statusText, await response.text());
  return (await response.json()) as WhitelistSubscription;
}
