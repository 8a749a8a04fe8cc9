import type { BytePiece } from './decode.ts';
import { BatchFormatError, rowProblem } from './errors.ts';
import { KeyMapper, type MapHeader } from './header.ts';
import { tooLarge } from './row-size.ts';
import type { SourceRow } from './source-row.ts';

const CR = 0x0d;

/** Whitespace JSON allows around a value (RFC 8259 §2); a line of only these is blank. */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === CR;
}

/**
 * Newline-delimited JSON: one object per line, blank lines skipped. A broken line is that row's problem; only a
 * broken last line without a line break is taken as a cut-off upload. Yields the rows of each chunk as one batch.
 */
export async function* ndjsonBatches(pieces: AsyncIterable<BytePiece>, mapHeader: MapHeader | undefined, maxLineChars: number): AsyncGenerator<SourceRow[]> {
  const lines = new LineReader(new KeyMapper(mapHeader));
  let pending = '';
  for await (const piece of pieces) {
    // Pieces end on character boundaries, so each decodes on its own.
    const text = pending.length > 0 ? pending + piece.bytes.toString('utf8') : piece.bytes.toString('utf8');
    const out: SourceRow[] = [];
    const used = lines.read(text, false, out);
    pending = used >= text.length ? '' : text.slice(used);
    if (pending.length > maxLineChars) throw tooLarge(lines.rowNumber + 1, maxLineChars, 'ndjson');
    if (out.length > 0) yield out;
  }
  const out: SourceRow[] = [];
  lines.read(pending, true, out);
  if (out.length > 0) yield out;
  if (lines.rowNumber === 0) {
    throw new BatchFormatError('BATCH_EMPTY', { zh: '文件中没有任何记录（只有空行）。', en: 'The file has no records (only blank lines).' });
  }
}

class LineReader {
  rowNumber = 0;

  constructor(private readonly keys: KeyMapper) {}

  /** Reads the complete lines of `text` and returns where the incomplete last one starts. */
  read(text: string, final: boolean, out: SourceRow[]): number {
    const n = text.length;
    let pos = 0;
    while (pos < n) {
      let lf = text.indexOf('\n', pos);
      if (lf === -1) {
        if (!final) return pos;
        lf = n;
      }
      let end = lf;
      if (end > pos && text.charCodeAt(end - 1) === CR) end--;
      let first = pos;
      while (first < end && isSpace(text.charCodeAt(first))) first++;
      if (first < end) this.line(text.slice(first, end), lf === n, out);
      pos = lf + 1;
    }
    return n;
  }

  private line(line: string, unterminated: boolean, out: SourceRow[]): void {
    const rowNumber = ++this.rowNumber;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      if (unterminated) {
        throw new BatchFormatError('BATCH_TRUNCATED', {
          zh: `文件在第 ${rowNumber} 条记录中途结束（最后一行没有换行符且不是完整的 JSON），文件可能不完整。请重新导出完整文件后上传。`,
          en: `The file ends in the middle of record ${rowNumber} (the last line has no line break and is not complete JSON); it is probably incomplete. Export the whole file again and upload it.`,
        }, { rowNumber });
      }
      out.push({
        rowNumber,
        values: {},
        problem: rowProblem('NDJSON_INVALID_LINE', {
          zh: `第 ${rowNumber} 条记录（非空行）不是有效的 JSON（${(err as Error).message}）。每行应为一个完整的 JSON 对象。`,
          en: `Record ${rowNumber} (non-blank line) is not valid JSON (${(err as Error).message}). Each line must hold one complete JSON object.`,
        }),
      });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      out.push({
        rowNumber,
        values: {},
        problem: rowProblem('NDJSON_NOT_OBJECT', {
          zh: `第 ${rowNumber} 条记录不是 JSON 对象（{...}）。每行应为一个由字段名和值组成的对象。`,
          en: `Record ${rowNumber} is not a JSON object ({...}). Each line must hold one object of field names and values.`,
        }),
      });
      return;
    }
    out.push({ rowNumber, values: this.keys.map(value as Record<string, unknown>, rowNumber) });
  }
}
