import type { BatchEncoding } from './encoding.ts';
import type { RowProblem } from './errors.ts';
import type { MapHeader } from './header.ts';

export type BatchFormat = 'csv' | 'json' | 'ndjson';

/** One record of a batch as the provider sent it, before any field is validated. */
export interface SourceRow {
  /**
   * 1-based data row number: CSV = data row after the header (physical record, a quoted multi-line field counts
   * once; blank lines are not counted); JSON array = element index+1; NDJSON = non-blank line index+1.
   */
  rowNumber: number;
  /**
   * field code -> raw value. CSV values are strings ('' for empty); JSON/NDJSON keep string/number/boolean/null
   * (and nested arrays/objects as parsed). Keys are mapped through opts.mapHeader when given.
   */
  values: Record<string, unknown>;
  /**
   * Set when this one row is structurally broken but the rest of the file is fine (wrong column count, NDJSON
   * line that is not a JSON object, JSON element not an object); values then holds what could be read.
   */
  problem?: RowProblem;
}

export interface ReadRowsOptions {
  format: BatchFormat;
  /** Default 'auto': BOM, else UTF-8 if valid, else GBK (CSV only; JSON and NDJSON must be UTF-8). */
  encoding?: BatchEncoding | 'auto';
  /** Header name (CSV) or object key (JSON/NDJSON) -> field code; undefined rejects the batch as unknown. */
  mapHeader?: MapHeader;
  /**
   * Longest row accepted, in bytes for JSON and in characters for CSV and NDJSON (default 16 MiB). Memory is bounded
   * by the longest row, so this is also the memory bound; for CSV it turns an unclosed quote in a 10 GB file into
   * an early error instead of an out-of-memory crash.
   */
  maxRowBytes?: number;
}

export const DEFAULT_MAX_ROW_BYTES = 16 * 1024 * 1024;
