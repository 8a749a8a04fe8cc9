import { uuidv7 } from '../../platform/crypto/index.ts';
import { documentSm3 } from './envelope.ts';
import type { Exchange } from './exchange.ts';
import { localIdentity } from './node-identity.ts';
import { lastCompleteMonth } from './network-rules.ts';
import type { FederationDeps } from './ports.ts';
import { federationStore, type PeerRow } from './store.ts';
import { DOWNWARD_ITEMS, UPWARD_ITEMS } from './sharing-scope.ts';

/** Records per exchange item, and pages queued per item and run — bounded so one run never holds a peer for long. */
export const PAGE_ROWS = 200;
const PAGES_PER_RUN = 5;

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * Record sharing queues pages of records for a peer, resumable by a (uscc, record key) cursor saved in the same
 * transaction as the page it ends — after a crash the next run continues where the queue ends, never twice.
 * Records added later with a key before the cursor wait for the cursor to be reset (documented limit).
 */
export function createRecordSharing(deps: FederationDeps, exchange: Pick<Exchange, 'queueMonthlyReport'>) {
  const store = federationStore(deps.db);
  const me = () => localIdentity(deps.config, deps.keys);

  async function queuePages(peer: PeerRow, itemCode: string, dateField: string, onOrBefore: string): Promise<number> {
    if (!deps.records) return 0;
    let queued = 0;
    for (let page = 0; page < PAGES_PER_RUN; page++) {
      const after = await store.recordCursor(peer.node_id, itemCode);
      const found = await deps.records.published(itemCode, dateField, onOrBefore, after, PAGE_ROWS);
      if (found.length === 0) return queued;
      const payload = { format: 'xinrong.shared-records/v1', itemCode, rows: found.map((r) => ({ uscc: r.uscc, ...r.data })), after, through: onOrBefore };
      const sm3 = documentSm3(payload);
      const last = found[found.length - 1];
      // content-addressed key: the same page queued again (after a crash before the cursor moved) is the same item
      const key = `${me().nodeId}:records:${itemCode}:${sm3.slice(0, 32)}`;
      await deps.db.tx(async (q) => {
        const s = federationStore(q);
        await s.enqueue({ id: uuidv7(), peerNodeId: peer.node_id, kind: 'records', idemKey: key, subject: `${itemCode}@${onOrBefore}`, payload, payloadSm3: sm3, at: new Date(deps.clock()) });
        await s.saveRecordCursor(peer.node_id, itemCode, [last.uscc, last.key], new Date(deps.clock()));
      });
      queued++;
      if (found.length < PAGE_ROWS) return queued;
    }
    return queued;
  }

  return {
    /** What the scheduler queues each turn: last month's report once, and shared-record pages up and down. */
    async queueDue(): Promise<{ reports: number; recordPages: number }> {
      const month = lastCompleteMonth(deps.clock());
      const through = lastDayOf(month);
      let reports = 0;
      let recordPages = 0;
      const upper = await store.upper();
      if (upper && upper.status === 'approved') {
        if (deps.statistics && !(await store.latestFor(upper.node_id, 'statistics', month))) {
          if ((await exchange.queueMonthlyReport(null, month)).queued) reports++;
        }
        for (const it of UPWARD_ITEMS) recordPages += await queuePages(upper, it.itemCode, it.dateField, through);
      }
      const self = me();
      if (self.tier === 'national' || self.tier === 'province') {
        for (const lower of await store.peers('lower')) {
          if (lower.status !== 'approved') continue;
          for (const it of DOWNWARD_ITEMS) recordPages += await queuePages(lower, it.itemCode, it.dateField, through);
        }
      }
      return { reports, recordPages };
    },
  };
}
