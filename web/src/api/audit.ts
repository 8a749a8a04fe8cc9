/**
 * C5 审计日志 — the audit API as the portals consume it: an enterprise's view of who read its data, the auditor's
 * search, the signed checkpoint and the NDJSON export.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, query } from './client.ts';
import { parseProblem, ProblemError } from './problem-request.ts';
import { useApi } from './use-api.ts';
import { currentLanguage } from '../i18n/index.ts';

export type AuditOutcome = 'allowed' | 'refused' | 'ok' | 'failed';

/** One read of the enterprise's own data, as the enterprise sees it (no refusal reason: only the outcome). */
export interface AccessEntry {
  /** leaf index in the log (a receipt can be asked for it) */
  seq: number;
  time: string;
  institution: { orgId: string | null; orgKind: string | null; name: string | null };
  role: string;
  action: string;
  items: string[];
  purpose: string | null;
  authorisationId: string | null;
  outcome: AuditOutcome;
  destination: string | null;
}

/** One entry of the log exactly as hashed, as the auditor searches it. */
export interface AuditEntry {
  v: number;
  seq: number;
  time: string;
  kind: 'access' | 'change';
  action: string;
  actor: { userId: string | null; keyId: string | null; role: string; orgId: string | null; orgKind: string | null };
  subject: string | null;
  items: string[];
  purpose: string | null;
  authorisationId: string | null;
  outcome: AuditOutcome;
  reason: string | null;
  destination: string | null;
  target: { type: string; id: string } | null;
  details: Record<string, unknown>;
  leafHash: string;
}

/** The latest signed tree head of the log. */
export interface AuditCheckpoint {
  size: number;
  root: string;
  /** the C2SP signed note: checkpoint body, blank line, signature lines */
  note: string;
  createdAt: string;
}

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AuditSearch {
  from?: string;
  to?: string;
  subject?: string;
  action?: string;
  outcome?: string;
}

export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['allowed', 'refused', 'ok', 'failed'];

export const AUDIT_PATHS = {
  myAccess: '/audit/my-access?limit=50',
  entries: (search: AuditSearch) => `/audit/entries${query({ ...search, limit: 50 })}`,
  checkpoint: '/audit/checkpoint?format=json',
  export: (fromSeq: number, toSeq: number) => `/api/v1/audit/export${query({ fromSeq, toSeq })}`,
} as const;

/**
 * Downloads entries fromSeq..toSeq (inclusive) as NDJSON: fetched first so that a refused range shows the server's
 * message on the page instead of replacing it, then handed to the browser as a file.
 */
export async function downloadAuditExport(fromSeq: number, toSeq: number): Promise<void> {
  let response: Response;
  try {
    response = await fetch(AUDIT_PATHS.export(fromSeq, toSeq), {
      credentials: 'same-origin',
      headers: { accept: 'application/x-ndjson, application/problem+json', 'accept-language': currentLanguage() },
    });
  } catch (error) {
    throw new ProblemError(0, { code: 'NETWORK', title: String(error) });
  }
  if (!response.ok) throw parseProblem(response.status, response.statusText, await response.text());
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = `audit-${fromSeq}-${toSeq}.ndjson`;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // the click has started the download; the URL is no longer needed once the event loop turns
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

export interface CursorList<T> {
  items: T[] | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** the server has older entries than those shown */
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

/** A newest-first list the server pages with `nextCursor`; `path` already carries its query (limit, filters). */
export function useCursorList<T>(path: string): CursorList<T> {
  const first = useApi<CursorPage<T>>(path);
  const [older, setOlder] = useState<{ items: T[]; nextCursor: string | null } | undefined>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError>();

  // a new first page (another search, a reload) starts the list again
  useEffect(() => {
    setOlder(undefined);
    setMoreError(undefined);
  }, [first.data]);

  const cursor = older === undefined ? first.data?.nextCursor ?? null : older.nextCursor;
  const loadMore = useCallback(() => {
    if (cursor === null) return;
    setLoadingMore(true);
    setMoreError(undefined);
    api<CursorPage<T>>(`${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`).then(
      (page) => {
        setOlder((current) => ({ items: [...(current?.items ?? []), ...page.items], nextCursor: page.nextCursor }));
        setLoadingMore(false);
      },
      (failure: unknown) => {
        setMoreError(failure instanceof ApiError ? failure : new ApiError(0, { title: String(failure) }));
        setLoadingMore(false);
      },
    );
  }, [path, cursor]);

  return {
    items: first.data === undefined ? undefined : [...first.data.items, ...(older?.items ?? [])],
    error: first.error ?? moreError,
    loading: first.loading || loadingMore,
    hasMore: cursor !== null,
    loadMore,
    reload: first.reload,
  };
}
