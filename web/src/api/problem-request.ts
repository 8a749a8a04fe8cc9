import { ApiError, newIdempotencyKey } from './client.ts';
import type { Problem } from './types.ts';
import { currentLanguage } from '../i18n/index.ts';

/** A problem+json failure that keeps the whole problem, including members beyond the RFC 9457 ones. */
export class ProblemError extends ApiError {
  readonly problem: Problem & Record<string, unknown>;

  constructor(status: number, problem: Problem & Record<string, unknown>) {
    super(status, problem);
    this.problem = problem;
  }
}

/** The problem in a failed answer's body, or one made from its status when the body is not problem+json. */
export function parseProblem(status: number, statusText: string, text: string): ProblemError {
  if (text !== '') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === 'object') return new ProblemError(status, parsed as Problem & Record<string, unknown>);
    } catch (error) {
      // a proxy or crash page answered with something that is not JSON: keep its status, drop the body
      console.warn('non-JSON error body', status, error);
    }
  }
  return new ProblemError(status, { status, title: statusText });
}

/** POSTs JSON and keeps the server's whole problem on failure; messages come back in the reader's language. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json, application/problem+json',
        'accept-language': currentLanguage(),
        'content-type': 'application/json',
        'idempotency-key': newIdempotencyKey(),
      },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new ProblemError(0, { code: 'NETWORK', title: String(error) });
  }
  if (!response.ok) throw parseProblem(response.status, response.statusText, await response.text());
  return (await response.json()) as T;
}
