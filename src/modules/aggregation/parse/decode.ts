import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { ByteInput } from './byte-input.ts';
import { decideEncoding, hasUtf8Bom, isGbSample, isUtf8Sample, SAMPLE_BYTES, type BatchEncoding } from './encoding.ts';
import { BatchFormatError } from './errors.ts';
import { firstInvalidGb18030, gbCompleteEnd } from './gb18030.ts';
import { assertNotBinary, nulByte } from './sniff.ts';
import { firstInvalidUtf8, utf8CompleteEnd } from './utf8.ts';

/**
 * Turns the uploaded bytes into text (CSV) or validated UTF-8 bytes (JSON, NDJSON), one chunk at a time.
 * Every chunk is cut back to the last whole character and the few bytes after it are carried into the next,
 * so each piece decodes on its own and an invalid byte is reported at its exact offset in the upload.
 */

export interface BytePiece {
  /** Well-formed UTF-8 that ends on a character boundary. */
  bytes: Buffer;
  /** Offset of bytes[0] in the upload. */
  offset: number;
}

/** CSV text in UTF-8 or GBK; 'auto' decides from the first 64 KiB that are not plain ASCII. */
export async function* textPieces(source: AsyncIterable<Uint8Array>, encoding: BatchEncoding | 'auto'): AsyncGenerator<string> {
  const input = new ByteInput(source);
  try {
    const bom = await open(input);
    let decided: BatchEncoding | undefined = bom ? 'utf-8' : encoding === 'auto' ? undefined : encoding;
    if (decided === undefined) {
      const head = await input.peek(SAMPLE_BYTES);
      // ASCII reads the same in both encodings; a file whose first 64 KiB are ASCII (English headers, codes and
      // amounts) would otherwise be guessed as UTF-8 and fail at its first Chinese name if it is really GBK.
      if (isAscii(head) && !input.ended) {
        for (;;) {
          const offset = input.offset;
          const chunk = await input.next();
          if (chunk === undefined) return;
          checkNul(chunk, offset);
          if (isAscii(chunk)) {
            yield chunk.toString('latin1');
            continue;
          }
          let i = 0;
          while (chunk[i] < 0x80) i++;
          if (i > 0) yield chunk.toString('latin1', 0, i);
          input.unread(chunk.subarray(i));
          decided = decideEncoding(await input.peek(SAMPLE_BYTES), offset + i);
          break;
        }
      } else {
        decided = decideEncoding(head, input.offset);
      }
    }
    if (decided === 'utf-8') {
      for await (const piece of utf8Stream(input)) yield piece.bytes.toString('utf8');
    } else {
      yield* gbkStream(input);
    }
  } finally {
    await input.close();
  }
}

/** JSON and NDJSON: UTF-8 only (RFC 8259 §8.1), a leading BOM tolerated. */
export async function* utf8Pieces(source: AsyncIterable<Uint8Array>, encoding: BatchEncoding | 'auto'): AsyncGenerator<BytePiece> {
  const input = new ByteInput(source);
  try {
    const bom = await open(input);
    if (!bom && encoding === 'gbk') throw jsonNotUtf8(0);
    if (!bom) {
      const head = await input.peek(SAMPLE_BYTES);
      if (!isUtf8Sample(head) && isGbSample(head)) throw jsonNotUtf8(input.offset + Math.max(0, firstInvalidUtf8(head, 0, utf8CompleteEnd(head))));
    }
    yield* utf8Stream(input);
  } finally {
    await input.close();
  }
}

/**
 * Checks the start of the input and consumes a UTF-8 BOM; says whether there was one. A BOM outranks a declared
 * encoding: EF BB BF starts no real GBK text, so the declaration is the mistake.
 */
async function open(input: ByteInput): Promise<boolean> {
  const head = await input.peek(SAMPLE_BYTES);
  if (head.length === 0) {
    throw new BatchFormatError('BATCH_EMPTY', { zh: '上传的文件是空的（0 字节）。', en: 'The uploaded file is empty (0 bytes).' });
  }
  assertNotBinary(head);
  if (hasUtf8Bom(head)) {
    await input.skip(3);
    return true;
  }
  return false;
}

