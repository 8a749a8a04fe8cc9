import { AppError, badRequest, conflict, forbidden, notFound, type Principal } from '../../platform/http/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import { actorOf } from '../audit/index.ts';
import { documentSm3 } from './envelope.ts';
import { localIdentity } from './node-identity.ts';
import { backoffMs, isMonth } from './network-rules.ts';
import type { FederationDeps, JsonDocument } from './ports.ts';
import { SYSTEM_ACTOR } from './registration.ts';
import { DOWNWARD_ITEMS, UPWARD_ITEMS } from './sharing-scope.ts';
import { federationStore, type OutboxRow, type PeerRow } from './store.ts';
import { callPeer, PeerCallError } from './transport.ts';

export const INBOX_PATH = '/api/v1/federation/inbox';

/** One exchange item on the wire (POST /federation/inbox). */
export interface ExchangeItem {
  key: string;
  kind: 'statistics' | 'records';
  subject: string;
  payload: JsonDocument;
  payloadSm3: string;
}

export interface SyncSummary {
  sent: number;
  duplicates: number;
  failed: number;
}

/**
 * Exchange (C15): an outbox of items per peer, sent strictly in order, each under a stable key the receiver stores
 * once; failures back off and the head item is retried (also after a restart of either side — everything is in the
 * tables). The inbox stores each received key once and applies it through the owning module's service.
 */
