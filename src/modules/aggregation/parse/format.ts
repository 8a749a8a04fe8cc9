import type { BatchFormat } from './source-row.ts';

// Media types in use for each format; text/csv is RFC 7111, application/x-ndjson the de facto NDJSON type.
const BY_MEDIA_TYPE: Record<string, BatchFormat> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/json': 'json',
  'text/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/x-jsonlines': 'ndjson',
};

const BY_EXTENSION: Record<string, BatchFormat> = {
  csv: 'csv',
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
};

/** The format a Content-Type names, ignoring parameters such as charset; undefined when it names none. */
export function formatFromContentType(contentType: string | undefined): BatchFormat | undefined {
  if (contentType === undefined) return undefined;
  const mediaType = contentType.split(';', 1)[0].trim().toLowerCase();
  return Object.hasOwn(BY_MEDIA_TYPE, mediaType) ? BY_MEDIA_TYPE[mediaType] : undefined;
}

/** The format a file name's extension names (case-insensitive, Windows or POSIX path); undefined when none. */
export function formatFromFileName(name: string): BatchFormat | undefined {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  if (dot < 0) return undefined;
  const extension = base.slice(dot + 1).trim().toLowerCase();
  return Object.hasOwn(BY_EXTENSION, extension) ? BY_EXTENSION[extension] : undefined;
}
