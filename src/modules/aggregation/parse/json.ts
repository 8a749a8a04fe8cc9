import type { BytePiece } from './decode.ts';
import { BatchFormatError, rowProblem } from './errors.ts';
import { KeyMapper, type MapHeader } from './header.ts';
import { tooLarge } from './row-size.ts';
import type { SourceRow } from './source-row.ts';

/**
 * A JSON batch is one top-level array (or {"rows": [...]}) that may be gigabytes long, so it is never parsed as
 * a whole: a byte scanner follows strings, escapes and brackets just far enough to cut out each top-level
 * element, and only that slice goes through JSON.parse. Yields the rows of each chunk as one batch.
 */
export async function* jsonBatches(pieces: AsyncIterable<BytePiece>, mapHeader: MapHeader | undefined, maxRowBytes: number): AsyncGenerator<SourceRow[]> {
  const scanner = new JsonArrayScanner(new KeyMapper(mapHeader), maxRowBytes);
  for await (const piece of pieces) {
    const out: SourceRow[] = [];
    scanner.push(piece.bytes, piece.offset, out);
    if (out.length > 0) yield out;
  }
  scanner.finish();
}

/** Nesting allowed inside one element; deeper is not a record of fields but an attack on the parser. */
export const MAX_DEPTH = 64;

// Where the scanner is in the top-level structure.
const START = 0; // before the first byte: '[' or '{'
const WRAPPER_OPEN = 1; // after '{': the opening quote of the "rows" key
const WRAPPER_KEY = 2; // inside the key
const WRAPPER_COLON = 3;
const WRAPPER_ARRAY = 4; // after ':': '['
const FIRST = 5; // after '[': an element or ']'
const ELEMENT = 6; // inside an element
const AFTER_ELEMENT = 7; // ',' or ']'
const NEXT = 8; // after ',': an element
const WRAPPER_END = 9; // after ']': '}'
const DONE = 10; // only whitespace may follow

// Kinds of element.
const CONTAINER = 0;
const STRING = 1;
const SCALAR = 2;

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

class JsonArrayScanner {
  private state = START;
  private wrapped = false;
  private rowNumber = 0;
  private offset = 0;
  private end = 0;
  // The element (or wrapper key) being cut out: its parts from earlier chunks (copied) and where it started.
  private parts: Buffer[] = [];
  private partBytes = 0;
  private elementOffset = 0;
  private kind = CONTAINER;
  private depth = 0;
  private readonly closers = new Uint8Array(MAX_DEPTH + 1);
  private inString = false;
  // Bytes of the next chunk to skip: the character after a backslash that ended the previous chunk.
  private skip = 0;

  constructor(
    private readonly keys: KeyMapper,
    private readonly maxRowBytes: number,
  ) {}

