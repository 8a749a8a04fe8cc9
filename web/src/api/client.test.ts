import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, newIdempotencyKey, setRequestLanguage } from './client.ts';
import { postJson, ProblemError } from './problem-request.ts';

/** The portal's client and Idempotency-Key (SPEC §3): what it sends, and how it retries without creating twice. */
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function recordingFetch(answers: (() => Response | Promise<Response>)[]) {
  const seen: { method: string; key: string | null }[] = [];
  vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    seen.push({ method: String(init.method), key: headers['idempotency-key'] ?? null });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next();
  }));
  return seen;
}

describe('api client and Idempotency-Key', () => {
  it('makes random 32-hex-digit keys', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });

  it('sends a key with every POST and none with a GET', async () => {
    const seen = recordingFetch([() => json(200, { ok: 1 }), () => json(200, { ok: 2 }), () => json(200, { ok: 3 })]);
    await api('/things', { method: 'POST', body: { a: 1 } });
    await api('/things', { method: 'POST', body: { a: 1 } });
    await api('/things');
    expect(seen[0].key).toMatch(/^[0-9a-f]{32}$/);
    expect(seen[1].key).not.toBe(seen[0].key);
    expect(seen[2]).toEqual({ method: 'GET', key: null });
  });

  it('resends a POST once under the same key when the connection drops', async () => {
    const seen = recordingFetch([() => { throw new TypeError('network'); }, () => json(201, { id: 'x' })]);
    expect(await api('/things', { method: 'POST', body: {}, idempotencyKey: 'form-1' })).toEqual({ id: 'x' });
    expect(seen.map((s) => s.key)).toEqual(['form-1', 'form-1']);
  });

  it('does not resend a GET, and reports a second network failure', async () => {
    recordingFetch([() => { throw new TypeError('network'); }]);
    await expect(api('/things')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
    recordingFetch([() => { throw new TypeError('network'); }, () => { throw new TypeError('network'); }]);
    await expect(api('/things', { method: 'POST', body: {} })).rejects.toBeInstanceOf(ApiError);
  });

  it('waits while the first submit is still in progress, then gets its answer', async () => {
    vi.useFakeTimers();
    const seen = recordingFetch([
      () => json(409, { code: 'IDEMPOTENCY_KEY_IN_PROGRESS' }),
      () => json(200, { id: 'first' }),
    ]);
    const answer = api('/things', { method: 'POST', body: {} });
    await vi.advanceTimersByTimeAsync(600);
    expect(await answer).toEqual({ id: 'first' });
    expect(new Set(seen.map((s) => s.key)).size).toBe(1);
  });

  it('passes other conflicts through as errors', async () => {
    recordingFetch([() => json(409, { code: 'NAME_TAKEN', title: 'taken' })]);
    await expect(api('/things', { method: 'POST', body: {} })).rejects.toMatchObject({ status: 409, code: 'NAME_TAKEN' });
  });

  it("asks for the server's texts in the reader's language and keeps the whole problem", async () => {
    const langs: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => {
      langs.push((init.headers as Record<string, string>)['accept-language']);
      return json(400, { status: 400, code: 'CATALOG_INVALID', title: 'Invalid', detail: 'two problems', problems: ['a', 'b'] });
    }));
    setRequestLanguage(() => 'en');
    const error = await postJson('/catalog/versions', {}).catch((e: unknown) => e);
    setRequestLanguage(() => 'zh-CN');
    await api('/x').catch(() => undefined);
    expect(langs).toEqual(['en', 'zh-CN']);
    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).problem.problems).toEqual(['a', 'b']);
    expect((error as ApiError).code).toBe('CATALOG_INVALID');
  });
});
