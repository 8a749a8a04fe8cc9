import type { Principal } from '../../platform/http/index.ts';
import { actorOf, type AuditActor, type AuditEvent, type AuditSink } from '../audit/index.ts';

/** The audit writer contract (src/modules/audit/events.ts): every access decision and state change is one event. */
export type { AuditActor, AuditEvent, AuditSink } from '../audit/index.ts';

/** The audit actor of a principal; null = the platform's own jobs (sweeps). */
export const auditActorOf: (principal: Principal | null) => AuditActor = actorOf;

/** An AuditSink that keeps events in memory — for tests, and to look at what a flow would log. */
export function createMemoryAuditSink(): AuditSink & { events: AuditEvent[] } {
  const events: AuditEvent[] = [];
  return {
    events,
    async append(event) {
      events.push(event);
      return { index: events.length - 1 };
    },
  };
}
