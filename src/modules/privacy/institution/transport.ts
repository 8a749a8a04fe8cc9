import { signRequest } from '../../../platform/auth/request-signing.ts';

/**
 * How the institution's side reaches the platform: signed machine requests (docs/api.md, HMAC-SM3 with an API key
 * the institution administrator issued at /me/api-keys). Tests substitute an in-process or recording transport.
 */
export interface PlatformTransport {
  request<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T>;
}

export class PlatformError extends Error {
  override readonly name = 'PlatformError';
  constructor(readonly status: number, readonly code: string, message: string, readonly body: unknown) {
    super(message);
  }
}

export function createSignedTransport(o: { baseUrl: string; keyId: string; secret: string; fetch?: typeof fetch; retries?: number }): PlatformTransport {
  const doFetch = o.fetch ?? fetch;
  const retries = o.retries ?? 3;
  return {
    async request<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
      const pathWithQuery = `/api/v1${path}`;
      const text = body === undefined ? undefined : JSON.stringify(body);
      for (let attempt = 0; ; attempt++) {
        // A fresh nonce and timestamp per attempt: the platform refuses a replayed nonce.
        const headers = signRequest({ method, pathWithQuery, body: text, keyId: o.keyId, secret: o.secret });
        let res: Response;
        try {
          res = await doFetch(o.baseUrl.replace(/\/$/, '') + pathWithQuery, {
            method, body: text, headers: { ...headers, 'accept-language': 'en', ...(text !== undefined ? { 'content-type': 'application/json' } : {}) },
          });
        } catch (err) {
          // Network failures are retried with back-off: every platform call of the protocol is idempotent.
          if (attempt < retries) { await new Promise((r) => setTimeout(r, 500 * 2 ** attempt)); continue; }
          throw err;
        }
        const raw = await res.text();
        const parsed: unknown = raw ? JSON.parse(raw) : null;
        if (res.ok) return parsed as T;
        if (res.status >= 500 && attempt < retries) { await new Promise((r) => setTimeout(r, 500 * 2 ** attempt)); continue; }
        const p = (parsed ?? {}) as { code?: string; detail?: string; title?: string };
        throw new PlatformError(res.status, p.code ?? 'HTTP_' + res.status, `${method} ${path}: ${res.status} ${p.code ?? ''} ${p.detail ?? p.title ?? ''}`.trim(), parsed);
      }
    },
  };
}
