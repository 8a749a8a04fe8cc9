import type { CatalogCategory, CatalogField, CatalogItem } from '../../api/types.ts';

/**
 * The catalog editor's draft: a private copy of the published categories that the operator changes freely and
 * publishes as a whole. The server validates the result (CATALOG_INVALID lists every problem); these functions
 * only edit the copy and describe how it differs from what is published.
 */
export type Draft = CatalogCategory[];

export function draftOf(categories: readonly CatalogCategory[]): Draft {
  return structuredClone(categories) as Draft;
}

export function findItem(draft: Draft, itemCode: string): { category: CatalogCategory; item: CatalogItem } | undefined {
  for (const category of draft) {
    const item = category.items.find((candidate) => candidate.code === itemCode);
    if (item !== undefined) return { category, item };
  }
  return undefined;
}

/** Replaces the item with the same code (items keep their code once published). */
export function withItem(draft: Draft, next: CatalogItem): Draft {
  return draft.map((category) =>
    category.items.some((item) => item.code === next.code)
      ? { ...category, items: category.items.map((item) => (item.code === next.code ? next : item)) }
      : category,
  );
}

export function withNewItem(draft: Draft, categoryCode: string, item: CatalogItem): Draft {
  return draft.map((category) => (category.code === categoryCode ? { ...category, items: [...category.items, item] } : category));
}

export function withoutItem(draft: Draft, itemCode: string): Draft {
  return draft.map((category) => ({ ...category, items: category.items.filter((item) => item.code !== itemCode) }));
}

/**
 * A new item starts with what every item needs to be publishable: the entity's USCC, required and in the natural
 * key (records are keyed by the entity).
 */
export function blankItem(input: {
  code: string;
  name: string;
  nameEn: string;
  provider: CatalogItem['provider'];
  note: string;
}): CatalogItem {
  return {
    code: input.code,
    name: input.name,
    nameEn: input.nameEn,
    source: { seed: 'operator', ref: input.note },
    provider: input.provider,
    sharingMode: 'physical',
    authorisation: 'required',
    level: 'L2',
    updateFrequency: 'monthly',
    deadline: null,
    naturalKey: ['uscc'],
    fields: [
      { code: 'entity_name', name: '主体名称', nameEn: 'Entity name', type: 'string', required: true, personal: false },
      { code: 'uscc', name: '统一社会信用代码', nameEn: 'Unified social credit code', type: 'uscc', required: true, personal: false },
    ],
  };
}

/** Adds `field`, or replaces the field that had `previousCode`; a renamed field keeps its place in the natural key. */
export function withField(item: CatalogItem, field: CatalogField, previousCode?: string): CatalogItem {
  const clean: CatalogField = { ...field };
  if (clean.type !== 'enum') delete clean.enum;
  if (clean.format === '') delete clean.format;
  if (previousCode === undefined) return { ...item, fields: [...item.fields, clean] };
  return {
    ...item,
    fields: item.fields.map((existing) => (existing.code === previousCode ? clean : existing)),
    naturalKey: item.naturalKey.map((code) => (code === previousCode ? clean.code : code)),
  };
}

export function withoutField(item: CatalogItem, code: string): CatalogItem {
  return {
    ...item,
    fields: item.fields.filter((field) => field.code !== code),
    naturalKey: item.naturalKey.filter((key) => key !== code),
  };
}

export function moveField(item: CatalogItem, code: string, by: -1 | 1): CatalogItem {
  const index = item.fields.findIndex((field) => field.code === code);
  const target = index + by;
  if (index < 0 || target < 0 || target >= item.fields.length) return item;
  const fields = [...item.fields];
  [fields[index], fields[target]] = [fields[target], fields[index]];
  return { ...item, fields };
}

/** The item attributes an operator edits, in the order a change summary names them. */
export const ITEM_ATTRIBUTES = [
  'name',
  'nameEn',
  'provider',
  'sharingMode',
  'level',
  'authorisation',
  'updateFrequency',
  'deadline',
  'naturalKey',
] as const;
export type ItemAttribute = (typeof ITEM_ATTRIBUTES)[number];

export interface ItemChange {
  code: string;
  name: string;
  attributes: ItemAttribute[];
  addedFields: string[];
  removedFields: string[];
  changedFields: string[];
}

export interface CatalogDiff {
  addedItems: { code: string; name: string; category: string }[];
  removedItems: { code: string; name: string }[];
  changedItems: ItemChange[];
}

/** Key-order-independent equality of JSON values (drafts are rebuilt with spread, published ones come from JSON). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    // an absent optional value and an explicit null mean the same here (e.g. deadline)
    return (a ?? null) === (b ?? null);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((value, index) => sameValue(value, b[index]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].every((key) => sameValue(left[key], right[key]));
}

function itemChange(before: CatalogItem, after: CatalogItem): ItemChange | undefined {
  const attributes = ITEM_ATTRIBUTES.filter((attribute) => !sameValue(before[attribute], after[attribute]));
  const beforeFields = new Map(before.fields.map((field) => [field.code, field]));
  const afterFields = new Map(after.fields.map((field) => [field.code, field]));
  const addedFields = after.fields.filter((field) => !beforeFields.has(field.code)).map((field) => field.code);
  const removedFields = before.fields.filter((field) => !afterFields.has(field.code)).map((field) => field.code);
  const changedFields = after.fields
    .filter((field) => beforeFields.has(field.code) && !sameValue(beforeFields.get(field.code), field))
    .map((field) => field.code);
  const reordered =
    addedFields.length === 0 &&
    removedFields.length === 0 &&
    !sameValue(before.fields.map((field) => field.code), after.fields.map((field) => field.code));
  if (attributes.length + addedFields.length + removedFields.length + changedFields.length === 0 && !reordered) return undefined;
  return { code: after.code, name: after.name, attributes, addedFields, removedFields, changedFields };
}

/** What publishing the draft would change: items added, removed and changed (with their fields). */
export function diffCatalog(published: readonly CatalogCategory[], draft: readonly CatalogCategory[]): CatalogDiff {
  const before = new Map(published.flatMap((category) => category.items.map((item) => [item.code, item] as const)));
  const after = new Map(draft.flatMap((category) => category.items.map((item) => [item.code, { item, category } as const])));
  const diff: CatalogDiff = { addedItems: [], removedItems: [], changedItems: [] };
  for (const [code, { item, category }] of after) {
    const old = before.get(code);
    if (old === undefined) {
      diff.addedItems.push({ code, name: item.name, category: category.name });
      continue;
    }
    const change = itemChange(old, item);
    if (change !== undefined) diff.changedItems.push(change);
  }
  for (const [code, item] of before) if (!after.has(code)) diff.removedItems.push({ code, name: item.name });
  return diff;
}

export function isEmptyDiff(diff: CatalogDiff): boolean {
  return diff.addedItems.length + diff.removedItems.length + diff.changedItems.length === 0;
}

/** How an item of the draft stands against the published catalog (for the tag in the item list). */
export function itemState(diff: CatalogDiff, code: string): 'added' | 'changed' | undefined {
  if (diff.addedItems.some((item) => item.code === code)) return 'added';
  if (diff.changedItems.some((item) => item.code === code)) return 'changed';
  return undefined;
}
