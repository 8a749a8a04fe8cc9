import { ApiError } from '../../api/client.ts';
import type { Catalog, Problem, PublishCatalogBody } from '../../api/types.ts';
import { postJson, ProblemError } from '../../api/problem-request.ts';

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
  try {
    return await postJson<Catalog>('/catalog/versions', body);
  } catch (error) {
    if (error instanceof ProblemError) throw new PublishError(error.status, error.problem);
    throw error;
  }
}
