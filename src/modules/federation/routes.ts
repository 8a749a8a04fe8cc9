import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { requirePrincipal } from '../../platform/http/index.ts';
import type { ExchangeItem } from './exchange.ts';
import type { NodeIdentity } from './node-identity.ts';
import type { Proof } from './envelope.ts';
import type { FederationService } from './service.ts';
import {
  ExchangeItemSchema, ExchangeReceipt, NodeIdentitySchema, NodeParams, OverviewSchema, PeerSchema, QueueReportAnswer, QueueReportBody, ReceivedList,
  RegistrationAnswerSchema, RegistrationBody, SyncAnswer, SyncBody,
} from './schemas.ts';

export interface FederationRouteOptions { federation: FederationService }

const TAGS = ['federation'];
const VIEWERS = ['op_admin', 'op_supervisor'] as const;
/** approving a node is a trust decision and registering speaks for this node: the platform administrator */
const ADMIN = ['op_admin'] as const;
const NODE = ['node'] as const;

/**
 * C15 平台网络 under /api/v1/federation. Node-to-node routes (the contract in docs/federation.openapi.yaml): the public
 * identity, the registration (its proof travels in the body) and the signed inbox (role `node`: the x-xr-* envelope
 * verified against the key registered for the sending node). Operator routes: the overview and its actions.
 */
export const federationRoutes: FastifyPluginAsync<FederationRouteOptions> = async (app, opts) => {
  const { federation } = opts;

  app.get('/federation/node', {
    config: { access: 'public' },
    schema: { tags: TAGS, summary: "This node's identity: id, tier, region, name, base URL and public key", response: { 200: NodeIdentitySchema } },
  }, async () => federation.identity());

  app.post('/federation/registrations', {
    config: { access: 'public' },
    schema: {
      tags: TAGS, summary: 'A lower node registers (identity and a proof signed with its key); idempotent per node id; answers this node with the status',
      body: RegistrationBody, response: { 200: RegistrationAnswerSchema },
    },
  }, async (request) => federation.receiveRegistration(request.body as { node: NodeIdentity; proof: Proof }));

  app.post('/federation/inbox', {
    config: { access: { roles: NODE } },
    schema: {
      tags: TAGS, summary: 'A signed exchange item from a peer node (statistics up, records up or down); stored once per key, a resend answers duplicate',
      security: [{ signedRequest: [] }], body: ExchangeItemSchema, response: { 200: ExchangeReceipt },
    },
  }, async (request) => federation.receive(requirePrincipal(request), request.body as ExchangeItem));

  app.get('/federation/overview', {
    config: { access: { roles: VIEWERS } },
    schema: { tags: TAGS, summary: 'Operator view: this node, its upper node and pinned key, lower nodes with status, last sync, lag and queue', response: { 200: OverviewSchema } },
  }, async () => federation.overview());

  app.post('/federation/upper/registration', {
    config: { access: { roles: ADMIN } },
    schema: { tags: TAGS, summary: 'Register with the configured upper node (idempotent) and pin its key on first contact', response: { 200: RegistrationAnswerSchema } },
  }, async (request) => federation.registerWithUpper(requirePrincipal(request)));

  app.post('/federation/nodes/:nodeId/approve', {
    config: { access: { roles: ADMIN } },
    schema: { tags: TAGS, summary: "Approve a registered lower node: its key is trusted for signed exchanges (idempotent)", params: NodeParams, response: { 200: PeerSchema } },
  }, async (request) => {
    const { nodeId } = request.params as Static<typeof NodeParams>;
    await federation.approve(requirePrincipal(request), nodeId);
    const view = (await federation.overview()).lowers.find((l) => l.nodeId === nodeId);
    return view;
  });

  app.post('/federation/reports', {
    config: { access: { roles: ADMIN } },
    schema: {
      tags: TAGS, summary: "Queue this node's statistics of a month for the upper node; the same figures queue once, changed figures as the next revision",
      body: QueueReportBody, response: { 200: QueueReportAnswer },
    },
  }, async (request) => federation.queueMonthlyReport(requirePrincipal(request), (request.body as Static<typeof QueueReportBody>).month));

  app.post('/federation/sync', {
    config: { access: { roles: VIEWERS } },
    schema: { tags: TAGS, summary: 'Retry now: make waiting items due (all peers or one) and send them in order', body: SyncBody, response: { 200: SyncAnswer } },
  }, async (request) => federation.retryNow(requirePrincipal(request), (request.body as Static<typeof SyncBody>).nodeId ?? null));

  app.get('/federation/nodes/:nodeId/received', {
    config: { access: { roles: VIEWERS } },
    schema: { tags: TAGS, summary: 'Items received from a node, newest first (keys, subjects, digests)', params: NodeParams, response: { 200: ReceivedList } },
  }, async (request) => ({ items: await federation.receivedFrom((request.params as Static<typeof NodeParams>).nodeId, 100) }));
};
