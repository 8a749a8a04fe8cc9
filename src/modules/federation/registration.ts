import { AppError, badRequest, conflict, forbidden, notFound, unauthorized, type Principal } from '../../platform/http/index.ts';
import { isSigningAlgorithm } from '../../platform/crypto/index.ts';
import { actorOf, type AuditActor } from '../audit/index.ts';
import { proveDocument, verifyDocumentProof, type Proof } from './envelope.ts';
import { localIdentity, nodeIdOf, TIERS, type NodeIdentity } from './node-identity.ts';
import { registrationRefusal } from './network-rules.ts';
import type { FederationDeps } from './ports.ts';
import { federationStore, type PeerRow } from './store.ts';
import { callPeer, PeerCallError } from './transport.ts';

export const REGISTRATION_PATH = '/api/v1/federation/registrations';

export interface RegistrationAnswer {
  status: PeerRow['status'];
  upper: NodeIdentity;
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, keyId: null, role: 'system', orgId: null, orgKind: null };

/**
 * Registration (C15): a lower node presents its identity with a proof of its key to its upper node; the upper node's
 * operator approves it (the area check is automatic, the trust decision is a person's — anyone can claim a region
 * code). The lower node pins the upper node's key on first contact and trusts it for downward sharing.
 */
export function createRegistration(deps: FederationDeps) {
  const store = federationStore(deps.db);
  const me = () => localIdentity(deps.config, deps.keys);
  const now = () => new Date(deps.clock());

  return {
    /** Lower node: register with (or re-contact) the configured upper node and pin its key. */
    async registerWithUpper(principal: Principal | null): Promise<{ status: PeerRow['status']; upper: NodeIdentity }> {
      const upperUrl = deps.config.upperNodeUrl;
      if (!upperUrl) throw badRequest('FEDERATION_NO_UPPER', { zh: '未配置上级节点地址（XINRONG_UPPER_NODE_URL）', en: 'No upper node is configured (XINRONG_UPPER_NODE_URL)' });
      const self = me();
      if (!self.baseUrl) throw badRequest('FEDERATION_NO_PUBLIC_URL', { zh: '未配置本节点对外地址（XINRONG_PUBLIC_URL）', en: 'This node has no public URL (XINRONG_PUBLIC_URL)' });
      const proof = proveDocument({ alg: deps.keys.signing.alg, privateKey: deps.keys.signing.privateKey, publicKey: deps.keys.signing.publicKey }, self.nodeId, REGISTRATION_PATH, self, now());
      let answer: RegistrationAnswer;
      try {
        answer = await callPeer({ baseUrl: upperUrl, path: '/api/v1/federation/registrations', method: 'POST', body: { node: self, proof }, now: now() }) as RegistrationAnswer;
      } catch (err) {
        if (!(err instanceof PeerCallError)) throw err;
        await deps.audit.append({ kind: 'change', action: 'federation.registration.sent', actor: actorOf(principal), outcome: 'failed', reason: err.code, destination: 'federation', target: { type: 'node', id: upperUrl } });
        throw new AppError(err.code, 502, { zh: `上级节点注册失败：${err.message}`, en: `Registration with the upper node failed: ${err.message}` });
      }
      const upper = answer.upper;
      if (!isSigningAlgorithm(upper.alg) || nodeIdOf(upper.alg, upper.publicKey) !== upper.nodeId) {
        throw badRequest('FEDERATION_UPPER_ID_MISMATCH', { zh: '上级节点的节点标识与其公钥不符', en: "The upper node's id does not match its public key" });
      }
      const pinned = await store.upper();
      if (pinned && (pinned.node_id !== upper.nodeId || pinned.public_key !== upper.publicKey)) {
        // A changed key is either a re-keyed upper node or somebody in between: an operator must compare fingerprints.
        await deps.audit.append({ kind: 'change', action: 'federation.registration.sent', actor: actorOf(principal), outcome: 'refused', reason: 'FEDERATION_UPPER_KEY_CHANGED', destination: 'federation', target: { type: 'node', id: upper.nodeId } });
        throw conflict('FEDERATION_UPPER_KEY_CHANGED', {
          zh: `上级节点的公钥与首次连接时固定的不一致（固定：${pinned.node_id}，现在：${upper.nodeId}）`,
          en: `The upper node's key differs from the one pinned on first contact (pinned ${pinned.node_id}, now ${upper.nodeId})`,
        });
      }
      const orgId = await deps.trustNodeKey({ nodeId: upper.nodeId, name: upper.name, regionCode: upper.regionCode, alg: upper.alg, publicKey: upper.publicKey });
      if (!pinned) {
        await store.insertPeer({
          node_id: upper.nodeId, relation: 'upper', tier: upper.tier, region_code: upper.regionCode, name: upper.name, base_url: upperUrl,
          alg: upper.alg, public_key: upper.publicKey, status: answer.status, registered_at: now(),
        });
      } else {
        await store.updatePeerDescription(upper.nodeId, { tier: upper.tier, regionCode: upper.regionCode, name: upper.name, baseUrl: upperUrl });
      }
      await store.setPeerStatus(upper.nodeId, answer.status, orgId, now());
      await store.peerContact(upper.nodeId, now(), null);
      await deps.audit.append({
        kind: 'change', action: 'federation.registration.sent', actor: actorOf(principal), outcome: 'ok', destination: 'federation',
        target: { type: 'node', id: upper.nodeId }, details: { status: answer.status, pinned: !pinned },
      });
      return { status: answer.status, upper };
    },

    /** Upper node: a lower node presents itself; checks the proof, tier and area, and records it pending approval. */
    async receiveRegistration(body: { node: NodeIdentity; proof: Proof }): Promise<RegistrationAnswer> {
      const { node, proof } = body;
      const self = me();
      // the registering node is not trusted yet: the platform acts, the claimed node id is recorded
      const actor = { ...SYSTEM_ACTOR, keyId: node.nodeId };
      const refuse = async (code: string, status: number, zh: string, en: string) => {
        await deps.audit.append({ kind: 'change', action: 'federation.registration.received', actor, outcome: 'refused', reason: code, destination: 'federation', target: { type: 'node', id: node.nodeId } });
        if (status === 401) return unauthorized(code, { zh, en });
        return status === 403 ? forbidden(code, { zh, en }) : badRequest(code, { zh, en });
      };
      if (!TIERS.includes(node.tier) || !node.baseUrl) throw await refuse('FEDERATION_IDENTITY_INVALID', 400, '节点身份信息不完整', 'The node identity is incomplete');
      if (nodeIdOf(node.alg, node.publicKey) !== node.nodeId) {
        throw await refuse('FEDERATION_ID_MISMATCH', 400, '节点标识与其公钥不符', 'The node id does not match its public key');
      }
      const proved = await verifyDocumentProof({ nodeId: node.nodeId, alg: node.alg, publicKey: node.publicKey, pathWithQuery: REGISTRATION_PATH, document: node, proof, nonceStore: deps.nonceStore, now: now() });
      if (!proved.ok) throw await refuse(proved.code, 401, `注册签名校验失败：${proved.message}`, `Registration proof failed: ${proved.message}`);
      const refusal = registrationRefusal(self, node);
      if (refusal === 'FEDERATION_TIER_NOT_BELOW') {
        throw await refuse(refusal, 403, `${node.tier} 级节点不能注册到 ${self.tier} 级节点之下`, `A ${node.tier} node cannot register below a ${self.tier} node`);
      }
      if (refusal === 'FEDERATION_REGION_OUTSIDE') {
        throw await refuse(refusal, 403, `区域 ${node.regionCode} 不在本节点辖区 ${self.regionCode} 内`, `Region ${node.regionCode} is outside this node's area ${self.regionCode}`);
      }
      const existing = await store.peer(node.nodeId);
      if (existing && existing.relation !== 'lower') throw await refuse('FEDERATION_RELATION_CONFLICT', 400, '该节点是本节点的上级节点', 'That node is this node\'s upper node');
      if (existing) {
        await store.updatePeerDescription(node.nodeId, { tier: node.tier, regionCode: node.regionCode, name: node.name, baseUrl: node.baseUrl });
      } else {
        await store.insertPeer({
          node_id: node.nodeId, relation: 'lower', tier: node.tier, region_code: node.regionCode, name: node.name, base_url: node.baseUrl,
          alg: node.alg, public_key: node.publicKey, status: 'pending', registered_at: now(),
        });
      }
      await store.peerContact(node.nodeId, now(), null);
      const status = existing?.status ?? 'pending';
      await deps.audit.append({
        kind: 'change', action: 'federation.registration.received', actor, outcome: 'ok', destination: 'federation',
        target: { type: 'node', id: node.nodeId }, details: { tier: node.tier, regionCode: node.regionCode, status, first: !existing },
      });
      return { status, upper: self };
    },

    /** Upper node's operator: approve a registered lower node; its key is trusted from now on. */
    async approve(principal: Principal, nodeId: string): Promise<PeerRow> {
      const peer = await store.peer(nodeId);
      if (!peer || peer.relation !== 'lower') throw notFound('FEDERATION_NODE_UNKNOWN', { zh: '没有这个下级节点', en: 'No such lower node' });
      const orgId = await deps.trustNodeKey({ nodeId, name: peer.name, regionCode: peer.region_code, alg: peer.alg, publicKey: peer.public_key });
      const changed = await store.approvePeer(nodeId, orgId, principal.kind === 'user' ? principal.userId : principal.keyId, now());
      await deps.audit.append({
        kind: 'change', action: 'federation.node.approved', actor: actorOf(principal), outcome: 'ok', destination: 'federation',
        target: { type: 'node', id: nodeId }, details: { alreadyApproved: !changed },
      });
      return (await store.peer(nodeId)) as PeerRow;
    },
  };
}

export type Registration = ReturnType<typeof createRegistration>;
