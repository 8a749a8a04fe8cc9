/** Names of dimension keys in both languages (regions and industries from the entities module's code tables). */
import { codes } from '../entities/index.ts';
import { UNKNOWN, type Dimension } from './rollup.ts';

export interface Label { zh: string; en: string }

const SIZE: Record<string, Label> = {
  large: { zh: '大型', en: 'Large' }, medium: { zh: '中型', en: 'Medium' }, small: { zh: '小型', en: 'Small' }, micro: { zh: '微型', en: 'Micro' },
  unknown: { zh: '未划型', en: 'Unclassified' },
};
const UNKNOWN_LABEL: Label = { zh: '未知', en: 'Unknown' };

let sections: Map<string, Label> | null = null;
function sectionLabel(code: string): Label {
  sections ??= new Map(codes.listIndustries('section').map((i) => [i.code, { zh: `${i.code} ${i.name}`, en: `${i.code} ${i.nameEn}` }]));
  return sections.get(code) ?? UNKNOWN_LABEL;
}

/** A region's name (GB/T 2260 has Chinese names only; English shows the same name with its code). */
export function regionLabel(code: string): Label {
  const r = codes.regionByCode(code);
  return r ? { zh: r.name, en: `${r.name} (${code})` } : { zh: code, en: code };
}

/** The label of a key in a dimension; product and institution names are looked up by the caller. */
export function staticLabel(dimension: Exclude<Dimension, 'product' | 'institution'>, key: string): Label {
  if (key === UNKNOWN) return dimension === 'size' ? SIZE.unknown : UNKNOWN_LABEL;
  switch (dimension) {
    case 'region': return regionLabel(key);
    case 'industry': return sectionLabel(key);
    case 'size': return SIZE[key] ?? UNKNOWN_LABEL;
    case 'month': return { zh: key, en: key };
  }
}
