import type { CatalogItem } from '../../catalog/index.ts';
import { codes } from '../../entities/index.ts';
import type { ProviderRecord, RecordValue } from './provider-contract.ts';

type Field = CatalogItem['fields'][number];

/** Most records one answer may carry; a larger answer is a provider fault, not data to hold in memory. */
export const MAX_RECORDS = 10_000;
const MAX_TEXT = 4000;
const DECIMAL = /^-?\d{1,18}(?:\.\d{1,8})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

export type AnswerCheck =
  | { ok: true; records: ProviderRecord[]; asOf: string }
  | { ok: false; problems: string[] };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function validDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** Why a value does not fit its field, or undefined when it fits. JSON types are strict: no coercion. */
export function valueProblem(field: Field, value: unknown): string | undefined {
  if (value === null || value === undefined) return field.required ? 'is required' : undefined;
  switch (field.type) {
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      if (value.length > MAX_TEXT) return `is longer than ${MAX_TEXT} characters`;
      if (field.format === 'json') {
        try {
          JSON.parse(value);
        } catch {
          return 'must be JSON text';
        }
      }
      return undefined;
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? undefined : 'must be an integer';
    case 'decimal':
      return typeof value === 'string' && DECIMAL.test(value) ? undefined : 'must be a decimal string such as "1234.56"';
    case 'date':
      return typeof value === 'string' && validDate(value) ? undefined : 'must be a date YYYY-MM-DD';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'enum':
      return typeof value === 'string' && field.enum?.includes(value) ? undefined : `must be one of ${field.enum?.join(', ')}`;
    case 'uscc':
      return typeof value === 'string' && codes.validateUscc(value).valid ? undefined : 'must be a valid USCC (GB 32100-2015)';
    case 'id_number':
      return typeof value === 'string' && codes.validateIdNumber(value).valid ? undefined : 'must be a valid resident ID number (GB 11643-1999)';
    case 'region_code':
      return typeof value === 'string' && /^\d{6}$/.test(value) && codes.regionByCode(value) ? undefined : 'must be a GB/T 2260 region code';
    default:
      return `has catalog type ${String(field.type)}, which cannot be checked`;
  }
}

/**
 * Checks a provider's records answer against the catalog item, strictly: the envelope names the item and
 * enterprise asked for, every record belongs to that enterprise, carries only catalog fields with values of
 * the right JSON type, and natural keys do not repeat. Nothing is dropped: any problem rejects the answer.
 */
export function checkRecordsAnswer(item: CatalogItem, uscc: string, body: unknown): AnswerCheck {
  const problems: string[] = [];
  const add = (p: string) => {
    if (problems.length < 20) problems.push(p);
  };
  if (!isPlainObject(body)) return { ok: false, problems: ['the answer is not a JSON object'] };
  if (body.item !== item.code) add(`item is ${JSON.stringify(body.item)}, expected ${item.code}`);
  if (body.uscc !== uscc) add(`uscc is ${JSON.stringify(body.uscc)}, expected ${uscc}`);
  const asOf = body.asOf;
  if (typeof asOf !== 'string' || !OFFSET_DATE_TIME.test(asOf) || Number.isNaN(Date.parse(asOf))) {
    add('asOf must be an ISO 8601 date-time with an offset');
  }
  if (!Array.isArray(body.records)) {
    add('records must be an array');
    return { ok: false, problems };
  }
  if (body.records.length > MAX_RECORDS) return { ok: false, problems: [`more than ${MAX_RECORDS} records in one answer`] };
  const fields = new Map(item.fields.map((f) => [f.code, f]));
  const keys = new Set<string>();
  const records: ProviderRecord[] = [];
  body.records.forEach((raw: unknown, i: number) => {
    if (!isPlainObject(raw)) {
      add(`records[${i}] is not an object`);
      return;
    }
    for (const name of Object.keys(raw)) if (!fields.has(name)) add(`records[${i}].${name} is not a field of ${item.code}`);
    for (const f of item.fields) {
      const why = valueProblem(f, raw[f.code]);
      if (why) add(`records[${i}].${f.code} ${why}`);
    }
    if (raw.uscc !== uscc) add(`records[${i}] belongs to ${JSON.stringify(raw.uscc)}, not ${uscc}`);
    const key = JSON.stringify(item.naturalKey.map((k) => raw[k] ?? null));
    if (keys.has(key)) add(`records[${i}] repeats natural key ${key}`);
    keys.add(key);
    const record: ProviderRecord = {};
    for (const f of item.fields) record[f.code] = (raw[f.code] ?? null) as RecordValue;
    records.push(record);
  });
  return problems.length ? { ok: false, problems } : { ok: true, records, asOf: asOf as string };
}