/**
 * The input cut into pieces that end on a whole character: the bytes of a character split across two chunks are
 * carried into the next piece; a character left unfinished at the end of the input is `incomplete`'s error.
 */
async function* wholeCharacterPieces(
  input: ByteInput, completeEnd: (chunk: Buffer) => number, incomplete: (byteOffset: number) => BatchFormatError,
): AsyncGenerator<BytePiece> {
  let carry: Buffer | undefined;
  for (;;) {
    let offset = input.offset;
    let chunk = await input.next();
    if (chunk === undefined) break;
    checkNul(chunk, offset);
    if (carry !== undefined) {
      chunk = Buffer.concat([carry, chunk]);
      offset -= carry.length;
      carry = undefined;
    }
    const end = completeEnd(chunk);
    if (end < chunk.length) carry = Buffer.from(chunk.subarray(end));
    yield { bytes: end === chunk.length ? chunk : chunk.subarray(0, end), offset };
  }
  if (carry !== undefined) throw incomplete(input.offset - carry.length);
}

async function* utf8Stream(input: ByteInput): AsyncGenerator<BytePiece> {
  for await (const { bytes, offset } of wholeCharacterPieces(input, utf8CompleteEnd, invalidUtf8)) {
    if (!isUtf8(bytes)) {
      // Hand on what is valid first, so the rows before the bad byte are read whatever the chunking.
      const bad = Math.max(0, firstInvalidUtf8(bytes));
      if (bad > 0) yield { bytes: bytes.subarray(0, bad), offset };
      throw invalidUtf8(offset + bad);
    }
    if (bytes.length > 0) yield { bytes, offset };
  }
}

async function* gbkStream(input: ByteInput): AsyncGenerator<string> {
  for await (const { bytes, offset } of wholeCharacterPieces(input, gbCompleteEnd, invalidGbk)) {
    const bad = firstInvalidGb18030(bytes);
    if (bad >= 0) {
      if (bad > 0) yield iconv.decode(bytes.subarray(0, bad), 'gb18030', { stripBOM: false });
      throw invalidGbk(offset + bad);
    }
    if (bytes.length > 0) yield isAscii(bytes) ? bytes.toString('latin1') : iconv.decode(bytes, 'gb18030', { stripBOM: false });
  }
}

function checkNul(chunk: Buffer, offset: number): void {
  const nul = chunk.indexOf(0);
  if (nul >= 0) throw nulByte(offset + nul);
}

function invalidUtf8(byteOffset: number): BatchFormatError {
  return new BatchFormatError('BATCH_ENCODING', {
    zh: `文件按 UTF-8 读取，但第 ${byteOffset} 字节处的内容不是有效的 UTF-8（文件可能混用了编码，或在此处被截断/损坏）。请整体另存为 CSV UTF-8 后重新上传。`,
    en: `The file reads as UTF-8 but the bytes at offset ${byteOffset} are not valid UTF-8 (mixed encodings, or the file is cut or damaged there). Save the whole file as CSV UTF-8 and upload it again.`,
  }, { byteOffset });
}

function invalidGbk(byteOffset: number): BatchFormatError {
  return new BatchFormatError('BATCH_ENCODING', {
    zh: `文件按 GBK 读取，但第 ${byteOffset} 字节处的内容不是有效的 GBK/GB 18030 字符（文件可能混用了编码，或在此处被截断/损坏）。请整体另存为 CSV UTF-8 后重新上传。`,
    en: `The file reads as GBK but the bytes at offset ${byteOffset} are not a valid GBK/GB 18030 character (mixed encodings, or the file is cut or damaged there). Save the whole file as CSV UTF-8 and upload it again.`,
  }, { byteOffset });
}

function jsonNotUtf8(byteOffset: number): BatchFormatError {
  return new BatchFormatError('BATCH_ENCODING', {
    zh: 'JSON/NDJSON 文件必须使用 UTF-8 编码（RFC 8259），此文件看起来是 GBK。请转换为 UTF-8 后重新上传。',
    en: 'JSON and NDJSON files must be UTF-8 (RFC 8259); this one looks like GBK. Convert it to UTF-8 and upload it again.',
  }, { byteOffset });
}
