import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/index.ts';
import { actorOf, type AuditEvent, type AuditSink } from './events.ts';

/** Methods that change state; reads are audited where they read data about a subject (explicit access events). */
const CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The audit action of a state-changing route (default: METHOD + route), or false for routes that change nothing. */
    audit?: string | false;
  }
}

/**
 * Every state-changing API request leaves one audit entry (C5): who, which route, on what, and the outcome, whether
 * it succeeded or was refused. Written before the response leaves, so a caller never holds an answer the log lacks.
 * Bodies are never logged (they may hold passwords and personal data); the target is the route's `:id`-like param.
 */
export function installChangeAudit(app: FastifyInstance, audit: AuditSink): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!CHANGING.has(request.method)) return payload;
    const url = request.routeOptions.url;
    const configured = request.routeOptions.config?.audit;
    if (!url || !url.startsWith('/api/') || configured === false) return payload;
    const status = reply.statusCode;
    try {
      await audit.append({
        kind: 'change',
        action: configured ?? `${request.method} ${url.replace(/^\/api\/v1/, '')}`,
        actor: actorOf(request.principal ?? null),
        subject: subjectOf(request),
        outcome: status < 400 ? 'ok' : status === 401 || status === 403 ? 'refused' : 'failed',
        reason: status >= 400 ? problemCode(payload) : null,
        destination: 'api',
        target: targetOf(request),
        details: { status },
      });
    } catch (err) {
      request.log.error({ err }, 'audit append failed for a state change');
    }
    return payload;
  });
}

function targetOf(request: FastifyRequest): { type: string; id: string } | null {
  const params = (request.params ?? {}) as Record<string, unknown>;
  for (const key of ['id', 'index', 'category', 'version', 'item', 'uscc']) {
    if (typeof params[key] === 'string' && params[key] !== '') return { type: key, id: params[key] };
  }
  return null;
}

function subjectOf(request: FastifyRequest): string | null {
  const params = (request.params ?? {}) as Record<string, unknown>;
  if (typeof params.uscc === 'string') return params.uscc;
  return request.principal?.uscc ?? null;
}

/** The stable `code` of a problem+json answer (never its text, which may quote what was sent). */
function problemCode(payload: unknown): string | null {
  if (typeof payload !== 'string' || !payload.startsWith('{')) return null;
  try {
    const code = (JSON.parse(payload) as { code?: unknown }).code;
    return typeof code === 'string' ? code.slice(0, 64) : null;
  } catch {
    return null;
  }
}

/** What an access event says beyond who asked: the subject, the items, why. */
export interface AccessFacts {
  action: string;
  subject: string;
  items: readonly string[];
  purpose?: string | null;
  authorisationId?: string | null;
  /** the reason an operator stated */
  reason?: string | null;
  destination?: string;
  details?: Record<string, unknown>;
}

/**
 * Runs a read of data about a subject and logs it (C5 "every data access"): allowed when `read` returns, refused
 * with the problem code when it throws an AppError of 401/403/404 (a refusal is evidence too), failed otherwise.
 * Without a sink (unit tests of a module on its own) it only runs the read.
 */
export async function auditedRead<T>(audit: AuditSink | undefined, request: FastifyRequest, facts: AccessFacts, read: () => Promise<T>): Promise<T> {
  if (!audit) return read();
  const event = (outcome: AuditEvent['outcome'], code: string | null): AuditEvent => ({
    kind: 'access', action: facts.action, actor: actorOf(request.principal ?? null), subject: facts.subject, items: facts.items,
    purpose: facts.purpose ?? null, authorisationId: facts.authorisationId ?? null, outcome,
    reason: code ?? facts.reason ?? null, destination: facts.destination ?? 'api', details: facts.details,
  });
  let result: T;
  try {
    result = await read();
  } catch (err) {
    const refused = err instanceof AppError && [401, 403, 404].includes(err.status);
    await audit.append(event(refused ? 'refused' : 'failed', err instanceof AppError ? err.code : 'INTERNAL'));
    throw err;
  }
  await audit.append(event('allowed', null));
  return result;
}
