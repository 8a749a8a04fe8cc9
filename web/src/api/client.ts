import type { Problem } from './types.ts';

/**
 * An HTTP failure carrying the server's problem+json — the whole of it, members beyond RFC 9457 included (a form's
 * `problems`, a validation's `error.position`) — or a network failure (status 0).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly problem: Problem & Record<string, unknown>;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.problem = problem as Problem & Record<string, unknown>;
  }
}

/** The problem in a failed answer's body, or one made from its status when the body is not problem+json. */
export function parseProblem(status: number, statusText: string, text: string): ApiError {
  if (text !== '') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === 'object') return new ApiError(status, parsed as Problem);
    } catch (error) {
      // A proxy or crash page answered with something that is not JSON: keep its status, drop the body.
      console.warn('non-JSON error body', status, error);
    }
  }
  return new ApiError(status, { status, title: statusText });
}

let requestLanguage: () => string = () => 'zh-CN';
/** The i18n module registers the reader's language here: the server writes problems' texts in it (Accept-Language). */
export function setRequestLanguage(language: () => string): void {
  requestLanguage = language;
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** The session subscribes here so an expired cookie on any call sends the user back to the login page. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** auth calls answer 401 as part of their normal flow; they must not trigger the global logout */
  quietUnauthorized?: boolean;
  /**
   * POST only: the Idempotency-Key to send (SPEC §3). By default each call has its own; a form may keep one across
   * its submit attempts so a second click or a resubmission after an error answer creates nothing twice.
   */
  idempotencyKey?: string;
}

/** A random Idempotency-Key (getRandomValues works on plain-http deployments, where randomUUID does not exist). */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', 'accept-language': requestLanguage() };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const method = options.method ?? 'GET';
  if (method === 'POST') headers['idempotency-key'] = options.idempotencyKey ?? newIdempotencyKey();
  const send = () => fetch(`/api/v1${path}`, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  let response: Response;
  try {
    try {
      response = await send();
    } catch (error) {
      // A POST whose connection dropped may or may not have arrived: sent once more under the same key, the server
      // either runs it or answers with the first run's result — never both.
      if (method !== 'POST' || (error instanceof DOMException && error.name === 'AbortError')) throw error;
      response = await send();
    }
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, { code: 'NETWORK', title: String(error) });
  }
  // The first run is still being processed (a double submit): wait for its answer under the same key.
  for (let wait = 0; response.status === 409 && method === 'POST' && wait < 20; wait++) {
    const problem = (await response.clone().json().catch(() => null)) as { code?: string } | null;
    if (problem?.code !== 'IDEMPOTENCY_KEY_IN_PROGRESS') break;
    await new Promise((resolve) => setTimeout(resolve, 500));
    response = await send();
  }
  if (!response.ok) {
    const error = parseProblem(response.status, response.statusText, await response.text());
    if (response.status === 401 && !options.quietUnauthorized) {
      for (const listener of unauthorizedListeners) listener();
    }
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Builds a query string from the non-empty values only. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
