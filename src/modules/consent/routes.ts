import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { requirePrincipal } from '../../platform/http/index.ts';
import { ALL_ROLES, ENTERPRISE_ROLES, INSTITUTION_ROLES, OPERATOR_ROLES, type Role } from '../../platform/auth/roles.ts';
import type { Action, ConsentService } from './service.ts';
import {
  ActionBody, Authorisation, AuthorisationDetail, AuthorisationList, DataParams, DataQuery, DataReply, GrantBody, IdParams, InstitutionList,
  ItemList, ListQuery, Notification, NotificationList, PublicKey, PurposeList, RequestBody, Webhook, WebhookBody, WebhookWithSecret, WrittenBody,
  type GrantInput, type RequestInput, type WrittenInput,
} from './schemas.ts';

/** Every role a person can hold (machine clients and nodes excluded). */
const HUMAN_ROLES: readonly Role[] = ALL_ROLES.filter((r) => r !== 'provider_system' && r !== 'node');
const PARTIES: readonly Role[] = [...ENTERPRISE_ROLES, ...INSTITUTION_ROLES, ...OPERATOR_ROLES];
const REQUESTERS: readonly Role[] = ['inst_loan_officer', 'inst_admin', 'inst_risk_officer'];
const REVOKERS: readonly Role[] = [...ENTERPRISE_ROLES, 'op_admin', 'op_supervisor'];
const TAGS = ['consent'];
const ACTIONS: readonly Action[] = ['approve', 'decline', 'revoke', 'pause', 'resume'];

