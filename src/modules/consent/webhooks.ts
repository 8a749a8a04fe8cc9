import type { Db, Queryable } from '../../platform/db/index.ts';
import type { PlatformKeys } from '../../platform/keys.ts';
import { hmacSm3Hex, randomToken, uuidv7 } from '../../platform/crypto/index.ts';
import { badRequest, forbidden, notFound, type Principal } from '../../platform/http/index.ts';
import type { AuthorisationStatus } from './schemas.ts';

/**
 * Signed webhooks: an institution registers one HTTPS endpoint, its general event endpoint: it hears about every
 * status change of its authorisations (`authorisation.changed`) and the events other modules queue through
 * `enqueueInstitutionEvent` (`whitelist.pushed`). Deliveries are queued in the transaction of the change (so one
 * exists exactly when the change committed) and sent outside any transaction, retried with back-off. Every body is
 * `{ event: <type>, eventId, …fields of the event }`.
 *
 * Each POST carries `x-xr-event-id`, `x-xr-timestamp` (Unix seconds) and `x-xr-signature: hmac-sm3=<hex>` where
 * the hex is HMAC-SM3(secret, timestamp + "." + body). Receivers check the signature, reject a timestamp more than
 * 300 s away, and ignore an event id they have seen (a retry after a lost answer sends the same id again).
 */
export interface WebhookOptions {
  db: Db;
  keys: PlatformKeys;
  clock: () => number;
  /** allow http:// endpoints (tests, local demos); production endpoints must be https */
  allowInsecure?: boolean;
  /** how a delivery is sent (tests replace it); default fetch with a 10 s timeout */
  send?: (url: string, init: { headers: Record<string, string>; body: string }) => Promise<{ status: number }>;
}

/**
 * An event for an institution's endpoint: `type` names it (`whitelist.pushed`, …) and becomes the body's `event`;
 * the other fields are sent as they are. Keep it small: say what happened and where to fetch the details.
 */
export interface InstitutionEvent {
  type: string;
  [field: string]: unknown;
}

/**
 * What other modules may use of the webhooks (consent's index.ts exports it): queue an event for an institution's
 * endpoint inside the caller's transaction. Answers the delivery id, or null when the institution has no webhook.
 */
export interface InstitutionWebhooks {
  enqueueInstitutionEvent(q: Queryable, institutionId: string, event: InstitutionEvent, at: Date): Promise<string | null>;
}

/** Minutes to wait after the nth failed attempt; after the last the delivery is given up. */
const BACKOFF_MINUTES = [1, 5, 30, 120, 720, 1440];
/** A claimed delivery is not claimed again for this long (a crashed sender's claim lapses). */
const LEASE_MS = 60_000;

interface DueRow {
  id: string;
  institution_org_id: string;
  url: string;
  secret_enc: string;
  payload: unknown;
  attempts: number;
}

