/**
 * C4 授权管理 — the consent API as the portals consume it. The server decides every rule (who may grant, what an
 * authorisation covers, masking); these helpers only carry requests and keep the whole problem+json on failure,
 * because a refusal names the items it refused.
 */
import { query } from './client.ts';
import { parseProblem, postJson, ProblemError } from './problem-request.ts';
import { currentLanguage } from '../i18n/index.ts';

export const AUTHORISATION_STATUSES = ['PENDING', 'ACTIVE', 'PAUSED', 'REVOKED', 'EXPIRED', 'DECLINED'] as const;
export type AuthorisationStatus = (typeof AUTHORISATION_STATUSES)[number];
export const USE_MODES = ['view', 'query', 'verify', 'model'] as const;
export type UseMode = (typeof USE_MODES)[number];
export const LIMIT_PERIODS = ['day', 'month'] as const;
export type LimitPeriod = (typeof LIMIT_PERIODS)[number];
export type AuthorisationAction = 'approve' | 'decline' | 'revoke' | 'pause' | 'resume';

/** A financing purpose (用途) with its wording in both languages. */
export interface ConsentPurpose {
  code: string;
  zh: string;
  en: string;
}

export interface ConsentInstitution {
  id: string;
  name: string;
  category: string;
}

/** A catalog item whose sharing needs the enterprise's authorisation. */
export interface ConsentItem {
  code: string;
  name: string;
  nameEn: string;
  level: string;
}

export interface FrequencyLimit {
  count: number;
  period: LimitPeriod;
}

export interface Authorisation {
  id: string;
  status: AuthorisationStatus;
  /** online (granted or approved in the portal) or written (a signed paper document an operator uploaded) */
  channel: 'online' | 'written';
  enterprise: { uscc: string; name: string };
  institution: { id: string; name: string };
  purpose: string;
  items: string[];
  mode: UseMode;
  validFrom: string;
  validTo: string;
  frequencyLimit: FrequencyLimit;
  retentionDays: number;
  usageCount: number;
  lastUsedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The signed authorisation document (授权书) the server issued. */
export interface AuthorisationArtefact {
  payload: unknown;
  signature: string;
  alg: string;
  keyId: string;
}

export interface AuthorisationHistoryEntry {
  status: AuthorisationStatus;
  at: string;
  /** user id (a token) of who changed it; null for the platform's own jobs */
  actor: string | null;
  role: string;
  reason: string | null;
}

export interface AuthorisationDetail extends Authorisation {
  note: string | null;
  /** the scanned document of a written authorisation */
  document: { name: string; contentType: string; sm3: string; bytes: number } | null;
  artefact: AuthorisationArtefact | null;
  history: AuthorisationHistoryEntry[];
}

/** What an enterprise grants or an institution asks for. */
export interface ConsentTerms {
  purpose: string;
  items: string[];
  mode: UseMode;
  /** YYYY-MM-DD, last day of validity */
  validTo: string;
  frequencyLimit: FrequencyLimit;
  retentionDays: number;
}

export interface GrantBody extends ConsentTerms {
  institutionId: string;
}

export interface RequestBody extends ConsentTerms {
  uscc: string;
  note?: string;
}

/** The scanned, signed paper authorisation (书面授权) an operator uploads, read in the browser. */
export interface WrittenDocument {
  name: string;
  contentType: WrittenContentType;
  base64: string;
}

export interface WrittenBody extends ConsentTerms {
  uscc: string;
  institutionId: string;
  note?: string;
  document: WrittenDocument;
}

/** The scan types the server accepts; it checks the file's first bytes against the declared type. */
export const WRITTEN_CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/tiff'] as const;
export type WrittenContentType = (typeof WRITTEN_CONTENT_TYPES)[number];
/** The server refuses larger scans with 413 DOCUMENT_TOO_LARGE; the portal checks before sending. */
export const MAX_WRITTEN_DOCUMENT_BYTES = 5 * 1024 * 1024;

/** 18 characters of the GB 32100-2015 code set; the server checks the check character and the registry. */
export const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export interface DataRecord {
  key: string;
  version: number;
  validFrom: string;
  data: Record<string, string | number | boolean | null>;
  /** field codes the server masked for this reader */
  masked: string[];
}

export interface DataItem {
  code: string;
  name: string;
  nameEn: string;
  level: string;
  /** why the reader may see the item */
  access: 'public' | 'authorised' | 'subject' | 'operator';
  authorisationId: string | null;
  records: DataRecord[];
}

export interface EnterpriseData {
  uscc: string;
  name: string;
  purpose: string | null;
  items: DataItem[];
}

export interface Notification {
  id: string;
  kind: string;
  text: { zh: string; en: string };
  authorisationId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationList {
  items: Notification[];
  unread: number;
}

export const CONSENT_PATHS = {
  purposes: '/consent/purposes',
  institutions: '/consent/institutions',
  items: '/consent/items',
  authorisations: (status?: AuthorisationStatus) => `/consent/authorisations${query({ status })}`,
  /** operators see every enterprise's authorisations; `uscc` narrows to one */
  authorisationsOf: (filter: { status?: AuthorisationStatus; uscc?: string }) => `/consent/authorisations${query(filter)}`,
  authorisation: (id: string) => `/consent/authorisations/${encodeURIComponent(id)}`,
  notifications: '/notifications',
} as const;

/** GETs JSON keeping the whole problem on failure (the `api` client keeps only code, title and detail). */
export async function getJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      credentials: 'same-origin',
      headers: { accept: 'application/json, application/problem+json', 'accept-language': currentLanguage() },
    });
  } catch (error) {
    throw new ProblemError(0, { code: 'NETWORK', title: String(error) });
  }
  if (!response.ok) throw parseProblem(response.status, response.statusText, await response.text());
  return (await response.json()) as T;
}

