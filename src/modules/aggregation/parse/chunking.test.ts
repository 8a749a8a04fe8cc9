import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { BatchFormatError, readRows, type ReadRowsOptions } from './index.ts';
import { byteByByte, bytesOf, chunks, cutAt } from './test-support.ts';

/** Everything a read produces: the rows, and the error it ends with if any. */
async function outcome(source: AsyncIterable<Uint8Array>, opts: ReadRowsOptions) {
  const rows: unknown[] = [];
  try {
    for await (const row of readRows(source, opts)) rows.push(row);
  } catch (err) {
    if (!(err instanceof BatchFormatError)) throw err;
    return { rows, error: { code: err.code, rowNumber: err.rowNumber, byteOffset: err.byteOffset } };
  }
  return { rows, error: undefined };
}

/** Reads `bytes` whole, then cut at every offset, then one byte at a time; all must agree. */
async function expectSameAtEveryCut(bytes: Uint8Array, opts: ReadRowsOptions) {
  const whole = await outcome(chunks(bytes), opts);
  for (let cut = 1; cut < bytes.length; cut++) {
    expect(await outcome(cutAt(bytes, cut), opts), `cut at byte ${cut}`).toEqual(whole);
  }
  expect(await outcome(byteByByte(bytes), opts), 'one byte at a time').toEqual(whole);
  return whole;
}

const BOM = [0xef, 0xbb, 0xbf];

describe('chunk boundaries', () => {
  it('do not change a UTF-8 CSV with a BOM, CRLF, blank lines and quoted multi-line cells', async () => {
    const text = '企业名称,备注,金额\r\n\r\n"北京某某","第一行\r\n第二行",1\r\n湖南某某,"说""是""",2\r\n,,\r\n"a,b",c,"3"';
    const { rows, error } = await expectSameAtEveryCut(new Uint8Array([...BOM, ...bytesOf(text)]), { format: 'csv' });
    expect(error).toBeUndefined();
    expect(rows).toEqual([
      { rowNumber: 1, values: { 企业名称: '北京某某', 备注: '第一行\r\n第二行', 金额: '1' } },
      { rowNumber: 2, values: { 企业名称: '湖南某某', 备注: '说"是"', 金额: '2' } },
      { rowNumber: 3, values: { 企业名称: '', 备注: '', 金额: '' } },
      { rowNumber: 4, values: { 企业名称: 'a,b', 备注: 'c', 金额: '3' } },
    ]);
  });

  it('do not change a GBK CSV, detected or declared', async () => {
    const gbk = iconv.encode('统一社会信用代码,企业名称\r\n91110000600037341L,"北京某某\n科技"\r\n9143,长沙𠀀公司\n', 'gb18030');
    for (const encoding of ['auto', 'gbk'] as const) {
      const { rows, error } = await expectSameAtEveryCut(gbk, { format: 'csv', encoding });
      expect(error).toBeUndefined();
      expect(rows).toEqual([
        { rowNumber: 1, values: { 统一社会信用代码: '91110000600037341L', 企业名称: '北京某某\n科技' } },
        { rowNumber: 2, values: { 统一社会信用代码: '9143', 企业名称: '长沙𠀀公司' } },
      ]);
    }
  });

  it('do not change a JSON array with escapes, brackets in strings and a wrapper', async () => {
    const text = String.raw`{"rows": [ {"名称":"某\"]}","路径":"C:\\x\\","n":[1,{"d":[]}]} , "s\\" ,{"e":"\u4e2d"} ]}`;
    const { rows, error } = await expectSameAtEveryCut(new Uint8Array([...BOM, ...bytesOf(text)]), { format: 'json' });
    expect(error).toBeUndefined();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({ rowNumber: 1, values: { 名称: '某"]}', 路径: 'C:\\x\\', n: [1, { d: [] }] } });
    expect(rows[2]).toEqual({ rowNumber: 3, values: { e: '中' } });
  });

  it('do not change an NDJSON file with CRLF and blank lines', async () => {
    const { rows, error } = await expectSameAtEveryCut(bytesOf('{"名称":"某某"}\r\n\r\n  \n{"n":1}\r\n{"n":2}'), { format: 'ndjson' });
    expect(error).toBeUndefined();
    expect(rows).toEqual([
      { rowNumber: 1, values: { 名称: '某某' } },
      { rowNumber: 2, values: { n: 1 } },
      { rowNumber: 3, values: { n: 2 } },
    ]);
  });

  it('do not change where an error is found', async () => {
    const invalid = new Uint8Array([...bytesOf('a,b\n某,1\n'), 0xe6, 0x41, ...bytesOf(',2\n')]);
    const csv = await expectSameAtEveryCut(invalid, { format: 'csv', encoding: 'utf-8' });
    expect(csv.error).toEqual({ code: 'BATCH_ENCODING', rowNumber: undefined, byteOffset: 10 });
    expect(csv.rows).toHaveLength(1);
    const json = await expectSameAtEveryCut(bytesOf('[{"a":1},{"b":"]'), { format: 'json' });
    expect(json.error).toEqual({ code: 'BATCH_TRUNCATED', rowNumber: 2, byteOffset: 16 });
    const truncated = await expectSameAtEveryCut(bytesOf('a,b,c\n1,2,3\n"x\ny",2'), { format: 'csv' });
    expect(truncated.error).toMatchObject({ code: 'BATCH_TRUNCATED', rowNumber: 2 });
  });
});
