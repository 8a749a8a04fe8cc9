import { api, ApiError, parseProblem } from './client.ts';

/**
 * Kept names for the problem-keeping calls: every failure of `api()` now carries the whole problem, so a
 * `ProblemError` is an `ApiError`, and `postJson` is a POST through `api()` (its key, its one resend after a dropped
 * connection, its wait on a double submit) that leaves a 401 to the form instead of logging the person out.
 */
export const ProblemError = ApiError;
export type ProblemError = ApiError;
export { parseProblem };

/** POSTs JSON and keeps the server's whole problem on failure; messages come back in the reader's language. */
export function postJson<T>(path: string, body: unknown): Promise<T> {
  return api<T>(path, { method: 'POST', body, quietUnauthorized: true });
}
