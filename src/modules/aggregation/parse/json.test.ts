import { describe, expect, it } from 'vitest';
import { bytesOf, chunks, failure, readAll } from './test-support.ts';

const json = { format: 'json' } as const;
const ndjson = { format: 'ndjson' } as const;

describe('JSON batches', () => {
  it('reads an array of objects element by element, keeping strings, numbers, booleans and nulls', async () => {
    const rows = await readAll('[{"uscc":"91110000600037341L","amount":12.5,"active":true,"note":null},\n {"uscc":"x","tags":["a","]"]}]', json);
    expect(rows).toEqual([
      { rowNumber: 1, values: { uscc: '91110000600037341L', amount: 12.5, active: true, note: null } },
      { rowNumber: 2, values: { uscc: 'x', tags: ['a', ']'] } },
    ]);
  });

  it('accepts the {"rows": [...]} wrapper and a UTF-8 byte order mark', async () => {
    const rows = await readAll(new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf(' { "rows" : [ {"a":1} , {"a":2} ] } \n')]), json);
    expect(rows.map((r) => r.values)).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('follows strings with escaped quotes, backslashes and brackets without losing its place', async () => {
    const rows = await readAll(String.raw`[{"a":"x\"]}"},{"b":"\\"},{"c":"{[\u005d"}]`, json);
    expect(rows.map((r) => r.values)).toEqual([{ a: 'x"]}' }, { b: '\\' }, { c: '{[]' }]);
  });

  it('flags an element that is not an object, or not valid JSON, and reads on', async () => {
    const rows = await readAll('[{"a":1}, 42, "text", [1], null, tru, {"a":2}]', json);
    expect(rows.map((r) => [r.rowNumber, r.problem?.code ?? r.values])).toEqual([
      [1, { a: 1 }],
      [2, 'JSON_NOT_OBJECT'],
      [3, 'JSON_NOT_OBJECT'],
      [4, 'JSON_NOT_OBJECT'],
      [5, 'JSON_NOT_OBJECT'],
      [6, 'JSON_INVALID_ELEMENT'],
      [7, { a: 2 }],
    ]);
    expect(rows[1].problem?.en).toContain('Record 2 is a number');
  });

  it('maps object keys through mapHeader and refuses the first unknown key with its record number', async () => {
    const codes: Record<string, string> = { 企业名称: 'name', 统一社会信用代码: 'uscc' };
    const mapHeader = (h: string) => codes[h];
    const rows = await readAll('[{"企业名称":"某某","统一社会信用代码":"1"}]', { format: 'json', mapHeader });
    expect(rows[0].values).toEqual({ name: '某某', uscc: '1' });
    const err = await failure('[{"企业名称":"a"},{"企业名称":"b","颜色":"红"}]', { format: 'json', mapHeader });
    expect(err.code).toBe('BATCH_HEADER_UNKNOWN');
    expect(err.rowNumber).toBe(2);
    expect(err.zh).toContain('“颜色”');
  });

  it('treats an array that is never closed as a truncated file, at the byte where it stops', async () => {
    const text = '[{"a":1},{"a":2},{"a":';
    const err = await failure(text, json);
    expect(err.code).toBe('BATCH_TRUNCATED');
    expect(err.rowNumber).toBe(3);
    expect(err.byteOffset).toBe(text.length);
    expect(err.rowsBefore).toHaveLength(2);
    expect((await failure('[{"a":1}', json)).code).toBe('BATCH_TRUNCATED');
    expect((await failure('[{"a":1},', json)).code).toBe('BATCH_TRUNCATED');
    expect((await failure('{"rows":[{"a":1}]', json)).code).toBe('BATCH_TRUNCATED');
  });

  it('refuses a top level that is not an array of records', async () => {
    for (const text of ['{"a":1}', '{"data":[{"a":1}]}', '"rows"', 'a,b\n1,2\n', '{"rows":{"a":1}}', '{}']) {
      const err = await failure(text, json);
      expect(err.code, text).toBe('BATCH_MALFORMED');
      expect(err.en).toContain('must be an array of records');
    }
  });

  it('refuses trailing commas, missing commas and content after the array', async () => {
    for (const text of ['[{"a":1},]', '[{"a":1} {"a":2}]', '[{"a":1}] []', '[,{"a":1}]']) {
      expect((await failure(text, json)).code, text).toBe('BATCH_MALFORMED');
    }
  });

  it('refuses nesting deeper than 64 levels inside a record', async () => {
    const nested = (depth: number) => `[{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}]`;
    expect(await readAll(nested(64), json)).toHaveLength(1);
    const err = await failure(nested(65), json);
    expect(err.code).toBe('BATCH_MALFORMED');
    expect(err.rowNumber).toBe(1);
  });

  it('refuses mismatched brackets instead of swallowing the following records', async () => {
    expect((await failure('[{"a":[1}, {"b":2}]', json)).code).toBe('BATCH_MALFORMED');
  });

  it('refuses an empty array and a file of whitespace', async () => {
    for (const text of ['[]', ' [ ] ', '{"rows":[]}', '  \n', '']) expect((await failure(text, json)).code, text).toBe('BATCH_EMPTY');
  });

  it('refuses a record with a __proto__ key, which a careless copy would turn into a prototype', async () => {
    expect((await failure('[{"__proto__":{"admin":true}}]', json)).code).toBe('BATCH_MALFORMED');
  });

  it('stops at an element larger than the row limit', async () => {
    const big = `[{"a":"${'x'.repeat(5000)}"}]`;
    const err = await failure(chunks(big.slice(0, 1000), big.slice(1000)), { format: 'json', maxRowBytes: 2000 });
    expect(err.code).toBe('BATCH_ROW_TOO_LARGE');
  });
});

describe('NDJSON batches', () => {
  it('reads one object per line, skipping blank lines without counting them', async () => {
    const rows = await readAll('{"a":1}\n\n   \r\n{"a":2}\r\n\t\n{"a":3}\n', ndjson);
    expect(rows).toEqual([
      { rowNumber: 1, values: { a: 1 } },
      { rowNumber: 2, values: { a: 2 } },
      { rowNumber: 3, values: { a: 3 } },
    ]);
  });

  it('flags a line that is not JSON or not an object and reads on', async () => {
    const rows = await readAll('{"a":1}\nnot json\n[1,2]\n{"a":2}\n', ndjson);
    expect(rows.map((r) => r.problem?.code)).toEqual([undefined, 'NDJSON_INVALID_LINE', 'NDJSON_NOT_OBJECT', undefined]);
    expect(rows[3]).toEqual({ rowNumber: 4, values: { a: 2 } });
  });

  it('accepts a complete last line without a line break but treats a broken one as truncation', async () => {
    expect(await readAll('{"a":1}\n{"a":2}', ndjson)).toHaveLength(2);
    const err = await failure('{"a":1}\n{"a":', ndjson);
    expect(err.code).toBe('BATCH_TRUNCATED');
    expect(err.rowNumber).toBe(2);
  });

  it('refuses a file of blank lines', async () => {
    expect((await failure('\n \n\r\n', ndjson)).code).toBe('BATCH_EMPTY');
  });
});
