/**
 * C15 平台网络 — the federation API as the operator console consumes it (shapes: src/modules/federation/schemas.ts).
 * Times are ISO 8601 with offset.
 */
import { api } from './client.ts';

export type NodeTier = 'county' | 'city' | 'province' | 'national';
export type PeerStatus = 'pending' | 'approved' | 'rejected';

export interface NodeIdentity {
  nodeId: string;
  tier: NodeTier;
  regionCode: string;
  name: string;
  baseUrl: string | null;
  alg: 'sm2' | 'ed25519';
  publicKey: string;
}

export interface Peer {
  nodeId: string;
  relation: 'upper' | 'lower';
  tier: NodeTier;
  regionCode: string;
  name: string;
  baseUrl: string;
  alg: 'sm2' | 'ed25519';
  publicKey: string;
  status: PeerStatus;
  registeredAt: string;
  approvedAt: string | null;
  lastContactAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  pending: number;
  sent: number;
  oldestPendingAt: string | null;
  received: number;
  latestMonth: string | null;
  monthsBehind: number | null;
}

export interface OutboxItem {
  key: string;
  peerNodeId: string;
  kind: 'statistics' | 'records';
  subject: string;
  status: 'pending' | 'sent';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  receipt: 'stored' | 'duplicate' | null;
}

export interface Overview {
  self: NodeIdentity;
  upperNodeUrl: string | null;
  reportMonth: string;
  upper: Peer | null;
  lowers: Peer[];
  recent: OutboxItem[];
}

export interface SyncResult { due: number; sent: number; duplicates: number; failed: number }

export const FEDERATION_PATHS = { overview: '/federation/overview' } as const;

export const registerWithUpper = () => api<{ status: PeerStatus; upper: NodeIdentity }>('/federation/upper/registration', { method: 'POST', body: {} });
export const approveNode = (nodeId: string) => api<Peer>(`/federation/nodes/${encodeURIComponent(nodeId)}/approve`, { method: 'POST', body: {} });
export const queueReport = (month: string) => api<{ key: string; queued: boolean }>('/federation/reports', { method: 'POST', body: { month } });
export const syncNow = (nodeId?: string) => api<SyncResult>('/federation/sync', { method: 'POST', body: nodeId ? { nodeId } : {} });
