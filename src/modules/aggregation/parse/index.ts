/** Streaming readers for provider data batches (CSV, JSON, NDJSON in UTF-8 or GBK); see read-rows.ts. */
export { detectEncoding, type BatchEncoding } from './encoding.ts';
export { BatchFormatError, type BatchErrorCode, type RowProblem, type RowProblemCode } from './errors.ts';
export { formatFromContentType, formatFromFileName } from './format.ts';
export type { MapHeader } from './header.ts';
export { readRows } from './read-rows.ts';
export type { BatchFormat, ReadRowsOptions, SourceRow } from './source-row.ts';
