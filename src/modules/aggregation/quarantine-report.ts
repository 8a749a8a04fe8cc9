import { Readable } from 'node:stream';
import type { CatalogItem } from '../catalog/index.ts';
import type { BatchRow } from './store.ts';
import type { AggregationService } from './service.ts';

const PAGE = 500;

/** RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet never runs a cell as a formula. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The error report of a batch: one line per problem (row number, field, reason) followed by the row as it was
 * sent, so the provider can fix it in a spreadsheet and send the rows again. Streams page by page.
 */
export function quarantineCsv(aggregation: AggregationService, batch: BatchRow, item: CatalogItem, lang: 'zh-CN' | 'en'): Readable {
  const zh = lang === 'zh-CN';
  const names = new Map(item.fields.map((f) => [f.code, zh ? f.name : f.nameEn]));
  async function* lines() {
    yield '\uFEFF' + [zh ? '行号' : 'Row', zh ? '字段' : 'Field', zh ? '原因' : 'Reason', zh ? '状态' : 'Status', ...item.fields.map((f) => (zh ? f.name : f.nameEn))].map(csvCell).join(',') + '\r\n';
    let after: number | undefined;
    for (;;) {
      const rows = await aggregation.quarantine(batch, { afterRow: after, limit: PAGE });
      for (const r of rows) {
        const status = r.status === 'open' ? (zh ? '待更正' : 'open') : (zh ? '已更正' : 'resolved');
        for (const p of r.problems) {
          yield [r.rowNumber, p.field ? names.get(p.field) ?? p.field : '', zh ? p.zh : p.en, status, ...item.fields.map((f) => r.values[f.code])].map(csvCell).join(',') + '\r\n';
        }
      }
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1].rowNumber;
    }
  }
  return Readable.from(lines());
}
