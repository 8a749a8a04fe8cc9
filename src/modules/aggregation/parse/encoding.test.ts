import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { BatchFormatError, detectEncoding } from './index.ts';
import { bytesOf, chunks, cutAt, failure, readAll } from './test-support.ts';

const csv = { format: 'csv' } as const;

function detectionError(sample: Uint8Array): BatchFormatError {
  try {
    detectEncoding(sample);
  } catch (err) {
    if (err instanceof BatchFormatError) return err;
    throw err;
  }
  throw new Error('expected detectEncoding to throw');
}

describe('detectEncoding', () => {
  it('says UTF-8 for a BOM, for valid UTF-8 and for a sample that cuts a character in half', () => {
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('utf-8');
    expect(detectEncoding(bytesOf('企业名称,金额\n'))).toBe('utf-8');
    const cut = bytesOf('名称,金额'); // 金 is 3 bytes; keep only its first
    expect(detectEncoding(cut.subarray(0, cut.length - 5))).toBe('utf-8');
  });

  it('says GBK for Chinese text in GBK, also when the sample cuts a character in half', () => {
    const gbk = iconv.encode('企业名称,金额\n北京某某科技有限公司', 'gbk');
    expect(detectEncoding(gbk)).toBe('gbk');
    expect(detectEncoding(gbk.subarray(0, gbk.length - 1))).toBe('gbk');
  });

  it('refuses bytes that are neither UTF-8 nor GBK, pointing at the first bad byte', () => {
    const err = detectionError(new Uint8Array([0x61, 0x62, 0xff, 0xfe, 0xfd, 0x0a]));
    expect(err.code).toBe('BATCH_ENCODING');
    expect(err.byteOffset).toBe(2);
  });

  it('names an Excel workbook, a PNG and other binary files instead of guessing an encoding', () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    const err = detectionError(xlsx);
    expect(err.code).toBe('BATCH_BINARY');
    expect(err.zh).toContain('Excel');
    expect(err.en).toContain('Excel workbook (.xlsx)');
    expect(detectionError(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])).en).toContain('PNG');
    expect(detectionError(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])).en).toContain('.xls');
    expect(detectionError(bytesOf('a,b\n1,\u0000\n')).code).toBe('BATCH_BINARY');
  });

  it('names UTF-16 text, which otherwise looks binary', () => {
    const err = detectionError(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x2c, 0x00]));
    expect(err.code).toBe('BATCH_ENCODING');
    expect(err.en).toContain('UTF-16');
  });
});

describe('decoding a whole batch', () => {
  it('refuses a ZIP/xlsx upload as binary', async () => {
    const err = await failure(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), csv);
    expect(err.code).toBe('BATCH_BINARY');
  });

  it('refuses a NUL byte anywhere in the stream, at its offset', async () => {
    const head = 'a,b\n' + '1,2\n'.repeat(30_000);
    const err = await failure(chunks(head, new Uint8Array([0x33, 0x2c, 0x00, 0x0a])), csv);
    expect(err.code).toBe('BATCH_BINARY');
    expect(err.byteOffset).toBe(head.length + 2);
  });

  it('reports the byte offset where a UTF-8 file stops being UTF-8, after delivering the rows before it', async () => {
    const head = 'name,note\n' + '某某,正常\n'.repeat(10_000);
    const good = bytesOf(head);
    expect(good.length).toBeGreaterThan(64 * 1024);
    const bad = iconv.encode('湖南,错误\n', 'gbk');
    const whole = Buffer.concat([good, bad]);
    const err = await failure(cutAt(whole, 70_000, good.length + 1), csv);
    expect(err.code).toBe('BATCH_ENCODING');
    expect(err.byteOffset).toBe(good.length);
    expect(err.en).toContain(`offset ${good.length}`);
    expect(err.rowsBefore).toHaveLength(10_000);
  });

  it('refuses a UTF-8 file that ends in the middle of a character', async () => {
    const text = bytesOf('a,b\n1,某\n');
    const err = await failure(text.subarray(0, text.length - 2), csv);
    expect(err.code).toBe('BATCH_ENCODING');
    expect(err.byteOffset).toBe(text.length - 4);
  });

  it('reports the byte offset of an invalid GBK sequence', async () => {
    const good = iconv.encode('企业名称,金额\n某某公司,1\n', 'gbk');
    const whole = Buffer.concat([good, Buffer.from([0x31, 0x2c, 0xff, 0x0a])]);
    const err = await failure(whole, { format: 'csv', encoding: 'gbk' });
    expect(err.code).toBe('BATCH_ENCODING');
    expect(err.byteOffset).toBe(good.length + 2);
  });

  it('rejects GB 18030 four-byte codes that are not assigned, which iconv-lite would turn into garbage', async () => {
    const err = await failure(Buffer.from([0x61, 0x0a, 0x85, 0x30, 0x81, 0x30, 0x0a]), { format: 'csv', encoding: 'gbk' });
    expect(err.code).toBe('BATCH_ENCODING');
    expect(err.byteOffset).toBe(2);
  });

  it('reads a file declared as UTF-8 or GBK without guessing', async () => {
    const gbk = iconv.encode('名称\n某某\n', 'gbk');
    expect((await readAll(gbk, { format: 'csv', encoding: 'gbk' }))[0].values).toEqual({ 名称: '某某' });
    expect((await failure(gbk, { format: 'csv', encoding: 'utf-8' })).code).toBe('BATCH_ENCODING');
  });

  it('trusts a UTF-8 byte order mark over a declared GBK', async () => {
    const rows = await readAll(new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf('名称\n某某\n')]), { format: 'csv', encoding: 'gbk' });
    expect(rows[0].values).toEqual({ 名称: '某某' });
  });

  it('refuses JSON and NDJSON that are not UTF-8', async () => {
    const gbk = iconv.encode('[{"名称":"某某"}]', 'gbk');
    const err = await failure(gbk, { format: 'json' });
    expect(err.code).toBe('BATCH_ENCODING');
    expect(err.en).toContain('must be UTF-8');
    expect((await failure(bytesOf('{"a":1}\n'), { format: 'ndjson', encoding: 'gbk' })).code).toBe('BATCH_ENCODING');
  });
});
