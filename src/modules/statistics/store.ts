/** SQL for the statistics tables (migration 0029): targets and lower nodes' monthly reports. */
import type { Queryable } from '../../platform/db/index.ts';
import type { MonthlyReport } from './report.ts';
import type { StoredTarget } from './targets.ts';

export interface LowerReportRow {
  node_id: string; month: string; node_name: string; region_code: string; report: MonthlyReport; received_at: Date; replaced: number;
}

export function statisticsStore(q: Queryable) {
  return {
    async targets(): Promise<StoredTarget[]> {
      return q.query<StoredTarget>(`SELECT metric, year, target_value::text AS target_value, external_total_fen::text AS external_total_fen, note, updated_by, updated_at
        FROM statistics_targets ORDER BY metric, year`);
    },
    async putTarget(t: { metric: string; year: number; targetValue: number | null; externalTotalFen: string | null; note: string; updatedBy: string; at: Date }): Promise<void> {
      await q.query(`INSERT INTO statistics_targets (metric, year, target_value, external_total_fen, note, updated_by, updated_at)
          VALUES ($1, $2, $3, $4::bigint, $5, $6, $7)
        ON CONFLICT (metric, year) DO UPDATE SET target_value = EXCLUDED.target_value, external_total_fen = EXCLUDED.external_total_fen,
          note = EXCLUDED.note, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [t.metric, t.year, t.targetValue, t.externalTotalFen, t.note, t.updatedBy, t.at]);
    },
    /** Stores a lower node's month; answers whether an earlier report of that node and month was replaced. */
    async putLowerReport(r: { nodeId: string; month: string; nodeName: string; regionCode: string; report: MonthlyReport; at: Date }): Promise<boolean> {
      const [row] = await q.query<{ replaced: number }>(`INSERT INTO statistics_lower_reports (node_id, month, node_name, region_code, report, received_at)
          VALUES ($1, $2, $3, $4, $5::jsonb, $6)
        ON CONFLICT (node_id, month) DO UPDATE SET node_name = EXCLUDED.node_name, region_code = EXCLUDED.region_code, report = EXCLUDED.report,
          received_at = EXCLUDED.received_at, replaced = statistics_lower_reports.replaced + 1
        RETURNING replaced`,
      [r.nodeId, r.month, r.nodeName, r.regionCode, JSON.stringify(r.report), r.at]);
      return row.replaced > 0;
    },
    async lowerReports(fromMonth: string, toMonth: string): Promise<LowerReportRow[]> {
      return q.query<LowerReportRow>(`SELECT node_id, month, node_name, region_code, report, received_at, replaced FROM statistics_lower_reports
        WHERE month >= $1 AND month <= $2 ORDER BY node_id, month`, [fromMonth, toMonth]);
    },
    /** The latest months each lower node reported (operator overview). */
    async lowerNodes(): Promise<{ node_id: string; node_name: string; region_code: string; months: number; last_month: string; last_received_at: Date }[]> {
      return q.query(`SELECT node_id, max(node_name) AS node_name, max(region_code) AS region_code, count(*)::int AS months, max(month) AS last_month,
          max(received_at) AS last_received_at FROM statistics_lower_reports GROUP BY node_id ORDER BY node_id`);
    },
  };
}
