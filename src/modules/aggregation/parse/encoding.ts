import { isUtf8 } from 'node:buffer';
import { BatchFormatError } from './errors.ts';
import { firstInvalidGb18030, gbCompleteEnd } from './gb18030.ts';
import { assertNotBinary } from './sniff.ts';
import { firstInvalidUtf8, utf8CompleteEnd } from './utf8.ts';

export type BatchEncoding = 'utf-8' | 'gbk';

/** How many bytes 'auto' looks at before deciding. */
export const SAMPLE_BYTES = 64 * 1024;

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Valid UTF-8, allowing the sample to stop in the middle of a character. */
export function isUtf8Sample(sample: Uint8Array): boolean {
  const end = utf8CompleteEnd(sample);
  return isUtf8(sample.subarray(0, end)) && firstInvalidUtf8(sample, end, sample.length, true) === -1;
}

/** Valid GB 18030 (so also GBK), allowing the sample to stop in the middle of a character. */
export function isGbSample(sample: Uint8Array): boolean {
  return firstInvalidGb18030(sample, 0, gbCompleteEnd(sample)) === -1;
}

/**
 * Decides how a batch is encoded from its first bytes. UTF-8 is tried first: GBK text is almost never valid
 * UTF-8 by accident, while nearly any byte soup passes as GBK. A UTF-8 BOM settles it outright.
 */
export function detectEncoding(sample: Uint8Array): BatchEncoding {
  assertNotBinary(sample);
  return decideEncoding(sample, 0);
}

/** detectEncoding without the binary check, for a sample from the middle of the input (`offset` is its start). */
export function decideEncoding(sample: Uint8Array, offset: number): BatchEncoding {
  if (hasUtf8Bom(sample) || isUtf8Sample(sample)) return 'utf-8';
  if (isGbSample(sample)) return 'gbk';
  const at = firstInvalidUtf8(sample, 0, utf8CompleteEnd(sample));
  throw new BatchFormatError('BATCH_ENCODING', {
    zh: `无法识别文件的字符编码：既不是 UTF-8 也不是 GBK（第 ${offset + Math.max(at, 0)} 字节起）。请用 Excel 或 WPS “另存为” CSV UTF-8（逗号分隔）后重新上传。`,
    en: `The file is neither UTF-8 nor GBK text (from byte ${offset + Math.max(at, 0)}). Save it as "CSV UTF-8 (comma delimited)" in Excel or WPS and upload it again.`,
  }, { byteOffset: offset + Math.max(at, 0) });
}