export function grantAuthorisation(body: GrantBody): Promise<Authorisation> {
  return postJson<Authorisation>('/consent/authorisations', body);
}

export function requestAuthorisation(body: RequestBody): Promise<Authorisation> {
  return postJson<Authorisation>('/consent/requests', body);
}

/** An operator enters a written authorisation with its scan: PENDING until an operator activates it. */
export function uploadWrittenAuthorisation(body: WrittenBody): Promise<Authorisation> {
  return postJson<Authorisation>('/consent/written', body);
}

/** An operator activates a written authorisation after checking the paper: ACTIVE, and the platform signs it. */
export function activateWrittenAuthorisation(id: string): Promise<Authorisation> {
  return postJson<Authorisation>(`${CONSENT_PATHS.authorisation(id)}/activate`, {});
}

/** `reason` is kept in the authorisation's history (optional for the enterprise). */
export function changeAuthorisation(id: string, action: AuthorisationAction, reason?: string): Promise<Authorisation> {
  const text = reason?.trim();
  return postJson<Authorisation>(`${CONSENT_PATHS.authorisation(id)}/${action}`, text === undefined || text === '' ? {} : { reason: text });
}

export function readEnterpriseData(uscc: string, purpose: string, items: readonly string[]): Promise<EnterpriseData> {
  const search = query({ purpose, items: items.length > 0 ? items.join(',') : undefined });
  return getJson<EnterpriseData>(`/consent/data/${encodeURIComponent(uscc)}${search}`);
}

export function markNotificationRead(id: string): Promise<unknown> {
  return postJson<unknown>(`/notifications/${encodeURIComponent(id)}/read`, {});
}

/** Item codes a refusal names, wherever the server put them (`items`, `refused`, `missing`). */
export function refusedItemsOf(error: ProblemError): string[] {
  const problem = error.problem;
  for (const key of ['refusedItems', 'refused', 'missing', 'items']) {
    const value = problem[key];
    if (Array.isArray(value)) return value.filter((entry): entry is string => typeof entry === 'string');
  }
  return [];
}

export { ProblemError };