  push(bytes: Buffer, offset: number, out: SourceRow[]): void {
    this.offset = offset;
    this.end = offset + bytes.length;
    const n = bytes.length;
    let i = this.skip;
    this.skip = 0;
    // Start of the current element within this chunk (0 when it began in an earlier one).
    let from = 0;
    while (i < n) {
      const state = this.state;
      if (state === ELEMENT || state === WRAPPER_KEY) {
        const end = this.scanElement(bytes, i);
        if (end < 0) {
          if (-end - 1 > n) this.skip = -end - 1 - n;
          break;
        }
        if (state === WRAPPER_KEY) this.checkWrapperKey(this.take(bytes, from, end));
        else this.emit(this.take(bytes, from, end), out);
        i = end;
        continue;
      }
      const b = bytes[i];
      if (isSpace(b)) {
        i++;
        continue;
      }
      switch (state) {
        case START:
          if (b === OPEN_BRACKET) this.state = FIRST;
          else if (b === OPEN_BRACE) this.state = WRAPPER_OPEN;
          else throw this.notAnArray(i);
          this.wrapped = b === OPEN_BRACE;
          break;
        case WRAPPER_OPEN:
          if (b !== QUOTE) throw this.notAnArray(i);
          from = i;
          this.begin(WRAPPER_KEY, STRING, i);
          break;
        case WRAPPER_COLON:
          if (b !== COLON) throw this.notAnArray(i);
          this.state = WRAPPER_ARRAY;
          break;
        case WRAPPER_ARRAY:
          if (b !== OPEN_BRACKET) throw this.notAnArray(i);
          this.state = FIRST;
          break;
        case FIRST:
        case NEXT:
          if (b === CLOSE_BRACKET && state === FIRST) {
            this.state = this.wrapped ? WRAPPER_END : DONE;
            break;
          }
          if (b === CLOSE_BRACKET || b === COMMA || b === CLOSE_BRACE) {
            throw this.unexpected(i, { zh: `第 ${this.rowNumber} 条记录之后缺少一条记录（多余的逗号）`, en: `a record is missing after record ${this.rowNumber} (an extra comma)` });
          }
          this.rowNumber++;
          from = i;
          if (b === OPEN_BRACE || b === OPEN_BRACKET) {
            this.begin(ELEMENT, CONTAINER, i);
            this.closers[0] = b === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
            this.depth = 1;
          } else {
            this.begin(ELEMENT, b === QUOTE ? STRING : SCALAR, i);
            // The first byte of a number or literal is part of it and must be scanned.
            if (this.kind === SCALAR) continue;
          }
          break;
        case AFTER_ELEMENT:
          if (b === COMMA) this.state = NEXT;
          else if (b === CLOSE_BRACKET) this.state = this.wrapped ? WRAPPER_END : DONE;
          else throw this.unexpected(i, { zh: `第 ${this.rowNumber} 条记录之后应为逗号或 ]`, en: `a comma or ] expected after record ${this.rowNumber}` });
          break;
        case WRAPPER_END:
          if (b !== CLOSE_BRACE) throw this.notAnArray(i);
          this.state = DONE;
          break;
        default:
          throw this.unexpected(i, { zh: '数组结束之后还有其他内容', en: 'more content after the end of the array' });
      }
      i++;
    }
    if (this.state === ELEMENT || this.state === WRAPPER_KEY) {
      // The element continues in the next chunk; keep a copy, since the producer may reuse this buffer.
      const part = Buffer.from(bytes.subarray(from));
      this.parts.push(part);
      this.partBytes += part.length;
      if (this.partBytes > this.maxRowBytes) throw tooLarge(this.rowNumber, this.maxRowBytes, 'json');
    }
  }

  finish(): void {
    if (this.state === DONE) {
      if (this.rowNumber === 0) throw new BatchFormatError('BATCH_EMPTY', { zh: 'JSON 数组是空的，没有任何记录。', en: 'The JSON array is empty; there are no records.' });
      return;
    }
    if (this.state === START) throw new BatchFormatError('BATCH_EMPTY', { zh: '文件中没有任何内容（只有空白）。', en: 'The file has no content (only whitespace).' });
    throw new BatchFormatError('BATCH_TRUNCATED', {
      zh: `JSON 在${this.rowNumber > 0 ? `第 ${this.rowNumber} 条记录处` : '开头'}意外结束：数组没有以 ] 闭合。文件可能不完整，请重新导出完整文件后上传。`,
      en: `The JSON ends unexpectedly${this.rowNumber > 0 ? ` at record ${this.rowNumber}` : ''}: the array is never closed with ]. The file is probably incomplete; export it again and upload the whole file.`,
    }, { ...(this.rowNumber > 0 ? { rowNumber: this.rowNumber } : {}), byteOffset: this.end });
  }

  private begin(state: number, kind: number, at: number): void {
    this.state = state;
    this.kind = kind;
    this.inString = kind === STRING;
    this.depth = 0;
    this.elementOffset = this.offset + at;
  }

