import { BatchFormatError } from './errors.ts';

/** Maps a column header (or JSON key) as the provider wrote it to a field code; undefined when unknown. */
export type MapHeader = (header: string) => string | undefined;

// Assigning this key to a plain object replaces its prototype instead of adding a field.
const RESERVED = '__proto__';

/**
 * The field codes of a CSV header row, in column order. Header names are trimmed (spreadsheet users pad them);
 * an empty, unknown, reserved or twice-mapped column stops the batch, because every row would be read wrong.
 */
export function columnKeys(cells: string[], mapHeader: MapHeader | undefined): string[] {
  const names = cells.map((cell) => cell.trim());
  const empty = names.findIndex((name) => name === '');
  if (empty >= 0) {
    const trailing = empty === names.length - 1 && names.length > 1;
    throw new BatchFormatError('BATCH_MALFORMED', {
      zh: `表头第 ${empty + 1} 列没有列名${trailing ? '（可能是行尾多了一个逗号）' : ''}。请为每一列填写列名，或删除空列。`,
      en: `Column ${empty + 1} of the header has no name${trailing ? ' (perhaps a trailing comma)' : ''}. Give every column a name or delete the empty column.`,
    });
  }
  const keys = names.map((name) => (mapHeader ? mapHeader(name) : name));
  const unknown = [...new Set(names.filter((_, i) => keys[i] === undefined))];
  if (unknown.length > 0) throw unknownHeaders(unknown, undefined, names.length === 1 ? delimiterHint(names[0]) : undefined);
  const seen = new Map<string, number>();
  keys.forEach((key, i) => {
    if (key === undefined || key === '' || key === RESERVED) throw reservedKey(names[i], undefined);
    const first = seen.get(key);
    if (first !== undefined) {
      const same = names[first] === names[i];
      throw new BatchFormatError('BATCH_MALFORMED', {
        zh: same
          ? `表头中列名“${names[i]}”出现了两次（第 ${first + 1} 列和第 ${i + 1} 列）。请删除或改名其中一列。`
          : `表头第 ${first + 1} 列“${names[first]}”和第 ${i + 1} 列“${names[i]}”对应同一个字段 ${key}。请只保留其中一列。`,
        en: same
          ? `The header names "${names[i]}" twice (columns ${first + 1} and ${i + 1}). Delete or rename one of them.`
          : `Header columns ${first + 1} ("${names[first]}") and ${i + 1} ("${names[i]}") both map to field ${key}. Keep only one of them.`,
      });
    }
    seen.set(key, i);
  });
  return keys as string[];
}

// Distinct keys remembered for JSON; a batch has tens of fields, so this only bounds a hostile one.
const KEY_CACHE_LIMIT = 10_000;

/** Maps the keys of JSON objects, asking mapHeader once per distinct key. */
export class KeyMapper {
  private readonly cache = new Map<string, string>();

  constructor(private readonly mapHeader: MapHeader | undefined) {}

  map(object: Record<string, unknown>, rowNumber: number): Record<string, unknown> {
    if (this.mapHeader === undefined) {
      // JSON.parse makes "__proto__" an ordinary own field, but a consumer copying it with Object.assign would not.
      if (Object.hasOwn(object, RESERVED)) throw reservedKey(RESERVED, rowNumber);
      return object;
    }
    const values: Record<string, unknown> = {};
    for (const name in object) {
      const key = this.keyOf(name, rowNumber);
      if (Object.hasOwn(values, key)) {
        const other = Object.keys(object).find((k) => k !== name && this.keyOf(k, rowNumber) === key);
        throw new BatchFormatError('BATCH_MALFORMED', {
          zh: `第 ${rowNumber} 条记录的“${other}”和“${name}”对应同一个字段 ${key}。请只保留其中一个。`,
          en: `Record ${rowNumber} has both "${other}" and "${name}", which map to the same field ${key}. Keep only one of them.`,
        }, { rowNumber });
      }
      values[key] = object[name];
    }
    return values;
  }

  private keyOf(name: string, rowNumber: number): string {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    const key = (this.mapHeader as MapHeader)(name.trim());
    if (key === undefined) throw unknownHeaders([name], rowNumber, undefined);
    if (key === '' || key === RESERVED) throw reservedKey(name, rowNumber);
    if (this.cache.size < KEY_CACHE_LIMIT) this.cache.set(name, key);
    return key;
  }
}

function unknownHeaders(names: string[], rowNumber: number | undefined, hint: { zh: string; en: string } | undefined): BatchFormatError {
  const list = names.map((n) => `“${n}”`).join('、');
  const listEn = names.map((n) => `"${n}"`).join(', ');
  const where = rowNumber === undefined ? { zh: '表头中有', en: 'The header has' } : { zh: `第 ${rowNumber} 条记录中有`, en: `Record ${rowNumber} has` };
  return new BatchFormatError('BATCH_HEADER_UNKNOWN', {
    zh: `${where.zh}无法识别的字段：${list}。请对照数据目录核对字段名称。${hint?.zh ?? ''}`,
    en: `${where.en} fields that are not in the catalog: ${listEn}. Check the field names against the data catalog.${hint ? ` ${hint.en}` : ''}`,
  }, rowNumber === undefined ? {} : { rowNumber });
}

/** A lone header containing semicolons or tabs means the file uses another delimiter than the comma. */
function delimiterHint(name: string): { zh: string; en: string } | undefined {
  const delimiter = name.includes('\t') ? { zh: '制表符', en: 'tabs' } : name.includes(';') ? { zh: '分号', en: 'semicolons' } : undefined;
  if (delimiter === undefined) return undefined;
  return {
    zh: `表头看起来用${delimiter.zh}分隔，本平台只接受逗号分隔的 CSV。`,
    en: `The header seems to be separated by ${delimiter.en}; only comma-separated CSV is accepted.`,
  };
}

function reservedKey(name: string, rowNumber: number | undefined): BatchFormatError {
  return new BatchFormatError('BATCH_MALFORMED', {
    zh: `字段名“${name}”不能使用。请改用数据目录中的字段名称。`,
    en: `The field name "${name}" cannot be used. Use a field name from the data catalog.`,
  }, rowNumber === undefined ? {} : { rowNumber });
}
