import { createPeriodicJob, type PeriodicJob } from '../../platform/events/index.ts';
import { notFound } from '../../platform/http/index.ts';
import { createExchange } from './exchange.ts';
import { localIdentity, type NodeIdentity } from './node-identity.ts';
import { lastCompleteMonth, monthsBetween } from './network-rules.ts';
import type { FederationDeps } from './ports.ts';
import { createRecordSharing } from './record-sharing.ts';
import { createRegistration } from './registration.ts';
import { federationStore, type OutboxRow, type PeerRow } from './store.ts';

export interface PeerView {
  nodeId: string;
  relation: 'upper' | 'lower';
  tier: PeerRow['tier'];
  regionCode: string;
  name: string;
  baseUrl: string;
  alg: PeerRow['alg'];
  publicKey: string;
  status: PeerRow['status'];
  registeredAt: string;
  approvedAt: string | null;
  lastContactAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  /** items this node still has to send the peer, the oldest one's age */
  pending: number;
  sent: number;
  oldestPendingAt: string | null;
  /** items received from the peer; for a lower node the newest month of statistics and how far that is behind */
  received: number;
  latestMonth: string | null;
  monthsBehind: number | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** C15 平台网络: node identity, registration, upward reporting and record sharing, downward sharing, the operator view. */
export function createFederationService(deps: FederationDeps) {
  const store = federationStore(deps.db);
  const registration = createRegistration(deps);
  const exchange = createExchange(deps);
  const records = createRecordSharing(deps, exchange);

  return {
    identity: (): NodeIdentity => localIdentity(deps.config, deps.keys),
    ...registration,
    ...exchange,
    ...records,

    /** What the operator screen shows: this node, its upper node with the pinned key, its lower nodes, lag and queue. */
    async overview() {
      const [upper, lowers, out, inbox, recent] = await Promise.all([store.upper(), store.peers('lower'), store.outboxCounts(), store.inboxCounts(), store.recentOutbox(20)]);
      const outBy = new Map(out.map((o) => [o.peer_node_id, o]));
      const inBy = new Map(inbox.map((i) => [i.from_node_id, i]));
      const reportMonth = lastCompleteMonth(deps.clock());
      const view = (p: PeerRow): PeerView => {
        const o = outBy.get(p.node_id);
        const i = inBy.get(p.node_id);
        const latestMonth = i?.latest_month ?? null;
        return {
          nodeId: p.node_id, relation: p.relation, tier: p.tier, regionCode: p.region_code, name: p.name, baseUrl: p.base_url, alg: p.alg, publicKey: p.public_key,
          status: p.status, registeredAt: p.registered_at.toISOString(), approvedAt: iso(p.approved_at), lastContactAt: iso(p.last_contact_at),
          lastSuccessAt: iso(p.last_success_at), lastError: p.last_error, lastErrorAt: iso(p.last_error_at),
          pending: o?.pending ?? 0, sent: o?.sent ?? 0, oldestPendingAt: iso(o?.oldest_pending_at ?? null),
          received: i?.items ?? 0, latestMonth,
          monthsBehind: p.relation === 'lower' ? (latestMonth ? Math.max(0, monthsBetween(latestMonth, reportMonth)) : null) : null,
        };
      };
      return {
        self: localIdentity(deps.config, deps.keys),
        upperNodeUrl: deps.config.upperNodeUrl,
        reportMonth,
        upper: upper ? view(upper) : null,
        lowers: lowers.map(view),
        recent: recent.map(shapeOutbox),
      };
    },

    /** What a lower node has reported (the federation view of received items, newest first). */
    async receivedFrom(nodeId: string, limit: number) {
      const peer = await store.peer(nodeId);
      if (!peer) throw notFound('FEDERATION_NODE_UNKNOWN', { zh: '没有这个节点', en: 'No such node' });
      return (await store.inboxOf(nodeId, null, limit)).map((r) => ({ key: r.idem_key, kind: r.kind, subject: r.subject, payloadSm3: r.payload_sm3, receivedAt: r.received_at.toISOString() }));
    },
  };
}

export function shapeOutbox(o: OutboxRow) {
  return {
    key: o.idem_key, peerNodeId: o.peer_node_id, kind: o.kind, subject: o.subject, status: o.status, attempts: o.attempts,
    nextAttemptAt: o.next_attempt_at.toISOString(), lastError: o.last_error, createdAt: o.created_at.toISOString(), sentAt: iso(o.sent_at), receipt: o.receipt,
  };
}

export type FederationService = ReturnType<typeof createFederationService>;

/**
 * Every 15 s: on a lower node queue last month's report once the upper node is known, queue shared-record pages, and
 * send whatever is due to every peer. Restarts are safe: the queue and cursors are in the database.
 */
export function createFederationScheduler(o: { federation: FederationService; everyMs?: number; onError: (err: unknown) => void }): PeriodicJob {
  return createPeriodicJob({
    everyMs: o.everyMs ?? 15_000,
    onError: o.onError,
    run: async () => {
      await o.federation.queueDue();
      await o.federation.syncNow();
    },
  });
}