async function defaultSend(url: string, init: { headers: Record<string, string>; body: string }): Promise<{ status: number }> {
  const res = await fetch(url, { method: 'POST', headers: init.headers, body: init.body, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  await res.body?.cancel();
  return { status: res.status };
}

export function createWebhooks(opts: WebhookOptions) {
  const { db, keys, clock } = opts;
  const send = opts.send ?? defaultSend;
  const aad = (orgId: string) => `consent_webhooks.secret:${orgId}`;

  function adminOf(principal: Principal): string {
    if (principal.kind !== 'user' || principal.orgKind !== 'institution') {
      throw forbidden('INSTITUTION_USER_ONLY', { zh: '只有接入机构管理员可以设置回调地址', en: 'Only an institution administrator can set the webhook' });
    }
    return principal.orgId;
  }

  function checkUrl(text: string): string {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw badRequest('WEBHOOK_URL_INVALID', { zh: '回调地址不是有效的网址', en: 'The webhook URL is not a valid URL' });
    }
    const secure = url.protocol === 'https:' || (opts.allowInsecure === true && url.protocol === 'http:');
    if (!secure || url.username || url.password || url.hash) {
      throw badRequest('WEBHOOK_URL_INVALID', { zh: '回调地址须为 https 网址，且不含用户名、密码或片段', en: 'The webhook URL must be https, without credentials or fragment' });
    }
    return url.toString();
  }

  /** One delivery when the institution has a webhook (the id), else nothing (null). */
  async function enqueueDelivery(q: Queryable, institutionId: string, authorisationId: string | null, event: InstitutionEvent, at: Date): Promise<string | null> {
    const deliveryId = uuidv7();
    const { type, ...fields } = event;
    const payload = { event: type, eventId: deliveryId, ...fields };
    const rows = await q.query(
      `INSERT INTO consent_webhook_deliveries (id, institution_org_id, authorisation_id, payload, next_attempt_at, created_at)
       SELECT $1, institution_org_id, $3, $4, $5, $5 FROM consent_webhooks WHERE institution_org_id = $2 RETURNING id`,
      [deliveryId, institutionId, authorisationId, JSON.stringify(payload), at.toISOString()],
    );
    return rows.length ? deliveryId : null;
  }

  return {
    async get(principal: Principal) {
      const orgId = adminOf(principal);
      const row = (await db.query<{ url: string; created_at: Date; updated_at: Date }>('SELECT url, created_at, updated_at FROM consent_webhooks WHERE institution_org_id = $1', [orgId]))[0];
      if (!row) throw notFound('WEBHOOK_NOT_SET', { zh: '尚未设置回调地址', en: 'No webhook is set' });
      return { url: row.url, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
    },

    /** Sets (or replaces) the endpoint with a new secret, shown only in this answer. */
    async set(principal: Principal, urlText: string) {
      const orgId = adminOf(principal);
      const url = checkUrl(urlText);
      const secret = randomToken(32);
      const at = new Date(clock());
      const row = (await db.query<{ created_at: Date; updated_at: Date }>(
        `INSERT INTO consent_webhooks (institution_org_id, url, secret_enc, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (institution_org_id) DO UPDATE SET url = EXCLUDED.url, secret_enc = EXCLUDED.secret_enc, updated_at = EXCLUDED.updated_at
         RETURNING created_at, updated_at`,
        [orgId, url, keys.cipher.encrypt(secret, aad(orgId)), at.toISOString()],
      ))[0];
      return { url, secret, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
    },

    async remove(principal: Principal): Promise<void> {
      const orgId = adminOf(principal);
      const gone = await db.query('DELETE FROM consent_webhooks WHERE institution_org_id = $1 RETURNING 1', [orgId]);
      if (gone.length === 0) throw notFound('WEBHOOK_NOT_SET', { zh: '尚未设置回调地址', en: 'No webhook is set' });
    },

    /** Queues a delivery of one status change, inside the transaction that made it. */
    async enqueue(q: Queryable, change: { id: string; status: AuthorisationStatus; uscc: string; institutionId: string; at: Date }): Promise<void> {
      await enqueueDelivery(q, change.institutionId, change.id, {
        type: 'authorisation.changed',
        authorisation: { id: change.id, status: change.status, uscc: change.uscc, institutionId: change.institutionId, at: change.at.toISOString() },
      }, change.at);
    },

    /** Queues an event of another module for the institution's endpoint, inside the caller's transaction. */
    enqueueInstitutionEvent: (q: Queryable, institutionId: string, event: InstitutionEvent, at: Date): Promise<string | null> =>
      enqueueDelivery(q, institutionId, null, event, at),

    /** Sends what is due; answers how many were delivered. Safe to run from several processes (claims are leased). */
    async deliverDue(limit = 20): Promise<number> {
      const at = new Date(clock());
      const due = await db.tx(async (q) => {
        const rows = await q.query<DueRow>(
          `SELECT d.id, d.institution_org_id, w.url, w.secret_enc, d.payload, d.attempts FROM consent_webhook_deliveries d
           JOIN consent_webhooks w ON w.institution_org_id = d.institution_org_id
           WHERE d.delivered_at IS NULL AND d.gave_up_at IS NULL AND d.next_attempt_at <= $1
           ORDER BY d.next_attempt_at LIMIT $2 FOR UPDATE OF d SKIP LOCKED`,
          [at.toISOString(), limit],
        );
        if (rows.length) {
          await q.query('UPDATE consent_webhook_deliveries SET next_attempt_at = $2 WHERE id = ANY($1::uuid[])', [rows.map((r) => r.id), new Date(at.getTime() + LEASE_MS).toISOString()]);
        }
        return rows;
      });
      let delivered = 0;
      for (const d of due) {
        const body = JSON.stringify(d.payload);
        const ts = String(Math.floor(clock() / 1000));
        const signature = hmacSm3Hex(keys.cipher.decrypt(d.secret_enc, aad(d.institution_org_id)), `${ts}.${body}`);
        let error: string | null = null;
        try {
          const res = await send(d.url, {
            headers: { 'content-type': 'application/json', 'x-xr-event-id': (d.payload as { eventId: string }).eventId, 'x-xr-timestamp': ts, 'x-xr-signature': `hmac-sm3=${signature}` },
            body,
          });
          if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
        } catch (err) {
          error = err instanceof Error ? err.message.slice(0, 200) : 'send failed';
        }
        const now = new Date(clock());
        if (error === null) {
          delivered++;
          await db.query('UPDATE consent_webhook_deliveries SET delivered_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1', [d.id, now.toISOString()]);
          continue;
        }
        const attempts = d.attempts + 1;
        const wait = BACKOFF_MINUTES[attempts - 1];
        await db.query(
          `UPDATE consent_webhook_deliveries SET attempts = $2, last_error = $3, next_attempt_at = $4, gave_up_at = $5 WHERE id = $1`,
          [d.id, attempts, error, new Date(now.getTime() + (wait ?? 0) * 60_000).toISOString(), wait === undefined ? now.toISOString() : null],
        );
      }
      return delivered;
    },
  };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
