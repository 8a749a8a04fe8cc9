import { signRequest } from '../../../platform/auth/request-signing.ts';
import { DEFAULT_KEY_ID, type ProviderEndpoint } from './provider-contract.ts';

/** Largest answer body read from a provider; beyond it the call fails instead of exhausting memory. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

export interface ProviderRequest {
  method: 'GET' | 'POST';
  /** Contract path, e.g. /provider/v1/items/TAX_PAYMENT/records/9113…; appended to the endpoint's base URL. */
  path: string;
  body?: unknown;
  headers: Record<string, string>;
}

/** What one attempt produced on the wire; classification into success/retry is the caller's. */
export type WireResult =
  | { kind: 'response'; status: number; contentType: string; json: unknown; bodyError?: string }
  | { kind: 'timeout' }
  | { kind: 'network'; message: string };

class AnswerTooLarge extends Error {}

async function readCapped(res: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new AnswerTooLarge(`answer declares ${declared} bytes; at most ${maxBytes} accepted`);
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new AnswerTooLarge(`answer exceeds ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, total);
}

/**
 * One HTTP attempt against a provider, bounded by `timeoutMs` from sending to the last body byte. Signs the
 * request with HMAC-SM3 (src/platform/auth/request-signing.ts) when the endpoint has a shared secret.
 */
export async function sendProviderRequest(
  endpoint: ProviderEndpoint,
  request: ProviderRequest,
  opts: { timeoutMs: number; fetch: typeof fetch; now: Date },
): Promise<WireResult> {
  const url = new URL(endpoint.baseUrl.replace(/\/+$/, '') + request.path);
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...request.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (endpoint.secret) {
    Object.assign(headers, signRequest({
      method: request.method,
      pathWithQuery: url.pathname + url.search,
      body,
      keyId: endpoint.keyId ?? DEFAULT_KEY_ID,
      secret: endpoint.secret,
      now: opts.now,
    }));
  }
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, opts.timeoutMs);
  try {
    const res = await opts.fetch(url, { method: request.method, headers, body, signal: controller.signal, redirect: 'error' });
    const contentType = res.headers.get('content-type') ?? '';
    let raw: Buffer;
    try {
      raw = await readCapped(res, MAX_ANSWER_BYTES);
    } catch (err) {
      if (err instanceof AnswerTooLarge) return { kind: 'response', status: res.status, contentType, json: undefined, bodyError: err.message };
      throw err;
    }
    if (raw.length === 0) return { kind: 'response', status: res.status, contentType, json: undefined };
    try {
      return { kind: 'response', status: res.status, contentType, json: JSON.parse(raw.toString('utf8')) };
    } catch (err) {
      return { kind: 'response', status: res.status, contentType, json: undefined, bodyError: `answer is not JSON: ${(err as Error).message}` };
    }
  } catch (err) {
    if (timedOut) return { kind: 'timeout' };
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { kind: 'network', message: [(err as Error).message, cause?.code ?? cause?.message].filter(Boolean).join(': ') };
  } finally {
    clearTimeout(timer);
  }
}
