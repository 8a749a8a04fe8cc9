import { BatchFormatError } from './errors.ts';

/** A row longer than the limit: memory is bounded by the longest row, so the read stops here. */
export function tooLarge(rowNumber: number, limit: number, format: 'csv' | 'json' | 'ndjson'): BatchFormatError {
  const mb = Math.round(limit / (1024 * 1024));
  const cause = format === 'csv'
    ? { zh: '通常是某个英文双引号（"）没有配对，之后的内容都被当成了同一个单元格。', en: 'Usually a double quote (") is not closed, so everything after it reads as one cell.' }
    : { zh: '请检查该记录的括号和引号是否配对。', en: 'Check that the brackets and quotes of that record match.' };
  const where = rowNumber === 0 ? { zh: '表头', en: 'The header' } : { zh: `第 ${rowNumber} 条记录`, en: `Record ${rowNumber}` };
  return new BatchFormatError('BATCH_ROW_TOO_LARGE', {
    zh: `${where.zh}超过 ${mb} MB。${cause.zh}`,
    en: `${where.en} is larger than ${mb} MB. ${cause.en}`,
  }, rowNumber === 0 ? {} : { rowNumber });
}
