import { describe, expect, it } from 'vitest';
import { formatFromContentType, formatFromFileName } from './index.ts';

describe('format from the upload', () => {
  it('reads the format from a Content-Type, ignoring parameters and case', () => {
    expect(formatFromContentType('text/csv; charset=GBK')).toBe('csv');
    expect(formatFromContentType('Application/JSON')).toBe('json');
    expect(formatFromContentType('application/x-ndjson')).toBe('ndjson');
    expect(formatFromContentType('application/ndjson;charset=utf-8')).toBe('ndjson');
    expect(formatFromContentType('application/octet-stream')).toBeUndefined();
    expect(formatFromContentType(undefined)).toBeUndefined();
    expect(formatFromContentType('')).toBeUndefined();
  });

  it('reads the format from a file name extension, with or without a path', () => {
    expect(formatFromFileName('2024年5月企业名单.CSV')).toBe('csv');
    expect(formatFromFileName('C:\\导出\\rows.json')).toBe('json');
    expect(formatFromFileName('/tmp/batch.ndjson')).toBe('ndjson');
    expect(formatFromFileName('batch.jsonl')).toBe('ndjson');
    expect(formatFromFileName('batch.xlsx')).toBeUndefined();
    expect(formatFromFileName('csv')).toBeUndefined();
    expect(formatFromFileName('.csv')).toBe('csv');
    expect(formatFromFileName('dir.csv/file')).toBeUndefined();
  });
});
