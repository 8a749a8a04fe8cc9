import type { Queryable } from '../../platform/db/index.ts';

export interface PeerRow {
  node_id: string;
  relation: 'upper' | 'lower';
  tier: 'county' | 'city' | 'province' | 'national';
  region_code: string;
  name: string;
  base_url: string;
  alg: 'sm2' | 'ed25519';
  public_key: string;
  status: 'pending' | 'approved' | 'rejected';
  org_id: string | null;
  registered_at: Date;
  approved_at: Date | null;
  approved_by: string | null;
  last_contact_at: Date | null;
  last_success_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
}

export interface OutboxRow {
  seq: string;
  id: string;
  peer_node_id: string;
  kind: 'statistics' | 'records';
  idem_key: string;
  subject: string;
  payload: unknown;
  payload_sm3: string;
  status: 'pending' | 'sent';
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  receipt: 'stored' | 'duplicate' | null;
}

export interface InboxRow {
  idem_key: string;
  from_node_id: string;
  kind: 'statistics' | 'records';
  subject: string;
  payload: unknown;
  payload_sm3: string;
  received_at: Date;
}

const PEER_COLUMNS = `node_id, relation, tier, region_code, name, base_url, alg, public_key, status, org_id, registered_at, approved_at,
  approved_by, last_contact_at, last_success_at, last_error, last_error_at`;
const OUTBOX_COLUMNS = `seq::text AS seq, id, peer_node_id, kind, idem_key, subject, payload, payload_sm3, status, attempts, next_attempt_at,
  last_error, created_at, sent_at, receipt`;

