import { BatchFormatError } from './errors.ts';

/**
 * Recognises files that are not text at all, so a clerk who uploads the Excel workbook instead of its CSV export
 * hears "this is an Excel file" rather than a puzzling encoding or column error.
 */

interface Signature {
  bytes: number[];
  zh: string;
  en: string;
}

// Magic numbers from each format's specification; ZIP also covers .xlsx/.docx (OOXML is a ZIP package).
const SIGNATURES: Signature[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], zh: 'ZIP 压缩包或 Excel（.xlsx）文件', en: 'a ZIP archive or an Excel workbook (.xlsx)' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], zh: '空的 ZIP 压缩包', en: 'an empty ZIP archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], zh: '旧版 Excel（.xls）或 Word（.doc）文件', en: 'a legacy Excel (.xls) or Word (.doc) file' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], zh: 'PNG 图片', en: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], zh: 'JPEG 图片', en: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], zh: 'GIF 图片', en: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], zh: 'PDF 文档', en: 'a PDF document' },
  { bytes: [0x1f, 0x8b], zh: 'gzip 压缩文件', en: 'a gzip-compressed file' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], zh: '7z 压缩包', en: 'a 7z archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], zh: 'RAR 压缩包', en: 'a RAR archive' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], zh: 'xz 压缩文件', en: 'an xz-compressed file' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], zh: 'zstd 压缩文件', en: 'a zstd-compressed file' },
];

const SAVE_AS = { zh: '请在原程序中“另存为”CSV（UTF-8）或 JSON 后重新上传。', en: 'Save it as CSV (UTF-8) or JSON in the program that made it and upload that instead.' };

function startsWith(sample: Uint8Array, bytes: number[]): boolean {
  if (sample.length < bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (sample[i] !== bytes[i]) return false;
  return true;
}

/** Throws BATCH_BINARY for a known binary format's signature or a NUL byte at the start of the input. */
export function assertNotBinary(sample: Uint8Array): void {
  for (const sig of SIGNATURES) {
    if (startsWith(sample, sig.bytes)) {
      throw new BatchFormatError('BATCH_BINARY', {
        zh: `上传的是${sig.zh}，不是文本数据文件。${SAVE_AS.zh}`,
        en: `The upload is ${sig.en}, not a text data file. ${SAVE_AS.en}`,
      }, { byteOffset: 0 });
    }
  }
  // UTF-16 text has a NUL in every ASCII character, so it must be named before the NUL check calls it binary.
  if (startsWith(sample, [0xff, 0xfe]) || startsWith(sample, [0xfe, 0xff])) {
    throw new BatchFormatError('BATCH_ENCODING', {
      zh: '文件是 UTF-16（“Unicode 文本”）编码，不受支持。请另存为 CSV（UTF-8）后重新上传。',
      en: 'The file is encoded as UTF-16 ("Unicode text"), which is not supported. Save it as CSV (UTF-8) and upload it again.',
    }, { byteOffset: 0 });
  }
  const nul = Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength).indexOf(0);
  if (nul >= 0) throw nulByte(nul);
  if (controlShare(sample) > 0.01) {
    throw new BatchFormatError('BATCH_BINARY', {
      zh: `文件开头含有大量控制字符，像是二进制文件而不是 CSV/JSON 文本。${SAVE_AS.zh}`,
      en: `The start of the file is full of control characters; it looks like a binary file rather than CSV/JSON text. ${SAVE_AS.en}`,
    }, { byteOffset: 0 });
  }
}

/** A NUL never occurs in CSV or JSON text; it means a binary file or a botched conversion. */
export function nulByte(byteOffset: number): BatchFormatError {
  return new BatchFormatError('BATCH_BINARY', {
    zh: `文件在第 ${byteOffset} 字节处含有空字符（NUL），像是二进制文件或转换出错的文件。${SAVE_AS.zh}`,
    en: `The file contains a NUL byte at byte ${byteOffset}; it looks like a binary file or a broken conversion. ${SAVE_AS.en}`,
  }, { byteOffset });
}

/** Share of C0 control bytes other than tab, line feed, vertical tab, form feed, carriage return and escape. */
function controlShare(sample: Uint8Array): number {
  if (sample.length === 0) return 0;
  let count = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i];
    if (b < 0x20 && (b < 0x09 || b > 0x0d) && b !== 0x1b) count++;
  }
  // A stray control character in a cell is data; only a file with many of them is binary.
  return count < 4 ? 0 : count / sample.length;
}
