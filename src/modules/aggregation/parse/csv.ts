import { BatchFormatError, rowProblem } from './errors.ts';
import { columnKeys, type MapHeader } from './header.ts';
import { recordFactory, type RecordFactory } from './record-factory.ts';
import { tooLarge } from './row-size.ts';
import type { SourceRow } from './source-row.ts';

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * RFC 4180 CSV: the first record is the header; quoted fields may hold commas, doubled quotes and line breaks;
 * records end with LF or CRLF; fully empty lines are skipped. Cells are sliced out of the decoded text with
 * indexOf (never built character by character), which is what keeps a million rows a second within reach.
 * Yields the rows of each chunk as one batch.
 */
export async function* csvBatches(text: AsyncIterable<string>, mapHeader: MapHeader | undefined, maxRowChars: number): AsyncGenerator<SourceRow[]> {
  const parser = new CsvParser(mapHeader);
  let pending = '';
  for await (const piece of text) {
    let buffer = piece;
    if (pending.length > 0) {
      buffer = pending + piece;
      // A record longer than a chunk would be rescanned from its start for every chunk, which is quadratic in
      // its length (an unclosed quote makes records megabytes long). It cannot end before the character the
      // parser waits for arrives — a line feed, or the closing quote of an open quoted cell — so until then collect.
      if (pending.length > piece.length && piece.indexOf(parser.awaiting) === -1) {
        pending = buffer;
        if (pending.length > maxRowChars) throw tooLarge(parser.nextRowNumber(), maxRowChars, 'csv');
        continue;
      }
    }
    const out: SourceRow[] = [];
    const used = parser.parse(buffer, false, out);
    pending = used >= buffer.length ? '' : buffer.slice(used);
    if (pending.length > maxRowChars) throw tooLarge(parser.nextRowNumber(), maxRowChars, 'csv');
    if (out.length > 0) yield out;
  }
  const out: SourceRow[] = [];
  parser.parse(pending, true, out);
  if (out.length > 0) yield out;
  parser.finish();
}

export class CsvParser {
  /** What the incomplete record at the end of the last text needs before it can end ('' when unknown). */
  awaiting = '\n';
  private keys: string[] | undefined;
  private makeRecord: RecordFactory | undefined;
  private rowNumber = 0;
  // Reused for every record; `count` says how many of its entries belong to the current one.
  private readonly cells: string[] = [];

  constructor(private readonly mapHeader: MapHeader | undefined) {}

  /** Row number the next data record will get (0 while the header has not been read). */
  nextRowNumber(): number {
    return this.keys === undefined ? 0 : this.rowNumber + 1;
  }

  /**
   * Reads the complete records in `text` into `out` and returns where the first incomplete one starts, to be
   * passed again with more text. With `final` the text is the end of the input and everything is read.
   */
  parse(text: string, final: boolean, out: SourceRow[]): number {
    const n = text.length;
    const cells = this.cells;
    let pos = 0;
    // Next comma / line feed at or after the current cell; searched again only once passed, so each costs one scan.
    let comma = -1;
    let lf = -1;
    while (pos < n) {
      const first = text.charCodeAt(pos);
      if (first === LF) {
        pos++;
        continue;
      }
      if (first === CR) {
        if (pos + 1 === n) {
          if (!final) return this.incomplete(pos, '');
          pos++;
          continue;
        }
        if (text.charCodeAt(pos + 1) === LF) {
          pos += 2;
          continue;
        }
      }
      const start = pos;
      let count = 0;
      let lineEnded = false;
      for (;;) {
        let prefix = '';
        if (text.charCodeAt(pos) === QUOTE) {
          let from = pos + 1;
          let quote: number;
          for (;;) {
            quote = text.indexOf('"', from);
            if (quote === -1) {
              if (final) throw this.unclosedQuote();
              return this.incomplete(start, '"');
            }
            // A quote as the last character may be the first half of a doubled quote.
            if (quote + 1 === n && !final) return this.incomplete(start, '');
            if (text.charCodeAt(quote + 1) !== QUOTE) break;
            prefix += text.slice(from, quote + 1);
            from = quote + 2;
          }
          prefix = prefix === '' ? text.slice(from, quote) : prefix + text.slice(from, quote);
          pos = quote + 1;
          const next = pos < n ? text.charCodeAt(pos) : -1;
          if (next === COMMA) {
            cells[count++] = prefix;
            pos++;
            continue;
          }
          if (next === LF || next === -1) {
            cells[count++] = prefix;
            lineEnded = next === LF;
            pos++;
            break;
          }
          if (next === CR && pos + 1 < n && text.charCodeAt(pos + 1) === LF) {
            cells[count++] = prefix;
            lineEnded = true;
            pos += 2;
            break;
          }
          // Text after the closing quote ("abc"def) is not RFC 4180; like spreadsheet programs, keep it as written
          // and read on to the end of the cell below.
        }
        if (comma < pos) {
          comma = text.indexOf(',', pos);
          if (comma === -1) comma = n;
        }
        if (lf < pos) {
          lf = text.indexOf('\n', pos);
          if (lf === -1) {
            if (!final) return this.incomplete(start, '\n');
            lf = n;
          }
        }
        if (comma < lf) {
          cells[count++] = prefix === '' ? text.slice(pos, comma) : prefix + text.slice(pos, comma);
          pos = comma + 1;
          continue;
        }
        const end = lf > pos && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
        cells[count++] = prefix === '' ? text.slice(pos, end) : prefix + text.slice(pos, end);
        lineEnded = lf < n;
        pos = lf + 1;
        break;
      }
      this.record(count, lineEnded, out);
    }
    return pos > n ? n : pos;
  }

