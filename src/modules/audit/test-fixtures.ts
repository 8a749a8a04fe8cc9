import type { AuditEvent } from './events.ts';

/** An institution's read of an enterprise's data, numbered by `n` (tests and the P5 benchmark). */
export function accessEvent(n: number, subject = '91131002MA0CXR1Q0X'): AuditEvent {
  return {
    kind: 'access', action: 'records.read', outcome: 'allowed', subject, items: ['TAX_CREDIT_GRADE'], purpose: 'loan_application',
    authorisationId: `auth-${n}`, destination: 'api',
    actor: { userId: `u-${n}`, keyId: null, role: 'inst_loan_officer', orgId: 'org-bank', orgKind: 'institution' },
    details: { n },
  };
}
