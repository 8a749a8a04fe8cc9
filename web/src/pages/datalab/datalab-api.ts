/**
 * 数据实验室 — the clean-room API (shapes: src/modules/cleanroom/schemas.ts) and the privacy-computing jobs
 * (PSI, federated training: src/modules/privacy) as the data lab pages consume them. Every rule runs on the server.
 */
import { ApiError, api } from '../../api/client.ts';
import { postJson } from '../../api/problem-request.ts';

export interface SpecProblem { code: string; path: string; zh: string; en: string }
export type VersionStatus = 'pending' | 'approved' | 'rejected' | 'superseded';

export interface SpecVersion {
  id: string;
  version: number;
  kind: string;
  spec: unknown;
  specSm3: string;
  status: VersionStatus;
  submittedBy: string;
  submittedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  items: string[];
}

export interface CleanroomSpec {
  id: string;
  name: string;
  description: string;
  institution: { id: string; name: string };
  createdAt: string;
  versions: SpecVersion[];
}

export interface CheckResult { valid: boolean; problems: SpecProblem[]; leaks: SpecProblem[]; specSm3: string | null; items: string[] }

export interface CleanroomRun {
  id: string;
  model: { id: string; name: string; version: number; versionId: string };
  institution: { id: string; name: string };
  status: 'running' | 'completed' | 'failed' | 'refused';
  progress: number;
  specSm3: string;
  population: { count: number; sm3: string | null };
  excluded: { uncovered: number; limited: number; unregistered: number };
  scored: number;
  outputSm3: string | null;
  bands: Record<string, number>;
  refusal: { code: string; reasons: SpecProblem[] } | null;
  error: string | null;
  auditIndex: number | null;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface PendingVersion {
  model: { id: string; name: string; institution: { id: string; name: string } };
  version: SpecVersion;
  base: SpecVersion | null;
  diff: { path: string; change: string; before: unknown; after: unknown }[];
  leaks: SpecProblem[];
}

export interface FeatureInfo { code: string; kind: string; minBinWidth?: number; items: string[]; zh: string; en: string }

export const DATALAB_PATHS = {
  features: '/cleanroom/features',
  rules: '/cleanroom/rules',
  specs: '/cleanroom/specs',
  pending: '/cleanroom/versions/pending',
  runs: '/cleanroom/runs?limit=50',
  output: (id: string, format: 'csv' | 'json') => `/api/v1/cleanroom/runs/${encodeURIComponent(id)}/${format === 'csv' ? 'output.csv' : 'output'}`,
};

export const checkSpec = (spec: unknown) => postJson<CheckResult>('/cleanroom/specs/check', { spec });
export const createSpec = (name: string, description: string, spec: unknown) => postJson<CleanroomSpec>('/cleanroom/specs', { name, description, spec });
export const submitVersion = (id: string, spec: unknown) => postJson<CleanroomSpec>(`/cleanroom/specs/${encodeURIComponent(id)}/versions`, { spec });
export const approveVersion = (id: string) => postJson<CleanroomSpec>(`/cleanroom/versions/${encodeURIComponent(id)}/approve`, {});
export const rejectVersion = (id: string, reason: string) => postJson<CleanroomSpec>(`/cleanroom/versions/${encodeURIComponent(id)}/reject`, { reason });
export const createSpecFromTraining = (input: { trainingId: string; name: string; intercept: number; cutoffs: { band: string; min?: number | null }[] }) =>
  postJson<CleanroomSpec>('/cleanroom/specs/from-training', input);
export const startRun = (versionId: string) => postJson<{ id: string; status: string }>('/cleanroom/runs', { versionId });

/** A PSI job or a federated training (the privacy module); `summary` is whatever short account that module gives. */
export interface PrivacyJob {
  id: string;
  institution: { id: string; name: string };
  status: string;
  progress: number;
  createdAt: string;
  finishedAt: string | null;
  summary: unknown;
}

/**
 * The privacy module's job list; `null` while that API does not exist on this server (404), so the page can say so
 * instead of failing.
 */
export async function privacyJobs(path: '/privacy/psi-jobs' | '/privacy/trainings', signal?: AbortSignal): Promise<PrivacyJob[] | null> {
  try {
    const body = await api<{ items?: PrivacyJob[] } | PrivacyJob[]>(path, { signal });
    return Array.isArray(body) ? body : (body.items ?? []);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && (error.code === 'NOT_FOUND' || error.code === undefined)) return null;
    throw error;
  }
}

/** The first 12 hex digits of a digest, for tables (the whole value is in the tooltip and the audit log). */
export const shortHash = (hex: string | null) => (hex ? `${hex.slice(0, 12)}…` : '—');
