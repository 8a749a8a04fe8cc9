import type { AuthorisationRow } from './store.ts';
import type { AuthorisationStatus } from './schemas.ts';

/** The authorisation lifecycle (C4): states, the transitions people may make, windows and limits. */

export type Action = 'approve' | 'decline' | 'pause' | 'resume' | 'revoke';

export const DAY_MS = 86_400_000;
/** The longest window an authorisation may have. */
export const MAX_WINDOW_DAYS = 3 * 366;
/** Written authorisation scans: 5 MB decoded. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
/** Days before valid_to at which the reminder goes out (once). */
export const REMINDER_DAYS = 7;
/** Outbox topic of every status change: `{ id, status, uscc, institutionId, at }`. */
export const AUTHORISATION_CHANGED = 'consent.authorisation.changed';
export const OPEN: readonly AuthorisationStatus[] = ['PENDING', 'ACTIVE', 'PAUSED'];

/** The status a reader sees: an open authorisation whose window has closed is EXPIRED whether or not the sweep ran. */
export function effectiveStatus(row: Pick<AuthorisationRow, 'status' | 'valid_to'>, at: Date): AuthorisationStatus {
  return OPEN.includes(row.status) && row.valid_to.getTime() <= at.getTime() ? 'EXPIRED' : row.status;
}

/** A day (through 24:00 Asia/Shanghai) or an instant. */
export function parseValidTo(text: string): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return new Date(Date.parse(`${text}T00:00:00+08:00`) + DAY_MS);
  return new Date(Date.parse(text));
}

export const TRANSITIONS: Record<Action | 'activate', { from: readonly AuthorisationStatus[]; to: AuthorisationStatus }> = {
  approve: { from: ['PENDING'], to: 'ACTIVE' },
  activate: { from: ['PENDING'], to: 'ACTIVE' },
  decline: { from: ['PENDING'], to: 'DECLINED' },
  pause: { from: ['ACTIVE'], to: 'PAUSED' },
  resume: { from: ['PAUSED'], to: 'ACTIVE' },
  revoke: { from: ['PENDING', 'ACTIVE', 'PAUSED'], to: 'REVOKED' },
};
