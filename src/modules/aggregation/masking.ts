import { maskBankAccount, maskIdNumber, maskMobile, maskPersonName } from '../consent/index.ts';
import type { CatalogItem } from '../catalog/index.ts';

/**
 * A record's data with its personal fields masked in the SPEC C4 formats, chosen by the catalog field: ID numbers
 * keep first 3 + last 4, names the surname, phones 3 + 4, accounts the last 4; anything else personal is starred.
 */
export function maskPersonalFields(item: Pick<CatalogItem, 'fields'>, data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  for (const f of item.fields) {
    const v = out[f.code];
    if (!f.personal || typeof v !== 'string' || v === '') continue;
    const code = f.code.toLowerCase();
    out[f.code] = f.type === 'id_number' ? maskIdNumber(v)
      : /phone|mobile|tel/.test(code) ? maskMobile(v)
        : /account/.test(code) ? maskBankAccount(v)
          : /name|person|rep/.test(code) ? maskPersonName(v)
            : '*'.repeat(Math.min(v.length, 8));
  }
  return out;
}
