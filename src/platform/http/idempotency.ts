import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/index.ts';
import type { FieldCipher } from '../crypto/index.ts';
import { AppError, badRequest, conflict } from './problem.ts';

/**
 * `Idempotency-Key` on POST (SPEC §3; the IETF httpapi "Idempotency-Key HTTP Header Field" draft): a client that
 * is unsure whether its request arrived (a timeout, a dropped connection, a double click) sends it again with the
 * same key and gets the first answer back instead of a second loan application, objection or report.
 *
 * - The first request with a key claims it, then runs; its answer (status, type, location, bytes) is kept 24 h.
 * - The same key with the same request (method, path, body) replays that answer with `Idempotent-Replayed: true`.
 * - The same key with another request: 422 IDEMPOTENCY_KEY_REUSED. While the first is still running: 409
 *   IDEMPOTENCY_KEY_IN_PROGRESS (Retry-After: 1). An answer of 5xx is not kept: the retry runs again.
 * - Keys belong to their sender (a user, a machine key, or an anonymous caller's address), so two clients never
 *   see each other's answers. Kept answers are encrypted with the field cipher (a report may carry personal data),
 *   bound to their sender and key. Routes may opt out with `config: { idempotency: false }` (login and the like, whose
 *   answers carry a fresh session and must never be replayed).
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: this POST ignores Idempotency-Key (its answer must not be replayed) */
    idempotency?: boolean;
  }
  interface FastifyRequest {
    idempotency: { scope: string; key: string } | null;
  }
}

const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_RETENTION_HOURS = 24;
/** A claim whose request has not answered for this long (a crash, a lost process) may be taken over. */
const ABANDONED_AFTER_S = 300;
const KEY_PATTERN = '^[\\x21-\\x7e]{1,255}$';
const KEY_RE = new RegExp(KEY_PATTERN);

interface StoredRow {
  fingerprint: string;
  state: 'pending' | 'done';
  status: number | null;
  content_type: string | null;
  location: string | null;
  body: string | null;
  stale: boolean;
}

const applies = (request: FastifyRequest): boolean =>
  request.method === 'POST' && (request.routeOptions.url ?? '').startsWith('/api/v1/') && request.routeOptions.config?.idempotency !== false;

function scopeOf(request: FastifyRequest): string {
  const p = request.principal;
  if (p?.kind === 'user') return `user:${p.userId}`;
  if (p?.kind === 'machine') return `key:${p.keyId}`;
  return `anon:${request.ip}`;
}

function fingerprintOf(request: FastifyRequest): string {
  const h = createHash('sha256').update(`${request.method} ${request.url}\n`);
  if (request.upload) h.update(`upload:${request.upload.sm3}`);
  else if (request.rawBody) h.update(request.rawBody);
  else if (request.body !== undefined) h.update(JSON.stringify(request.body));
  return h.digest('hex');
}

type Cipher = Pick<FieldCipher, 'encrypt' | 'decrypt'>;
const aadOf = (scope: string, key: string) => `idempotency|${scope}|${key}`;