export function createExchange(deps: FederationDeps) {
  const store = federationStore(deps.db);
  const me = () => localIdentity(deps.config, deps.keys);
  const now = () => new Date(deps.clock());
  const signer = () => ({ key: { alg: deps.keys.signing.alg, privateKey: deps.keys.signing.privateKey, publicKey: deps.keys.signing.publicKey }, nodeId: deps.keys.signing.keyId });
  // One sync at a time in this process: the scheduler and an operator's "retry now" join the same run.
  let running: Promise<SyncSummary> | null = null;

  const sentAction = (kind: OutboxRow['kind']) => (kind === 'statistics' ? 'federation.report.sent' : 'federation.records.sent');
  const receivedAction = (kind: OutboxRow['kind']) => (kind === 'statistics' ? 'federation.report.received' : 'federation.records.received');

  async function sendPeer(peer: PeerRow, summary: SyncSummary): Promise<void> {
    for (;;) {
      const batch = await store.pending(peer.node_id, 20);
      if (batch.length === 0) return;
      for (const item of batch) {
        // strictly in order: when the head is waiting out its back-off, nothing behind it goes
        if (item.next_attempt_at.getTime() > deps.clock()) return;
        const wire: ExchangeItem = { key: item.idem_key, kind: item.kind, subject: item.subject, payload: item.payload as JsonDocument, payloadSm3: item.payload_sm3 };
        try {
          const answer = await callPeer({ baseUrl: peer.base_url, path: '/api/v1/federation/inbox', method: 'POST', body: wire, signer: signer(), now: now() }) as { result: 'stored' | 'duplicate' };
          await store.markSent(item.id, answer.result, now());
          await store.peerContact(peer.node_id, now(), null);
          if (peer.relation === 'upper' && peer.status === 'pending') {
            // the upper node accepted a signed exchange: its operator has approved us
            await store.setPeerStatus(peer.node_id, 'approved', null, now());
            peer.status = 'approved';
          }
          await deps.audit.append({
            kind: 'change', action: sentAction(item.kind), actor: SYSTEM_ACTOR, outcome: 'ok', destination: 'federation',
            target: { type: 'node', id: peer.node_id }, details: { key: item.idem_key, subject: item.subject, receipt: answer.result, sm3: item.payload_sm3 },
          });
          if (answer.result === 'duplicate') summary.duplicates++;
          else summary.sent++;
        } catch (err) {
          if (!(err instanceof PeerCallError)) throw err;
          const code = err.code === 'SIG_UNKNOWN_KEY' ? 'FEDERATION_NOT_APPROVED' : err.code;
          const attempts = item.attempts + 1;
          await store.markFailed(item.id, `${code}: ${err.message}`.slice(0, 500), new Date(deps.clock() + backoffMs(attempts)));
          await store.peerContact(peer.node_id, now(), `${code}: ${err.message}`.slice(0, 500));
          await deps.audit.append({
            kind: 'change', action: sentAction(item.kind), actor: SYSTEM_ACTOR, outcome: 'failed', reason: code, destination: 'federation',
            target: { type: 'node', id: peer.node_id }, details: { key: item.idem_key, attempts },
          });
          summary.failed++;
          return;
        }
      }
    }
  }

  async function syncAll(): Promise<SyncSummary> {
    const summary: SyncSummary = { sent: 0, duplicates: 0, failed: 0 };
    const peers = [...await store.peers('upper'), ...(await store.peers('lower')).filter((p) => p.status === 'approved')];
    for (const peer of peers) await sendPeer(peer, summary);
    return summary;
  }

  return {
    /** Sends what is due to every peer, in order; joins a run in progress. */
    syncNow(): Promise<SyncSummary> {
      if (!running) running = syncAll().finally(() => { running = null; });
      return running;
    },

    /** Operator: make every waiting item due now (or one peer's), then sync. */
    async retryNow(principal: Principal, nodeId: string | null): Promise<SyncSummary & { due: number }> {
      if (nodeId !== null && !(await store.peer(nodeId))) throw notFound('FEDERATION_NODE_UNKNOWN', { zh: '没有这个节点', en: 'No such node' });
      if (running) await running;
      const due = await store.dueNow(nodeId, now());
      await deps.audit.append({ kind: 'change', action: 'federation.retry.requested', actor: actorOf(principal), outcome: 'ok', destination: 'federation', target: nodeId ? { type: 'node', id: nodeId } : null, details: { due } });
      return { ...(await this.syncNow()), due };
    },

    /**
     * Lower node: queue this node's figures of a month for the upper node. The same figures queue once; changed
     * figures (a late correction) queue as the next revision under a new key, and the upper node replaces the month.
     */
    async queueMonthlyReport(principal: Principal | null, month: string): Promise<{ key: string; queued: boolean }> {
      if (!isMonth(month)) throw badRequest('FEDERATION_MONTH_INVALID', { zh: '月份应为 YYYY-MM', en: 'A month is YYYY-MM' });
      if (!deps.statistics) throw conflict('FEDERATION_NO_STATISTICS', { zh: '本节点未启用统计模块', en: 'This node has no statistics module' });
      const upper = await store.upper();
      if (!upper) throw conflict('FEDERATION_NOT_REGISTERED', { zh: '本节点尚未向上级节点注册', en: 'This node has not registered with an upper node' });
      const report = await deps.statistics.monthlyReport(month) as JsonDocument;
      const sm3 = documentSm3(report);
      const latest = await store.latestFor(upper.node_id, 'statistics', month);
      // the same figures generated again (only generatedAt differs) are not a revision
      if (latest && figuresSm3(latest.payload as JsonDocument) === figuresSm3(report)) return { key: latest.idem_key, queued: false };
      const key = `${me().nodeId}:statistics:${month}:r${(latest?.revisions ?? 0) + 1}`;
      const queued = await store.enqueue({ id: uuidv7(), peerNodeId: upper.node_id, kind: 'statistics', idemKey: key, subject: month, payload: report, payloadSm3: sm3, at: now() });
      await deps.audit.append({ kind: 'change', action: 'federation.report.queued', actor: actorOf(principal), outcome: 'ok', destination: 'federation', target: { type: 'node', id: upper.node_id }, details: { key, month } });
      return { key, queued };
    },

    /** Queues one item for a peer under a stable key (record sharing pages); false when the key is already queued. */
    queueItem: (peerNodeId: string, item: Omit<ExchangeItem, 'payloadSm3'>) =>
      store.enqueue({ id: uuidv7(), peerNodeId, kind: item.kind, idemKey: item.key, subject: item.subject, payload: item.payload, payloadSm3: documentSm3(item.payload), at: now() }),

    /** Receiving side: a signed item from a peer, stored once; a resend answers "duplicate". */
    async receive(principal: Principal, item: ExchangeItem): Promise<{ result: 'stored' | 'duplicate'; key: string }> {
      const peer = principal.kind === 'machine' ? await store.peer(principal.keyId) : undefined;
      const refuse = async (code: string) => {
        await deps.audit.append({ kind: 'change', action: receivedAction(item.kind), actor: actorOf(principal), outcome: 'refused', reason: code, destination: 'federation', target: { type: 'node', id: principal.kind === 'machine' ? principal.keyId : principal.orgId }, details: { key: item.key } });
      };
      if (!peer || (peer.relation === 'lower' && peer.status !== 'approved')) {
        await refuse('FEDERATION_NODE_NOT_APPROVED');
        throw forbidden('FEDERATION_NODE_NOT_APPROVED', { zh: '该节点未获批准与本节点交换数据', en: 'That node is not approved to exchange with this node' });
      }
      // Statistics only travel upward; records go up (shared records) or down (nationally held records).
      if (item.kind === 'statistics' && peer.relation !== 'lower') {
        await refuse('FEDERATION_DIRECTION');
        throw forbidden('FEDERATION_DIRECTION', { zh: '统计数据只能由下级节点上报', en: 'Statistics are reported by lower nodes only' });
      }
      if (!item.key.startsWith(`${peer.node_id}:`)) {
        await refuse('FEDERATION_KEY_FOREIGN');
        throw badRequest('FEDERATION_KEY_FOREIGN', { zh: '交换项标识须以发送节点标识开头', en: "An item key starts with the sending node's id" });
      }
      if (documentSm3(item.payload) !== item.payloadSm3) {
        await refuse('FEDERATION_PAYLOAD_DIGEST');
        throw badRequest('FEDERATION_PAYLOAD_DIGEST', { zh: '交换内容的摘要不符', en: 'The payload digest does not match' });
      }
      if (item.kind === 'statistics' && !isMonth(item.subject)) throw badRequest('FEDERATION_MONTH_INVALID', { zh: '月份应为 YYYY-MM', en: 'A month is YYYY-MM' });
      const held = await store.inboxItem(item.key);
      if (held) {
        if (held.payload_sm3 !== item.payloadSm3) {
          await refuse('FEDERATION_KEY_REUSED');
          throw conflict('FEDERATION_KEY_REUSED', { zh: '该交换项标识已用于另一份内容', en: 'That item key was already used for different content' });
        }
        await deps.audit.append({ kind: 'change', action: receivedAction(item.kind), actor: actorOf(principal), outcome: 'ok', destination: 'federation', target: { type: 'node', id: peer.node_id }, details: { key: item.key, receipt: 'duplicate' } });
        return { result: 'duplicate', key: item.key };
      }
      // Apply first, then remember the key: both steps are idempotent, so a crash in between only re-applies.
      try {
        await apply(peer, item);
      } catch (err) {
        // refused by the rules or the owning module's validation: audited like every other refusal, then answered
        if (err instanceof AppError) await refuse(err.code);
        throw err;
      }
      const stored = await store.insertInbox({ idemKey: item.key, fromNodeId: peer.node_id, kind: item.kind, subject: item.subject, payload: item.payload, payloadSm3: item.payloadSm3, at: now() });
      await store.peerContact(peer.node_id, now(), null);
      await deps.audit.append({
        kind: 'change', action: receivedAction(item.kind), actor: actorOf(principal), outcome: 'ok', destination: 'federation',
        target: { type: 'node', id: peer.node_id }, details: { key: item.key, subject: item.subject, receipt: stored ? 'stored' : 'duplicate', sm3: item.payloadSm3 },
      });
      return { result: stored ? 'stored' : 'duplicate', key: item.key };
    },
  };

  async function apply(peer: PeerRow, item: ExchangeItem): Promise<void> {
    if (item.kind === 'statistics') {
      if (deps.statistics) {
        await deps.statistics.recordLowerNodeReport({ nodeId: peer.node_id, nodeName: peer.name, regionCode: peer.region_code, month: item.subject, report: item.payload as never });
      }
      return;
    }
    if (!deps.records) throw conflict('FEDERATION_NO_RECORDS', { zh: '本节点不接收共享记录', en: 'This node does not take shared records' });
    const { itemCode, rows } = item.payload as { itemCode?: unknown; rows?: unknown };
    if (typeof itemCode !== 'string' || !Array.isArray(rows)) throw badRequest('FEDERATION_RECORDS_INVALID', { zh: '共享记录格式不正确', en: 'Shared records are malformed' });
    // a peer shares only what the network shares in its direction: a lower node cannot push, say, tax data upward
    const allowed = (peer.relation === 'lower' ? UPWARD_ITEMS : DOWNWARD_ITEMS).some((i) => i.itemCode === itemCode);
    if (!allowed) throw forbidden('FEDERATION_ITEM_NOT_SHARED', { zh: `信息项 ${itemCode} 不在该方向的共享范围内`, en: `Item ${itemCode} is not shared in that direction` });
    if (!peer.org_id) throw forbidden('FEDERATION_NODE_NOT_APPROVED', { zh: '该节点未获批准', en: 'That node is not approved' });
    await deps.records.store({ orgId: peer.org_id }, batchKeyOf(item.key), itemCode, rows as Record<string, unknown>[]);
  }
}

function figuresSm3(report: JsonDocument): string {
  const { generatedAt: _generatedAt, ...figures } = report;
  return documentSm3(figures);
}

/** An aggregation batch id from an item key (1–128 of [A-Za-z0-9._:#-]); long keys keep their unique tail. */
export function batchKeyOf(itemKey: string): string {
  const clean = itemKey.replace(/[^A-Za-z0-9._:#-]/g, '_');
  return clean.length <= 128 ? clean : clean.slice(0, 40) + '#' + clean.slice(-87);
}

export type Exchange = ReturnType<typeof createExchange>;
