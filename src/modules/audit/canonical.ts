import type { AuditEvent, AuditOutcome } from './events.ts';

/**
 * The canonical form of one log entry: the exact bytes a leaf hash is computed over (leaf = H(0x00 ‖ bytes)).
 * An outside verifier must be able to rebuild it from an export, so the rules are short and fixed:
 * - JSON per RFC 8785 (JCS): object keys sorted by UTF-16 code units, no whitespace, strings escaped as
 *   ECMAScript JSON.stringify does, numbers in ECMAScript shortest form; encoded as UTF-8.
 * - every field below is present (absent values are null, absent items [], absent details {});
 * - `v` is the entry format version (1), `seq` the leaf index, `time` ISO 8601 UTC with milliseconds.
 */
export const ENTRY_VERSION = 1;

export interface AuditEntry {
  v: number;
  seq: number;
  time: string;
  kind: 'access' | 'change';
  action: string;
  actor: { userId: string | null; keyId: string | null; role: string; orgId: string | null; orgKind: string | null };
  subject: string | null;
  items: string[];
  purpose: string | null;
  authorisationId: string | null;
  outcome: AuditOutcome;
  reason: string | null;
  destination: string | null;
  target: { type: string; id: string } | null;
  details: Record<string, unknown>;
}

export class AuditEntryError extends Error {
  override readonly name = 'AuditEntryError';
  readonly code = 'AUDIT_EVENT_INVALID';
}

const OUTCOMES = new Set(['allowed', 'refused', 'ok', 'failed']);

/** The entry an event becomes at leaf `seq`, written at `time`. Throws AuditEntryError for an unusable event. */
export function entryOf(event: AuditEvent, seq: number, time: Date): AuditEntry {
  return { ...prepareEntry(event).fields, seq, time: time.toISOString(), v: ENTRY_VERSION };
}

/**
 * An event checked and serialised ahead of its batch, everything but `seq` and `time`: the appender does this
 * outside the lock, so inside it only numbers and joins strings. Keys in RFC 8785 order are
 * action, actor, authorisationId, destination, details, items, kind, outcome, purpose, reason, seq, subject,
 * target, time, v — so the text is `head` + seq + `mid` + time + version.
 */
export interface PreparedEntry {
  fields: Omit<AuditEntry, 'seq' | 'time' | 'v'>;
  head: string;
  mid: string;
}

const str = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));

export function prepareEntry(event: AuditEvent): PreparedEntry {
  const bad = (why: string) => new AuditEntryError(`audit event ${event?.action ?? '?'}: ${why}`);
  if (event.kind !== 'access' && event.kind !== 'change') throw bad('kind must be access or change');
  if (typeof event.action !== 'string' || event.action === '') throw bad('action is required');
  if (!OUTCOMES.has(event.outcome)) throw bad('outcome must be allowed, refused, ok or failed');
  const a = event.actor;
  if (!a || typeof a.role !== 'string' || a.role === '') throw bad('actor.role is required');
  const fields: PreparedEntry['fields'] = {
    kind: event.kind,
    action: event.action,
    actor: { userId: a.userId ?? null, keyId: a.keyId ?? null, role: a.role, orgId: a.orgId ?? null, orgKind: a.orgKind ?? null },
    subject: event.subject ?? null,
    items: [...(event.items ?? [])],
    purpose: event.purpose ?? null,
    authorisationId: event.authorisationId ?? null,
    outcome: event.outcome,
    reason: event.reason ?? null,
    destination: event.destination ?? null,
    target: event.target ? { type: event.target.type, id: event.target.id } : null,
    details: event.details ?? {},
  };
  const f = fields;
  if (!f.items.every((i) => typeof i === 'string')) throw bad('items must be strings');
  const head = `{"action":${str(f.action)},"actor":{"keyId":${str(f.actor.keyId)},"orgId":${str(f.actor.orgId)},"orgKind":${str(f.actor.orgKind)},`
    + `"role":${str(f.actor.role)},"userId":${str(f.actor.userId)}},"authorisationId":${str(f.authorisationId)},"destination":${str(f.destination)},`
    + `"details":${canonicalJson(f.details)},"items":[${f.items.map((i) => JSON.stringify(i)).join(',')}],"kind":${str(f.kind)},`
    + `"outcome":${str(f.outcome)},"purpose":${str(f.purpose)},"reason":${str(f.reason)},`;
  const mid = `"subject":${str(f.subject)},"target":${f.target ? `{"id":${str(f.target.id)},"type":${str(f.target.type)}}` : 'null'},`;
  // Round-trip through the database must give back the same entry: no NUL (PostgreSQL text refuses it).
  if (head.includes('\\u0000') || mid.includes('\\u0000')) throw bad('text must not contain NUL characters');
  return { fields, head, mid };
}

/** The canonical text of a prepared entry at leaf `seq`, time `iso` (equals canonicalJson(entryOf(…))). */
export function preparedText(p: PreparedEntry, seq: number, iso: string): string {
  return `${p.head}"seq":${seq},${p.mid}"time":"${iso}","v":${ENTRY_VERSION}}`;
}

/** RFC 8785 canonical JSON of a JSON value; throws for values JSON cannot represent. */
export function canonicalJson(value: unknown): string {
  // Written as plain loops and concatenation, no closures: it runs over every report body and audit entry (P3).
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new AuditEntryError('numbers in an audit entry must be finite');
      // ECMAScript Number::toString is the shortest round-trip form RFC 8785 §3.2.2.3 prescribes (as JSON.stringify)
      return String(value);
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
        return `${out}]`;
      }
      const obj = value as Record<string, unknown>;
      // Array.prototype.sort compares UTF-16 code units, the order RFC 8785 §3.2.3 asks for
      const keys = Object.keys(obj).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new AuditEntryError(`an audit entry cannot hold a ${typeof value}`);
  }
}

/** The bytes that are hashed: UTF-8 of the canonical JSON. */
export function entryBytes(entry: AuditEntry): Buffer {
  return Buffer.from(canonicalJson(entry), 'utf8');
}
