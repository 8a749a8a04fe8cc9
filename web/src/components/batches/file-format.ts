import type { CatalogField } from '../../api/types.ts';

/** The content types the batch endpoint understands, by file extension. */
const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv',
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  jsonl: 'application/x-ndjson',
};

export const ACCEPTED_EXTENSIONS = Object.keys(CONTENT_TYPES).map((extension) => `.${extension}`);

/** Content-Type of a batch file from its name, or null when the platform does not read that format. */
export function contentTypeOf(fileName: string): string | null {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return null;
  return CONTENT_TYPES[fileName.slice(dot + 1).toLowerCase()] ?? null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `<item>-<yyyyMMddHHmmss>` in local time: unique enough per provider and readable in lists. */
export function defaultBatchId(item: string, at: Date): string {
  const stamp =
    `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}` +
    `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  return `${item}-${stamp}`;
}

/** RFC 4180 quoting: only where a value holds a comma, quote or line break. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A CSV template for a catalog item: one header line with the Chinese field names (what providers' staff
 * recognise), UTF-8 with a byte-order mark so that spreadsheet programs open it as UTF-8.
 */
export function csvTemplate(fields: readonly Pick<CatalogField, 'name'>[]): string {
  return `\uFEFF${fields.map((field) => csvCell(field.name)).join(',')}\r\n`;
}

/** Offers `text` as a file download without a server round trip. */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