/** C4 authorisations (授权), the public key that checks their artefacts, notifications and the data read. */
export const consentRoutes: FastifyPluginAsync<{ consent: ConsentService }> = async (app, { consent }) => {
  app.get('/consent/purposes', {
    config: { access: { roles: HUMAN_ROLES } },
    schema: { tags: TAGS, summary: 'The financing purposes an authorisation may name', response: { 200: PurposeList } },
  }, async () => ({ items: consent.purposes() }));

  app.get('/consent/institutions', {
    config: { access: { roles: [...ENTERPRISE_ROLES, 'op_admin'] } },
    schema: { tags: TAGS, summary: 'Institutions an enterprise can authorise (also for operators entering written authorisations)', response: { 200: InstitutionList } },
  }, async () => ({ items: await consent.institutions() }));

  app.get('/consent/items', {
    config: { access: { roles: HUMAN_ROLES } },
    schema: { tags: TAGS, summary: 'Catalog items whose use needs an authorisation', response: { 200: ItemList } },
  }, async () => ({ items: await consent.items() }));

  app.get('/consent/public-key', {
    config: { access: 'public' },
    schema: { tags: TAGS, summary: "The platform's public key for checking authorisation artefacts offline", response: { 200: PublicKey } },
  }, async () => consent.publicKey());

  app.get('/consent/authorisations', {
    config: { access: { roles: PARTIES } },
    schema: {
      tags: TAGS, summary: "Authorisations: an enterprise's own, an institution's organisation's, all for operators (uscc filter)",
      querystring: ListQuery, response: { 200: AuthorisationList },
    },
  }, async (request) => ({ items: await consent.list(requirePrincipal(request), request.query as Static<typeof ListQuery>) }));

  app.get('/consent/authorisations/:id', {
    config: { access: { roles: PARTIES } },
    schema: {
      tags: TAGS, summary: 'One authorisation with its signed artefact and history (404 for anyone it does not concern)',
      params: IdParams, response: { 200: AuthorisationDetail },
    },
  }, async (request) => consent.get(requirePrincipal(request), (request.params as { id: string }).id));

  app.post('/consent/authorisations', {
    config: { access: { roles: ENTERPRISE_ROLES } },
    schema: {
      tags: TAGS, summary: 'The enterprise grants an institution an authorisation online (real-name verified user): ACTIVE and signed',
      description: '403 REAL_NAME_REQUIRED; 400 PURPOSE_UNKNOWN, ITEMS_INVALID (invalidItems), VALIDITY_INVALID, VALIDITY_TOO_LONG, INSTITUTION_UNKNOWN.',
      body: GrantBody, response: { 201: Authorisation },
    },
  }, async (request, reply) => reply.status(201).send(await consent.grant(requirePrincipal(request), request.body as GrantInput)));

  app.post('/consent/requests', {
    config: { access: { roles: REQUESTERS } },
    schema: {
      tags: TAGS, summary: 'An institution asks an enterprise for an authorisation: PENDING until the enterprise approves or declines',
      description: '404 ENTERPRISE_NO_ACCOUNT when the enterprise has no account to answer online (use a written authorisation).',
      body: RequestBody, response: { 201: Authorisation },
    },
  }, async (request, reply) => reply.status(201).send(await consent.request(requirePrincipal(request), request.body as RequestInput)));

  for (const action of ACTIONS) {
    app.post(`/consent/authorisations/:id/${action}`, {
      config: { access: { roles: action === 'revoke' ? REVOKERS : ENTERPRISE_ROLES } },
      schema: {
        tags: TAGS,
        summary: action === 'revoke'
          ? 'Revoke (the enterprise, or an operator with a reason): effective on the next request'
          : `${action[0].toUpperCase()}${action.slice(1)} (the enterprise)`,
        description: '409 AUTHORISATION_STATE when the current status does not allow it; 404 for anyone it does not concern.',
        params: IdParams, body: ActionBody, response: { 200: Authorisation },
      },
    }, async (request) => {
      const body = (request.body ?? {}) as Static<typeof ActionBody>;
      return consent.act(requirePrincipal(request), (request.params as { id: string }).id, action, body.reason ?? null);
    });
  }

  app.post('/consent/written', {
    config: { access: { roles: ['op_admin'] } },
    // 5 MB decoded is about 6.7 MB of base64 plus the terms.
    bodyLimit: 8 * 1024 * 1024,
    schema: {
      tags: TAGS, summary: 'An operator uploads a written authorisation (书面授权) with its scan (base64, ≤ 5 MB): PENDING',
      description: '413 DOCUMENT_TOO_LARGE; 400 DOCUMENT_INVALID, DOCUMENT_TYPE_MISMATCH (PDF, PNG, JPEG, TIFF by content).',
      body: WrittenBody, response: { 201: Authorisation },
    },
  }, async (request, reply) => reply.status(201).send(await consent.uploadWritten(requirePrincipal(request), request.body as WrittenInput)));

  app.post('/consent/authorisations/:id/activate', {
    config: { access: { roles: ['op_admin'] } },
    schema: {
      tags: TAGS, summary: 'An operator activates an uploaded written authorisation: ACTIVE and signed',
      params: IdParams, body: ActionBody, response: { 200: Authorisation },
    },
  }, async (request) => consent.activate(requirePrincipal(request), (request.params as { id: string }).id));

  app.get('/consent/webhook', {
    config: { access: { roles: ['inst_admin'] } },
    schema: { tags: TAGS, summary: "The institution's webhook for status changes of its authorisations (404 WEBHOOK_NOT_SET)", response: { 200: Webhook } },
  }, async (request) => consent.webhooks.get(requirePrincipal(request)));

  app.put('/consent/webhook', {
    config: { access: { roles: ['inst_admin'] } },
    schema: {
      tags: TAGS, summary: 'Set the webhook (https) with a new HMAC-SM3 secret, shown once',
      description: 'Deliveries: POST JSON { event, eventId, authorisation: { id, status, uscc, institutionId, at } } with x-xr-event-id, '
        + 'x-xr-timestamp and x-xr-signature: hmac-sm3=HEX(HMAC-SM3(secret, timestamp + "." + body)); retried with back-off.',
      body: WebhookBody, response: { 200: WebhookWithSecret },
    },
  }, async (request) => consent.webhooks.set(requirePrincipal(request), (request.body as Static<typeof WebhookBody>).url));

  app.delete('/consent/webhook', {
    config: { access: { roles: ['inst_admin'] } },
    schema: { tags: TAGS, summary: 'Remove the webhook' },
  }, async (request, reply) => {
    await consent.webhooks.remove(requirePrincipal(request));
    return reply.status(204).send();
  });

  app.get('/notifications', {
    config: { access: { roles: HUMAN_ROLES } },
    schema: { tags: TAGS, summary: "The caller's organisation's in-app notifications, newest first", response: { 200: NotificationList } },
  }, async (request) => consent.notifications(requirePrincipal(request)));

  app.post('/notifications/:id/read', {
    config: { access: { roles: HUMAN_ROLES } },
    schema: { tags: TAGS, summary: 'Mark one notification read', params: IdParams, response: { 200: Notification } },
  }, async (request) => consent.markRead(requirePrincipal(request), (request.params as { id: string }).id));

  app.get('/consent/data/:uscc', {
    config: { access: { roles: PARTIES } },
    schema: {
      tags: TAGS,
      summary: "An enterprise's data through the policy point: institutions (L1; L2 under a live authorisation), the subject, operators (reason required)",
      description: 'Without `items`: every item the caller may see. With `items`: 403 AUTHORISATION_REQUIRED (or 429 AUTHORISATION_LIMIT) '
        + 'with `refusedItems` and `refused` [{ item, code }] if any item is not allowed. Personal fields are masked per reader on the server; '
        + '`masked` names them. Every decision, allowed or refused, is written to the audit log.',
      params: DataParams, querystring: DataQuery, response: { 200: DataReply },
    },
  }, async (request) => {
    const q = request.query as Static<typeof DataQuery>;
    const items = q.items ? q.items.split(',').map((s) => s.trim()).filter((s) => s !== '') : null;
    return consent.read(requirePrincipal(request), (request.params as { uscc: string }).uscc.trim().toUpperCase(), {
      purpose: q.purpose ?? null, items, reason: q.reason ?? null,
    });
  });
};
