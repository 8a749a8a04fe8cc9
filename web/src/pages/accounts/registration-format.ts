/**
 * What the 企业注册 form checks before sending and where it shows the server's refusals, as plain functions (tested
 * without a browser). The server checks everything again and alone decides against the registry.
 */
import type { EnterpriseRegistration } from '../../api/accounts.ts';
import { fieldOfProblem } from './accounts-format.ts';

export const REGISTRATION_FIELDS = ['uscc', 'legalRepName', 'idNumber', 'username', 'password'] as const;
export type RegistrationField = (typeof REGISTRATION_FIELDS)[number];

/**
 * A first look at a typed resident ID number: 17 digits and a check character 0–9 or X (GB 11643-1999). The check
 * character and the birth date are the server's to judge (ID_NUMBER_INVALID says which position is wrong).
 */
export function idNumberShapeProblem(value: string): 'length' | 'characters' | null {
  const id = compact(value);
  if (!/^[0-9X]*$/.test(id)) return 'characters';
  if (id.length !== 18) return 'length';
  if (!/^\d{17}[0-9X]$/.test(id)) return 'characters';
  return null;
}

/** Codes and ID numbers as people type them from paper: spaces dropped, letters in capitals. */
function compact(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** The body to send: codes compacted, names and usernames trimmed, the password exactly as typed. */
export function registrationBody(values: EnterpriseRegistration): EnterpriseRegistration {
  return {
    uscc: compact(values.uscc),
    legalRepName: values.legalRepName.trim(),
    idNumber: compact(values.idNumber),
    username: values.username.trim(),
    password: values.password,
  };
}

/**
 * Refusals about the enterprise or the person as a whole — not in the registry, no longer trading, name and ID
 * number not the registry's (which of the two is not said), already registered, too many tries — go above the form,
 * even where the server names a field.
 */
const ABOVE_THE_FORM = new Set(['REAL_NAME_MISMATCH', 'ENTITY_NOT_IN_REGISTRY', 'ENTITY_NOT_ACTIVE', 'ENTERPRISE_ALREADY_REGISTERED', 'REGISTRATION_TRIES_EXCEEDED']);

/** The form field a registration problem is shown under (the server's `field`, else the code's usual field), or null for above the form. */
export function registrationProblemField(problem: { code?: string; field?: unknown }): RegistrationField | null {
  if (problem.code === undefined || ABOVE_THE_FORM.has(problem.code)) return null;
  const named = problem.field;
  if (typeof named === 'string' && (REGISTRATION_FIELDS as readonly string[]).includes(named)) return named as RegistrationField;
  return fieldOfProblem(problem.code, REGISTRATION_FIELDS);
}
