import { badRequest } from '../../platform/http/index.ts';
import type { CatalogItem } from '../catalog/index.ts';

export type CellValue = string | number | boolean | null;

/**
 * The row a "corrected" outcome submits: the current record with the handler's changed fields. The natural key may not
 * change (that would be another record, and the objection's record would stay as it was); unknown fields are refused;
 * a correction that changes nothing is refused (it would be "upheld").
 */
export function correctedRow(item: CatalogItem, current: Record<string, unknown>, values: Record<string, CellValue>): Record<string, CellValue> {
  const fields = new Map(item.fields.map((f) => [f.code, f]));
  const unknown = Object.keys(values).filter((k) => !fields.has(k));
  if (unknown.length) {
    throw badRequest('OBJECTION_FIELD_UNKNOWN', { zh: `信息项没有这些字段：${unknown.join('、')}`, en: `The item has no field(s): ${unknown.join(', ')}` }, { fields: unknown });
  }
  const keyChanged = item.naturalKey.filter((k) => k in values && String(values[k] ?? '') !== String(current[k] ?? ''));
  if (keyChanged.length) {
    throw badRequest('OBJECTION_KEY_CHANGED', {
      zh: `更正不能修改记录的主键字段：${keyChanged.join('、')}；如记录不属于该企业，请选择“删除”`,
      en: `A correction cannot change the record's key field(s): ${keyChanged.join(', ')}; if the record is not this enterprise's, choose "deleted"`,
    }, { fields: keyChanged });
  }
  const row: Record<string, CellValue> = {};
  for (const f of item.fields) {
    const v = f.code in values ? values[f.code] : (current[f.code] as CellValue | undefined);
    if (v !== undefined && v !== null && v !== '') row[f.code] = v;
  }
  const changed = Object.keys(values).some((k) => String(values[k] ?? '') !== String(current[k] ?? ''));
  if (!changed) {
    throw badRequest('OBJECTION_CORRECTION_UNCHANGED', { zh: '更正内容与原记录相同；如记录无误请选择“维持”', en: 'The correction changes nothing; choose "upheld" if the record is right' });
  }
  return row;
}
