/**
 * What the organisations and accounts screens show and offer, as plain data and functions (tested without a
 * browser). The server decides every rule again; these only shape the forms and the tags.
 */
import type { AccountCodes, AccountOrgKind, AssessmentState, AssessmentStatus, OrgKind, UserState } from '../../api/accounts.ts';

/** Roles an account of each organisation kind may be given here (an enterprise's legal representative registers instead). */
export const ORG_ROLES: Record<AccountOrgKind, readonly string[]> = {
  enterprise: ['enterprise_agent'],
  institution: ['inst_admin', 'inst_product_manager', 'inst_loan_officer', 'inst_risk_officer'],
  provider: ['provider_admin'],
  operator: ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'],
};

/** The categories an organisation of `kind` may carry, labelled in the reader's language (an operator department has none). */
export function categoryOptions(codes: AccountCodes | undefined, kind: OrgKind, language: string): { value: string; label: string }[] {
  if (codes === undefined || kind === 'operator') return [];
  return Object.entries(codes[kind]).map(([value, text]) => ({ value, label: language === 'en' ? text.en : text.zh }));
}

/** A category's name in the reader's language; the code itself while the table loads or for a code it lacks. */
export function categoryName(codes: AccountCodes | undefined, kind: OrgKind, code: string, language: string): string {
  if (kind === 'operator') return code;
  const text = codes?.[kind][code];
  if (text === undefined) return code;
  return language === 'en' ? text.en : text.zh;
}

/**
 * Whether the account's actions (disable, enable, new code) are offered here: a legal representative's account comes
 * from registration with a real-name check, and a successor in the registry stops the predecessor's — re-enabling
 * it here would undo that.
 */
export const managedHere = (roles: readonly string[]): boolean => !roles.includes('enterprise_legal_rep');

/** Institutions and providers are legal persons with a USCC; an operator department is part of the operator. */
export const needsUscc = (kind: OrgKind): boolean => kind !== 'operator';

export const ASSESSMENT_STATE_COLOURS: Record<AssessmentState, string> = {
  valid: 'success',
  conditional: 'gold',
  expired: 'orange',
  failed: 'error',
  none: 'default',
};

export const ASSESSMENT_STATUS_COLOURS: Record<AssessmentStatus, string> = {
  passed: 'success',
  conditional: 'gold',
  failed: 'error',
};

export const USER_STATE_COLOURS: Record<UserState, string> = {
  pending_activation: 'processing',
  active: 'success',
  disabled: 'default',
  locked: 'error',
};

// GB 32100-2015 §4.2: digits and upper-case letters without I, O, S, V, Z
const USCC_CHARACTERS = /^[0-9A-HJ-NPQRTUWXY]*$/;

/**
 * A first look at a typed USCC so the form can say at once what is wrong with its shape; the check character and
 * the server's registry are checked by the server (USCC_INVALID names the position).
 */
export function usccShapeProblem(value: string): 'length' | 'characters' | null {
  const code = value.trim().toUpperCase();
  if (!USCC_CHARACTERS.test(code)) return 'characters';
  if (code.length !== 18) return 'length';
  return null;
}

/** A username the server accepts (identity's USERNAME); anything else it refuses with its own message. */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.@-]{2,63}$/;

const PROBLEM_FIELDS: Record<string, string> = {
  ORG_NAME_REQUIRED: 'name',
  USCC_REQUIRED: 'uscc',
  USCC_INVALID: 'uscc',
  ORG_USCC_TAKEN: 'uscc',
  REGION_UNKNOWN: 'regionCode',
  REGION_OUTSIDE_NODE: 'regionCode',
  ORG_CATEGORY_UNKNOWN: 'category',
  USERNAME_INVALID: 'username',
  USERNAME_TAKEN: 'username',
  DISPLAY_NAME_REQUIRED: 'displayName',
  ROLE_REQUIRED: 'roles',
  ROLE_ORG_MISMATCH: 'roles',
  PASSWORD_WEAK: 'password',
  ACTIVATION_INVALID: 'code',
  ID_NUMBER_INVALID: 'idNumber',
};

/**
 * The form field a server problem is about, when that field is one of `fields`: its message then appears under the
 * field instead of above the form. (USCC problems come from the registry's code checks, the rest from identity.)
 */
export function fieldOfProblem<F extends string>(code: string | undefined, fields: readonly F[]): F | null {
  const field = code === undefined ? undefined : PROBLEM_FIELDS[code];
  return field !== undefined && (fields as readonly string[]).includes(field) ? (field as F) : null;
}

/** A TOTP secret in groups of four, the way a person types it into an authenticator app. */
export function groupSecret(secret: string): string {
  const plain = secret.replace(/\s+/g, '').toUpperCase();
  return (plain.match(/.{1,4}/g) ?? []).join(' ');
}

/** Days from `today` to `day` (both YYYY-MM-DD); negative when `day` has passed. */
export function daysUntil(day: string, today: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** A pass cannot stop being valid before the day it was assessed. */
export function validUntilProblem(assessedOn: string | undefined, validUntil: string | undefined): 'beforeAssessed' | null {
  if (!assessedOn || !validUntil) return null;
  return validUntil < assessedOn ? 'beforeAssessed' : null;
}

/** The address of the public activation page on this node, for the admin to pass on with the code. */
export function activationAddress(origin: string): string {
  return `${origin.replace(/\/+$/, '')}/activate`;
}