  private incomplete(start: number, awaiting: string): number {
    this.awaiting = awaiting;
    return start;
  }

  /** At the end of the input: a file without data rows is refused as a whole. */
  finish(): void {
    if (this.keys === undefined) {
      throw new BatchFormatError('BATCH_EMPTY', { zh: '文件中没有任何内容（只有空行）。', en: 'The file has no content (only blank lines).' });
    }
    if (this.rowNumber === 0) {
      throw new BatchFormatError('BATCH_EMPTY', { zh: '文件只有表头，没有数据行。', en: 'The file has a header but no data rows.' });
    }
  }

  private record(count: number, lineEnded: boolean, out: SourceRow[]): void {
    const cells = this.cells;
    const keys = this.keys;
    if (keys === undefined) {
      this.keys = columnKeys(cells.slice(0, count), this.mapHeader);
      this.makeRecord = recordFactory(this.keys);
      return;
    }
    const rowNumber = ++this.rowNumber;
    const width = keys.length;
    if (count === width) {
      out.push({ rowNumber, values: (this.makeRecord as RecordFactory)(cells) });
      return;
    }
    const values: Record<string, unknown> = {};
    for (let i = 0; i < count && i < width; i++) values[keys[i]] = cells[i];
    // A short last line without a line break is where an interrupted upload or export stopped.
    if (!lineEnded && count < width) {
      throw new BatchFormatError('BATCH_TRUNCATED', {
        zh: `文件在第 ${rowNumber} 行中途结束（只有 ${count} 列，表头有 ${width} 列，且没有换行符），文件可能不完整。请重新导出完整文件后上传。`,
        en: `The file ends in the middle of row ${rowNumber} (${count} of ${width} columns and no line break); it is probably incomplete. Export the whole file again and upload it.`,
      }, { rowNumber });
    }
    out.push({
      rowNumber,
      values,
      problem: rowProblem('CSV_COLUMN_COUNT', {
        zh: `第 ${rowNumber} 行有 ${count} 列，表头有 ${width} 列。请检查该行是否多了或少了逗号，含逗号或换行的内容需用英文双引号括起来。`,
        en: `Row ${rowNumber} has ${count} columns but the header has ${width}. Check the row for missing or extra commas; a value containing a comma or line break must be in double quotes.`,
      }),
    });
  }

  private unclosedQuote(): BatchFormatError {
    const rowNumber = this.nextRowNumber();
    const where = rowNumber === 0 ? { zh: '表头', en: 'the header' } : { zh: `第 ${rowNumber} 行`, en: `row ${rowNumber}` };
    return new BatchFormatError('BATCH_TRUNCATED', {
      zh: `文件在${where.zh}的一个引号字段中结束：某个英文双引号（"）没有配对。文件可能不完整，或该行的引号有误。`,
      en: `The file ends inside a quoted field that starts in ${where.en}: a double quote (") is never closed. The file may be incomplete, or that row's quotes are wrong.`,
    }, rowNumber === 0 ? {} : { rowNumber });
  }
}