export function installIdempotency(app: FastifyInstance, db: Queryable, cipher: Cipher): void {
  app.decorateRequest('idempotency', null);

  // The header in every creating POST's OpenAPI description (and checked by the schema like any header).
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (!methods.includes('POST') || !route.url.startsWith('/api/v1/') || route.config?.idempotency === false) return;
    const schema = (route.schema ??= {}) as { headers?: { type?: string; properties?: Record<string, unknown> } };
    if (schema.headers && schema.headers.type !== 'object') return;
    const headers = (schema.headers ??= { type: 'object', properties: {} });
    headers.properties = {
      ...headers.properties,
      [IDEMPOTENCY_HEADER]: {
        type: 'string', pattern: KEY_PATTERN,
        description: `Optional. A retry with the same key and the same request gets the first answer back (kept ${IDEMPOTENCY_RETENTION_HOURS} h; header Idempotent-Replayed: true); the same key with another request is refused with 422.`,
      },
    };
  });

  app.addHook('preHandler', async (request, reply) => {
    const raw = request.headers[IDEMPOTENCY_HEADER];
    if (raw === undefined || !applies(request)) return;
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!KEY_RE.test(key)) {
      throw badRequest('IDEMPOTENCY_KEY_INVALID', { zh: 'Idempotency-Key 须为 1–255 个可见 ASCII 字符', en: 'Idempotency-Key must be 1–255 visible ASCII characters' });
    }
    const scope = scopeOf(request);
    const fingerprint = fingerprintOf(request);
    for (let attempt = 0; attempt < 3; attempt++) {
      const claimed = await db.query(
        `INSERT INTO idempotency_keys (scope, key, fingerprint, state, expires_at)
         VALUES ($1, $2, $3, 'pending', now() + make_interval(hours => $4::int)) ON CONFLICT (scope, key) DO NOTHING RETURNING 1 AS ok`,
        [scope, key, fingerprint, IDEMPOTENCY_RETENTION_HOURS],
      );
      if (claimed.length === 1) {
        request.idempotency = { scope, key };
        return;
      }
      const [row] = await db.query<StoredRow>(
        `SELECT fingerprint, state, status, content_type, location, body,
                (state = 'pending' AND updated_at < now() - make_interval(secs => $3::int)) AS stale
           FROM idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at > now()`,
        [scope, key, ABANDONED_AFTER_S],
      );
      if (!row) {
        // expired (or just released after a 5xx): make room and claim it afresh
        await db.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at <= now()', [scope, key]);
        continue;
      }
      if (row.fingerprint !== fingerprint) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 422, {
          zh: '该 Idempotency-Key 已用于另一个请求，请为新请求使用新的键',
          en: 'This Idempotency-Key was used for a different request; use a new key for a new request',
        });
      }
      if (row.state === 'pending') {
        if (row.stale) {
          const taken = await db.query(
            `UPDATE idempotency_keys SET updated_at = now() WHERE scope = $1 AND key = $2 AND state = 'pending'
               AND updated_at < now() - make_interval(secs => $3::int) RETURNING 1 AS ok`,
            [scope, key, ABANDONED_AFTER_S],
          );
          if (taken.length === 1) {
            request.idempotency = { scope, key };
            return;
          }
        }
        void reply.header('retry-after', '1');
        throw conflict('IDEMPOTENCY_KEY_IN_PROGRESS', {
          zh: '使用该 Idempotency-Key 的请求仍在处理中，请稍后重试',
          en: 'A request with this Idempotency-Key is still being processed; retry shortly',
        });
      }
      return replay(reply, row, cipher, aadOf(scope, key));
    }
    throw conflict('IDEMPOTENCY_KEY_IN_PROGRESS', { zh: '请稍后重试', en: 'Retry shortly' });
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = null;
    const status = reply.statusCode;
    if (status >= 500) {
      // not kept: the retry runs again
      await db.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2', [claim.scope, claim.key]);
      return payload;
    }
    const bytes = typeof payload === 'string' ? Buffer.from(payload)
      : Buffer.isBuffer(payload) ? payload
      : payload === null || payload === undefined ? Buffer.alloc(0) : null;
    const body = bytes === null ? null : cipher.encrypt(bytes.toString('base64'), aadOf(claim.scope, claim.key));
    const header = (name: string) => {
      const v = reply.getHeader(name);
      return v === undefined ? null : String(v);
    };
    await db.query(
      `UPDATE idempotency_keys SET state = 'done', status = $3, content_type = $4, location = $5, body = $6, updated_at = now()
        WHERE scope = $1 AND key = $2`,
      [claim.scope, claim.key, status, header('content-type'), header('location'), body],
    );
    return payload;
  });
}

function replay(reply: FastifyReply, row: StoredRow, cipher: Cipher, aad: string): FastifyReply {
  if (row.body === null) {
    throw conflict('IDEMPOTENCY_REPLAY_UNAVAILABLE', {
      zh: '该请求已完成，但其结果为文件流，无法重放；请按编号查询结果',
      en: 'This request has completed, but its answer was a file stream that cannot be replayed; look the result up by its id',
    });
  }
  void reply.code(row.status ?? 200).header('idempotent-replayed', 'true');
  if (row.content_type) void reply.header('content-type', row.content_type);
  if (row.location) void reply.header('location', row.location);
  return reply.send(Buffer.from(cipher.decrypt(row.body, aad), 'base64'));
}

/** Forgets answers past their retention (run with the other periodic purges). */
export async function purgeIdempotencyKeys(db: Queryable): Promise<void> {
  await db.query('DELETE FROM idempotency_keys WHERE expires_at < now()');
}
