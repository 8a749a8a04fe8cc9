import { readFileSync } from 'node:fs';
import type { Db } from '../../platform/db/index.ts';
import { badRequest, conflict, notFound } from '../../platform/http/index.ts';
import type { Localized } from '../../platform/i18n/index.ts';
import type { CatalogDocument, CatalogItem, PublishInput } from './schemas.ts';
import { catalogStore, type CatalogVersionRow } from './store.ts';

/** The bundled first version, transcribed from the seed documents (src/data/catalog/README.md). */
export function bundledCatalog(): CatalogDocument {
  return JSON.parse(readFileSync(new URL('../../data/catalog/catalog-v1.json', import.meta.url), 'utf8')) as CatalogDocument;
}

/**
 * Rules a catalog must satisfy beyond its schema; every problem is reported, each naming the item and field,
 * so an operator can fix a draft in one pass.
 */
export function catalogProblems(categories: CatalogDocument['categories']): string[] {
  return localisedCatalogProblems(categories).map((p) => p.en);
}

/** The same problems in Chinese and English, for the operator console. */
export function localisedCatalogProblems(categories: CatalogDocument['categories']): Localized[] {
  const problems: Localized[] = [];
  const add = (zh: string, en: string) => problems.push({ zh, en });
  const categoryCodes = new Set<string>();
  const itemCodes = new Set<string>();
  for (const c of categories) {
    if (categoryCodes.has(c.code)) add(`分类 ${c.code}：代码重复`, `category ${c.code}: code used twice`);
    categoryCodes.add(c.code);
    for (const item of c.items) {
      const at = `item ${item.code}`;
      const zhAt = `信息项 ${item.code}`;
      if (itemCodes.has(item.code)) add(`${zhAt}：代码重复`, `${at}: code used twice`);
      itemCodes.add(item.code);
      const fields = new Map(item.fields.map((f) => [f.code, f]));
      if (fields.size !== item.fields.length) add(`${zhAt}：字段代码重复`, `${at}: a field code is used twice`);
      const uscc = fields.get('uscc');
      if (!uscc || uscc.type !== 'uscc' || !uscc.required) {
        add(`${zhAt}：须有类型为统一社会信用代码的必填字段 "uscc"（记录按主体归集）`, `${at}: needs a required field "uscc" of type uscc (records are keyed by the entity)`);
      }
      if (!item.naturalKey.includes('uscc')) add(`${zhAt}：主键须包含 uscc`, `${at}: the natural key must include uscc`);
      for (const k of item.naturalKey) {
        const f = fields.get(k);
        if (!f) add(`${zhAt}：主键字段 ${k} 不在字段列表中`, `${at}: natural-key field ${k} is not among its fields`);
        else if (!f.required) add(`${zhAt}：主键字段 ${k} 须为必填`, `${at}: natural-key field ${k} must be required`);
      }
      for (const f of item.fields) {
        if (f.type === 'enum' && !f.enum?.length) add(`${zhAt}.${f.code}：枚举字段须列出可选值`, `${at}.${f.code}: an enum field needs its values`);
        if (f.type !== 'enum' && f.enum) add(`${zhAt}.${f.code}：只有枚举字段可列出可选值`, `${at}.${f.code}: only enum fields list values`);
      }
      if (item.level === 'L1' && item.authorisation === 'required') add(`${zhAt}：L1 公开信息不能要求授权`, `${at}: L1 public data cannot require authorisation`);
      if (item.level !== 'L1' && item.authorisation === 'none') add(`${zhAt}：${item.level} 信息须经授权`, `${at}: ${item.level} data must require authorisation`);
    }
  }
  return problems;
}

export function createCatalogService(db: Db) {
  const store = catalogStore(db);
  let cached: CatalogVersionRow | undefined;

  async function current(): Promise<CatalogVersionRow> {
    cached ??= await store.latest();
    if (!cached) throw notFound('CATALOG_EMPTY', { zh: '信息资源目录尚未发布', en: 'No catalog has been published yet' });
    return cached;
  }

  const shape = (row: CatalogVersionRow) => ({
    version: row.version,
    publishedAt: row.published_at.toISOString(),
    effectiveFrom: row.document.effectiveFrom,
    categories: row.document.categories,
  });

  return {
    /** Publishes the bundled version 1 when the catalog table is empty (first start). */
    async ensureSeeded(): Promise<void> {
      if (await store.latest()) return;
      const doc = bundledCatalog();
      const problems = catalogProblems(doc.categories);
      if (problems.length) throw new Error(`bundled catalog is invalid:\n${problems.join('\n')}`);
      await store.insert(1, doc, '首版：依据湘发改财信规〔2022〕615号、廊坊市共享清单及国办发〔2021〕52号整理', null);
      cached = undefined;
    },

    async current() {
      return shape(await current());
    },

    async version(version: number) {
      const row = await store.byVersion(version);
      if (!row) throw notFound('CATALOG_VERSION_UNKNOWN', { zh: `目录版本 ${version} 不存在`, en: `Catalog version ${version} does not exist` });
      return shape(row);
    },

    async versions() {
      return (await store.list()).map((r) => ({
        version: r.version, note: r.note, publishedBy: r.published_by, publisherName: r.publisher_name ?? null, publishedAt: r.published_at.toISOString(),
        items: r.document.categories.reduce((n, c) => n + c.items.length, 0),
      }));
    },

    async item(code: string): Promise<CatalogItem | undefined> {
      for (const c of (await current()).document.categories) for (const i of c.items) if (i.code === code) return i;
      return undefined;
    },

    /** Publishes a new version; the old ones stay readable. Operators change the catalog without code changes. */
    async publish(input: PublishInput, publishedBy: string) {
      const problems = localisedCatalogProblems(input.categories);
      if (problems.length) {
        throw badRequest('CATALOG_INVALID', {
          zh: `目录不合规：${problems.map((p) => p.zh).join('；')}`, en: `The catalog is not valid: ${problems.map((p) => p.en).join('; ')}`,
        }, { problems: problems.map((p) => p.en), problemsLocalised: problems });
      }
      const latest = await current();
      if (input.baseVersion !== latest.version) {
        throw conflict('CATALOG_CHANGED', { zh: `目录已更新至版本 ${latest.version}，请基于最新版本修改`, en: `The catalog is now at version ${latest.version}; edit the latest version` }, { currentVersion: latest.version });
      }
      const next = latest.version + 1;
      const doc: CatalogDocument = { version: String(next), effectiveFrom: input.effectiveFrom, sources: latest.document.sources, categories: input.categories };
      if (!(await store.insert(next, doc, input.note, publishedBy))) {
        throw conflict('CATALOG_CHANGED', { zh: '目录刚被他人更新，请刷新后重试', en: 'The catalog was just changed by someone else; reload and retry' });
      }
      cached = undefined;
      return shape((await store.byVersion(next)) as CatalogVersionRow);
    },
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
