import { ApiError } from '../../api/client.ts';
import type { Catalog, Problem, PublishCatalogBody } from '../../api/types.ts';
import { currentLanguage } from '../../i18n/index.ts';

/** A refused publication: CATALOG_INVALID carries every problem of the draft, CATALOG_CHANGED the version now current. */
export class PublishError extends ApiError {
  readonly problems: string[];
  readonly currentVersion: number | undefined;

  constructor(status: number, problem: Problem & { problems?: unknown; currentVersion?: unknown }) {
    super(status, problem);
    this.problems = Array.isArray(problem.problems) ? problem.problems.map(String) : [];
    this.currentVersion = typeof problem.currentVersion === 'number' ? problem.currentVersion : undefined;
  }
}

/** Publishes the edited catalog as a new version (the old ones stay readable). */
export async function publishCatalog(body: PublishCatalogBody): Promise<Catalog> {
  let response: Response;
  try {
    response = await fetch('/api/v1/catalog/versions', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json, application/problem+json',
        'accept-language': currentLanguage(),
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new PublishError(0, { code: 'NETWORK', title: String(error) });
  }
  if (response.ok) return (await response.json()) as Catalog;
  const text = await response.text();
  let problem: Problem = { status: response.status, title: response.statusText };
  if (text !== '') {
    try {
      problem = JSON.parse(text) as Problem;
    } catch (error) {
      // a proxy or crash page answered with something that is not JSON: keep its status, drop the body
      console.warn('non-JSON error body', response.status, error);
    }
  }
  throw new PublishError(response.status, problem);
}
