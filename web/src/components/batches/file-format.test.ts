import { describe, expect, it } from 'vitest';
import { contentTypeOf, csvCell, csvTemplate, defaultBatchId } from './file-format.ts';

describe('batch files', () => {
  it('sends each accepted extension with its content type, whatever its case', () => {
    expect(contentTypeOf('water.csv')).toBe('text/csv');
    expect(contentTypeOf('WATER.CSV')).toBe('text/csv');
    expect(contentTypeOf('rows.json')).toBe('application/json');
    expect(contentTypeOf('rows.ndjson')).toBe('application/x-ndjson');
    expect(contentTypeOf('rows.jsonl')).toBe('application/x-ndjson');
  });

  it('refuses a file whose format the platform does not read', () => {
    expect(contentTypeOf('rows.xlsx')).toBeNull();
    expect(contentTypeOf('README')).toBeNull();
  });

  it('names a batch after the item and the local time to the second', () => {
    expect(defaultBatchId('UTILITY_WATER', new Date(2026, 0, 5, 7, 8, 9))).toBe('UTILITY_WATER-20260105070809');
  });

  it('writes a template with a byte-order mark and the Chinese field names as headers', () => {
    const text = csvTemplate([{ name: '主体名称' }, { name: '统一社会信用代码' }, { name: '水用户信息（户名户号）' }]);
    expect(text).toBe('\uFEFF主体名称,统一社会信用代码,水用户信息（户名户号）\r\n');
  });

  it('quotes only the cells that need it', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  });
});
