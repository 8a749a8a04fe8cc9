import { badRequest } from '../../../platform/http/problem.ts';
import type { Column, Dataset } from './dataset.ts';

/** Cell values read as missing (case-sensitive, after trimming). */
export const MISSING_TOKENS = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', '.']);

export interface CsvDatasetOptions {
  /** The outcome column. */
  target: string;
  /** The outcome value meaning "bad"; default: the minority class (for 0/1 outcomes with equal counts, "1"). */
  bad?: string;
  /** Columns to leave out. A column named `id` (any case) is always left out. */
  ignore?: string[];
  /** Columns to treat as categorical even when every value is a number (e.g. codes such as EDUCATION). */
  categorical?: string[];
}

/** RFC 4180 CSV: quoted fields with embedded commas, quotes and line breaks; CRLF or LF; a UTF-8 BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const isNumber = (s: string) => s !== '' && Number.isFinite(Number(s));

/**
 * Reads a CSV with a header into a dataset: a column whose non-missing values all parse as numbers is numeric,
 * any other is categorical; rows whose target is missing are dropped.
 */
export function datasetFromCsv(text: string, opts: CsvDatasetOptions): Dataset {
  const [header, ...body] = parseCsv(text);
  if (!header) throw badRequest('SCORECARD_EMPTY_CSV', { en: 'the CSV file is empty', zh: 'CSV 文件为空' });
  const names = header.map((h) => h.trim());
  const t = names.indexOf(opts.target);
  if (t < 0) throw badRequest('SCORECARD_UNKNOWN_COLUMN', { en: `no target column ${opts.target} in the CSV header`, zh: `CSV 表头中没有目标列 ${opts.target}` });
  const bad = body.findIndex((r) => r.length !== names.length);
  if (bad >= 0) throw badRequest('SCORECARD_CSV_RAGGED', { en: `CSV line ${bad + 2} has ${body[bad].length} fields, the header has ${names.length}`, zh: `CSV 第 ${bad + 2} 行有 ${body[bad].length} 个字段，表头有 ${names.length} 个` });
  const rows = body.filter((r) => !MISSING_TOKENS.has(r[t].trim()));
  const labels = rows.map((r) => r[t].trim());
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  if (counts.size !== 2) {
    throw badRequest('SCORECARD_TARGET_NOT_BINARY', { en: `the target ${opts.target} must have exactly two values, it has ${counts.size}`, zh: `目标列 ${opts.target} 必须恰有两个取值，实际有 ${counts.size} 个` });
  }
  const [a, b] = [...counts.entries()].sort((x, y) => x[1] - y[1] || (y[0] === '1' ? 1 : 0) - (x[0] === '1' ? 1 : 0));
  const badLabel = opts.bad ?? a[0];
  if (!counts.has(badLabel)) throw badRequest('SCORECARD_BAD_LABEL_UNKNOWN', { en: `the target has no value ${badLabel} (values: ${[...counts.keys()].join(', ')})`, zh: `目标列没有取值 ${badLabel}（取值：${[...counts.keys()].join('、')}）` });
  const goodLabel = badLabel === a[0] ? b[0] : a[0];
  const y = Uint8Array.from(labels, (l) => (l === badLabel ? 1 : 0));
  const ignore = new Set(opts.ignore ?? []);
  const forced = new Set(opts.categorical ?? []);
  for (const c of [...ignore, ...forced]) {
    if (!names.includes(c)) throw badRequest('SCORECARD_UNKNOWN_COLUMN', { en: `no column ${c} in the CSV header`, zh: `CSV 表头中没有列 ${c}` });
  }
  const columns: Column[] = [];
  names.forEach((name, j) => {
    if (j === t || ignore.has(name) || name.toLowerCase() === 'id') return;
    const cells = rows.map((r) => r[j].trim());
    const present = cells.filter((c) => !MISSING_TOKENS.has(c));
    if (!forced.has(name) && present.length > 0 && present.every(isNumber)) {
      columns.push({ name, kind: 'numeric', values: Float64Array.from(cells, (c) => (MISSING_TOKENS.has(c) ? NaN : Number(c))) });
    } else {
      columns.push({ name, kind: 'categorical', values: cells.map((c) => (MISSING_TOKENS.has(c) ? null : c)) });
    }
  });
  return { rows: rows.length, columns, target: { name: opts.target, bad: badLabel, good: goodLabel, y } };
}
