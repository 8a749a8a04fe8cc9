/**
 * What other modules hand to the audit log (C5). The contract between the log and its writers: every data access
 * and every state change is one AuditEvent. No personal data in clear: people appear as account ids (tokens),
 * enterprises by USCC, records by item code; free text is limited to reasons a person typed for the record.
 */
export type AuditOutcome = 'allowed' | 'refused' | 'ok' | 'failed';

export interface AuditActor {
  /** the user account id (a token, not a name) — null for machine clients and the platform itself */
  userId: string | null;
  /** API key id of a machine client */
  keyId: string | null;
  /** the role the action was taken in (identity roles), 'system' for the platform's own jobs */
  role: string;
  orgId: string | null;
  orgKind: string | null;
}

export interface AuditEvent {
  /** 'access' = a read of data about a subject; 'change' = a state-changing operation */
  kind: 'access' | 'change';
  /** dotted verb, stable for searches: 'records.read', 'authorisation.granted', 'catalog.published' … */
  action: string;
  actor: AuditActor;
  /** USCC of the enterprise the data is about, when there is one */
  subject?: string | null;
  /** catalog item codes read or affected */
  items?: readonly string[];
  /** financing purpose code (consent purposes) */
  purpose?: string | null;
  /** the authorisation the access relied on */
  authorisationId?: string | null;
  outcome: AuditOutcome;
  /** refusal code, or the reason an operator stated for reading sensitive data */
  reason?: string | null;
  /** where the data went: 'api', 'portal', 'export', 'webhook' … */
  destination?: string | null;
  /** the object a change was made to */
  target?: { type: string; id: string } | null;
  /** small, non-personal extra facts (counts, versions, hashes) */
  details?: Record<string, unknown>;
}

/** What a writer needs of the log; appends are batched by the log and durable when the promise resolves. */
export interface AuditSink {
  append(event: AuditEvent): Promise<{ index: number }>;
}

/** The audit actor of a request principal (person or machine client); `null` principal = the platform itself. */
export function actorOf(principal: { kind: 'user'; userId: string; roles: readonly string[]; orgId: string; orgKind: string }
  | { kind: 'machine'; keyId: string; roles: readonly string[]; orgId: string; orgKind: string } | null): AuditActor {
  if (!principal) return { userId: null, keyId: null, role: 'system', orgId: null, orgKind: null };
  return {
    userId: principal.kind === 'user' ? principal.userId : null,
    keyId: principal.kind === 'machine' ? principal.keyId : null,
    role: principal.roles[0] ?? 'none',
    orgId: principal.orgId,
    orgKind: principal.orgKind,
  };
}