/** SQL for the federation tables only. */
export function federationStore(q: Queryable) {
  return {
    async peer(nodeId: string): Promise<PeerRow | undefined> {
      return (await q.query<PeerRow>(`SELECT ${PEER_COLUMNS} FROM federation_peers WHERE node_id = $1`, [nodeId]))[0];
    },
    async upper(): Promise<PeerRow | undefined> {
      return (await q.query<PeerRow>(`SELECT ${PEER_COLUMNS} FROM federation_peers WHERE relation = 'upper'`))[0];
    },
    async peers(relation: 'upper' | 'lower'): Promise<PeerRow[]> {
      return q.query<PeerRow>(`SELECT ${PEER_COLUMNS} FROM federation_peers WHERE relation = $1 ORDER BY region_code, node_id`, [relation]);
    },
    /** A concurrent second registration of the same node finds the first one's row (no error). */
    async insertPeer(p: Pick<PeerRow, 'node_id' | 'relation' | 'tier' | 'region_code' | 'name' | 'base_url' | 'alg' | 'public_key' | 'status' | 'registered_at'>): Promise<void> {
      await q.query(
        `INSERT INTO federation_peers (node_id, relation, tier, region_code, name, base_url, alg, public_key, status, registered_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (node_id) DO NOTHING`,
        [p.node_id, p.relation, p.tier, p.region_code, p.name, p.base_url, p.alg, p.public_key, p.status, p.registered_at],
      );
    },
    /** A re-registration may move a node's address or rename it; its key and id never change. */
    async updatePeerDescription(nodeId: string, d: { tier: string; regionCode: string; name: string; baseUrl: string }): Promise<void> {
      await q.query('UPDATE federation_peers SET tier = $2, region_code = $3, name = $4, base_url = $5 WHERE node_id = $1', [nodeId, d.tier, d.regionCode, d.name, d.baseUrl]);
    },
    async approvePeer(nodeId: string, orgId: string, by: string | null, at: Date): Promise<boolean> {
      const rows = await q.query(
        `UPDATE federation_peers SET status = 'approved', org_id = $2, approved_by = $3, approved_at = $4 WHERE node_id = $1 AND status <> 'approved' RETURNING node_id`,
        [nodeId, orgId, by, at],
      );
      return rows.length === 1;
    },
    async setPeerStatus(nodeId: string, status: PeerRow['status'], orgId: string | null, at: Date): Promise<void> {
      await q.query(
        `UPDATE federation_peers SET status = $2, org_id = COALESCE($3, org_id), approved_at = CASE WHEN $2 = 'approved' THEN COALESCE(approved_at, $4) ELSE approved_at END WHERE node_id = $1`,
        [nodeId, status, orgId, at],
      );
    },
    async peerContact(nodeId: string, at: Date, error: string | null): Promise<void> {
      await q.query(
        error === null
          ? 'UPDATE federation_peers SET last_contact_at = $2, last_success_at = $2, last_error = NULL WHERE node_id = $1'
          : 'UPDATE federation_peers SET last_contact_at = $2, last_error = $3, last_error_at = $2 WHERE node_id = $1',
        error === null ? [nodeId, at] : [nodeId, at, error],
      );
    },

    /** Queues an item; an existing key is left as it is (false). */
    async enqueue(o: { id: string; peerNodeId: string; kind: OutboxRow['kind']; idemKey: string; subject: string; payload: unknown; payloadSm3: string; at: Date }): Promise<boolean> {
      const rows = await q.query(
        `INSERT INTO federation_outbox (id, peer_node_id, kind, idem_key, subject, payload, payload_sm3, status, next_attempt_at, created_at)
         VALUES ($1,$2,$3,$4,$5,$6::jsonb,$7,'pending',$8,$8) ON CONFLICT (idem_key) DO NOTHING RETURNING id`,
        [o.id, o.peerNodeId, o.kind, o.idemKey, o.subject, JSON.stringify(o.payload), o.payloadSm3, o.at],
      );
      return rows.length === 1;
    },
    /** The newest queued item about one subject (a month's report), to decide whether a new revision is needed. */
    async latestFor(peerNodeId: string, kind: OutboxRow['kind'], subject: string): Promise<{ idem_key: string; payload: unknown; revisions: number } | undefined> {
      return (await q.query<{ idem_key: string; payload: unknown; revisions: number }>(
        `SELECT idem_key, payload, (SELECT count(*)::int FROM federation_outbox o2 WHERE o2.peer_node_id = $1 AND o2.kind = $2 AND o2.subject = $3) AS revisions
           FROM federation_outbox WHERE peer_node_id = $1 AND kind = $2 AND subject = $3 ORDER BY seq DESC LIMIT 1`,
        [peerNodeId, kind, subject],
      ))[0];
    },
    /** The peer's pending items in order; the head decides when the peer is due (items go strictly in order). */
    async pending(peerNodeId: string, limit: number): Promise<OutboxRow[]> {
      return q.query<OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM federation_outbox WHERE peer_node_id = $1 AND status = 'pending' ORDER BY seq LIMIT $2`, [peerNodeId, limit]);
    },
    async markSent(id: string, receipt: 'stored' | 'duplicate', at: Date): Promise<void> {
      await q.query(`UPDATE federation_outbox SET status = 'sent', sent_at = $2, receipt = $3, attempts = attempts + 1, last_error = NULL WHERE id = $1`, [id, at, receipt]);
    },
    async markFailed(id: string, error: string, nextAttemptAt: Date): Promise<number> {
      const rows = await q.query<{ attempts: number }>(
        'UPDATE federation_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE id = $1 RETURNING attempts',
        [id, error, nextAttemptAt],
      );
      return rows[0]?.attempts ?? 0;
    },
    async dueNow(peerNodeId: string | null, at: Date): Promise<number> {
      const rows = await q.query(
        `UPDATE federation_outbox SET next_attempt_at = $2 WHERE status = 'pending' AND ($1::text IS NULL OR peer_node_id = $1) RETURNING id`,
        [peerNodeId, at],
      );
      return rows.length;
    },
    async outboxCounts(): Promise<{ peer_node_id: string; pending: number; sent: number; oldest_pending_at: Date | null; last_error: string | null }[]> {
      return q.query(
        `SELECT peer_node_id, count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'sent')::int AS sent,
                min(created_at) FILTER (WHERE status = 'pending') AS oldest_pending_at,
                (array_agg(last_error ORDER BY seq) FILTER (WHERE status = 'pending' AND last_error IS NOT NULL))[1] AS last_error
           FROM federation_outbox GROUP BY peer_node_id`,
      );
    },
    async recentOutbox(limit: number): Promise<OutboxRow[]> {
      return q.query<OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM federation_outbox ORDER BY seq DESC LIMIT $1`, [limit]);
    },

    async inboxItem(idemKey: string): Promise<InboxRow | undefined> {
      return (await q.query<InboxRow>('SELECT idem_key, from_node_id, kind, subject, payload, payload_sm3, received_at FROM federation_inbox WHERE idem_key = $1', [idemKey]))[0];
    },
    async insertInbox(r: { idemKey: string; fromNodeId: string; kind: InboxRow['kind']; subject: string; payload: unknown; payloadSm3: string; at: Date }): Promise<boolean> {
      const rows = await q.query(
        `INSERT INTO federation_inbox (idem_key, from_node_id, kind, subject, payload, payload_sm3, received_at)
         VALUES ($1,$2,$3,$4,$5::jsonb,$6,$7) ON CONFLICT (idem_key) DO NOTHING RETURNING idem_key`,
        [r.idemKey, r.fromNodeId, r.kind, r.subject, JSON.stringify(r.payload), r.payloadSm3, r.at],
      );
      return rows.length === 1;
    },
    async inboxCounts(): Promise<{ from_node_id: string; items: number; last_received_at: Date | null; latest_month: string | null }[]> {
      return q.query(
        `SELECT from_node_id, count(*)::int AS items, max(received_at) AS last_received_at,
                max(subject) FILTER (WHERE kind = 'statistics') AS latest_month
           FROM federation_inbox GROUP BY from_node_id`,
      );
    },
    async inboxOf(fromNodeId: string, kind: InboxRow['kind'] | null, limit: number): Promise<InboxRow[]> {
      return q.query<InboxRow>(
        `SELECT idem_key, from_node_id, kind, subject, payload, payload_sm3, received_at FROM federation_inbox
          WHERE from_node_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY received_at DESC, idem_key LIMIT $3`,
        [fromNodeId, kind, limit],
      );
    },

    async recordCursor(peerNodeId: string, itemCode: string): Promise<[string, string] | null> {
      const r = (await q.query<{ after_uscc: string; after_key: string }>(
        'SELECT after_uscc, after_key FROM federation_record_cursors WHERE peer_node_id = $1 AND item_code = $2', [peerNodeId, itemCode],
      ))[0];
      return r ? [r.after_uscc, r.after_key] : null;
    },
    async saveRecordCursor(peerNodeId: string, itemCode: string, after: [string, string], at: Date): Promise<void> {
      await q.query(
        `INSERT INTO federation_record_cursors (peer_node_id, item_code, after_uscc, after_key, updated_at) VALUES ($1,$2,$3,$4,$5)
         ON CONFLICT (peer_node_id, item_code) DO UPDATE SET after_uscc = EXCLUDED.after_uscc, after_key = EXCLUDED.after_key, updated_at = EXCLUDED.updated_at`,
        [peerNodeId, itemCode, after[0], after[1], at],
      );
    },
  };
}

export type FederationStore = ReturnType<typeof federationStore>;
