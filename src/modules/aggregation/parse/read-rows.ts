import { csvBatches } from './csv.ts';
import { textPieces, utf8Pieces } from './decode.ts';
import { jsonBatches } from './json.ts';
import { ndjsonBatches } from './ndjson.ts';
import { RowStream } from './row-stream.ts';
import { DEFAULT_MAX_ROW_BYTES, type ReadRowsOptions, type SourceRow } from './source-row.ts';

/**
 * Reads a batch upload row by row with memory bounded by its longest row, whatever the size of the file.
 * Errors that make the batch unreadable are thrown as BatchFormatError while iterating; a row that is broken on
 * its own comes back with `problem` set and reading goes on.
 */
export function readRows(source: AsyncIterable<Uint8Array>, opts: ReadRowsOptions): AsyncGenerator<SourceRow> {
  const encoding = opts.encoding ?? 'auto';
  const maxRowBytes = opts.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES;
  switch (opts.format) {
    case 'csv':
      return new RowStream(csvBatches(textPieces(source, encoding), opts.mapHeader, maxRowBytes));
    case 'json':
      return new RowStream(jsonBatches(utf8Pieces(source, encoding), opts.mapHeader, maxRowBytes));
    case 'ndjson':
      return new RowStream(ndjsonBatches(utf8Pieces(source, encoding), opts.mapHeader, maxRowBytes));
    default:
      throw new TypeError(`Unknown batch format: ${String(opts.format)}`);
  }
}
