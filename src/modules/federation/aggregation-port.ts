import type { AggregationService } from '../aggregation/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { RecordSharingPort } from './ports.ts';

/**
 * Record sharing through the aggregation module's public service: pages of published records are read with its
 * dated-records read, and received records go in through its submit path as a JSON batch from the sending node's
 * organisation — validated, versioned and quarantined like any provider's batch. Personal fields never leave the node.
 */
export function aggregationRecordPort(aggregation: AggregationService, catalog: CatalogService): RecordSharingPort {
  return {
    async published(itemCode, dateField, onOrBefore, after, limit) {
      const personal = new Set((await catalog.item(itemCode))?.fields.filter((f) => f.personal).map((f) => f.code) ?? []);
      const rows = await aggregation.publishedDatedOnOrBefore(itemCode, dateField, onOrBefore, after, limit);
      return rows.map((r) => ({ uscc: r.uscc, key: r.key, data: Object.fromEntries(Object.entries(r.data).filter(([k]) => !personal.has(k))) }));
    },
    async store(submitter, batchKey, itemCode, rows) {
      const body = Buffer.from(JSON.stringify(rows), 'utf8');
      await aggregation.submit({
        submitter: { orgId: submitter.orgId, orgKind: 'node', category: null, actor: null },
        batchKey, itemCode, format: 'json', source: 'api',
        open: async function* () { yield body; },
      });
    },
  };
}
