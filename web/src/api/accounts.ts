/**
 * 机构与账号管理 — organisations, their information-security assessments (信息安全评估) and user accounts, as the
 * operator console, the institution and provider admins and the public activation page consume them
 * (shapes: src/modules/identity/schemas.ts). Dates are YYYY-MM-DD, times ISO 8601 with offset.
 */
import { api, query } from './client.ts';

/** Kinds of organisation the operator onboards. */
export type OrgKind = 'institution' | 'provider' | 'operator';
export const ORG_KINDS: readonly OrgKind[] = ['institution', 'provider', 'operator'];
/** Kinds whose people have accounts managed here: an enterprise registers itself, then its legal representative opens agents' accounts. */
export type AccountOrgKind = OrgKind | 'enterprise';

export type AssessmentStatus = 'passed' | 'conditional' | 'failed';
export const ASSESSMENT_STATUSES: readonly AssessmentStatus[] = ['passed', 'conditional', 'failed'];
/** where an institution stands today: the newest assessment read against today's date */
export type AssessmentState = 'valid' | 'expired' | 'conditional' | 'failed' | 'none';

export interface Assessment {
  id: string;
  status: AssessmentStatus;
  assessedOn: string;
  validUntil: string | null;
  assessor: string;
  note: string | null;
  recordedAt: string;
  /** display name of the operator who recorded it */
  recordedBy: string;
}

export interface Org {
  id: string;
  kind: OrgKind;
  name: string;
  uscc: string | null;
  regionCode: string;
  regionName: string;
  category: string | null;
  createdAt: string;
  users: number;
  assessment: Assessment | null;
  assessmentState: AssessmentState;
}

export interface OrgDetail extends Org {
  /** newest first */
  assessments: Assessment[];
}

export type UserState = 'pending_activation' | 'active' | 'disabled' | 'locked';

export interface AccountUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  state: UserState;
  createdAt: string;
  lastLoginAt: string | null;
  activationExpiresAt: string | null;
}

/** A one-time activation code: shown once to the admin, who hands it to the person out of band. */
export interface Activation {
  code: string;
  expiresAt: string;
}

export interface NewOrg {
  kind: OrgKind;
  name: string;
  uscc?: string;
  regionCode: string;
  category?: string;
}

export interface NewAssessment {
  status: AssessmentStatus;
  assessedOn: string;
  validUntil?: string;
  assessor: string;
  note?: string;
}

export interface NewUser {
  username: string;
  displayName: string;
  roles: string[];
}

export interface ActivationResult {
  username: string;
  /** null when the account's roles need no second factor */
  totp: { secret: string; uri: string } | null;
}

/** Categories per organisation kind with their names, and the roles each kind may give (src/data/identity). */
export interface AccountCodes {
  institution: Record<string, { zh: string; en: string }>;
  provider: Record<string, { zh: string; en: string }>;
  roles: Record<AccountOrgKind, string[]>;
}

export const ACCOUNT_PATHS = {
  codes: '/accounts/categories',
  organisations: (kind: OrgKind) => `/accounts/organisations${query({ kind })}`,
  organisation: (id: string) => `/accounts/organisations/${encodeURIComponent(id)}`,
  users: (orgId: string) => `/accounts/organisations/${encodeURIComponent(orgId)}/users`,
  enterprise: (uscc: string) => `/accounts/enterprises/${encodeURIComponent(uscc)}`,
} as const;

export const createOrganisation = (body: NewOrg) => api<Org>('/accounts/organisations', { method: 'POST', body });
export const recordAssessment = (orgId: string, body: NewAssessment) =>
  api<Assessment>(`${ACCOUNT_PATHS.organisation(orgId)}/assessments`, { method: 'POST', body });
export const createUser = (orgId: string, body: NewUser) =>
  api<{ user: AccountUser; activation: Activation }>(ACCOUNT_PATHS.users(orgId), { method: 'POST', body });
export const reissueActivation = (userId: string) =>
  api<Activation>(`/accounts/users/${encodeURIComponent(userId)}/activation`, { method: 'POST', body: {} });
export const disableUser = (userId: string) =>
  api<AccountUser>(`/accounts/users/${encodeURIComponent(userId)}/disable`, { method: 'POST', body: {} });
export const enableUser = (userId: string) =>
  api<AccountUser>(`/accounts/users/${encodeURIComponent(userId)}/enable`, { method: 'POST', body: {} });
/** public: a wrong or expired code is a 4xx problem, not a lost session */
export const activateAccount = (body: { username: string; code: string; password: string }) =>
  api<ActivationResult>('/auth/activate', { method: 'POST', body, quietUnauthorized: true });

export interface EnterpriseRegistration {
  uscc: string;
  legalRepName: string;
  idNumber: string;
  username: string;
  password: string;
}

export interface RegisteredEnterprise {
  username: string;
  enterprise: { uscc: string; name: string };
  /** the registry names a new legal representative: the previous one's account was stopped */
  replacedPredecessor: boolean;
}

/**
 * public: 企业注册 — the legal representative proves name and ID number against the registry; every refusal is a 4xx
 * problem (see src/modules/identity/enterprise-registration.ts), never a lost session.
 */
export const registerEnterprise = (body: EnterpriseRegistration) =>
  api<RegisteredEnterprise>('/auth/register-enterprise', { method: 'POST', body, quietUnauthorized: true });
