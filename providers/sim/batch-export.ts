import type { SimItem, SimRecord, SimValue } from './records/index.ts';

/** RFC 4180 field: quoted when it holds a comma, quote or line break; null is an empty field. */
function csvField(value: SimValue): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A batch file of every record of an item for physical aggregation (物理归集): CSV (UTF-8, CRLF, header of
 * catalog field codes) or NDJSON (one record object per line). Yields text chunks so the server streams it.
 */
export function* exportLines(item: SimItem, records: Iterable<SimRecord>, format: 'csv' | 'ndjson'): Generator<string> {
  const codes = item.fields.map((f) => f.code);
  if (format === 'csv') yield `${codes.join(',')}\r\n`;
  let chunk = '';
  for (const r of records) {
    chunk += format === 'csv' ? `${codes.map((c) => csvField(r[c] ?? null)).join(',')}\r\n` : `${JSON.stringify(r)}\n`;
    // Chunks of ~64 KiB keep the stream efficient without holding the whole file.
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
