import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readRows } from './index.ts';
import { bytesOf, chunks, failure, readAll } from './test-support.ts';

const csv = { format: 'csv' } as const;

describe('CSV batches', () => {
  it('reads rows keyed by the header, every value a string and empty cells as empty strings', async () => {
    const rows = await readAll('uscc,name,amount\n91110000600037341L,Acme,12.50\n91310000MA1FL8TQ0A,,0\n', csv);
    expect(rows).toEqual([
      { rowNumber: 1, values: { uscc: '91110000600037341L', name: 'Acme', amount: '12.50' } },
      { rowNumber: 2, values: { uscc: '91310000MA1FL8TQ0A', name: '', amount: '0' } },
    ]);
  });

  it('decodes a GBK file with Chinese headers without being told the encoding', async () => {
    const gbk = iconv.encode('统一社会信用代码,企业名称,注册资本（万元）\n91110000600037341L,北京某某科技有限公司,500\n', 'gbk');
    const rows = await readAll(gbk, csv);
    expect(rows).toEqual([{ rowNumber: 1, values: { 统一社会信用代码: '91110000600037341L', 企业名称: '北京某某科技有限公司', '注册资本（万元）': '500' } }]);
  });

  it('recognises GBK even when the first 64 KiB are plain ASCII', async () => {
    const ascii = 'uscc,name\n' + '91110000600037341L,Acme Ltd\n'.repeat(3000);
    const gbk = Buffer.concat([Buffer.from(ascii), iconv.encode('91110000600037341L,湖南某某有限公司\n', 'gbk')]);
    expect(gbk.indexOf(0xba)).toBeGreaterThan(64 * 1024);
    const rows = await readAll(gbk, csv);
    expect(rows).toHaveLength(3001);
    expect(rows[3000].values).toEqual({ uscc: '91110000600037341L', name: '湖南某某有限公司' });
  });

  it('strips a UTF-8 byte order mark so the first column keeps its name', async () => {
    const rows = await readAll(new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf('企业名称,金额\n某某公司,1\n')]), csv);
    expect(rows[0].values).toEqual({ 企业名称: '某某公司', 金额: '1' });
  });

  it('keeps commas, doubled quotes and line breaks inside quoted cells, counting a multi-line record once', async () => {
    const text = 'id,note\n1,"a, b"\n2,"she said ""yes"""\n3,"line one\r\nline two\nline three"\n4,""\n5,plain\n';
    const rows = await readAll(text, csv);
    expect(rows.map((r) => [r.rowNumber, r.values.note])).toEqual([
      [1, 'a, b'],
      [2, 'she said "yes"'],
      [3, 'line one\r\nline two\nline three'],
      [4, ''],
      [5, 'plain'],
    ]);
  });

  it('reads CRLF and LF line ends alike, removing only the trailing CR and no other whitespace', async () => {
    const rows = await readAll('a,b\r\n x , y \r\n1,2\n3,"4"\r\n', csv);
    expect(rows.map((r) => r.values)).toEqual([{ a: ' x ', b: ' y ' }, { a: '1', b: '2' }, { a: '3', b: '4' }]);
  });

  it('skips fully empty lines, before the header too, without counting them as rows', async () => {
    const rows = await readAll('\r\n\na,b\n\n1,2\r\n\r\n3,4\n\n', csv);
    expect(rows).toEqual([
      { rowNumber: 1, values: { a: '1', b: '2' } },
      { rowNumber: 2, values: { a: '3', b: '4' } },
    ]);
  });

  it('accepts a last line without a line break when it is complete', async () => {
    const rows = await readAll('a,b\n1,2\n3,"x"', csv);
    expect(rows.map((r) => r.values)).toEqual([{ a: '1', b: '2' }, { a: '3', b: 'x' }]);
  });

  it('keeps text after a closing quote as written, as spreadsheet programs do', async () => {
    const rows = await readAll('a,b\n"x"y,2\n', csv);
    expect(rows[0].values).toEqual({ a: 'xy', b: '2' });
  });

  it('trims header names and maps them to field codes', async () => {
    const codes: Record<string, string> = { 统一社会信用代码: 'uscc', 企业名称: 'name' };
    const rows = await readAll(' 统一社会信用代码 ,\t企业名称\n91110000600037341L, 某某 \n', { format: 'csv', mapHeader: (h) => codes[h] });
    expect(rows[0].values).toEqual({ uscc: '91110000600037341L', name: ' 某某 ' });
  });

  it('flags a row with too few or too many cells and reads on', async () => {
    const rows = await readAll('a,b,c\n1,2,3\n1,2\n1,2,3,4\n"multi\nline",2,3\n7,8,9\n', csv);
    expect(rows.map((r) => [r.rowNumber, r.problem?.code])).toEqual([
      [1, undefined],
      [2, 'CSV_COLUMN_COUNT'],
      [3, 'CSV_COLUMN_COUNT'],
      [4, undefined],
      [5, undefined],
    ]);
    expect(rows[1].values).toEqual({ a: '1', b: '2' });
    expect(rows[2].values).toEqual({ a: '1', b: '2', c: '3' });
    expect(rows[1].problem?.zh).toContain('第 2 行有 2 列，表头有 3 列');
    expect(rows[1].problem?.en).toContain('Row 2 has 2 columns but the header has 3');
  });

  it('treats a short last line without a line break as a truncated file', async () => {
    const err = await failure('a,b,c\n1,2,3\n4,5', csv);
    expect(err.code).toBe('BATCH_TRUNCATED');
    expect(err.rowNumber).toBe(2);
    expect(err.rowsBefore).toHaveLength(1);
    // The same short line with its line break is just a bad row.
    const rows = await readAll('a,b,c\n1,2,3\n4,5\n', csv);
    expect(rows[1].problem?.code).toBe('CSV_COLUMN_COUNT');
  });

  it('treats a file ending inside a quoted cell as truncated, naming the row where the quote opened', async () => {
    const err = await failure('a,b\n1,2\n3,"never closed\n4,5\n', csv);
    expect(err.code).toBe('BATCH_TRUNCATED');
    expect(err.rowNumber).toBe(2);
    expect(err.zh).toContain('第 2 行');
  });

  it('stops at an oversized row instead of buffering the rest of the file after an unclosed quote', async () => {
    async function* endless() {
      yield bytesOf('a,b\n1,"unclosed\n');
      for (let i = 0; i < 10_000; i++) yield bytesOf('x,y\n'.repeat(1000));
    }
    const err = await failure(endless(), { format: 'csv', maxRowBytes: 1024 * 1024 });
    expect(err.code).toBe('BATCH_ROW_TOO_LARGE');
    expect(err.rowNumber).toBe(1);
    expect(err.en).toContain('double quote');
  });

  it('refuses an empty file, a header without data and a file of blank lines', async () => {
    for (const text of ['', 'a,b\n', 'a,b', '\n\r\n\n']) {
      const err = await failure(text, csv);
      expect(err.code, JSON.stringify(text)).toBe('BATCH_EMPTY');
    }
    expect((await failure(new Uint8Array([0xef, 0xbb, 0xbf]), csv)).code).toBe('BATCH_EMPTY');
  });

  it('refuses a header with an empty column, naming a trailing comma when that is the cause', async () => {
    const err = await failure('a,b,\n1,2,\n', csv);
    expect(err.code).toBe('BATCH_MALFORMED');
    expect(err.en).toContain('Column 3');
    expect(err.zh).toContain('行尾多了一个逗号');
  });

  it('refuses a header naming a column twice, also when two names map to one field', async () => {
    expect((await failure('a,b,a\n1,2,3\n', csv)).code).toBe('BATCH_MALFORMED');
    const err = await failure('企业名称,名称\nx,y\n', { format: 'csv', mapHeader: () => 'name' });
    expect(err.code).toBe('BATCH_MALFORMED');
    expect(err.en).toContain('both map to field name');
  });

  it('lists every header the catalog does not know', async () => {
    const known = new Set(['uscc']);
    const err = await failure('uscc,颜色,尺码,颜色\n1,2,3,4\n', { format: 'csv', mapHeader: (h) => (known.has(h) ? h : undefined) });
    expect(err.code).toBe('BATCH_HEADER_UNKNOWN');
    expect(err.zh).toContain('“颜色”、“尺码”');
    expect(err.en).toContain('"颜色", "尺码"');
  });

  it('suggests the delimiter when a semicolon-separated file arrives', async () => {
    const err = await failure('uscc;name\n1;2\n', { format: 'csv', mapHeader: () => undefined });
    expect(err.code).toBe('BATCH_HEADER_UNKNOWN');
    expect(err.en).toContain('semicolons');
  });

  it('refuses a column named __proto__, which would replace the row object\'s prototype', async () => {
    expect((await failure('__proto__,b\n1,2\n', csv)).code).toBe('BATCH_MALFORMED');
  });

  it('closes the source when the reader stops early', async () => {
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield bytesOf(i === 0 ? 'a\n' : `${i}\n`.repeat(100));
      } finally {
        closed = true;
      }
    }
    for await (const row of readRows(source(), csv)) if (row.rowNumber === 150) break;
    expect(closed).toBe(true);
  });

  it('serves next() calls made before the previous one settled in order, as an async generator would', async () => {
    const rows = readRows(chunks('n\n1\n', '2\n3\n', '4\n'), csv);
    const results = await Promise.all([rows.next(), rows.next(), rows.next(), rows.next(), rows.next()]);
    expect(results.map((r) => (r.done ? 'done' : r.value.values.n))).toEqual(['1', '2', '3', '4', 'done']);
  });

  it('copes with a producer that reuses one buffer for every chunk', async () => {
    const text = bytesOf('name,note\n湖南,"a\nb"\n' + '某某,x\n'.repeat(50));
    const buffer = new Uint8Array(7);
    async function* reusing() {
      for (let i = 0; i < text.length; i += 7) {
        const n = Math.min(7, text.length - i);
        buffer.set(text.subarray(i, i + n));
        yield buffer.subarray(0, n);
      }
    }
    expect(await readAll(reusing(), csv)).toEqual(await readAll(chunks(text), csv));
  });
});
