import type { Localized } from '../../../platform/i18n/index.ts';

/** Stable codes of the errors that stop a whole batch; callers branch on these, never on the text. */
export type BatchErrorCode =
  | 'BATCH_EMPTY'
  | 'BATCH_BINARY'
  | 'BATCH_ENCODING'
  | 'BATCH_TRUNCATED'
  | 'BATCH_MALFORMED'
  | 'BATCH_HEADER_UNKNOWN'
  | 'BATCH_ROW_TOO_LARGE';

/** Stable codes of the problems that affect one row while the rest of the batch reads fine. */
export type RowProblemCode =
  | 'CSV_COLUMN_COUNT'
  | 'JSON_NOT_OBJECT'
  | 'JSON_INVALID_ELEMENT'
  | 'NDJSON_INVALID_LINE'
  | 'NDJSON_NOT_OBJECT';

export interface RowProblem {
  code: RowProblemCode;
  zh: string;
  en: string;
}

/**
 * The batch cannot be read any further. The messages are written for the data clerk who prepared the file:
 * they say what is wrong and, where possible, where (row number, byte offset) and how to fix it.
 * Not an AppError on purpose: parsing knows nothing of HTTP; the upload route decides the status.
 */
export class BatchFormatError extends Error {
  override readonly name = 'BatchFormatError';
  readonly zh: string;
  readonly en: string;
  readonly rowNumber?: number;
  readonly byteOffset?: number;

  constructor(
    readonly code: BatchErrorCode,
    text: Localized,
    where: { rowNumber?: number; byteOffset?: number } = {},
  ) {
    super(text.en);
    this.zh = text.zh;
    this.en = text.en;
    if (where.rowNumber !== undefined) this.rowNumber = where.rowNumber;
    if (where.byteOffset !== undefined) this.byteOffset = where.byteOffset;
  }
}

export function rowProblem(code: RowProblemCode, text: Localized): RowProblem {
  return { code, zh: text.zh, en: text.en };
}