  /**
   * Scans the current element from bytes[i]; returns the index just past its end, or -(i+1) when the chunk ends
   * first (i past the chunk when its last byte was a backslash).
   */
  private scanElement(bytes: Buffer, start: number): number {
    const n = bytes.length;
    let i = start;
    if (this.kind === SCALAR) {
      while (i < n) {
        const b = bytes[i];
        if (b === COMMA || b === CLOSE_BRACKET || b === CLOSE_BRACE || isSpace(b)) return this.ended(i);
        i++;
      }
      return -(i + 1);
    }
    let inString = this.inString;
    let depth = this.depth;
    while (i < n) {
      const b = bytes[i];
      if (inString) {
        if (b === BACKSLASH) {
          i += 2;
          continue;
        }
        if (b === QUOTE) {
          inString = false;
          if (this.kind === STRING) return this.ended(i + 1);
        }
        i++;
        continue;
      }
      if (b === QUOTE) inString = true;
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
        if (depth === MAX_DEPTH) throw this.tooDeep(i);
        this.closers[depth++] = b === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
      } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        if (this.closers[--depth] !== b) throw this.unexpected(i, { zh: `第 ${this.rowNumber} 条记录的括号不配对`, en: `mismatched brackets in record ${this.rowNumber}` });
        if (depth === 0) {
          this.depth = 0;
          return this.ended(i + 1);
        }
      }
      i++;
    }
    this.inString = inString;
    this.depth = depth;
    return -(i + 1);
  }

  private ended(end: number): number {
    this.state = this.state === WRAPPER_KEY ? WRAPPER_COLON : AFTER_ELEMENT;
    return end;
  }

  /** The text of the element that ends at bytes[end]: this chunk's part, joined to earlier ones if any. */
  private take(bytes: Buffer, from: number, end: number): string {
    if (this.parts.length === 0) {
      if (end - from > this.maxRowBytes) throw tooLarge(this.rowNumber, this.maxRowBytes, 'json');
      return bytes.toString('utf8', from, end);
    }
    this.parts.push(bytes.subarray(0, end));
    const whole = Buffer.concat(this.parts);
    this.parts = [];
    this.partBytes = 0;
    if (whole.length > this.maxRowBytes) throw tooLarge(this.rowNumber, this.maxRowBytes, 'json');
    return whole.toString('utf8');
  }

  private emit(text: string, out: SourceRow[]): void {
    const rowNumber = this.rowNumber;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      out.push({
        rowNumber,
        values: {},
        problem: rowProblem('JSON_INVALID_ELEMENT', {
          zh: `第 ${rowNumber} 条记录不是有效的 JSON（${(err as Error).message}）。`,
          en: `Record ${rowNumber} is not valid JSON (${(err as Error).message}).`,
        }),
      });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      out.push({
        rowNumber,
        values: {},
        problem: rowProblem('JSON_NOT_OBJECT', {
          zh: `第 ${rowNumber} 条记录不是 JSON 对象（{...}），而是${describe(value)}。每条记录应为一个由字段名和值组成的对象。`,
          en: `Record ${rowNumber} is ${describeEn(value)}, not a JSON object ({...}). Each record must be an object of field names and values.`,
        }),
      });
      return;
    }
    out.push({ rowNumber, values: this.keys.map(value as Record<string, unknown>, rowNumber) });
  }

  private checkWrapperKey(text: string): void {
    let key: unknown;
    try {
      key = JSON.parse(text);
    } catch (err) {
      throw this.notAnArray(this.elementOffset - this.offset, (err as Error).message);
    }
    if (key !== 'rows') throw this.notAnArray(this.elementOffset - this.offset, JSON.stringify(key));
  }

  private notAnArray(at: number, found?: string): BatchFormatError {
    const byteOffset = this.offset + at;
    return new BatchFormatError('BATCH_MALFORMED', {
      zh: `JSON 文件的最外层必须是记录数组 [{...}, ...] 或 {"rows": [{...}, ...]}${found ? `，但遇到了 ${found}` : ''}（第 ${byteOffset} 字节）。`,
      en: `The top level of a JSON file must be an array of records [{...}, ...] or {"rows": [{...}, ...]}${found ? `, but found ${found}` : ''} (byte ${byteOffset}).`,
    }, { byteOffset });
  }

  private unexpected(at: number, what: { zh: string; en: string }): BatchFormatError {
    const byteOffset = this.offset + at;
    return new BatchFormatError('BATCH_MALFORMED', {
      zh: `JSON 格式错误：${what.zh}（第 ${byteOffset} 字节）。`,
      en: `Malformed JSON: ${what.en} (byte ${byteOffset}).`,
    }, { byteOffset, ...(this.rowNumber > 0 ? { rowNumber: this.rowNumber } : {}) });
  }

  private tooDeep(at: number): BatchFormatError {
    const byteOffset = this.offset + at;
    return new BatchFormatError('BATCH_MALFORMED', {
      zh: `第 ${this.rowNumber} 条记录嵌套超过 ${MAX_DEPTH} 层（第 ${byteOffset} 字节）。记录应为扁平的字段对象。`,
      en: `Record ${this.rowNumber} is nested more than ${MAX_DEPTH} levels deep (byte ${byteOffset}). Records should be flat objects of fields.`,
    }, { rowNumber: this.rowNumber, byteOffset });
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return '数组';
  if (value === null) return 'null';
  return typeof value === 'string' ? '字符串' : typeof value === 'number' ? '数字' : '布尔值';
}

function describeEn(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : 'a boolean';
}
